import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { pageOf } from './lists';

describe('pageOf: the one paging rule of every list', () => {
	test('pages of a list, the first page, a page past the end is the last one', () => {
		expect(pageOf(0, 1, 30)).toEqual({ page: 1, pages: 1, limit: 30, offset: 0 });
		expect(pageOf(31, 2, 30)).toEqual({ page: 2, pages: 2, limit: 30, offset: 30 });
		expect(pageOf(60, 3, 30)).toEqual({ page: 2, pages: 2, limit: 30, offset: 30 });
		expect(pageOf(61, 3, 30)).toEqual({ page: 3, pages: 3, limit: 30, offset: 60 });
	});

	test('a missing, odd or fractional page number never breaks the list', () => {
		for (const odd of [undefined, 0, -4, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
			expect(pageOf(100, odd, 25).page, String(odd)).toBe(1);
		expect(pageOf(100, 2.7, 25).page).toBe(2);
	});

	test('any total, page and size: the page is in 1…pages and reads rows that exist (or the empty first page)', () => {
		fc.assert(
			fc.property(fc.nat(1_000_000), fc.oneof(fc.integer(), fc.double()), fc.integer({ min: 1, max: 200 }), (total, page, size) => {
				const p = pageOf(total, page, size);
				expect(p.page).toBeGreaterThanOrEqual(1);
				expect(p.page).toBeLessThanOrEqual(p.pages);
				expect(p.pages).toBe(Math.max(1, Math.ceil(total / size)));
				expect(p.offset).toBe((p.page - 1) * size);
				expect(p.limit).toBe(size);
				if (total > 0) expect(p.offset).toBeLessThan(total);
			})
		);
	});
});
