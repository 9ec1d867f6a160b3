import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, frenchDate, isIsoDate, parseFrenchDate, shopToday } from './dates';

describe('dates of goods', () => {
	it('uses the shop day, not UTC', () => {
		expect(shopToday(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
		expect(shopToday(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
	});

	it('refuses impossible days', () => {
		for (const s of ['2026-02-29', '2026-06-31', '2026-13-01', '26-01-01', '2026-1-1']) expect(isIsoDate(s)).toBe(false);
		expect(isIsoDate('2028-02-29')).toBe(true);
		expect(parseFrenchDate('31/06/2026')).toBeNull();
		expect(parseFrenchDate('1/2/26')).toBe('2026-02-01');
	});

	it('reads back the French form of any day', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 20_000 }), (n) => {
				const day = addDays('2000-01-01', n);
				expect(isIsoDate(day)).toBe(true);
				expect(parseFrenchDate(frenchDate(day))).toBe(day);
			})
		);
	});
});
