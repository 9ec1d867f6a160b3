import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { activeParcelRight, parcelRightCovers, validParcelPersons, type ParcelRightLike } from './rights';

const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
const status = fc.constantFrom<ParcelRightLike['status']>('active', 'suspended', 'revoked');
const right = fc.tuple(day, day, status).map(([a, b, s]) => ({ validFrom: a < b ? a : b, validTo: a < b ? b : a, status: s }));

describe('parcel rights: pure rules', () => {
	test('a right covers a day when active and the day is within its period, ends included', () => {
		const r = { validFrom: '2026-03-01', validTo: '2026-03-31', status: 'active' as const };
		expect(parcelRightCovers(r, '2026-03-01')).toBe(true);
		expect(parcelRightCovers(r, '2026-03-31')).toBe(true);
		expect(parcelRightCovers(r, '2026-02-28')).toBe(false);
		expect(parcelRightCovers(r, '2026-04-01')).toBe(false);
		expect(parcelRightCovers({ ...r, status: 'suspended' }, '2026-03-10')).toBe(false);
		expect(parcelRightCovers({ ...r, status: 'revoked' }, '2026-03-10')).toBe(false);
	});

	test('activeParcelRight returns a covering right when there is one, and only then', () => {
		fc.assert(
			fc.property(fc.array(right, { maxLength: 6 }), day, (list, d) => {
				const got = activeParcelRight(list, d);
				if (got === null) expect(list.some((r) => parcelRightCovers(r, d))).toBe(false);
				else {
					expect(list).toContain(got);
					expect(parcelRightCovers(got, d)).toBe(true);
				}
			})
		);
	});

	test('persons counted: whole numbers from 1 to 30', () => {
		expect([1, 6, 30].every(validParcelPersons)).toBe(true);
		expect([0, 31, 2.5, -1, '3', null].some(validParcelPersons)).toBe(false);
	});
});
