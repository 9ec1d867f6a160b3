import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '$lib/stock/dates';
import { expiryStatus } from '$lib/stock/expiry';
import { compareFefo } from '$lib/stock/fefo';
import { categoryFit, countPerUnit, isNearDate, lastUsableDay, maxTake, pickOrder, planLine, type PickLot, type PickOptions } from './picking';

const TODAY = '2026-12-02';
// Dates from 5 months before today (DDM within or past their grace) to 2 months after.
const day = fc.integer({ min: -150, max: 60 }).map((n) => addDays(TODAY, n));
const lot = fc
	.record({
		id: fc.uuid(),
		code: fc.integer({ min: 1, max: 999_999 }).map((n) => 'L-' + String(n).padStart(6, '0')),
		date: fc.option(day, { nil: null }),
		dateType: fc.constantFrom('dlc', 'ddm') as fc.Arbitrary<'dlc' | 'ddm'>,
		onHand: fc.integer({ min: 0, max: 40 }),
		blocked: fc.boolean(),
		unit: fc.constantFrom('piece', 'kg', 'litre') as fc.Arbitrary<'piece' | 'kg' | 'litre'>,
		netWeightGrams: fc.option(fc.integer({ min: 50, max: 1500 }), { nil: null })
	})
	.map((l): PickLot => ({
		...l,
		dateType: l.date === null ? 'none' : l.dateType,
		// kg lots hold grams
		onHand: l.unit === 'kg' ? l.onHand * 125 : l.onHand,
		netWeightGrams: l.unit === 'piece' ? l.netWeightGrams : null
	}));
const lots = fc.uniqueArray(lot, { selector: (l) => l.code, maxLength: 25 });
const opts = fc.record({ nearDays: fc.integer({ min: 0, max: 30 }), ddmGraceMonths: fc.integer({ min: 0, max: 6 }) });

const mk = (id: string, p: Partial<PickLot> = {}): PickLot => ({
	id,
	code: `L-00000${id.length}${id}`,
	date: '2027-06-01',
	dateType: 'ddm',
	onHand: 10,
	blocked: false,
	unit: 'piece',
	netWeightGrams: null,
	...p
});

describe('lastUsableDay', () => {
	it('is the DLC, the DDM plus the grace months, or null', () => {
		expect(lastUsableDay({ date: '2026-12-10', dateType: 'dlc' }, 3)).toBe('2026-12-10');
		expect(lastUsableDay({ date: '2026-11-30', dateType: 'ddm' }, 3)).toBe('2027-02-28');
		expect(lastUsableDay({ date: '2026-11-30', dateType: 'ddm' }, 0)).toBe('2026-11-30');
		expect(lastUsableDay({ date: null, dateType: 'none' }, 3)).toBeNull();
	});
});

describe('pickOrder', () => {
	it('never proposes a blocked, empty, DLC-past or DDM-too-old lot, and keeps every other lot', () => {
		fc.assert(
			fc.property(lots, opts, (ls, o) => {
				const order = pickOrder(ls, TODAY, o);
				for (const l of order) {
					expect(l.blocked).toBe(false);
					expect(l.onHand).toBeGreaterThan(0);
					expect(expiryStatus(l, TODAY, o.ddmGraceMonths).sellable).toBe(true);
					if (l.dateType === 'dlc') expect(l.date! >= TODAY).toBe(true);
				}
				const kept = ls.filter((l) => !l.blocked && l.onHand > 0 && expiryStatus(l, TODAY, o.ddmGraceMonths).sellable);
				expect(new Set(order.map((l) => l.id))).toEqual(new Set(kept.map((l) => l.id)));
			})
		);
	});

	it('puts every near-date lot before every other, the soonest last usable day first, the rest in FEFO order', () => {
		fc.assert(
			fc.property(lots, opts, (ls, o: PickOptions) => {
				const order = pickOrder(ls, TODAY, o);
				const near = order.map((l) => isNearDate(l, TODAY, o));
				const firstFar = near.indexOf(false);
				if (firstFar >= 0) expect(near.slice(firstFar).every((n) => !n)).toBe(true);
				for (let i = 1; i < order.length; i++) {
					const [a, b] = [order[i - 1]!, order[i]!];
					if (near[i - 1] && near[i]) expect(lastUsableDay(a, o.ddmGraceMonths)! <= lastUsableDay(b, o.ddmGraceMonths)!).toBe(true);
					if (!near[i - 1] && !near[i]) expect(compareFefo(a, b)).toBeLessThanOrEqual(0);
				}
			})
		);
	});

	it('is total and stable: the input order does not matter', () => {
		fc.assert(
			fc.property(lots, opts, (ls, o) => {
				const a = pickOrder(ls, TODAY, o).map((l) => l.id);
				expect(pickOrder([...ls].reverse(), TODAY, o).map((l) => l.id)).toEqual(a);
				expect(pickOrder(pickOrder(ls, TODAY, o), TODAY, o).map((l) => l.id)).toEqual(a);
			})
		);
	});

	it('proposes a DDM lot near the end of its grace before a fresher DLC lot further away', () => {
		const o = { nearDays: 5, ddmGraceMonths: 3 };
		const ddmOld = mk('a', { date: addDays(TODAY, -88), dateType: 'ddm' }); // grace ends in 2–3 days
		const dlcFresh = mk('b', { date: addDays(TODAY, 20), dateType: 'dlc' });
		const dlcSoon = mk('c', { date: addDays(TODAY, 1), dateType: 'dlc' });
		const dlcPast = mk('d', { date: addDays(TODAY, -1), dateType: 'dlc' });
		expect(pickOrder([dlcFresh, ddmOld, dlcPast, dlcSoon], TODAY, o).map((l) => l.id)).toEqual(['c', 'a', 'b']);
	});
});

const target = fc.integer({ min: 0, max: 3000 });
const lineUnit = fc.constantFrom('piece', 'kg') as fc.Arbitrary<'piece' | 'kg'>;

describe('planLine', () => {
	it('never exceeds the target (substitutions included), nor a lot, and missing = target − taken ≥ 0', () => {
		fc.assert(
			fc.property(target, lineUnit, lots, lots, opts, (t, unit, own, subs, o) => {
				const all = new Map([...subs, ...own].map((l) => [l.id, l]));
				const { picks, missing } = planLine(t, unit, own, subs, { ...o, today: TODAY });
				let taken = 0;
				const perLot = new Map<string, number>();
				for (const p of picks) {
					const l = all.get(p.lotId)!;
					expect(p.quantity).toBeGreaterThan(0);
					expect(Number.isInteger(p.quantity)).toBe(true);
					perLot.set(p.lotId, (perLot.get(p.lotId) ?? 0) + p.quantity);
					expect(perLot.get(p.lotId)!).toBeLessThanOrEqual(l.onHand);
					expect(countPerUnit(unit, l)).toBeGreaterThan(0);
					if (unit === 'piece') expect(l.unit).toBe('piece');
					taken += p.quantity * countPerUnit(unit, l);
				}
				expect(taken).toBeLessThanOrEqual(t);
				expect(missing).toBe(t - taken);
				expect(missing).toBeGreaterThanOrEqual(0);
			})
		);
	});

	it('takes substitutes only when its own category is short, and own lots first', () => {
		fc.assert(
			fc.property(target, lineUnit, lots, lots, opts, (t, unit, own, subs, o) => {
				const { picks } = planLine(t, unit, own, subs, { ...o, today: TODAY });
				const ownIds = new Set(own.map((l) => l.id));
				const firstSub = picks.findIndex((p) => p.substitute);
				if (firstSub >= 0) {
					expect(picks.slice(firstSub).every((p) => p.substitute)).toBe(true);
					for (const p of picks) expect(p.substitute).toBe(!ownIds.has(p.lotId));
					// Own category alone could not meet the target.
					expect(planLine(t, unit, own, [], { ...o, today: TODAY }).missing).toBeGreaterThan(0);
				}
				// What the own category gives alone is taken all the same.
				const alone = planLine(t, unit, own, [], { ...o, today: TODAY });
				expect(picks.filter((p) => !p.substitute)).toEqual(alone.picks);
			})
		);
	});

	it('proposes lots in pick order and never an unpickable one', () => {
		fc.assert(
			fc.property(target, lineUnit, lots, opts, (t, unit, own, o) => {
				const { picks } = planLine(t, unit, own, [], { ...o, today: TODAY });
				const order = pickOrder(own, TODAY, o).map((l) => l.id);
				const idx = picks.map((p) => order.indexOf(p.lotId));
				for (const i of idx) expect(i).toBeGreaterThanOrEqual(0);
				for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
			})
		);
	});

	it('counts kg lines in grams: kg products by weight, piece products by their net weight, whole pieces only', () => {
		const rice = mk('rice', { unit: 'kg', onHand: 700 });
		const pasta = mk('pasta', { unit: 'piece', netWeightGrams: 500, onHand: 3, date: '2028-01-01' });
		const noWeight = mk('tins', { unit: 'piece', netWeightGrams: null, onHand: 9 });
		const r = planLine(1800, 'kg', [noWeight, rice, pasta], [], { nearDays: 5, ddmGraceMonths: 3, today: TODAY });
		expect(r.picks).toEqual([
			{ lotId: 'rice', quantity: 700, substitute: false },
			{ lotId: 'pasta', quantity: 2, substitute: false }
		]);
		expect(r.missing).toBe(100);
		expect(planLine(2, 'piece', [rice], [], { nearDays: 5, ddmGraceMonths: 3, today: TODAY }).missing).toBe(2);
		expect(maxTake('kg', pasta, 499)).toBe(0);
	});

	it('fills a short line from a sibling category, marked as a substitute', () => {
		const own = mk('own', { onHand: 1 });
		const sib = mk('sib', { onHand: 5 });
		const o = { nearDays: 5, ddmGraceMonths: 3, today: TODAY };
		expect(planLine(3, 'piece', [own], [sib], o)).toEqual({
			picks: [
				{ lotId: 'own', quantity: 1, substitute: false },
				{ lotId: 'sib', quantity: 2, substitute: true }
			],
			missing: 0
		});
		expect(planLine(1, 'piece', [own], [sib], o).picks).toEqual([{ lotId: 'own', quantity: 1, substitute: false }]);
	});
});

describe('categoryFit', () => {
	const parents = new Map<string, string | null>([
		['dry', null],
		['pasta', 'dry'],
		['tins', 'dry'],
		['fresh', null],
		['dairy', 'fresh']
	]);
	it('own: the category or a sub-category; substitute: a sibling or the parent; else nothing', () => {
		expect(categoryFit('pasta', 'pasta', parents)).toBe('own');
		expect(categoryFit('dry', 'tins', parents)).toBe('own');
		expect(categoryFit('pasta', 'tins', parents)).toBe('substitute');
		expect(categoryFit('pasta', 'dry', parents)).toBe('substitute');
		expect(categoryFit('pasta', 'dairy', parents)).toBeNull();
		expect(categoryFit('dry', 'fresh', parents)).toBeNull();
		expect(categoryFit('dry', null, parents)).toBeNull();
	});
});
