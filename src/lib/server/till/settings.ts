import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { organisations } from '../db/schema';
import { AppError } from '../errors';
import { MANAGE_ORGANISATION } from '$lib/permissions';

/** The till settings of an organisation, kept in organisations.settings under "till". */
export interface TillSettings {
	/** How many months after its best-before date (DDM) a lot may still be sold, flagged. */
	ddmGraceMonths: number;
}

export const DEFAULT_TILL_SETTINGS: TillSettings = { ddmGraceMonths: 3 };

export const tillSettingsSchema = z.object({ ddmGraceMonths: z.number().int().min(0).max(24) });

export function readTillSettings(orgSettings: Record<string, unknown> | null | undefined): TillSettings {
	const stored = (orgSettings?.till ?? {}) as Record<string, unknown>;
	const parsed = tillSettingsSchema.safeParse({ ...DEFAULT_TILL_SETTINGS, ...stored });
	return parsed.success ? parsed.data : DEFAULT_TILL_SETTINGS;
}

/** The organisation's till settings (managers' page). */
export async function getTillSettings(db: Database, actor: Actor): Promise<TillSettings> {
	requireRole(actor, MANAGE_ORGANISATION);
	const [org] = await db.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId));
	return readTillSettings(org?.settings);
}

/** Saves the till settings, keeping the organisation's other settings; audited with before and after. */
export async function updateTillSettings(db: Database, actor: Actor, input: TillSettings): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = tillSettingsSchema.safeParse(input);
	if (!parsed.success) throw new AppError('invalid_input', m.till_settings_invalid(), 400, String(parsed.error.issues[0]?.path.join('.') ?? '') || undefined);
	await db.transaction(async (tx) => {
		const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('update');
		const before = readTillSettings(org?.settings);
		await tx
			.update(organisations)
			.set({ settings: { ...(org?.settings ?? {}), till: parsed.data } })
			.where(eq(organisations.id, actor.organisationId));
		await audit(tx, actor, 'till.settings', null, { before, after: parsed.data });
	});
}
