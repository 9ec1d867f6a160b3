import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareFefo, isAvailable, olderLotsThan, pickFefo, sortFefo, zoneAccepts, type FefoLot } from './fefo';

const day = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString().slice(0, 10));
const lot = fc
	.record({
		id: fc.uuid(),
		code: fc.integer({ min: 1, max: 999_999 }).map((n) => 'L-' + String(n).padStart(6, '0')),
		date: fc.option(day, { nil: null }),
		dateType: fc.constantFrom('dlc', 'ddm') as fc.Arbitrary<'dlc' | 'ddm'>,
		onHand: fc.integer({ min: 0, max: 50 }),
		blocked: fc.boolean()
	})
	.map((l): FefoLot => (l.date === null ? { ...l, dateType: 'none' } : l));
const lots = fc.uniqueArray(lot, { selector: (l) => l.code, maxLength: 30 });

describe('FEFO order', () => {
	it('is a permutation, ordered by date with undated lots last, and independent of input order', () => {
		fc.assert(
			fc.property(lots, (ls) => {
				const sorted = sortFefo(ls);
				expect(sorted).toHaveLength(ls.length);
				expect(new Set(sorted.map((l) => l.id))).toEqual(new Set(ls.map((l) => l.id)));
				for (let i = 1; i < sorted.length; i++) {
					const [a, b] = [sorted[i - 1]!, sorted[i]!];
					expect(compareFefo(a, b)).toBeLessThanOrEqual(0);
					if (a.date === null) expect(b.date).toBeNull();
					if (a.date !== null && b.date !== null) expect(a.date <= b.date).toBe(true);
				}
				expect(sortFefo([...ls].reverse()).map((l) => l.code)).toEqual(sorted.map((l) => l.code));
			})
		);
	});

	it('puts a DLC before a DDM of the same day', () => {
		const a: FefoLot = { id: 'a', code: 'L-000002', date: '2026-11-30', dateType: 'ddm', onHand: 1, blocked: false };
		const b: FefoLot = { id: 'b', code: 'L-000009', date: '2026-11-30', dateType: 'dlc', onHand: 1, blocked: false };
		expect(sortFefo([a, b]).map((l) => l.id)).toEqual(['b', 'a']);
	});
});

describe('FEFO picking', () => {
	it('takes exactly the quantity, from available lots only, earliest first, or says it is short', () => {
		fc.assert(
			fc.property(lots, fc.integer({ min: 1, max: 200 }), day, (ls, qty, today) => {
				const plan = pickFefo(ls, qty, today);
				const available = ls.filter((l) => isAvailable(l, today));
				const total = available.reduce((s, l) => s + l.onHand, 0);
				if (total < qty) {
					expect(plan).toBeNull();
					return;
				}
				expect(plan).not.toBeNull();
				expect(plan!.reduce((s, p) => s + p.quantity, 0)).toBe(qty);
				for (const p of plan!) {
					expect(isAvailable(p.lot, today)).toBe(true);
					expect(p.quantity).toBeGreaterThan(0);
					expect(p.quantity).toBeLessThanOrEqual(p.lot.onHand);
				}
				// Every lot but the last is emptied, and no available lot before the last one is skipped.
				const order = sortFefo(available);
				const lastIdx = order.findIndex((l) => l.id === plan!.at(-1)!.lot.id);
				expect(plan!.map((p) => p.lot.id)).toEqual(
					order
						.slice(0, lastIdx + 1)
						.filter((l) => l.onHand > 0)
						.map((l) => l.id)
				);
				for (const p of plan!.slice(0, -1)) expect(p.quantity).toBe(p.lot.onHand);
			})
		);
	});

	it('never gives a lot whose DLC is past, but does give a past DDM', () => {
		const past: FefoLot = { id: 'p', code: 'L-000001', date: '2026-11-01', dateType: 'dlc', onHand: 5, blocked: false };
		const ddm: FefoLot = { id: 'd', code: 'L-000002', date: '2026-11-01', dateType: 'ddm', onHand: 5, blocked: false };
		expect(pickFefo([past], 1, '2026-11-02')).toBeNull();
		expect(pickFefo([past, ddm], 2, '2026-11-02')).toEqual([{ lot: ddm, quantity: 2 }]);
		expect(pickFefo([past], 1, '2026-11-01')).toEqual([{ lot: past, quantity: 1 }]);
	});

	it('warns about older lots of the same product', () => {
		fc.assert(
			fc.property(lots, (ls) => {
				if (ls.length === 0) return;
				const [me, ...others] = ls;
				for (const o of olderLotsThan(me!, others)) expect(compareFefo(o, me!)).toBeLessThan(0);
			})
		);
	});
});

describe('cold chain', () => {
	it('keeps chilled and frozen products in their zone', () => {
		expect(zoneAccepts('chilled', 'chilled')).toBe(true);
		expect(zoneAccepts('ambient', 'chilled')).toBe(false);
		expect(zoneAccepts('frozen', 'chilled')).toBe(false);
		expect(zoneAccepts('chilled', 'frozen')).toBe(false);
		expect(zoneAccepts('frozen', 'frozen')).toBe(true);
		expect(zoneAccepts('chilled', 'ambient')).toBe(true);
	});
});
