import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { MANAGE_PARCEL_TEMPLATES } from '$lib/permissions';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { organisations } from '../db/schema';
import { fieldErrors } from '../errors';
import { MAX_NEAR_DAYS, MAX_PARTICIPATION_CENTS, parcelSettings, readParcelSettings, type ParcelSettings } from './settings';

/**
 * Changing the parcels' settings (docs/parcels.md "Settings"): managers (MANAGE_PARCEL_TEMPLATES), on
 * /reglages-colis and `PUT /settings/parcels`. The reader is `parcelSettings` (./settings.ts). The whole
 * set is checked (every problem at once) and written in one transaction with its audit row
 * (`parcels.settings`, before and after). Saying what is already there writes nothing.
 */

export type ParcelSettingsInput = Pick<ParcelSettings, 'participationCents' | 'nearDays' | 'defaultFrequency'>;

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;

const whole = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** The parcels' settings, for their page (managers). */
export async function getParcelSettings(db: Database, actor: Actor): Promise<ParcelSettings> {
	requireRole(actor, MANAGE_PARCEL_TEMPLATES);
	return parcelSettings(db, actor);
}

/** Replaces the three settings; `formErrors`: what the form could not read (euros typed), reported with the rest. */
export async function updateParcelSettings(
	db: Database,
	actor: Actor,
	input: Partial<Record<keyof ParcelSettingsInput, unknown>>,
	formErrors: Record<string, string> = {}
): Promise<ParcelSettings> {
	requireRole(actor, MANAGE_PARCEL_TEMPLATES);
	const errors: Record<string, string> = { ...formErrors };
	if (!errors.participationCents && !whole(input.participationCents, MAX_PARTICIPATION_CENTS))
		errors.participationCents = m.pt_settings_participation_invalid({ max: MAX_PARTICIPATION_CENTS / 100 });
	if (!errors.nearDays && !whole(input.nearDays, MAX_NEAR_DAYS)) errors.nearDays = m.pt_settings_near_days_invalid({ max: MAX_NEAR_DAYS });
	if (!errors.defaultFrequency && !FREQUENCIES.includes(input.defaultFrequency as never)) errors.defaultFrequency = m.pt_settings_frequency_invalid();
	const err = fieldErrors(errors);
	if (err) throw err;
	const next = {
		'parcels.participationCents': input.participationCents as number,
		'parcels.nearDays': input.nearDays as number,
		'parcels.defaultFrequency': input.defaultFrequency as string
	};
	return db.transaction(async (tx) => {
		const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('update');
		const before = readParcelSettings(org?.settings as Record<string, unknown> | undefined);
		const after = readParcelSettings({ ...(org?.settings as Record<string, unknown> | undefined), ...next });
		const pick = (s: ParcelSettings) => ({ participationCents: s.participationCents, nearDays: s.nearDays, defaultFrequency: s.defaultFrequency });
		if (JSON.stringify(pick(before)) === JSON.stringify(pick(after))) return before;
		await tx
			.update(organisations)
			.set({ settings: { ...((org?.settings as Record<string, unknown> | undefined) ?? {}), ...next } })
			.where(eq(organisations.id, actor.organisationId));
		await audit(tx, actor, 'parcels.settings', { type: 'organisation', id: actor.organisationId }, { before: pick(before), after: pick(after) });
		return after;
	});
}
