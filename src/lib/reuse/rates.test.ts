import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REUSE_FLUXES } from './flux';
import {
	ageBand,
	AGE_BANDS,
	emptyTonnage,
	givenGrams,
	monthsBefore,
	outGrams,
	rateBp,
	REUSE_OUTS,
	reusedGrams,
	reuseRates,
	sumTonnage,
	tonnageBy,
	type Tonnage,
	type TonnageLine
} from './rates';

const grams = fc.integer({ min: 0, max: 5_000_000 });
const tonnage = fc.record({ intake: grams, sold: grams, don: grams, partenaire: grams, recyclage: grams, dechet: grams });
/** Intake lines: weighings (> 0) and cancellations (≤ 0), in a flux and a month. */
const intakeLine = fc.record({
	flux: fc.constantFrom(...REUSE_FLUXES),
	month: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'),
	grams: fc.integer({ min: -300_000, max: 300_000 })
});
const outLine = fc.record({
	flux: fc.constantFrom(...REUSE_FLUXES),
	what: fc.constantFrom(...REUSE_OUTS),
	grams: fc.integer({ min: 1, max: 300_000 })
});

describe('tonnage sums', () => {
	it('equal the sum of the intake weights whatever the grouping (flux, month, both)', () => {
		fc.assert(
			fc.property(fc.array(intakeLine, { maxLength: 60 }), (lines) => {
				const total = lines.reduce((a, l) => a + l.grams, 0);
				const groupings: ((l: (typeof lines)[number]) => string)[] = [(l) => l.flux, (l) => l.month, (l) => `${l.flux}|${l.month}`, () => 'all'];
				for (const key of groupings) {
					const by = tonnageBy(lines.map((l): TonnageLine => ({ key: key(l), what: 'intake', grams: l.grams })));
					expect(sumTonnage(by.values()).intake).toBe(total);
					// Each group holds exactly its lines.
					for (const [k, t] of by) expect(t.intake).toBe(lines.filter((l) => key(l) === k).reduce((a, l) => a + l.grams, 0));
				}
			})
		);
	});

	it('keep the outs by channel apart and add them up to everything out', () => {
		fc.assert(
			fc.property(fc.array(outLine, { maxLength: 60 }), (lines) => {
				const by = tonnageBy(
					lines.map((l) => ({ key: l.flux, what: l.what, grams: l.grams })),
					REUSE_FLUXES
				);
				expect([...by.keys()]).toEqual([...REUSE_FLUXES]);
				const all = sumTonnage(by.values());
				for (const w of REUSE_OUTS) expect(all[w]).toBe(lines.filter((l) => l.what === w).reduce((a, l) => a + l.grams, 0));
				expect(outGrams(all)).toBe(lines.reduce((a, l) => a + l.grams, 0));
				expect(all.intake).toBe(0);
			})
		);
	});
});

describe('rates', () => {
	it('reuse rate is (sold + given) ÷ intake, given = don + partenaire', () => {
		fc.assert(
			fc.property(tonnage, (t) => {
				expect(givenGrams(t)).toBe(t.don + t.partenaire);
				expect(reusedGrams(t)).toBe(t.sold + t.don + t.partenaire);
				const r = reuseRates(t);
				if (t.intake === 0) expect(r).toEqual({ reuseBp: null, recyclingBp: null, wasteBp: null });
				else {
					expect(r.reuseBp).toBe(Math.round(((t.sold + t.don + t.partenaire) / t.intake) * 10_000));
					expect(Math.abs(r.reuseBp! - ((t.sold + t.don + t.partenaire) * 10_000) / t.intake)).toBeLessThanOrEqual(0.5);
					expect(Math.abs(r.recyclingBp! - (t.recyclage * 10_000) / t.intake)).toBeLessThanOrEqual(0.5);
					expect(Math.abs(r.wasteBp! - (t.dechet * 10_000) / t.intake)).toBeLessThanOrEqual(0.5);
				}
			})
		);
	});

	it('are never negative, and at most 100 % when no more left than came in', () => {
		fc.assert(
			fc.property(tonnage, (t) => {
				const r = reuseRates(t);
				for (const v of [r.reuseBp, r.recyclingBp, r.wasteBp]) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
				if (outGrams(t) <= t.intake && t.intake > 0) {
					expect(r.reuseBp! + r.recyclingBp! + r.wasteBp!).toBeLessThanOrEqual(10_000 + 2);
					for (const v of [r.reuseBp!, r.recyclingBp!, r.wasteBp!]) expect(v).toBeLessThanOrEqual(10_000);
				}
			})
		);
	});

	it('adding an intake never raises a rate; adding a sale or a gift never lowers the reuse rate', () => {
		fc.assert(
			fc.property(tonnage, fc.integer({ min: 1, max: 1_000_000 }), (t, more) => {
				fc.pre(t.intake > 0);
				const before = reuseRates(t);
				const after = reuseRates({ ...t, intake: t.intake + more });
				expect(after.reuseBp!).toBeLessThanOrEqual(before.reuseBp!);
				expect(after.recyclingBp!).toBeLessThanOrEqual(before.recyclingBp!);
				expect(after.wasteBp!).toBeLessThanOrEqual(before.wasteBp!);
				for (const w of ['sold', 'don', 'partenaire'] as const) expect(reuseRates({ ...t, [w]: t[w] + more }).reuseBp!).toBeGreaterThanOrEqual(before.reuseBp!);
				// Recycling and waste are not reuse.
				expect(reuseRates({ ...t, recyclage: t.recyclage + more }).reuseBp).toBe(before.reuseBp);
				expect(reuseRates({ ...t, dechet: t.dechet + more }).reuseBp).toBe(before.reuseBp);
			})
		);
	});

	it('no intake (nothing, or cancellations outweighing the weighings) is no rate', () => {
		expect(rateBp(500, 0)).toBeNull();
		expect(rateBp(500, -1200)).toBeNull();
		expect(reuseRates({ ...emptyTonnage(), sold: 4000, intake: -1 }).reuseBp).toBeNull();
		expect(rateBp(1, 3)).toBe(3333);
		expect(rateBp(1, 8)).toBe(1250);
		expect(rateBp(1, 200_000)).toBe(0); // 0,05 bp rounds to 0
		expect(rateBp(3, 20_000)).toBe(2); // 1,5 bp rounds half up
	});

	it('an example: 100 kg in, 30 sold, 10 given, 5 to a partner, 20 recycled, 5 thrown', () => {
		const t: Tonnage = { intake: 100_000, sold: 30_000, don: 10_000, partenaire: 5_000, recyclage: 20_000, dechet: 5_000 };
		expect(reuseRates(t)).toEqual({ reuseBp: 4500, recyclingBp: 2000, wasteBp: 500 });
	});
});

describe('age bands', () => {
	it('months back keep the day, or the month’s last', () => {
		expect(monthsBefore('2026-03-31', 1)).toBe('2026-02-28');
		expect(monthsBefore('2026-01-15', 3)).toBe('2025-10-15');
		expect(monthsBefore('2024-08-31', 6)).toBe('2024-02-29');
	});

	it('bands by calendar months, and an older item is never in a younger band', () => {
		expect(ageBand('2026-12-01', '2026-12-31')).toBe('lt1');
		expect(ageBand('2026-11-30', '2026-12-29')).toBe('lt1');
		expect(ageBand('2026-11-30', '2026-12-30')).toBe('m1to3');
		expect(ageBand('2026-11-30', '2026-12-31')).toBe('m1to3');
		expect(ageBand('2026-09-30', '2026-12-30')).toBe('m3to6');
		expect(ageBand('2026-10-01', '2026-12-31')).toBe('m1to3');
		expect(ageBand('2026-06-30', '2026-12-31')).toBe('gt6');
		expect(ageBand('2026-07-01', '2026-12-31')).toBe('m3to6');
		const day = fc.integer({ min: 0, max: 2000 }).map((n) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
		fc.assert(
			fc.property(day, day, day, (a, b, at) => {
				fc.pre(a <= b && b <= at);
				expect(AGE_BANDS.indexOf(ageBand(a, at))).toBeGreaterThanOrEqual(AGE_BANDS.indexOf(ageBand(b, at)));
			})
		);
	});
});
