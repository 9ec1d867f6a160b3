import { addDays } from '$lib/stock/dates';

/**
 * Which households are due a parcel on a distribution day (issue 14, docs/parcels.md "Distribution days").
 * Pure: the planning service (server/parcels/days.ts) gives each household's frequency (its parcel right's)
 * and the day of the last parcel it was **handed over** before the planned day (a parcel absent or not
 * collected does not count: the household got nothing).
 *
 * The rule, for a planned day `day` and the last handover `last` (YYYY-MM-DD days in the shop's zone):
 * - no parcel yet (`last` null): due;
 * - `last` on or after `day`: not due (a household given a parcel that day, or later, is never due again on it);
 * - weekly: due when `last` is in an earlier ISO week (weeks start on Monday) — at most one parcel a week,
 *   whatever the day of the week of each distribution;
 * - biweekly (every two weeks): due when `last` is 14 days or more before `day` — none in the 13 days before;
 * - monthly: due when `last` is in an earlier calendar month — at most one parcel a month.
 */
export const PARCEL_FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;
export type ParcelFrequency = (typeof PARCEL_FREQUENCIES)[number];

/** The Monday of the ISO week of a day (YYYY-MM-DD). */
export function isoWeekStart(day: string): string {
	const d = new Date(`${day}T00:00:00Z`);
	const sinceMonday = (d.getUTCDay() + 6) % 7;
	return addDays(day, -sinceMonday);
}

/** Is a household with this frequency, last given a parcel on `last` (or never), due a parcel on `day`? */
export function isDue(frequency: ParcelFrequency, last: string | null, day: string): boolean {
	if (last === null) return true;
	if (last >= day) return false;
	switch (frequency) {
		case 'weekly':
			return isoWeekStart(last) < isoWeekStart(day);
		case 'biweekly':
			return last <= addDays(day, -14);
		case 'monthly':
			return last.slice(0, 7) < day.slice(0, 7);
	}
}

/** The first day from `last` (excluded) on which the household is due again: for screens and tests. */
export function nextDueDay(frequency: ParcelFrequency, last: string): string {
	switch (frequency) {
		case 'weekly':
			return addDays(isoWeekStart(last), 7);
		case 'biweekly':
			return addDays(last, 14);
		case 'monthly': {
			const y = Number(last.slice(0, 4));
			const mo = Number(last.slice(5, 7));
			return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
		}
	}
}
