import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '$lib/stock/dates';
import { isDue, isoWeekStart, nextDueDay, PARCEL_FREQUENCIES, type ParcelFrequency } from './due';

const dayAt = (n: number) => addDays('2024-01-01', n);
const day = fc.integer({ min: 0, max: 3000 }).map(dayAt);
const frequency = fc.constantFrom(...PARCEL_FREQUENCIES);

/** Gives a parcel on each day of a year where the household is due: how many parcels. */
function parcelsInYear(f: ParcelFrequency, year: number, onlyWeekdays: readonly number[] = [0, 1, 2, 3, 4, 5, 6]): string[] {
	const given: string[] = [];
	for (let d = `${year}-01-01`; d < `${year + 1}-01-01`; d = addDays(d, 1)) {
		if (!onlyWeekdays.includes(new Date(`${d}T00:00:00Z`).getUTCDay())) continue;
		if (isDue(f, given.at(-1) ?? null, d)) given.push(d);
	}
	return given;
}

describe('isDue', () => {
	it('a household never given a parcel is due', () => {
		fc.assert(fc.property(frequency, day, (f, d) => isDue(f, null, d)));
	});

	it('a household given a parcel on a day is never due again that day, nor on an earlier day', () => {
		fc.assert(fc.property(frequency, day, fc.integer({ min: 0, max: 400 }), (f, d, back) => !isDue(f, d, d) && !isDue(f, d, addDays(d, -back))));
	});

	it('is due again after the period (next week, 14 days, next month), and from then on', () => {
		fc.assert(
			fc.property(frequency, day, fc.integer({ min: 0, max: 100 }), (f, last, extra) => {
				const next = nextDueDay(f, last);
				expect(isDue(f, last, next)).toBe(true);
				expect(isDue(f, last, addDays(next, extra))).toBe(true);
				// …and not the day before.
				expect(isDue(f, last, addDays(next, -1))).toBe(false);
			})
		);
	});

	it('weekly: the same ISO week (Monday to Sunday) is never twice', () => {
		fc.assert(
			fc.property(day, fc.integer({ min: 1, max: 6 }), (d, k) => {
				const monday = isoWeekStart(d);
				expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
				const later = addDays(monday, k);
				expect(isDue('weekly', monday, later)).toBe(false);
				expect(isDue('weekly', addDays(monday, -1), monday)).toBe(true); // Sunday then Monday: a new week
			})
		);
	});

	it('biweekly: none in the 13 days before', () => {
		fc.assert(fc.property(day, fc.integer({ min: 1, max: 13 }), (d, k) => !isDue('biweekly', addDays(d, -k), d) && isDue('biweekly', addDays(d, -14), d)));
	});

	it('monthly: the same calendar month is never twice; the 31st then the 1st is a new month', () => {
		expect(isDue('monthly', '2026-03-01', '2026-03-31')).toBe(false);
		expect(isDue('monthly', '2026-03-31', '2026-04-01')).toBe(true);
		expect(isDue('monthly', '2026-12-15', '2027-01-02')).toBe(true);
	});

	// A calendar year touches 53 ISO weeks, or 54 when it starts on a Sunday and ends on a Monday (a leap year: 2012, 2040).
	it('over a year, given whenever due: at most 54 weekly (one per ISO week it touches), 27 biweekly, 12 monthly parcels', () => {
		fc.assert(
			fc.property(fc.integer({ min: 2000, max: 2100 }), fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }), (year, weekdays) => {
				expect(parcelsInYear('weekly', year, weekdays).length).toBeLessThanOrEqual(54);
				expect(parcelsInYear('biweekly', year, weekdays).length).toBeLessThanOrEqual(27);
				expect(parcelsInYear('monthly', year, weekdays).length).toBeLessThanOrEqual(12);
			}),
			{ numRuns: 40 }
		);
		// Every day open: exactly one a week / every 14 days / a month.
		expect(parcelsInYear('monthly', 2026)).toHaveLength(12);
		expect(parcelsInYear('biweekly', 2026)).toHaveLength(27);
		expect(parcelsInYear('weekly', 2026).length).toBeGreaterThanOrEqual(52);
		expect(parcelsInYear('weekly', 2012)).toHaveLength(54);
	});
});
