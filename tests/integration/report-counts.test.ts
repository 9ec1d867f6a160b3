// Count differences report (issue 12): on random ledgers (fast-check), the totals equal the sums of the
// count movements of the period computed here; every table adds up to them; a real count (started,
// counted, validated through stock/counts.ts) shows by count, location and person; the site, the
// organisation and the roles bound what is read.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runReport } from '$lib/server/reports/registry';
import { countLot, startCount, validateCount } from '$lib/server/stock/counts';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { makeLot, movementAt } from '../helpers/reports';
import { makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const NOV = { period: 'month', from: '2026-11-10' };
const now = new Date('2026-12-01T10:00:00Z');
const figures = (r: { figures: { id: string; value: number | null }[] }) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));

describe('count differences report', () => {
	it('totals equal the sums of the period’s count movements on random data (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						product: fc.integer({ min: 0, max: 2 }),
						delta: fc.integer({ min: -30, max: 30 }).filter((d) => d !== 0),
						day: fc.integer({ min: -3, max: 33 })
					}),
					{ minLength: 1, maxLength: 12 }
				),
				async (diffs) => {
					const org = await makeOrg(t.db);
					const origin = await makeOrigin(t.db, org);
					const products = [
						await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 250, referencePriceCents: 120 }),
						await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 300 }),
						await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: null, referencePriceCents: 75 })
					];
					const grams = (p: number, qty: number) => (p === 0 ? qty * 250 : p === 1 ? qty : 0);
					const value = (p: number, qty: number) => (p === 0 ? qty * 120 : p === 1 ? Math.round((qty * 300) / 1000) : qty * 75);
					const exp = { lines: 0, gramsPlus: 0, gramsMinus: 0, centsPlus: 0, centsMinus: 0 };
					for (const d of diffs) {
						const lot = await makeLot(t.db, org, { productId: products[d.product]!.id, originId: origin.id });
						await movementAt(t.db, org, { lotId: lot.id, quantity: 100, kind: 'reception', at: new Date('2026-10-01T10:00:00Z') });
						const at = new Date(Date.UTC(2026, 10, 1, 12) + d.day * 86_400_000);
						await movementAt(t.db, org, { lotId: lot.id, quantity: d.delta, kind: 'count', at, note: 'count:00000000-0000-0000-0000-000000000000' });
						// Losses and sales are not count differences.
						await movementAt(t.db, org, { lotId: lot.id, quantity: -1, kind: 'loss', reason: 'broken', at });
						if (at >= new Date('2026-10-31T23:00:00Z') && at < new Date('2026-11-30T23:00:00Z')) {
							exp.lines++;
							const k = Math.abs(d.delta);
							if (d.delta > 0) {
								exp.gramsPlus += grams(d.product, k);
								exp.centsPlus += value(d.product, k);
							} else {
								exp.gramsMinus += grams(d.product, k);
								exp.centsMinus += value(d.product, k);
							}
						}
					}
					const r = await runReport(t.db, org.actors.manager, 'counts', q(NOV), { now });
					const fig = figures(r);
					expect(fig.lines).toBe(exp.lines);
					expect(fig.gramsPlus ?? 0).toBe(exp.gramsPlus);
					expect(fig.gramsMinus ?? 0).toBe(exp.gramsMinus);
					expect(fig.centsPlus).toBe(exp.centsPlus);
					expect(fig.centsMinus).toBe(exp.centsMinus);
					expect(fig.cents).toBe(exp.centsPlus - exp.centsMinus);
					for (const table of r.tables) {
						const sum = (k: string) => table.rows.reduce((s, row) => s + (Number(row[k]) || 0), 0);
						expect(sum('lines')).toBe(exp.lines);
						expect(sum('centsPlus')).toBe(exp.centsPlus);
						expect(sum('centsMinus')).toBe(exp.centsMinus);
						expect(sum('gramsMinus')).toBe(exp.gramsMinus);
						expect(table.total!.cents).toBe(exp.centsPlus - exp.centsMinus);
					}
				}
			),
			{ numRuns: 8 }
		);
	});

	it('shows a real count by count, location, product and person; bounded by site, organisation and roles', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org);
		const pasta = await makeProduct(t.db, org, { name: 'Pâtes', unit: 'piece', netWeightGrams: 500, referencePriceCents: 100 });
		const rice = await makeProduct(t.db, org, { name: 'Riz', unit: 'kg', referencePriceCents: 200 });
		const a = await makeLot(t.db, org, { productId: pasta.id, originId: origin.id });
		const b = await makeLot(t.db, org, { productId: rice.id, originId: origin.id });
		const c = await makeLot(t.db, org, { productId: pasta.id, originId: origin.id });
		const today = new Date();
		for (const lot of [a, b, c])
			await movementAt(t.db, org, { lotId: lot.id, quantity: 10_000, kind: 'reception', at: new Date(today.getTime() - 86_400_000) });
		const count = await startCount(t.db, org.actors.supervisor, org.locationId);
		await countLot(t.db, org.actors.operator, count.id, { lot: a.code, quantity: '9998' }); // 2 pieces missing: 1 kg, 2 €
		await countLot(t.db, org.actors.supervisor, count.id, { lot: b.code, quantity: '10,5' }); // 10.5 kg for 10 kg: + 500 g, + 1 €
		await countLot(t.db, org.actors.supervisor, count.id, { lot: c.code, quantity: '10000' }); // no difference
		await validateCount(t.db, org.actors.supervisor, count.id, { reason: 'Recompté deux fois' });

		const r = await runReport(t.db, org.actors.supervisor, 'counts', q({}));
		expect(figures(r)).toMatchObject({ counts: 1, counted: 3, lines: 2, gramsPlus: 500, gramsMinus: 1000, centsPlus: 100, centsMinus: 200, cents: -100 });
		const byCount = r.tables.find((x) => x.id === 'inventaires')!;
		expect(byCount.rows).toHaveLength(1);
		expect(byCount.rows[0]).toMatchObject({ counted: 3, lines: 2, centsMinus: 200, validator: expect.any(String) });
		expect(byCount.total).toMatchObject({ counted: 3, lines: 2 });
		const counters = r.tables.find((x) => x.id === 'compteurs')!.rows;
		expect(counters).toHaveLength(2); // the operator counted the pasta, the supervisor the rice
		expect(r.tables.find((x) => x.id === 'valideurs')!.rows).toHaveLength(1);
		const products = r.tables.find((x) => x.id === 'produits')!.rows;
		expect(products.find((x) => x.product === 'Pâtes')).toMatchObject({ unitsMinus: 2, unit: 'pièces' });
		expect(products.find((x) => x.product === 'Riz')).toMatchObject({ unitsPlus: 500, unit: 'g' });

		// The épicerie site has no count; another organisation sees none.
		expect(figures(await runReport(t.db, org.actors.manager, 'counts', q({ site: org.siteIds.epicerie })))).toMatchObject({ counts: 0, lines: 0 });
		expect(figures(await runReport(t.db, org.actors.manager, 'counts', q({ site: org.siteIds.reserve })))).toMatchObject({ counts: 1, lines: 2 });
		expect(figures(await runReport(t.db, other.actors.manager, 'counts', q({})))).toMatchObject({ counts: 0, lines: 0 });
		await expectAppError(runReport(t.db, org.actors.operator, 'counts', q({})), 'forbidden', 403);
		await expectAppError(runReport(t.db, org.actors.social_worker, 'counts', q({})), 'forbidden', 403);
	});
});
