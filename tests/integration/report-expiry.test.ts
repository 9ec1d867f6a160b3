// Expiry report and rescues (issue 12): the lists are right on constructed data; on random lots
// (fast-check) every figure equals the sum of the lots it lists, computed here independently; the site,
// the organisation and the roles bound what is seen; a rescue moves or gives through the ledger, is
// audited, is refused (changing nothing) for recalled, DLC-past and too-old lots, is undone by a
// correction, and the kg saved add up.
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locations, lots, stockMovements } from '$lib/server/db/schema';
import { runReport } from '$lib/server/reports/registry';
import { correctMovement } from '$lib/server/stock/lots';
import { rescueLot } from '$lib/server/stock/rescue';
import { setDlcAlertDays } from '$lib/server/stock/settings';
import { addDays, shopToday } from '$lib/stock/dates';
import { movementText } from '$lib/stock/labels';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeLot, movementAt } from '../helpers/reports';
import { makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();
const q = (s: Record<string, string> = {}) => new URLSearchParams(s);
// 11:00 in Paris on 20 November 2026.
const now = new Date('2026-11-20T10:00:00Z');
const today = '2026-11-20';
const longAgo = new Date('2026-10-01T10:00:00Z');

const codes = (r: Awaited<ReturnType<typeof runReport>>, id: string) => r.tables.find((x) => x.id === id)!.rows.map((row) => row.code);
const figures = (r: Awaited<ReturnType<typeof runReport>>) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));

/** A lot with `qty` received long ago, of a piece product weighing 250 g at 1,20 €. */
async function lotWith(
	org: OrgFixture,
	productId: string,
	originId: string,
	l: { date: string | null; dateType: 'dlc' | 'ddm' | 'none'; qty: number; locationId?: string }
) {
	const lot = await makeLot(t.db, org, { productId, originId, date: l.date, dateType: l.dateType, locationId: l.locationId });
	await movementAt(t.db, org, { lotId: lot.id, quantity: l.qty, kind: 'reception', at: longAgo, toLocationId: l.locationId ?? org.locationId });
	return lot;
}

describe('expiry report', () => {
	it('lists DLC past, DLC within N days, DDM past and what to save, with the suggested action', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 250, referencePriceCents: 120, dateType: 'dlc' });
		const past = await lotWith(org, p.id, origin.id, { date: '2026-11-18', dateType: 'dlc', qty: 10 });
		const todayLot = await lotWith(org, p.id, origin.id, { date: today, dateType: 'dlc', qty: 4 });
		const in2 = await lotWith(org, p.id, origin.id, { date: '2026-11-22', dateType: 'dlc', qty: 6 });
		const in5 = await lotWith(org, p.id, origin.id, { date: '2026-11-25', dateType: 'dlc', qty: 100 });
		const in10 = await lotWith(org, p.id, origin.id, { date: '2026-11-30', dateType: 'dlc', qty: 3 });
		const ddmOld = await lotWith(org, p.id, origin.id, { date: '2026-06-01', dateType: 'ddm', qty: 2 });
		const ddmRecent = await lotWith(org, p.id, origin.id, { date: '2026-11-01', dateType: 'ddm', qty: 2 });
		const blocked = await lotWith(org, p.id, origin.id, { date: today, dateType: 'dlc', qty: 5 });
		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, blocked.id));
		// Sales of the last 28 days: 28 pieces, 1 a day: 6 days before the DLC of in5 sell 6, not 100.
		const sold = await lotWith(org, p.id, origin.id, { date: null, dateType: 'none', qty: 30 });
		await movementAt(t.db, org, { lotId: sold.id, quantity: -28, kind: 'sale', at: new Date('2026-11-10T10:00:00Z') });
		// Another organisation's DLC-past lot is never seen.
		const theirOrigin = await makeOrigin(t.db, other);
		const theirs = await makeProduct(t.db, other, { unit: 'piece', netWeightGrams: 100 });
		await lotWith(other, theirs.id, theirOrigin.id, { date: '2026-11-01', dateType: 'dlc', qty: 1 });

		const r = await runReport(t.db, org.actors.supervisor, 'expiry', q({ days: '7' }), { now });
		expect(codes(r, 'dlc-passee')).toEqual([past.code]);
		expect(codes(r, 'dlc-bientot').sort()).toEqual([todayLot.code, blocked.code, in2.code, in5.code].sort());
		expect(codes(r, 'ddm-passee')).toEqual([ddmOld.code, ddmRecent.code]);
		const rescue = r.tables.find((x) => x.id === 'a-sauver')!;
		const action = Object.fromEntries(rescue.rows.map((row) => [row.code, row.action]));
		expect(action).toEqual({ [todayLot.code]: 'free_shelf', [in2.code]: 'parcel', [in5.code]: 'partner', [ddmOld.code]: 'partner' });
		// The DLC-past lot links to its page, where the write-off is.
		expect(r.tables.find((x) => x.id === 'dlc-passee')!.links![past.code]).toBe(`/stock/lots/${past.code}`);
		const pastRow = r.tables.find((x) => x.id === 'dlc-passee')!.rows[0]!;
		expect(pastRow).toMatchObject({ days: 2, quantity: 10, unit: 'pièces', grams: 2500, cents: 1200, date: '2026-11-18' });
		expect(figures(r)).toMatchObject({ dlc_past_lots: 1, dlc_past_grams: 2500, dlc_past_cents: 1200, dlc_soon_lots: 4, ddm_past_lots: 2, rescue_lots: 4 });
		expect(r.period).toEqual({ kind: 'custom', from: today, to: today });

		// The window: default the organisation's alert days (3): in5 is no longer "soon".
		const d3 = await runReport(t.db, org.actors.manager, 'expiry', q(), { now });
		expect(codes(d3, 'dlc-bientot')).not.toContain(in5.code);
		await setDlcAlertDays(t.db, org.actors.manager, 10);
		expect(codes(await runReport(t.db, org.actors.manager, 'expiry', q(), { now }), 'dlc-bientot')).toContain(in10.code);
		await expectAppError(runReport(t.db, org.actors.manager, 'expiry', q({ days: '0' }), { now }), 'invalid_parameter', 400);
		await expectAppError(runReport(t.db, org.actors.manager, 'expiry', q({ days: '91' }), { now }), 'invalid_parameter', 400);
		await expectAppError(runReport(t.db, org.actors.manager, 'expiry', q({ days: 'x' }), { now }), 'invalid_parameter', 400);

		// Roles: supervisors, managers, admins; not operators nor social workers.
		await expectAppError(runReport(t.db, org.actors.operator, 'expiry', q(), { now }), 'forbidden', 403);
		await expectAppError(runReport(t.db, org.actors.social_worker, 'expiry', q(), { now }), 'forbidden', 403);
		expect(codes(await runReport(t.db, org.actors.admin, 'expiry', q(), { now }), 'dlc-passee')).toEqual([past.code]);
		// The other organisation sees none of ours; our sites are unknown to it.
		const mine = await runReport(t.db, other.actors.manager, 'expiry', q(), { now });
		expect(codes(mine, 'dlc-passee')).toHaveLength(1);
		expect(codes(mine, 'dlc-passee')).not.toContain(past.code);
		await expectAppError(runReport(t.db, other.actors.manager, 'expiry', q({ site: org.siteIds.epicerie }), { now }), 'unknown_site', 404);
	});

	it("the site filter applies to the lot's location", async () => {
		const org = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 300 });
		const [shelf] = await t.db
			.insert(locations)
			.values({ organisationId: org.organisationId, siteId: org.siteIds.epicerie, code: 'EMP-0900', name: 'Rayon', kind: 'etagere', zone: 'ambient' })
			.returning({ id: locations.id });
		const inShop = await lotWith(org, p.id, origin.id, { date: '2026-11-19', dateType: 'dlc', qty: 1500, locationId: shelf!.id });
		const inStore = await lotWith(org, p.id, origin.id, { date: '2026-11-19', dateType: 'dlc', qty: 500 });
		const shop = await runReport(t.db, org.actors.manager, 'expiry', q({ site: org.siteIds.epicerie }), { now });
		expect(codes(shop, 'dlc-passee')).toEqual([inShop.code]);
		expect(figures(shop)).toMatchObject({ dlc_past_grams: 1500, dlc_past_cents: 450 });
		expect(codes(await runReport(t.db, org.actors.manager, 'expiry', q({ site: org.siteIds.reserve }), { now }), 'dlc-passee')).toEqual([inStore.code]);
		expect(codes(await runReport(t.db, org.actors.manager, 'expiry', q(), { now }), 'dlc-passee').sort()).toEqual([inShop.code, inStore.code].sort());
	});

	it('every figure equals the sum of the lots it lists, on random lots (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						product: fc.integer({ min: 0, max: 2 }),
						dateType: fc.constantFrom('dlc' as const, 'ddm' as const, 'none' as const),
						offset: fc.integer({ min: -150, max: 20 }),
						qty: fc.integer({ min: 0, max: 50 })
					}),
					{ minLength: 1, maxLength: 10 }
				),
				fc.integer({ min: 1, max: 15 }),
				async (spec, days) => {
					const org = await makeOrg(t.db);
					const origin = await makeOrigin(t.db, org);
					const products = [
						await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 250, referencePriceCents: 120 }),
						// 2 € a kg: no value ends in half a cent (PostgreSQL rounds a float8 half to even, JavaScript up; see sql.ts valueOf).
						await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 200 }),
						await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: null, referencePriceCents: 75 })
					];
					const grams = (p: number, n: number) => (p === 0 ? n * 250 : p === 1 ? n : 0);
					const value = (p: number, n: number) => (p === 0 ? n * 120 : p === 1 ? Math.round((n * 200) / 1000) : n * 75);
					const exp = { dlc_past: [0, 0, 0], dlc_soon: [0, 0, 0], ddm_past: [0, 0, 0] } as Record<string, number[]>;
					for (const s of spec) {
						const date = s.dateType === 'none' ? null : addDays(today, s.offset);
						const lot = await makeLot(t.db, org, { productId: products[s.product]!.id, originId: origin.id, date, dateType: s.dateType });
						if (s.qty > 0) await movementAt(t.db, org, { lotId: lot.id, quantity: s.qty, kind: 'reception', at: longAgo });
						if (s.qty === 0 || s.dateType === 'none') continue;
						const key = s.dateType === 'ddm' ? (s.offset < 0 ? 'ddm_past' : null) : s.offset < 0 ? 'dlc_past' : s.offset <= days ? 'dlc_soon' : null;
						if (!key) continue;
						exp[key]![0]! += 1;
						exp[key]![1]! += grams(s.product, s.qty);
						exp[key]![2]! += value(s.product, s.qty);
					}
					const r = await runReport(t.db, org.actors.manager, 'expiry', q({ days: String(days) }), { now });
					const fig = figures(r);
					for (const [key, table] of [
						['dlc_past', 'dlc-passee'],
						['dlc_soon', 'dlc-bientot'],
						['ddm_past', 'ddm-passee']
					] as const) {
						const tb = r.tables.find((x) => x.id === table)!;
						const sum = (k: string) => tb.rows.reduce((a, row) => a + (Number(row[k]) || 0), 0);
						expect(fig[`${key}_lots`]).toBe(exp[key]![0]);
						expect(fig[`${key}_grams`] ?? 0).toBe(exp[key]![1]);
						expect(fig[`${key}_cents`]).toBe(exp[key]![2]);
						expect(tb.rows).toHaveLength(exp[key]![0]!);
						expect(sum('grams')).toBe(exp[key]![1]);
						expect(sum('cents')).toBe(exp[key]![2]);
						expect(tb.total!.cents).toBe(exp[key]![2]);
					}
					const rescue = r.tables.find((x) => x.id === 'a-sauver')!;
					expect(fig.rescue_lots).toBe(rescue.rows.length);
					expect(fig.rescue_grams ?? 0).toBe(rescue.rows.reduce((a, row) => a + (Number(row.grams) || 0), 0));
				}
			),
			{ numRuns: 8 }
		);
	});
});

describe('rescues', () => {
	/** Lots dated relative to the real today (the ledger checks DLCs against the clock). */
	async function setup() {
		const org = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 200, referencePriceCents: 100 });
		const real = shopToday(new Date());
		const lot = (offset: number, dateType: 'dlc' | 'ddm' = 'dlc', qty = 10) => lotWith(org, p.id, origin.id, { date: addDays(real, offset), dateType, qty });
		const [shelf] = await t.db
			.insert(locations)
			.values({ organisationId: org.organisationId, siteId: org.siteIds.epicerie, code: 'EMP-0950', name: 'Rayon gratuit', kind: 'etagere', zone: 'ambient' })
			.returning({ id: locations.id });
		return { org, lot, shelf: shelf!.id };
	}
	const balance = async (id: string) => (await t.db.select({ n: lots.onHand, loc: lots.locationId }).from(lots).where(eq(lots.id, id)))[0]!;
	const movements = async (org: OrgFixture, lotId: string) =>
		t.db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.organisationId, org.organisationId), eq(stockMovements.lotId, lotId)))
			.orderBy(stockMovements.id);

	it('puts on the free shelf (stays in stock), gives to a partner, puts in a parcel; audited; the history reads well; kg saved add up', async () => {
		const { org, lot, shelf } = await setup();
		const a = await lot(0);
		const b = await lot(2);
		const c = await lot(1);
		const sup = org.actors.supervisor;
		const r1 = await rescueLot(t.db, sup, { lotId: a.id, action: 'free_shelf', locationId: shelf });
		expect(r1).toMatchObject({ code: a.code, action: 'free_shelf', quantity: 10 });
		expect(await balance(a.id)).toEqual({ n: 10, loc: shelf });
		const r2 = await rescueLot(t.db, org.actors.manager, { lotId: b.id, action: 'partner', partner: ' Restos du Cœur ', quantity: 4 });
		expect(r2.quantity).toBe(4);
		expect((await balance(b.id)).n).toBe(6);
		await rescueLot(t.db, org.actors.admin, { lotId: c.id, action: 'parcel' });
		expect((await balance(c.id)).n).toBe(0);

		const [, give] = await movements(org, b.id);
		expect(give).toMatchObject({ kind: 'distribution', reason: 'rescue_partner', note: 'Restos du Cœur', quantity: -4 });
		expect(movementText(give!.kind, give!.reason, give!.note)).toBe('Distribution – Donné à un partenaire : Restos du Cœur');
		const [, move] = await movements(org, a.id);
		expect(move).toMatchObject({ kind: 'move', reason: 'rescue_free_shelf', quantity: 0, toLocationId: shelf });
		const audits = await auditRows(t.db, org.organisationId, 'stock.rescue');
		expect(audits.map((x) => (x.details as Record<string, unknown>).action)).toEqual(['free_shelf', 'partner', 'parcel']);

		// Kg saved this month: 10 + 4 + 10 pieces of 200 g; 24 €.
		const r = await runReport(t.db, sup, 'expiry', q(), { now: new Date() });
		expect(figures(r)).toMatchObject({ saved_grams: 24 * 200, saved_cents: 2400 });
		const saved = r.tables.find((x) => x.id === 'sauves')!;
		expect(saved.rows.reduce((s, row) => s + Number(row.grams), 0)).toBe(24 * 200);
		expect(saved.rows.map((row) => row.action).sort()).toEqual(['Donné à un partenaire', 'Mis au rayon gratuit', 'Mis dans un colis']);

		// A mistaken rescue is undone by a correction: the goods come back, the location too, and it no longer counts as saved.
		await correctMovement(t.db, sup, give!.id, 'Erreur de lot');
		expect((await balance(b.id)).n).toBe(10);
		await correctMovement(t.db, sup, move!.id, 'Pas le bon rayon');
		expect(await balance(a.id)).toEqual({ n: 10, loc: org.locationId });
		const after = await runReport(t.db, sup, 'expiry', q(), { now: new Date() });
		expect(figures(after)).toMatchObject({ saved_grams: 10 * 200, saved_cents: 1000 });
	});

	it('refuses recalled, DLC-past and too-old lots, bad input and operators, changing nothing', async () => {
		const { org, lot, shelf } = await setup();
		const sup = org.actors.supervisor;
		const past = await lot(-1);
		const recalled = await lot(1);
		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, recalled.id));
		const old = await lot(-200, 'ddm');
		const fine = await lot(1);
		const snapshot = async () => Promise.all([past, recalled, old, fine].map(async (l) => [await balance(l.id), (await movements(org, l.id)).length]));
		const before = await snapshot();
		for (const action of ['free_shelf', 'parcel', 'partner'] as const) {
			const e = await expectAppError(rescueLot(t.db, sup, { lotId: past.id, action, locationId: shelf, partner: 'Asso' }), 'rescue_dlc_past', 409);
			expect(e.message).toMatch(/poubelle/);
			await expectAppError(rescueLot(t.db, sup, { lotId: recalled.id, action, locationId: shelf, partner: 'Asso' }), 'rescue_blocked', 409);
		}
		await expectAppError(rescueLot(t.db, sup, { lotId: old.id, action: 'parcel' }), 'rescue_ddm_too_old', 409);
		await expectAppError(rescueLot(t.db, sup, { lotId: old.id, action: 'free_shelf', locationId: shelf }), 'rescue_ddm_too_old', 409);
		await expectAppError(rescueLot(t.db, sup, { lotId: fine.id, action: 'partner' }), 'partner_required', 400);
		await expectAppError(rescueLot(t.db, sup, { lotId: fine.id, action: 'free_shelf' }), 'location_required', 400);
		await expectAppError(rescueLot(t.db, sup, { lotId: fine.id, action: 'bin' }), 'rescue_action_invalid', 400);
		await expectAppError(rescueLot(t.db, sup, { lotId: fine.id, action: 'parcel', quantity: 11 }), 'insufficient_stock', 409);
		await expectAppError(rescueLot(t.db, sup, { lotId: fine.id, action: 'parcel', quantity: 0 }), 'quantity_invalid', 400);
		await expectAppError(rescueLot(t.db, org.actors.operator, { lotId: fine.id, action: 'parcel' }), 'forbidden', 403);
		// Another organisation's lot and location: not found.
		const other = await makeOrg(t.db);
		await expectAppError(rescueLot(t.db, other.actors.manager, { lotId: fine.id, action: 'parcel' }), 'lot_not_found', 404);
		await expectAppError(rescueLot(t.db, sup, { lotId: fine.id, action: 'free_shelf', locationId: other.locationId }), 'location_not_found', 404);
		expect(await snapshot()).toEqual(before);
		expect(await auditRows(t.db, org.organisationId, 'stock.rescue')).toEqual([]);
		// The too-old DDM may still go to a partner.
		await rescueLot(t.db, sup, { lotId: old.id, action: 'partner', partner: 'Asso du quartier' });
		expect((await balance(old.id)).n).toBe(0);
	});
});
