import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { lots, organisations } from '$lib/server/db/schema';
import { listAudit } from '$lib/server/audit';
import { createLot, recordLoss } from '$lib/server/stock/lots';
import { shelveByScan, shelvingContext } from '$lib/server/stock/shelving';
import { getLotByCode, lotHistory, lotLabels, productLots, recallLots, stockAlerts, stockByProduct } from '$lib/server/stock/views';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { makeLocation, makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();

function receive(
	db: Database,
	actor: Actor,
	productId: string,
	originId: string,
	quantity: number,
	date: string | null,
	extra: { dateType?: 'dlc' | 'ddm' | 'none'; lotNumber?: string; locationId?: string } = {}
) {
	return db.transaction((tx) =>
		createLot(tx, actor, {
			productId,
			originId,
			date,
			dateType: extra.dateType ?? (date ? 'ddm' : 'none'),
			quantity,
			lotNumber: extra.lotNumber,
			locationId: extra.locationId
		})
	);
}

describe('stock views', () => {
	it('lists lots FEFO, values stock at the reference price, and raises alerts', async () => {
		const org = await makeOrg(t.db);
		const op = org.actors.operator;
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org, { name: 'Compote', referencePriceCents: 200 });
		const late = await receive(t.db, op, p.id, o.id, 5, '2027-03-01');
		const soon = await receive(t.db, op, p.id, o.id, 2, '2026-11-25', { dateType: 'dlc', locationId: org.locationId });
		const undated = await receive(t.db, op, p.id, o.id, 1, null);
		const oldDdm = await receive(t.db, op, p.id, o.id, 3, '2026-10-01', { locationId: org.locationId });
		expect((await productLots(t.db, op, p.id)).map((l) => l.code)).toEqual([oldDdm.code, soon.code, late.code, undated.code]);
		const { rows } = await stockByProduct(t.db, op, { q: 'compo' });
		expect(rows).toEqual([expect.objectContaining({ name: 'Compote', onHand: 11, lotCount: 4, firstDate: '2026-10-01', referencePriceCents: 200 })]);
		const alerts = await stockAlerts(t.db, op, { days: 3, now: new Date('2026-11-23T10:00:00Z') });
		expect(alerts.dlcSoon.map((l) => l.code)).toEqual([soon.code]);
		expect(alerts.ddmPast.map((l) => l.code)).toEqual([oldDdm.code]);
		expect(alerts.noLocation.map((l) => l.code).sort()).toEqual([late.code, undated.code].sort());
		expect((await stockAlerts(t.db, op, { days: 1, now: new Date('2026-11-23T10:00:00Z') })).dlcSoon).toEqual([]);
		// The organisation's setting replaces the default of 3 days.
		expect((await stockAlerts(t.db, op, { now: new Date('2026-11-23T10:00:00Z') })).days).toBe(3);
		await t.db
			.update(organisations)
			.set({ settings: { 'stock.dlcAlertDays': 1 } })
			.where(eq(organisations.id, org.organisationId));
		const narrow = await stockAlerts(t.db, op, { now: new Date('2026-11-23T10:00:00Z') });
		expect([narrow.days, narrow.dlcSoon]).toEqual([1, []]);
	});

	it('prints labels whose QR leads to the lot, with the FSE+ flag, only for the organisation', async () => {
		const org = await makeOrg(t.db);
		const fse = await makeOrigin(t.db, org, { kind: 'fse', fse: true, name: 'FSE+' });
		const p = await makeProduct(t.db, org);
		const lot = await receive(t.db, org.actors.operator, p.id, fse.id, 4, '2027-01-01');
		const [label] = await lotLabels(t.db, org.actors.operator, { codes: [lot.code] }, 'http://shop.test');
		expect(label).toMatchObject({ code: lot.code, fse: true, onHand: 4, date: '2027-01-01', dateType: 'ddm' });
		expect(label!.qr).toContain('<svg');
		const other = await makeOrg(t.db);
		expect(await lotLabels(t.db, other.actors.operator, { codes: [lot.code] }, 'http://shop.test')).toEqual([]);
		await expectAppError(getLotByCode(t.db, other.actors.operator, lot.code), 'lot_not_found', 404);
	});

	it('shelves by scans: proposes where the product is, warns about older lots, splits on a part', async () => {
		const org = await makeOrg(t.db);
		const op = org.actors.operator;
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org);
		const shelf = await makeLocation(t.db, org, 'ambient');
		const older = await receive(t.db, op, p.id, o.id, 6, '2026-12-01', { locationId: org.locationId });
		const lot = await receive(t.db, op, p.id, o.id, 10, '2027-02-01');
		const ctx = await shelvingContext(t.db, op, `http://shop.test/stock/lots/${lot.code}`);
		expect(ctx.lot.code).toBe(lot.code);
		expect(ctx.places.map((x) => x.code)).toEqual(['EMP-0001']);
		expect(ctx.older.map((x) => x.code)).toEqual([older.code]);
		const part = await shelveByScan(t.db, op, { lot: lot.code, location: shelf.code.toLowerCase(), quantity: '4' });
		expect(part.split).toBe(true);
		const whole = await shelveByScan(t.db, op, { lot: lot.code, location: shelf.code });
		expect(whole.split).toBe(false);
		const [parent] = await t.db.select().from(lots).where(eq(lots.id, lot.id));
		expect([parent!.onHand, parent!.locationId]).toEqual([6, shelf.id]);
		await expectAppError(shelveByScan(t.db, op, { lot: '3017620422003', location: shelf.code }), 'not_a_lot', 400);
		await expectAppError(shelveByScan(t.db, op, { lot: lot.code, location: lot.code }), 'not_a_location', 400);
		await expectAppError(shelveByScan(t.db, op, { lot: lot.code, location: 'EMP-9999' }), 'location_not_found', 404);
		await expectAppError(shelveByScan(t.db, op, { lot: lot.code, location: shelf.code, quantity: '7' }), 'insufficient_stock', 409);
		const history = await lotHistory(t.db, op, lot.id);
		expect(history.map((h) => [h.kind, h.quantity])).toEqual([
			['reception', 10],
			['move', -4],
			['move', 0]
		]);
		expect(history[0]!.person).toContain('Prénom-operator');
	});

	it('recalls by lot number: blocks the lots and lists their places; supervisors only', async () => {
		const org = await makeOrg(t.db);
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org);
		const a = await receive(t.db, org.actors.operator, p.id, o.id, 3, '2027-01-01', { lotNumber: 'X99', locationId: org.locationId });
		await receive(t.db, org.actors.operator, p.id, o.id, 3, '2027-01-01', { lotNumber: 'Y00' });
		await expectAppError(recallLots(t.db, org.actors.operator, { lotNumber: 'X99' }), 'forbidden', 403);
		await expectAppError(recallLots(t.db, org.actors.supervisor, { lotNumber: 'NOPE' }), 'recall_no_lot', 404);
		const hit = await recallLots(t.db, org.actors.supervisor, { lotNumber: 'X99' });
		expect(hit.map((l) => [l.code, l.blocked, l.locationCode])).toEqual([[a.code, true, 'EMP-0001']]);
		const all = await t.db.select().from(lots).where(eq(lots.productId, p.id));
		expect(all.filter((l) => l.blocked).map((l) => l.id)).toEqual([a.id]);
	});

	it('names lots in the journal by their code', async () => {
		const org = await makeOrg(t.db);
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org);
		const lot = await receive(t.db, org.actors.operator, p.id, o.id, 3, null);
		await recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 1, reason: 'broken' });
		const { rows } = await listAudit(t.db, org.actors.manager, { action: 'stock.loss' });
		expect(rows.map((r) => [r.entityType, r.entityName])).toEqual([['lot', lot.code]]);
	});
});
