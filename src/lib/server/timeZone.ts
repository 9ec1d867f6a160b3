import { eq } from 'drizzle-orm';
import { DEFAULT_TIME_ZONE, isTimeZone, zoneOrDefault } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { audit } from './audit';
import type { Actor } from './auth/actor';
import { MANAGE_ORGANISATION } from '$lib/permissions';
import { requireRole } from './auth/roles';
import type { Database, Executor } from './db';
import { organisations } from './db/schema';
import { AppError } from './errors';

/**
 * The organisation's time zone, kept in organisations.settings under "timeZone" (an IANA name the
 * runtime knows; Europe/Paris when unset or unknown). Every screen, export and report shows times in it
 * and counts shop days (today, a sale's day, a month) in it.
 */

/** The zone of the acting person's organisation (read with the session; default when absent). */
export const actorZone = (actor: Pick<Actor, 'timeZone'> | null | undefined): string => zoneOrDefault(actor?.timeZone);

/** Reads an organisation's zone from the database (for work done without a signed-in actor). */
export async function organisationZone(ex: Executor, organisationId: string): Promise<string> {
	const [org] = await ex.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, organisationId));
	return zoneOrDefault(org?.settings?.timeZone);
}

/** Changes the organisation's zone (managers); audited as organisation.time_zone with before and after. */
export async function updateTimeZone(db: Database, actor: Actor, zone: string): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	const z = typeof zone === 'string' ? zone.trim() : '';
	if (!isTimeZone(z)) throw new AppError('invalid_input', m.time_zone_invalid(), 400, 'timeZone');
	await db.transaction(async (tx) => {
		const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('update');
		const before = zoneOrDefault(org?.settings?.timeZone);
		await tx
			.update(organisations)
			.set({ settings: { ...(org?.settings ?? {}), timeZone: z } })
			.where(eq(organisations.id, actor.organisationId));
		await audit(tx, actor, 'organisation.time_zone', null, { before, after: z });
	});
}

export { DEFAULT_TIME_ZONE };
