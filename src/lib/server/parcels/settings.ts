import { eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import type { Executor } from '../db';
import { organisations } from '../db/schema';
import { readTillSettings } from '../till/settings';

/**
 * The parcels' settings of an organisation, flat keys of organisations.settings (docs/parcels.md):
 * - `parcels.participationCents` (0–10 000, default 0: free): the fixed participation a new parcel right
 *   asks at each handover (copied into the right when it is issued, so a later change does not alter it);
 * - `parcels.nearDays` (0–30, default 5): picking proposes first the lots whose last usable day (DLC, or
 *   DDM + the DDM grace) falls within this many days;
 * - `parcels.defaultFrequency` ('weekly' | 'biweekly' | 'monthly', default 'biweekly').
 * The DDM grace (`till.ddmGraceMonths`, default 3) is the till's setting, read here too.
 * Managers change them on /reglages-colis (MANAGE_PARCEL_TEMPLATES).
 */
export interface ParcelSettings {
	participationCents: number;
	nearDays: number;
	defaultFrequency: 'weekly' | 'biweekly' | 'monthly';
	ddmGraceMonths: number;
}

export const DEFAULT_PARCEL_SETTINGS: Omit<ParcelSettings, 'ddmGraceMonths'> = { participationCents: 0, nearDays: 5, defaultFrequency: 'biweekly' };
export const MAX_PARTICIPATION_CENTS = 10_000;
export const MAX_NEAR_DAYS = 30;

const intIn = (v: unknown, min: number, max: number, dflt: number) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : dflt);

export function readParcelSettings(orgSettings: Record<string, unknown> | null | undefined): ParcelSettings {
	const s = orgSettings ?? {};
	const f = s['parcels.defaultFrequency'];
	return {
		participationCents: intIn(s['parcels.participationCents'], 0, MAX_PARTICIPATION_CENTS, DEFAULT_PARCEL_SETTINGS.participationCents),
		nearDays: intIn(s['parcels.nearDays'], 0, MAX_NEAR_DAYS, DEFAULT_PARCEL_SETTINGS.nearDays),
		defaultFrequency: f === 'weekly' || f === 'biweekly' || f === 'monthly' ? f : DEFAULT_PARCEL_SETTINGS.defaultFrequency,
		ddmGraceMonths: readTillSettings(s).ddmGraceMonths
	};
}

/** The actor's organisation's parcel settings. */
export async function parcelSettings(ex: Executor, actor: Pick<Actor, 'organisationId'>): Promise<ParcelSettings> {
	const [org] = await ex.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId));
	return readParcelSettings(org?.settings as Record<string, unknown> | undefined);
}
