import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { countedWeight, DEFAULT_SCALE_MAX_GRAMS, kgText, MAX_COUNT, MAX_SCALE_GRAMS, netWeight, readKilograms, tonnesText } from './weighing';

// Issue 15: the ressourcerie's weighing rules — tare deduction and average-weight estimates.

const scaleMax = fc.integer({ min: 1000, max: MAX_SCALE_GRAMS });
const tare = fc.integer({ min: 0, max: 1_000_000 });

describe('netWeight (tare deduction)', () => {
	test('examples', () => {
		expect(netWeight(14_500, 2500, DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: true, netGrams: 12_000 });
		expect(netWeight(300_000, 0, DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: true, netGrams: 300_000 });
		expect(netWeight(300_001, 0, DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: false, problem: { code: 'over_scale', maxGrams: 300_000 } });
		expect(netWeight(2500, 2500, DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: false, problem: { code: 'not_above_tare', tareGrams: 2500 } });
		expect(netWeight(0, 0, DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: false, problem: { code: 'not_above_tare', tareGrams: 0 } });
		expect(netWeight(1.5, 0, DEFAULT_SCALE_MAX_GRAMS).ok).toBe(false);
		expect(netWeight(Number.NaN, 0, DEFAULT_SCALE_MAX_GRAMS).ok).toBe(false);
	});

	test('accepted: net = gross − tare, always above 0, gross never over the scale maximum', () => {
		fc.assert(
			fc.property(fc.integer({ min: -10, max: 3_000_000 }), tare, scaleMax, (gross, t, max) => {
				const r = netWeight(gross, t, max);
				if (r.ok) {
					expect(r.netGrams).toBe(gross - t);
					expect(r.netGrams).toBeGreaterThan(0);
					expect(gross).toBeLessThanOrEqual(max);
				} else {
					expect(gross > max || gross <= t).toBe(true);
				}
			})
		);
	});

	test('refused exactly when over the maximum or not above the tare (the maximum first)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3_000_000 }), tare, scaleMax, (gross, t, max) => {
				const r = netWeight(gross, t, max);
				if (gross > max) expect(r).toEqual({ ok: false, problem: { code: 'over_scale', maxGrams: max } });
				else if (gross <= t) expect(r).toEqual({ ok: false, problem: { code: 'not_above_tare', tareGrams: t } });
				else expect(r.ok).toBe(true);
			})
		);
	});

	test('a heavier gross on the same container gives a heavier net; a heavier container a lighter one', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 50_000 }), tare, (gross, more, t) => {
				const a = netWeight(gross, t, MAX_SCALE_GRAMS);
				const b = netWeight(gross + more, t, MAX_SCALE_GRAMS);
				if (a.ok) expect(b.ok && b.netGrams - a.netGrams).toBe(more);
				const c = netWeight(gross + t + more, t + more, MAX_SCALE_GRAMS);
				const d = netWeight(gross + t + more, t, MAX_SCALE_GRAMS);
				if (c.ok && d.ok) expect(d.netGrams - c.netGrams).toBe(more);
			})
		);
	});

	test('a negative or odd tare counts as no container', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 300_000 }), fc.oneof(fc.integer({ max: -1 }), fc.constant(Number.NaN), fc.constant(0.5)), (gross, t) => {
				expect(netWeight(gross, t, DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: true, netGrams: gross });
			})
		);
	});
});

describe('countedWeight (average-weight estimates)', () => {
	test('examples', () => {
		expect(countedWeight(30, 400)).toEqual({ ok: true, netGrams: 12_000 });
		expect(countedWeight(0, 400)).toEqual({ ok: false, problem: { code: 'count_invalid' } });
		expect(countedWeight(MAX_COUNT + 1, 400)).toEqual({ ok: false, problem: { code: 'count_invalid' } });
		expect(countedWeight(2, 0)).toEqual({ ok: false, problem: { code: 'average_invalid' } });
		expect(countedWeight(2.5, 400).ok).toBe(false);
	});

	test('count × average, and monotonic in the count and in the average', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: MAX_COUNT - 1 }), fc.integer({ min: 1, max: 1_000_000 }), (n, avg) => {
				const r = countedWeight(n, avg);
				expect(r).toEqual({ ok: true, netGrams: n * avg });
				const more = countedWeight(n + 1, avg);
				const heavier = countedWeight(n, avg + 1);
				expect(more.ok && r.ok && more.netGrams > r.netGrams).toBe(true);
				expect(heavier.ok && r.ok && heavier.netGrams > r.netGrams).toBe(true);
			})
		);
	});

	test('the estimate of a batch is the sum of the estimates of its parts', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 100_000 }), (a, b, avg) => {
				const whole = countedWeight(a + b, avg);
				const pa = countedWeight(a, avg);
				const pb = countedWeight(b, avg);
				expect(whole.ok && pa.ok && pb.ok && whole.netGrams === pa.netGrams + pb.netGrams).toBe(true);
			})
		);
	});
});

describe('kilograms typed and shown', () => {
	test('readKilograms reads a comma, at most three decimals, up to the maximum', () => {
		expect(readKilograms('12,5', DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: true, value: 12_500 });
		expect(readKilograms('0,350', DEFAULT_SCALE_MAX_GRAMS)).toEqual({ ok: true, value: 350 });
		expect(readKilograms('1,2345', DEFAULT_SCALE_MAX_GRAMS).ok).toBe(false);
		expect(readKilograms('301', DEFAULT_SCALE_MAX_GRAMS).ok).toBe(false);
		expect(readKilograms('-2', DEFAULT_SCALE_MAX_GRAMS).ok).toBe(false);
	});

	test('kgText and readKilograms go round for any weight on the scale', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: MAX_SCALE_GRAMS }), (g) => {
				const typed = kgText(g).replace(' kg', '');
				expect(readKilograms(typed, MAX_SCALE_GRAMS)).toEqual({ ok: true, value: g });
			})
		);
		expect(tonnesText(1_234_567)).toBe('1,235 t');
	});
});
