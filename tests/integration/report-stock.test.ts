// Stock report (issue 12): the stock at the end of a past day, rebuilt from the ledger, equals what the
// lots held then — computed here from the generated movements (fast-check); per category too; the
// location a lot had then, the site filter, the ageing bands, the organisation bound and the roles.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categories } from '$lib/server/db/schema';
import { runReport } from '$lib/server/reports/registry';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { makeLot, movementAt } from '../helpers/reports';
import { makeLocation, makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const now = new Date('2026-12-01T10:00:00Z');
/** Noon UTC of day `n` of November 2026 (n may go out of the month). */
const nov = (n: number) => new Date(Date.UTC(2026, 10, n, 12));
/** The end of day `n` of November 2026 in Paris (UTC+1): the start of the next day. */
const endOfNov = (n: number) => new Date(Date.UTC(2026, 10, n + 1) - 3_600_000);
const isoNov = (n: number) => nov(n).toISOString().slice(0, 10);
const figures = (r: { figures: { id: string; value: number | null }[] }) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));

describe('stock report', () => {
	it('the stock at the end of a past day equals what the lots held then (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						product: fc.integer({ min: 0, max: 2 }),
						received: fc.integer({ min: 1, max: 25 }),
						quantity: fc.integer({ min: 1, max: 200 }),
						outs: fc.array(fc.record({ day: fc.integer({ min: 1, max: 30 }), part: fc.integer({ min: 1, max: 40 }) }), { maxLength: 4 })
					}),
					{ minLength: 1, maxLength: 8 }
				),
				fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 3 }),
				async (lots, days) => {
					const org = await makeOrg(t.db);
					const origin = await makeOrigin(t.db, org);
					const [dry, fresh] = await t.db
						.insert(categories)
						.values([
							{ organisationId: org.organisationId, name: 'Épicerie' },
							{ organisationId: org.organisationId, name: 'Frais' }
						])
						.returning({ id: categories.id });
					const products = [
						await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 250, referencePriceCents: 120, categoryId: dry!.id }),
						await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 300, categoryId: fresh!.id }),
						await makeProduct(t.db, org, { unit: 'litre', netWeightGrams: 1030, referencePriceCents: 95, categoryId: dry!.id })
					];
					const grams = (p: number, qty: number) => (p === 0 ? qty * 250 : p === 1 ? qty : (qty * 1030) / 1000);
					const value = (p: number, qty: number) => (p === 0 ? qty * 120 : Math.round((qty * (p === 1 ? 300 : 95)) / 1000));
					const ledger: { product: number; at: Date; quantity: number; lot: string }[] = [];
					for (const l of lots) {
						const lot = await makeLot(t.db, org, { productId: products[l.product]!.id, originId: origin.id });
						await movementAt(t.db, org, { lotId: lot.id, quantity: l.quantity, kind: 'reception', at: nov(l.received) });
						ledger.push({ product: l.product, at: nov(l.received), quantity: l.quantity, lot: lot.id });
						let left = l.quantity;
						for (const o of l.outs) {
							const out = Math.min(left, o.part);
							if (out === 0) break;
							left -= out;
							const at = nov(Math.max(o.day, l.received));
							await movementAt(t.db, org, { lotId: lot.id, quantity: -out, kind: o.part % 2 ? 'sale' : 'loss', at });
							ledger.push({ product: l.product, at, quantity: -out, lot: lot.id });
						}
					}
					for (const d of days) {
						const end = endOfNov(d);
						const held = new Map<string, { product: number; q: number }>();
						for (const e of ledger.filter((x) => x.at < end)) {
							const h = held.get(e.lot) ?? { product: e.product, q: 0 };
							h.q += e.quantity;
							held.set(e.lot, h);
						}
						let cents = 0;
						let g = 0;
						let n = 0;
						const perCategory = { Épicerie: 0, Frais: 0 };
						for (const h of held.values()) {
							if (h.q === 0) continue;
							n++;
							cents += value(h.product, h.q);
							g += grams(h.product, h.q);
							perCategory[h.product === 1 ? 'Frais' : 'Épicerie'] += value(h.product, h.q);
						}
						const r = await runReport(t.db, org.actors.manager, 'stock', q({ at: d === 0 ? '2026-10-31' : isoNov(d) }), { now });
						const fig = figures(r);
						expect(fig.cents).toBe(cents);
						expect(fig.grams ?? 0).toBeCloseTo(g, 6);
						expect(fig.lots).toBe(n);
						const byCat = r.tables.find((x) => x.id === 'categories')!;
						for (const [name, v] of Object.entries(perCategory)) expect(byCat.rows.find((row) => row.category === name)?.cents ?? 0).toBe(v);
						for (const table of r.tables) {
							expect(table.rows.reduce((s, row) => s + (Number(row.cents) || 0), 0)).toBe(cents);
							expect(table.rows.reduce((s, row) => s + (Number(row.lots) || 0), 0)).toBe(n);
							expect(table.total!.cents).toBe(cents);
						}
					}
				}
			),
			{ numRuns: 8 }
		);
	});

	it('places lots where they were, filters a site, ages lots, bounds the organisation, checks the day and the roles', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org, { name: 'Banque alimentaire' });
		const fse = await makeOrigin(t.db, org, { name: 'Lot FSE+', fse: true });
		const pasta = await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 500, referencePriceCents: 100 });
		const mystery = await makeProduct(t.db, org, { unit: 'piece', referencePriceCents: 200 });
		const shelf = await makeLocation(t.db, org, 'ambient');
		const a = await makeLot(t.db, org, { productId: pasta.id, originId: origin.id, locationId: shelf.id });
		const b = await makeLot(t.db, org, { productId: mystery.id, originId: fse.id, locationId: null });
		// a: received 1 June, moved from org.locationId to the shelf on 20 November.
		await movementAt(t.db, org, { lotId: a.id, quantity: 10, kind: 'reception', at: new Date('2026-06-01T08:00:00Z'), toLocationId: org.locationId });
		await movementAt(t.db, org, { lotId: a.id, quantity: 0, kind: 'move', at: nov(20), toLocationId: shelf.id });
		// b: received 10 November, no location.
		await movementAt(t.db, org, { lotId: b.id, quantity: 4, kind: 'reception', at: nov(10) });

		const r15 = await runReport(t.db, org.actors.supervisor, 'stock', q({ at: '2026-11-15' }), { now });
		expect(figures(r15)).toMatchObject({ cents: 1000 + 800, grams: 5000, lots: 2, unknownWeight: 1 });
		expect(r15.notes[0]!.href).toBe('/catalogue?poids=inconnu');
		expect(r15.period).toEqual({ kind: 'custom', from: '2026-11-15', to: '2026-11-15' });
		const locs15 = r15.tables.find((x) => x.id === 'emplacements')!.rows;
		// Before the move, the lot was at the fixture's location; the lot without a location comes last.
		expect(locs15.map((x) => [x.lots, x.cents])).toEqual([
			[1, 1000],
			[1, 800]
		]);
		expect(locs15.at(-1)!.location).toBe('Sans emplacement');
		expect(r15.tables.find((x) => x.id === 'origines')!.rows.find((x) => x.origin === 'Lot FSE+')!.kind).toMatch(/FSE\+/);
		// Ageing on 15 November: a is 167 days old (91–180), b 5 days (0–30).
		const ages = r15.tables.find((x) => x.id === 'age')!.rows;
		expect(ages.map((x) => x.lots)).toEqual([1, 0, 1, 0]);
		// On 25 November the lot is on the shelf: another location.
		const r25 = await runReport(t.db, org.actors.manager, 'stock', q({ at: '2026-11-25' }), { now });
		const shelfRow = r25.tables.find((x) => x.id === 'emplacements')!.rows[0]!;
		expect(shelfRow.location).not.toBe(locs15[0]!.location);
		// Site: both locations are in the stockroom; the lot without a location counts under "all sites" only.
		const reserve = await runReport(t.db, org.actors.manager, 'stock', q({ at: '2026-11-15', site: org.siteIds.reserve }), { now });
		expect(figures(reserve)).toMatchObject({ cents: 1000, lots: 1 });
		const shop = await runReport(t.db, org.actors.manager, 'stock', q({ at: '2026-11-15', site: org.siteIds.epicerie }), { now });
		expect(figures(shop)).toMatchObject({ cents: 0, lots: 0 });
		// Before anything was received: nothing.
		expect(figures(await runReport(t.db, org.actors.manager, 'stock', q({ at: '2026-05-31' }), { now }))).toMatchObject({ cents: 0, lots: 0 });
		// Default: today.
		expect((await runReport(t.db, org.actors.manager, 'stock', q({}), { now })).period.to).toBe('2026-12-01');
		// Another organisation sees nothing.
		expect(figures(await runReport(t.db, other.actors.manager, 'stock', q({ at: '2026-11-15' }), { now }))).toMatchObject({ cents: 0, lots: 0 });
		// A day after today, or not a day: a French 400.
		const bad = await expectAppError(runReport(t.db, org.actors.manager, 'stock', q({ at: '2026-12-02' }), { now }), 'invalid_parameter', 400);
		expect(bad.message).toMatch(/pas après aujourd'hui/);
		await expectAppError(runReport(t.db, org.actors.manager, 'stock', q({ at: '31/12/2025' }), { now }), 'invalid_parameter', 400);
		// Roles: operators and social workers may not read it.
		await expectAppError(runReport(t.db, org.actors.operator, 'stock', q({}), { now }), 'forbidden', 403);
		await expectAppError(runReport(t.db, org.actors.social_worker, 'stock', q({}), { now }), 'forbidden', 403);
	});
});
