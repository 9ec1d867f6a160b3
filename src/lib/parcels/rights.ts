import { m } from '$lib/paraglide/messages';

/**
 * Pure rules of parcel rights (docs/parcels.md "Parcel rights"): no database, no clock. Dates are ISO
 * calendar days ("2026-03-31"). The period rules (end, overlap, renewal) are the épicerie right's
 * (server/households/rules.ts); here only what is particular to parcels.
 */

export const PARCEL_FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;
export type ParcelFrequency = (typeof PARCEL_FREQUENCIES)[number];

export const isParcelFrequency = (v: unknown): v is ParcelFrequency => typeof v === 'string' && (PARCEL_FREQUENCIES as readonly string[]).includes(v);

/** The persons a parcel right may count (the schema's check). */
export const MIN_PARCEL_PERSONS = 1;
export const MAX_PARCEL_PERSONS = 30;

export const validParcelPersons = (n: unknown): n is number =>
	typeof n === 'number' && Number.isInteger(n) && n >= MIN_PARCEL_PERSONS && n <= MAX_PARCEL_PERSONS;

export interface ParcelRightLike {
	validFrom: string;
	validTo: string;
	status: 'active' | 'suspended' | 'revoked';
}

/** A parcel right gives a parcel on `day` when it is active and its period (both ends included) holds the day. */
export const parcelRightCovers = (r: ParcelRightLike, day: string): boolean => r.status === 'active' && r.validFrom <= day && day <= r.validTo;

/**
 * The parcel right that covers `day` in a household's list, or null. Non-revoked rights of a household
 * never overlap, so at most one is active on a day; should the data say otherwise, the latest start wins.
 */
export function activeParcelRight<R extends ParcelRightLike>(list: readonly R[], day: string): R | null {
	let best: R | null = null;
	for (const r of list) if (parcelRightCovers(r, day) && (!best || r.validFrom > best.validFrom)) best = r;
	return best;
}

const FREQUENCY: Record<ParcelFrequency, () => string> = {
	weekly: m.prt_frequency_weekly,
	biweekly: m.prt_frequency_biweekly,
	monthly: m.prt_frequency_monthly
};

/** The frequency in words: "Chaque semaine", "Toutes les deux semaines", "Chaque mois". */
export const parcelFrequencyLabel = (f: string): string => (isParcelFrequency(f) ? FREQUENCY[f]() : f);
