import { describe, expect, test } from 'vitest';
import { LABEL_FORMATS, paginate, parseSkip, perPage } from './formats';

const a4 = LABEL_FORMATS['a4-24'];
const roll = LABEL_FORMATS.roll62;

describe('label formats', () => {
	test('the A4 sheet of 24 fits its page (Avery L7159 geometry)', () => {
		const s = a4.sheet!;
		expect(perPage(a4)).toBe(24);
		const width = s.left + s.columns * a4.width + (s.columns - 1) * s.columnGap;
		const height = s.top + s.rows * a4.height + (s.rows - 1) * s.rowGap;
		expect(width).toBeLessThanOrEqual(a4.pageWidth);
		expect(height).toBeCloseTo(297 - 12.9, 5);
	});

	test('rolls print one label a page, the page being the label', () => {
		for (const f of [LABEL_FORMATS.roll62, LABEL_FORMATS.zebra57]) {
			expect(perPage(f)).toBe(1);
			expect([f.pageWidth, f.pageHeight]).toEqual([f.width, f.height]);
		}
	});

	test('skip is bounded to the sheet and ignored on rolls', () => {
		expect(parseSkip(a4, '5')).toBe(5);
		expect(parseSkip(a4, '-3')).toBe(0);
		expect(parseSkip(a4, 'abc')).toBe(0);
		expect(parseSkip(a4, '99')).toBe(23);
		expect(parseSkip(a4, null)).toBe(0);
		expect(parseSkip(roll, '5')).toBe(0);
	});

	test('paginate leaves the used positions empty and starts a new sheet after 24', () => {
		const items = Array.from({ length: 30 }, (_, i) => i + 1);
		const pages = paginate(a4, items, 5);
		expect(pages).toHaveLength(2);
		expect(pages[0]).toHaveLength(24);
		expect(pages[0]!.slice(0, 5)).toEqual([null, null, null, null, null]);
		expect(pages[0]![5]).toBe(1);
		expect(pages[1]).toEqual(items.slice(19));
		expect(paginate(roll, [1, 2, 3], 5)).toEqual([[1], [2], [3]]);
		expect(paginate(a4, [], 5)).toEqual([]);
	});
});
