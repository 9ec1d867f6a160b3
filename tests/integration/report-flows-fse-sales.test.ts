// Flows by origin, FSE+ and sales reports (issue 12). Flows: on random ledgers (fast-check) every figure
// equals the sums of the ledger rows computed here, FSE+ is kept apart, and over all time received −
// distributed − lost + count differences is what the lots hold. FSE+ and sales: real sales through the
// till (completeSale, returnSale); totals equal what the test sold, FSE+ lines at 0 €, households
// counted and never named; site, period, organisation and roles bound what is read.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householdMembers } from '$lib/server/db/schema';
import { reportCsv, reportXlsx } from '$lib/server/reports/export';
import { runReport } from '$lib/server/reports/registry';
import { rowsOf } from '$lib/server/reports/sql';
import { returnSale } from '$lib/server/till/returns';
import { completeSale, getSale } from '$lib/server/till/sales';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { makeLot as makeBareLot, movementAt, readXlsx } from '../helpers/reports';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, makeShop, newKey, TODAY } from '../helpers/till';

const t = useTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const NOV = { period: 'month', from: '2026-11-10' };
const ALL = { period: 'custom', from: '2026-01-01', to: '2026-12-31' };
const now = new Date('2026-12-31T10:00:00Z');
const fig = (r: { figures: { id: string; value: number | null }[] }) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
const inNov = (at: Date) => at >= new Date('2026-10-31T23:00:00Z') && at < new Date('2026-11-30T23:00:00Z');

describe('flows by origin report', () => {
	it('equals the ledger rows on random data, keeps FSE+ apart, and balances with what the lots hold (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						lot: fc.integer({ min: 0, max: 3 }),
						kind: fc.constantFrom('sale', 'distribution', 'loss', 'count', 'return'),
						quantity: fc.integer({ min: 1, max: 25 }),
						day: fc.integer({ min: -3, max: 33 }),
						// A loss corrected later; for a count, a shortfall (negative difference).
						corrected: fc.boolean()
					}),
					{ minLength: 1, maxLength: 12 }
				),
				async (moves) => {
					const org = await makeOrg(t.db);
					const bank = await makeOrigin(t.db, org, { kind: 'food_bank' });
					const fse = await makeOrigin(t.db, org, { kind: 'fse', fse: true });
					const piece = await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 250, referencePriceCents: 120 });
					const bulk = await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 300 });
					const spec = [
						{ p: piece.id, o: bank.id, g: (n: number) => n * 250, v: (n: number) => n * 120, fse: false },
						{ p: bulk.id, o: bank.id, g: (n: number) => n, v: (n: number) => Math.round((n * 300) / 1000), fse: false },
						{ p: piece.id, o: fse.id, g: (n: number) => n * 250, v: (n: number) => n * 120, fse: true },
						{ p: bulk.id, o: fse.id, g: (n: number) => n, v: (n: number) => Math.round((n * 300) / 1000), fse: true }
					];
					const lotIds: string[] = [];
					// Expected November figures, [common, fse] × flow, and the all-time balance in grams.
					const exp = [0, 1].map(() => ({
						received: { g: 0, c: 0 },
						sold: { g: 0, c: 0 },
						given: { g: 0, c: 0 },
						lost: { g: 0, c: 0 },
						counted: { g: 0, c: 0 }
					}));
					const add = (i: number, flow: keyof (typeof exp)[0], n: number, at: Date) => {
						if (!inNov(at)) return;
						const s = spec[i]!;
						exp[s.fse ? 1 : 0]![flow].g += s.g(n);
						// A value is rounded halves away from zero: minus n is worth exactly minus what n is worth.
						exp[s.fse ? 1 : 0]![flow].c += Math.sign(n) * s.v(Math.abs(n));
					};
					for (let i = 0; i < spec.length; i++) {
						const lot = await makeBareLot(t.db, org, { productId: spec[i]!.p, originId: spec[i]!.o });
						lotIds.push(lot.id);
						const at = new Date('2026-11-01T08:00:00Z');
						await movementAt(t.db, org, { lotId: lot.id, quantity: 400, kind: 'reception', at });
						add(i, 'received', 400, at);
					}
					for (const mv of moves) {
						const at = new Date(Date.UTC(2026, 10, 1, 12) + mv.day * 86_400_000);
						const lotId = lotIds[mv.lot]!;
						const signed = mv.kind === 'return' || (mv.kind === 'count' && !mv.corrected) ? mv.quantity : -mv.quantity;
						const id = await movementAt(t.db, org, { lotId, quantity: signed, kind: mv.kind, at, reason: mv.kind === 'loss' ? 'broken' : null });
						if (mv.kind === 'sale' || mv.kind === 'return') add(mv.lot, 'sold', -signed, at);
						if (mv.kind === 'distribution') add(mv.lot, 'given', -signed, at);
						if (mv.kind === 'count') add(mv.lot, 'counted', signed, at);
						if (mv.kind === 'loss') {
							add(mv.lot, 'lost', mv.quantity, at);
							if (mv.corrected) {
								const cAt = new Date(at.getTime() + 86_400_000);
								await movementAt(t.db, org, { lotId, quantity: mv.quantity, kind: 'correction', correctionOf: id, at: cAt });
								add(mv.lot, 'lost', -mv.quantity, cAt);
							}
						}
					}
					const r = await runReport(t.db, org.actors.manager, 'flows', q(NOV), { now });
					const [types, origins, fseTable] = r.tables;
					for (const [i, table] of [
						[0, origins!],
						[0, types!],
						[1, fseTable!]
					] as const) {
						for (const flow of ['received', 'sold', 'given', 'lost', 'counted'] as const) {
							const sum = (k: string) => table.rows.reduce((s, row) => s + (Number(row[k]) || 0), 0);
							expect(sum(`${flow}Grams`)).toBe(exp[i]![flow].g);
							expect(sum(`${flow}Cents`)).toBe(exp[i]![flow].c);
							expect(Number(table.total![`${flow}Grams`]) || 0).toBe(exp[i]![flow].g);
							expect(table.total![`${flow}Cents`]).toBe(exp[i]![flow].c);
						}
					}
					const f = fig(r);
					expect(f.received ?? 0).toBe(exp[0]!.received.g);
					expect(f.distributed ?? 0).toBe(exp[0]!.sold.g + exp[0]!.given.g);
					expect(f.lost ?? 0).toBe(exp[0]!.lost.g);
					expect(f.fseDistributed ?? 0).toBe(exp[1]!.sold.g + exp[1]!.given.g);
					// Lost is exactly the losses report's figure (net of corrections), FSE+ included there.
					const losses = fig(await runReport(t.db, org.actors.manager, 'losses', q(NOV), { now }));
					expect(losses.grams ?? 0).toBe(exp[0]!.lost.g + exp[1]!.lost.g);

					// Over all time the ledger balances: in − out + count differences = what the lots hold.
					const all = await runReport(t.db, org.actors.manager, 'flows', q(ALL), { now });
					const held = await rowsOf<{ fse: boolean; grams: unknown }>(
						t.db,
						sql`select o.fse, sum(case p.unit when 'kg' then l.on_hand else l.on_hand * p.net_weight_grams end) as grams
						      from lots l join products p on p.id = l.product_id join origins o on o.id = l.origin_id
						     where l.organisation_id = ${org.organisationId} group by 1`
					);
					for (const [table, isFse] of [
						[all.tables[1]!, false],
						[all.tables[2]!, true]
					] as const) {
						const tot = table.total!;
						const balance = Number(tot.receivedGrams) - Number(tot.soldGrams) - Number(tot.givenGrams) - Number(tot.lostGrams) + Number(tot.countedGrams);
						expect(balance).toBe(Number(held.find((h) => h.fse === isFse)?.grams ?? 0));
					}
				}
			),
			{ numRuns: 6 }
		);
	});

	it('shows the delivered weight of validated receptions, bounds site and organisation, and is for managers only', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org, { name: 'Banque alimentaire du Nord', kind: 'food_bank' });
		const product = await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 1000, referencePriceCents: 200 });
		const mystery = await makeProduct(t.db, org, { unit: 'piece', referencePriceCents: 100 });
		const rec = await rowsOf<{ id: string }>(
			t.db,
			sql`insert into receptions (organisation_id, origin_id, delivered_weight_grams, status, created_by, validated_by, validated_at)
			    values (${org.organisationId}, ${origin.id}, 52000, 'validated', ${org.users.manager.id}, ${org.users.manager.id}, '2026-11-03T10:00:00Z') returning id`
		);
		const lot = await makeBareLot(t.db, org, { productId: product.id, originId: origin.id });
		await t.db.execute(sql`update lots set reception_id = ${rec[0]!.id} where id = ${lot.id}`);
		const other2 = await makeBareLot(t.db, org, { productId: mystery.id, originId: origin.id });
		await movementAt(t.db, org, { lotId: lot.id, quantity: 50, kind: 'reception', at: new Date('2026-11-03T10:00:00Z') });
		await movementAt(t.db, org, { lotId: other2.id, quantity: 5, kind: 'reception', at: new Date('2026-11-03T10:00:00Z') });

		const r = await runReport(t.db, org.actors.manager, 'flows', q(NOV), { now });
		const row = r.tables[1]!.rows[0]!;
		expect(row).toMatchObject({ origin: 'Banque alimentaire du Nord', receivedGrams: 50_000, deliveredGrams: 52_000, receivedCents: 10_500 });
		expect(r.notes[0]!.text).toMatch(/Poids inconnu : 1 produit/);
		expect(r.charts[0]!.series.map((s) => s.values)).toEqual([[50_000], [null], [null]]);
		// The lots sit in the stockroom site: nothing under the épicerie, not even the delivered weight.
		const shop = await runReport(t.db, org.actors.manager, 'flows', q({ ...NOV, site: org.siteIds.epicerie }), { now });
		expect(shop.tables[1]!.rows).toEqual([]);
		const reserve = await runReport(t.db, org.actors.manager, 'flows', q({ ...NOV, site: org.siteIds.reserve }), { now });
		expect(reserve.tables[1]!.rows[0]!.deliveredGrams).toBe(52_000);
		expect((await runReport(t.db, other.actors.manager, 'flows', q(NOV), { now })).tables[1]!.rows).toEqual([]);
		expect((await runReport(t.db, org.actors.manager, 'flows', q({ period: 'month', from: '2026-10-01' }), { now })).tables[1]!.rows).toEqual([]);
		for (const name of ['flows', 'fse', 'sales'])
			for (const role of ['supervisor', 'operator', 'social_worker'] as const)
				await expectAppError(runReport(t.db, org.actors[role], name, q(NOV), { now }), 'forbidden', 403);
		expect((await runReport(t.db, org.actors.admin, 'flows', q(NOV), { now })).name).toBe('flows');
	});
});

describe('FSE+ and sales reports, from real sales', () => {
	async function shopWithSales() {
		const s = await makeShop(t.db);
		const fseProduct = await makeProduct(t.db, s.org, { name: 'Lait FSE+', unit: 'piece', netWeightGrams: 1030, referencePriceCents: 100 });
		const normal = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 200);
		const fseLot = await makeLot(t.db, s.operator, fseProduct.id, s.fseOrigin.id, 200);
		const second = await makeBeneficiary(t.db, s.org, { monthlyBudgetCents: 1_000_000 });
		await t.db.insert(householdMembers).values([
			{ organisationId: s.org.organisationId, householdId: second.householdId, birthYear: 2015, relation: 'enfant' },
			{ organisationId: s.org.organisationId, householdId: second.householdId, birthYear: 1982, relation: 'conjoint' }
		]);
		return { s, fseProduct, normal, fseLot, second };
	}

	it('sales: totals equal what was sold less what was returned, by product, category, month and payment method (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						normal: fc.integer({ min: 1, max: 3 }),
						fse: fc.integer({ min: 0, max: 2 }),
						method: fc.constantFrom('cash', 'card'),
						extra: fc.integer({ min: 0, max: 200 }),
						returned: fc.boolean(),
						second: fc.boolean()
					}),
					{ minLength: 1, maxLength: 4 }
				),
				async (baskets) => {
					const { s, normal, fseLot, second } = await shopWithSales();
					let ref = 0;
					let paid = 0;
					let fseCents = 0;
					let change = 0;
					let refunds = 0;
					let returns = 0;
					const byMethod: Record<string, number> = {};
					for (const b of baskets) {
						const amount = b.normal * 50;
						const sale = await completeSale(t.db, s.operator, s.point, {
							idempotencyKey: newKey(),
							customer: b.second ? second.card : s.household.card,
							lines: [{ lot: normal.id, quantity: b.normal }, ...(b.fse ? [{ lot: fseLot.id, quantity: b.fse }] : [])],
							payments: [
								b.method === 'cash' ? { method: 'cash', amountCents: amount, tenderedCents: amount + b.extra } : { method: 'card', amountCents: amount }
							]
						});
						ref += b.normal * 250 + b.fse * 100;
						paid += amount;
						fseCents += b.fse * 100;
						if (b.method === 'cash') change += b.extra;
						byMethod[b.method] = (byMethod[b.method] ?? 0) + amount;
						if (b.returned) {
							const [line] = (await getSale(t.db, s.supervisor, sale.id)).lines;
							await returnSale(t.db, s.supervisor, s.point, {
								saleId: sale.id,
								idempotencyKey: newKey(),
								reason: 'Produit abîmé',
								lines: [{ saleLineId: line!.id, quantity: 1, disposition: 'stock' }]
							});
							ref -= 250;
							paid -= 50;
							refunds += 50;
							returns++;
							byMethod[b.method] = byMethod[b.method]! - 50;
						}
					}
					const r = await runReport(t.db, s.org.actors.manager, 'sales', q({ period: 'month', from: TODAY }));
					const f = fig(r);
					expect(f).toMatchObject({ sales: baskets.length, referenceCents: ref, paidCents: paid, fseCents });
					expect(f.basketReferenceCents).toBe(Math.round(ref / baskets.length));
					expect(f.basketPaidCents).toBe(Math.round(paid / baskets.length));
					const [products, categories, payments, months] = r.tables;
					for (const table of [products!, categories!]) {
						const sum = (k: string) => table.rows.reduce((acc, row) => acc + (Number(row[k]) || 0), 0);
						expect(sum('referenceCents')).toBe(ref);
						expect(sum('paidCents')).toBe(paid);
						expect(sum('lines')).toBe(baskets.length + baskets.filter((b) => b.fse).length);
					}
					const fseRow = products!.rows.find((row) => row.product === 'Lait FSE+');
					if (fseCents) expect(fseRow).toMatchObject({ quantity: fseCents / 100, paidCents: 0, grams: (fseCents / 100) * 1030, unit: 'pièces' });
					expect(payments!.total).toMatchObject({
						payments: baskets.length,
						paidCents: paid + refunds,
						refundedCents: refunds,
						netCents: paid,
						changeCents: change
					});
					for (const row of payments!.rows) expect(row.netCents).toBe(byMethod[row.method === 'Espèces' ? 'cash' : 'card']);
					expect(months!.total).toMatchObject({ sales: baskets.length, returns, referenceCents: ref, paidCents: paid });
					expect(r.charts.find((c) => c.kind === 'doughnut')!.series[0]!.values.reduce((a, b) => a! + b!, 0)).toBe(paid);
					// Sales are at the épicerie's till: none under the stockroom site.
					const reserve = await runReport(t.db, s.org.actors.manager, 'sales', q({ period: 'month', from: TODAY, site: s.org.siteIds.reserve }));
					expect(fig(reserve).sales).toBe(0);
				}
			),
			{ numRuns: 4 }
		);
	});

	it('FSE+: per product received, distributed, stock and lost; households and people counted, never named; FSE+ sold at 0 €', async () => {
		const { s, fseProduct, normal, fseLot, second } = await shopWithSales();
		const sell = (card: string, n: number) =>
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: card,
				lines: [
					{ lot: normal.id, quantity: 1 },
					{ lot: fseLot.id, quantity: n }
				],
				payments: [{ method: 'card', amountCents: 50 }]
			});
		const a = await sell(s.household.card, 3);
		await sell(second.card, 2);
		await sell(second.card, 1);
		await movementAt(t.db, s.org, { lotId: fseLot.id, quantity: -4, kind: 'loss', reason: 'broken', at: new Date() });
		const view = await getSale(t.db, s.supervisor, a.id);
		expect(view.lines.filter((l) => l.fse).map((l) => l.paidCents)).toEqual([0]);

		const r = await runReport(t.db, s.org.actors.manager, 'fse', q({ period: 'month', from: TODAY }));
		const [quantities, weights] = r.tables;
		expect(quantities!.rows).toEqual([
			{ product: 'Lait FSE+', unit: 'pièces', received: 200, distributed: 6, stock: 190, lost: 4, households: 2, people: 1 + 3 }
		]);
		expect(quantities!.total).toMatchObject({ households: 2, people: 4 });
		expect(weights!.rows[0]).toMatchObject({ distributedGrams: 6 * 1030, distributedCents: 600, stockGrams: 190 * 1030, lostCents: 400 });
		expect(fig(r)).toMatchObject({ households: 2, people: 4, distributedCents: 600 });
		// The normal product is not FSE+: not in this report.
		expect(quantities!.rows.some((row) => row.product === fseProduct.name)).toBe(true);
		expect(quantities!.rows).toHaveLength(1);
		// Exports: the unit beside each quantity in the CSV; the .xlsx has a sheet per table, numbers typed.
		const csv = reportCsv(r, 'quantites').slice(1).trim().split('\r\n');
		expect(csv).toEqual([
			'Produit;Unité;Reçu;Distribué;En stock en fin de période;Perdu;Ménages aidés;Personnes aidées',
			'Lait FSE+;pièces;200;6;190;4;2;4',
			'Total;;;;;;2;4'
		]);
		const sheets = readXlsx(await reportXlsx(r));
		expect(sheets.map((x) => x.rows.length)).toEqual([3, 3]);
		expect(sheets[1]!.rows[0]!.slice(0, 2)).toEqual(['Produit', 'Reçu, poids (kg)']);
		expect(sheets[1]!.rows[1]).toEqual(['Lait FSE+', 206, 6.18, 195.7, 4.12, 200, 6, 190, 4]);
		// Stock at the end of an earlier month: before anything was received.
		const before = await runReport(t.db, s.org.actors.manager, 'fse', q({ period: 'custom', from: '2020-01-01', to: '2020-01-31' }));
		expect(before.tables[0]!.rows).toEqual([]);
		// Never named: no household name, reference or id anywhere in the reports.
		const sales = await runReport(t.db, s.org.actors.manager, 'sales', q({ period: 'month', from: TODAY }));
		for (const report of [r, sales]) {
			const text = JSON.stringify(report);
			for (const h of [s.household, second]) {
				expect(text).not.toContain(h.householdId);
				expect(text).not.toContain(h.reference);
			}
			expect(text).not.toMatch(/Martin-|Jeanne/);
		}
		// Another organisation and the stockroom site see none of these sales.
		const other = await makeOrg(t.db);
		expect((await runReport(t.db, other.actors.manager, 'fse', q({ period: 'month', from: TODAY }))).tables[0]!.rows).toEqual([]);
		const reserve = await runReport(t.db, s.org.actors.manager, 'fse', q({ period: 'month', from: TODAY, site: s.org.siteIds.epicerie }));
		expect(fig(reserve)).toMatchObject({ households: 2, people: 4 });
	});
});
