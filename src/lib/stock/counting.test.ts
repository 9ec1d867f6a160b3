import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLargeDifference } from './counting';

const check = { percent: 20, units: 10 };

describe('isLargeDifference', () => {
	it('the issue’s case and the edges of "more than 20 % and more than 10 units"', () => {
		expect(isLargeDifference({ unit: 'piece', expected: 40, counted: 5 }, check)).toBe(true);
		expect(isLargeDifference({ unit: 'piece', expected: 10, counted: 8 }, check)).toBe(false); // 20 %, 2 units
		expect(isLargeDifference({ unit: 'piece', expected: 3, counted: 0 }, check)).toBe(false); // 100 % but 3 units
		expect(isLargeDifference({ unit: 'piece', expected: 1000, counted: 980 }, check)).toBe(false); // 20 units but 2 %
		expect(isLargeDifference({ unit: 'piece', expected: 50, counted: 39 }, check)).toBe(true); // 11 units, 22 %
		expect(isLargeDifference({ unit: 'piece', expected: 55, counted: 44 }, check)).toBe(false); // 11 units, exactly 20 %
		expect(isLargeDifference({ unit: 'piece', expected: 0, counted: 11 }, check)).toBe(true);
		expect(isLargeDifference({ unit: 'kg', expected: 40_000, counted: 5_000 }, check)).toBe(true); // 35 kg
		expect(isLargeDifference({ unit: 'kg', expected: 12_000, counted: 3_000 }, check)).toBe(false); // 9 kg
	});

	it('symmetric in the sign of the difference, never large when equal, and large implies both thresholds', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (expected, counted) => {
				const diff = Math.abs(counted - expected);
				const large = isLargeDifference({ unit: 'piece', expected, counted }, check);
				expect(large).toBe(diff > 10 && diff * 100 > expected * 20);
				if (diff === 0) expect(large).toBe(false);
				expect(isLargeDifference({ unit: 'piece', expected: counted, counted: expected }, check)).toBe(diff > 10 && diff * 100 > counted * 20);
			})
		);
	});
});
