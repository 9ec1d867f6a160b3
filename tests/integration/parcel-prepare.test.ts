import { and, asc, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Database } from '$lib/server/db';
import { distributionDays, locations, lots, parcelLines, parcels, stockMovements, workEvents } from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';
import { markPrepared, parcelLabel, parcelsToPrepare, pickList, returnParcelLots, scanForParcel, unpick } from '$lib/server/parcels/prepare';
import { startCount, countLot } from '$lib/server/stock/counts';
import { moveLot, recordLoss } from '$lib/server/stock/lots';
import { rescueLot } from '$lib/server/stock/rescue';
import { addDays } from '$lib/stock/dates';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError } from '../helpers/fixtures';
import { addParcel, lotIn, makeParcelFixture } from '../helpers/parcels';
import { TODAY } from '../helpers/till';
import { expectLedgerBalanced } from '../helpers/till-state';

/*
 * Preparing parcels (issue 14, item 4) on both databases. The fixture inserts a parcel right, a template,
 * a distribution day and parcels directly (the rights' and days' services are written beside this one).
 */
const t = useTestDatabase();

/** Everything a refused call must leave unchanged. */
async function snapshot(db: Database, orgId: string) {
	const [l, mv, pl, p, loc] = await Promise.all([
		db.select({ id: lots.id, onHand: lots.onHand, locationId: lots.locationId }).from(lots).where(eq(lots.organisationId, orgId)).orderBy(asc(lots.code)),
		db
			.select({ n: sql<number>`count(*)::int` })
			.from(stockMovements)
			.where(eq(stockMovements.organisationId, orgId)),
		db.select().from(parcelLines).where(eq(parcelLines.organisationId, orgId)).orderBy(asc(parcelLines.id)),
		db.select({ id: parcels.id, status: parcels.status, cold: parcels.cold }).from(parcels).where(eq(parcels.organisationId, orgId)).orderBy(asc(parcels.id)),
		db
			.select({ n: sql<number>`count(*)::int` })
			.from(locations)
			.where(eq(locations.organisationId, orgId))
	]);
	return { l, mv, pl, p, loc };
}

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;

describe('the picking list', () => {
	test('scaled for the persons, cold last; near-date lots first, never DLC-past or blocked; substitutes and what is missing', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const loc = org.locationId;
		const far = await lotIn(t.db, op, pr.spaghetti.id, origin.id, 10, loc, { date: addDays(TODAY, 300) });
		const near = await lotIn(t.db, op, pr.spaghetti.id, origin.id, 1, loc, { date: addDays(TODAY, 2), dateType: 'dlc' });
		await lotIn(t.db, op, pr.spaghetti.id, origin.id, 5, loc, { date: addDays(TODAY, -1), dateType: 'dlc' }); // DLC past
		const blocked = await lotIn(t.db, op, pr.spaghetti.id, origin.id, 5, loc, { date: addDays(TODAY, 1), dateType: 'dlc' });
		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, blocked.id));
		const beans = await lotIn(t.db, op, pr.beans.id, origin.id, 1, loc);
		const rice = await lotIn(t.db, op, pr.rice.id, origin.id, 3000, loc); // a sibling? no: same category (Pâtes)
		const parcel = await addParcel(t.db, f, 3);

		const list = await pickList(t.db, op, parcel.id);
		expect(list.parcel).toMatchObject({ code: parcel.code, reference: parcel.reference, firstName: 'Amina', persons: 3 });
		expect(JSON.stringify(list)).not.toContain('Secret');
		expect(list.lines.map((l) => l.id)).toEqual([f.lines.pasta, f.lines.tins, f.lines.dairy]);
		const pasta = list.lines[0]!;
		expect(pasta.target).toBe(1500);
		// Near-date spaghetti (500 g) first, then FEFO: the far spaghetti lot before the rice (undated? no: DDM later).
		expect(pasta.proposals[0]).toMatchObject({ lotId: near.id, quantity: 1, near: true, counts: 500, locationCode: 'EMP-0001' });
		expect(pasta.proposals.map((p) => p.lotId)).not.toContain(blocked.id);
		expect(pasta.proposals.reduce((a, p) => a + p.counts, 0)).toBe(1500);
		expect(pasta.proposals.every((p) => !p.substitute)).toBe(true);
		expect([far.id, rice.id]).toContain(pasta.proposals[1]!.lotId);
		// Conserves: 2 wanted, 1 tin of beans, peas have none; the pasta category is a sibling: substitutes.
		const tins = list.lines[1]!;
		expect(tins.proposals[0]).toMatchObject({ lotId: beans.id, quantity: 1, substitute: false });
		expect(tins.short).toBe(true);
		expect(tins.proposals.slice(1).every((p) => p.substitute)).toBe(true);
		expect(tins.proposals.reduce((a, p) => a + p.counts, 0)).toBeLessThanOrEqual(2);
		// Laitiers: nothing in stock, nothing in the sibling categories: all missing.
		expect(list.lines[2]).toMatchObject({ cold: true, target: 2, proposals: [], missing: 2 });
		expect(list.complete).toBe(false);
		expect(list.open).toBe(true);

		const today = await parcelsToPrepare(t.db, op);
		expect(today.parcels.map((p) => p.code)).toContain(parcel.code);
	});
});

describe('scanning lots into a parcel', () => {
	test('each scan splits the quantity into a child lot in the site’s prepared-parcels place of its zone; the ledger balances', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const spaghetti = await lotIn(t.db, op, pr.spaghetti.id, origin.id, 10, org.locationId);
		const rice = await lotIn(t.db, op, pr.rice.id, origin.id, 700, org.locationId);
		const yogurt = await lotIn(t.db, op, pr.yogurt.id, origin.id, 6, f.fridge.id, { date: addDays(TODAY, 4), dateType: 'dlc' });
		const parcel = await addParcel(t.db, f, 2);

		// kg line (1 000 g): the rice lot gives what the line needs, all of its 700 g.
		const r1 = await scanForParcel(t.db, op, parcel.id, rice.code);
		expect(r1).toMatchObject({ quantity: 700, substitute: false, remaining: 300 });
		// Spaghetti 500 g a piece: 300 g left is less than a piece — too much.
		await expectAppError(scanForParcel(t.db, op, parcel.id, spaghetti.code), 'pk_too_much', 409);
		const y = await scanForParcel(t.db, op, parcel.id, ` ${yogurt.code.toLowerCase()} `);
		expect(y).toMatchObject({ quantity: 1, remaining: 1 });
		await scanForParcel(t.db, op, parcel.id, yogurt.code);
		expect(await onHand(yogurt.id)).toBe(4);
		expect(await onHand(rice.id)).toBe(0);

		const places = await t.db
			.select({ code: locations.code, name: locations.name, kind: locations.kind, zone: locations.zone, siteId: locations.siteId })
			.from(locations)
			.where(and(eq(locations.organisationId, org.organisationId), eq(locations.kind, 'colis')))
			.orderBy(asc(locations.code));
		expect(places).toEqual([
			{ code: 'COL-0001', name: 'Colis préparés', kind: 'colis', zone: 'ambient', siteId: org.siteIds.epicerie },
			{ code: 'COL-0002', name: 'Colis préparés (froid)', kind: 'colis', zone: 'chilled', siteId: org.siteIds.epicerie }
		]);
		const picked = await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcel.id)).orderBy(asc(parcelLines.at));
		expect(picked).toHaveLength(2); // the yogurt twice on one row
		const yRow = picked.find((p) => p.sourceLotId === yogurt.id)!;
		expect(yRow).toMatchObject({ quantity: 2, fromLocationId: f.fridge.id, templateLineId: f.lines.dairy, substitute: false });
		const [child] = await t.db.select().from(lots).where(eq(lots.id, yRow.parcelLotId));
		expect(child).toMatchObject({ onHand: 2, parentLotId: yogurt.id, date: addDays(TODAY, 4), dateType: 'dlc' });
		const [p] = await t.db.select({ status: parcels.status }).from(parcels).where(eq(parcels.id, parcel.id));
		expect(p!.status).toBe('preparing');

		const list = await pickList(t.db, op, parcel.id);
		expect(list.lines.find((l) => l.id === f.lines.pasta)).toMatchObject({ picked: 700, remaining: 300 });
		expect(list.lines.find((l) => l.id === f.lines.dairy)).toMatchObject({ picked: 2, remaining: 0, proposals: [] });
		// The goods in the parcel are never proposed again.
		expect(list.lines.flatMap((l) => l.proposals.map((x) => x.lotId))).not.toContain(yRow.parcelLotId);
		await expectLedgerBalanced(t.db, org.organisationId);
	});

	test('a substitute only when the own category is short, marked as such', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const beans = await lotIn(t.db, op, pr.beans.id, origin.id, 2, org.locationId);
		const spaghetti = await lotIn(t.db, op, pr.spaghetti.id, origin.id, 5, org.locationId);
		const parcel = await addParcel(t.db, f, 1);
		// Spaghetti fits its own line first (Pâtes, 500 g for one person).
		expect(await scanForParcel(t.db, op, parcel.id, spaghetti.code)).toMatchObject({ categoryName: 'Pâtes', substitute: false });
		// The Conserves line (2) can be filled with beans: spaghetti as a substitute is refused…
		const e = await expectAppError(scanForParcel(t.db, op, parcel.id, spaghetti.code), 'pk_own_first', 409);
		expect(e.message).toContain('Conserves');
		await expectAppError(scanForParcel(t.db, op, parcel.id, spaghetti.code, { templateLineId: f.lines.tins }), 'pk_own_first', 409);
		await scanForParcel(t.db, op, parcel.id, beans.code);
		await expectAppError(scanForParcel(t.db, op, parcel.id, spaghetti.code), 'pk_own_first', 409);
		// …the last tin of beans is broken: the category is short, spaghetti now comes as a substitute.
		await recordLoss(t.db, op, { lotId: beans.id, quantity: 1, reason: 'broken' });
		const list = await pickList(t.db, op, parcel.id);
		expect(list.lines.find((l) => l.id === f.lines.tins)).toMatchObject({ short: true, missing: 0, remaining: 1 });
		expect(list.lines.find((l) => l.id === f.lines.tins)!.proposals).toMatchObject([{ lotId: spaghetti.id, quantity: 1, substitute: true }]);
		const sub = await scanForParcel(t.db, op, parcel.id, spaghetti.code);
		expect(sub).toMatchObject({ categoryName: 'Conserves', substitute: true, remaining: 0 });
		// The template is never exceeded.
		await expectAppError(scanForParcel(t.db, op, parcel.id, spaghetti.code), 'pk_line_full', 409);
		const after = await pickList(t.db, op, parcel.id);
		expect(after.lines.find((l) => l.id === f.lines.tins)!.pickedLines.map((x) => x.substitute)).toEqual([false, true]);
		await expectLedgerBalanced(t.db, org.organisationId);
	});

	test('refusals in French change nothing: wrong category, DLC past, blocked, empty, in a parcel, too much, no right, other organisation, closed day, handed over', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const loc = org.locationId;
		const soap = await lotIn(t.db, op, pr.soap.id, origin.id, 5, loc);
		const past = await lotIn(t.db, op, pr.yogurt.id, origin.id, 5, f.fridge.id, { date: addDays(TODAY, -1), dateType: 'dlc' });
		const old = await lotIn(t.db, op, pr.beans.id, origin.id, 5, loc, { date: addDays(TODAY, -200), dateType: 'ddm' });
		const blocked = await lotIn(t.db, op, pr.beans.id, origin.id, 5, loc);
		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, blocked.id));
		const beans = await lotIn(t.db, op, pr.beans.id, origin.id, 5, loc);
		const empty = await lotIn(t.db, op, pr.beans.id, origin.id, 1, loc);
		await recordLoss(t.db, op, { lotId: empty.id, quantity: 1, reason: 'broken' });
		const parcel = await addParcel(t.db, f, 2);
		await scanForParcel(t.db, op, parcel.id, beans.code);
		const [inParcel] = await t.db
			.select({ code: lots.code })
			.from(parcelLines)
			.innerJoin(lots, eq(lots.id, parcelLines.parcelLotId))
			.where(eq(parcelLines.parcelId, parcel.id));

		const before = await snapshot(t.db, org.organisationId);
		const refused = async (p: Promise<unknown>, code: string, status: number, words?: RegExp) => {
			const e = await expectAppError(p, code, status);
			if (words) expect(e.message).toMatch(words);
		};
		await refused(scanForParcel(t.db, op, parcel.id, soap.code), 'pk_wrong_category', 409, /n'est pas dans une catégorie/);
		await refused(scanForParcel(t.db, op, parcel.id, past.code), 'dlc_past', 409, /DLC est passée/);
		await refused(scanForParcel(t.db, op, parcel.id, old.code), 'ddm_too_old', 409);
		await refused(scanForParcel(t.db, op, parcel.id, blocked.code), 'lot_blocked', 409, /bloqué/);
		await refused(scanForParcel(t.db, op, parcel.id, empty.code), 'lot_empty', 409, /vide/);
		await refused(scanForParcel(t.db, op, parcel.id, inParcel!.code), 'pk_lot_in_parcel', 409, /déjà dans un colis/);
		await refused(scanForParcel(t.db, op, parcel.id, beans.code, { quantity: 2 }), 'pk_too_much', 409);
		await refused(scanForParcel(t.db, op, parcel.id, 'L-999999'), 'lot_not_found', 404);
		await refused(scanForParcel(t.db, op, parcel.id, 'EMP-0001'), 'not_a_lot', 400);
		await refused(scanForParcel(t.db, op, parcel.id, beans.code, { quantity: -1 }), 'quantity_invalid', 400);
		await refused(scanForParcel(t.db, op, parcel.id, beans.code, { templateLineId: f.lines.dairy }), 'pk_wrong_category', 409);
		await refused(scanForParcel(t.db, op, 'pas-un-id', beans.code), 'pk_parcel_not_found', 404);

		// Another organisation's parcel: not found; its operator cannot reach ours either.
		const g = await makeParcelFixture(t.db);
		const theirs = await addParcel(t.db, g, 1);
		await refused(scanForParcel(t.db, op, theirs.id, beans.code), 'pk_parcel_not_found', 404);
		await refused(pickList(t.db, g.op, parcel.id), 'pk_parcel_not_found', 404);
		await refused(markPrepared(t.db, g.op, parcel.id), 'pk_parcel_not_found', 404);
		await refused(parcelLabel(t.db, g.op, parcel.id), 'pk_parcel_not_found', 404);
		// A lot of another organisation is not found.
		const theirLot = await lotIn(t.db, g.op, g.products.beans.id, g.origin.id, 3, g.org.locationId);
		await t.db
			.update(lots)
			.set({ code: `L-9${theirLot.code.slice(2)}` })
			.where(eq(lots.id, theirLot.id));
		await refused(scanForParcel(t.db, op, parcel.id, `L-9${theirLot.code.slice(2)}`), 'lot_not_found', 404);

		// A household whose parcel right is suspended, or over before the day.
		const suspended = await addParcel(t.db, f, 1, { status: 'suspended' });
		await refused(scanForParcel(t.db, op, suspended.id, beans.code), 'pk_no_right', 409, /droit colis/);
		const ended = await addParcel(t.db, f, 1, { validFrom: addDays(TODAY, -60), validTo: addDays(TODAY, -1) });
		await refused(scanForParcel(t.db, op, ended.id, beans.code), 'pk_no_right', 409);
		// Nobody else but the preparers.
		await expect(scanForParcel(t.db, org.actors.manager, parcel.id, beans.code)).rejects.toThrow();
		await expect(scanForParcel(t.db, org.actors.social_worker, parcel.id, beans.code)).rejects.toThrow();
		const now = await snapshot(t.db, org.organisationId);
		expect([now.l, now.mv, now.pl, now.loc]).toEqual([before.l, before.mv, before.pl, before.loc]);
		expect(now.p.find((x) => x.id === parcel.id)).toEqual(before.p.find((x) => x.id === parcel.id));

		// A handed-over parcel, a closed day.
		await t.db.update(parcels).set({ status: 'handed_over', handedAt: new Date(), noSignatureReason: 'test' }).where(eq(parcels.id, parcel.id));
		const handed = await snapshot(t.db, org.organisationId);
		await refused(scanForParcel(t.db, op, parcel.id, beans.code), 'pk_parcel_handed_over', 409, /déjà remis/);
		const line = (await t.db.select({ id: parcelLines.id }).from(parcelLines).where(eq(parcelLines.parcelId, parcel.id)))[0]!;
		await refused(unpick(t.db, op, parcel.id, line.id), 'pk_parcel_handed_over', 409);
		await refused(markPrepared(t.db, op, parcel.id), 'pk_parcel_handed_over', 409);
		const other = await addParcel(t.db, f, 1);
		await t.db
			.update(distributionDays)
			.set({ status: 'closed', closedAt: new Date(), closedBy: org.users.supervisor.id })
			.where(eq(distributionDays.id, f.dayId));
		await refused(scanForParcel(t.db, op, other.id, beans.code), 'pk_day_closed', 409, /fermée/);
		expect((await snapshot(t.db, org.organisationId)).l).toEqual(handed.l);
		expect((await snapshot(t.db, org.organisationId)).mv).toEqual(handed.mv);
		await expectLedgerBalanced(t.db, org.organisationId);
	});
});

describe('putting goods back, Colis prêt, the label', () => {
	test('unpick a part then the rest: back to where it was taken from; the ledger balances', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const rice = await lotIn(t.db, op, pr.rice.id, origin.id, 2000, org.locationId);
		const parcel = await addParcel(t.db, f, 2);
		await scanForParcel(t.db, op, parcel.id, rice.code, { quantity: 800 });
		const [line] = await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcel.id));
		const before = await snapshot(t.db, org.organisationId);
		await expectAppError(unpick(t.db, op, parcel.id, line!.id, 900), 'pk_unpick_too_much', 409);
		await expectAppError(unpick(t.db, op, parcel.id, crypto.randomUUID()), 'pk_pick_not_found', 404);
		expect(await snapshot(t.db, org.organisationId)).toEqual(before);

		await unpick(t.db, op, parcel.id, line!.id, 300);
		expect((await t.db.select({ q: parcelLines.quantity }).from(parcelLines).where(eq(parcelLines.id, line!.id)))[0]!.q).toBe(500);
		expect(await onHand(line!.parcelLotId)).toBe(500);
		const back = await t.db.select({ onHand: lots.onHand, locationId: lots.locationId }).from(lots).where(eq(lots.parentLotId, line!.parcelLotId));
		expect(back).toEqual([{ onHand: 300, locationId: org.locationId }]);

		await unpick(t.db, op, parcel.id, line!.id);
		expect(await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcel.id))).toEqual([]);
		const [child] = await t.db.select({ onHand: lots.onHand, locationId: lots.locationId }).from(lots).where(eq(lots.id, line!.parcelLotId));
		expect(child).toEqual({ onHand: 500, locationId: org.locationId });
		const [mv] = await t.db
			.select()
			.from(stockMovements)
			.where(eq(stockMovements.lotId, line!.parcelLotId))
			.orderBy(sql`${stockMovements.id} desc`)
			.limit(1);
		expect(mv).toMatchObject({ kind: 'move', quantity: 0, reason: 'parcel_return', toLocationId: org.locationId });
		expect((await t.db.select({ s: parcels.status }).from(parcels).where(eq(parcels.id, parcel.id)))[0]!.s).toBe('expected');
		expect(await auditRows(t.db, org.organisationId, 'parcel.unpick')).toHaveLength(2);
		await expectLedgerBalanced(t.db, org.organisationId);
	});

	test('Colis prêt: short lines recorded, cold, by whom; a work event; twice refused; the label shows reference and first name only', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const yogurt = await lotIn(t.db, op, pr.yogurt.id, origin.id, 6, f.fridge.id, { date: addDays(TODAY, 4), dateType: 'dlc' });
		const beans = await lotIn(t.db, op, pr.beans.id, origin.id, 6, org.locationId);
		const parcel = await addParcel(t.db, f, 1);
		await expectAppError(markPrepared(t.db, op, parcel.id), 'pk_nothing_picked', 409);
		await scanForParcel(t.db, op, parcel.id, yogurt.code, { quantity: 2 });
		await scanForParcel(t.db, op, parcel.id, beans.code, { quantity: 2 });
		const r = await markPrepared(t.db, op, parcel.id);
		expect(r).toEqual({ code: parcel.code, cold: true, missing: [{ category: 'Pâtes', unit: 'kg', missing: 500 }] });
		const [p] = await t.db.select().from(parcels).where(eq(parcels.id, parcel.id));
		expect(p).toMatchObject({ status: 'prepared', cold: true, preparedBy: op.userId });
		expect(p!.preparedAt).toBeInstanceOf(Date);
		const [a] = await auditRows(t.db, org.organisationId, 'parcel.prepared');
		expect(a!.details).toMatchObject({ code: parcel.code, missing: [{ category: 'Pâtes', missing: 500 }] });
		const work = await t.db
			.select()
			.from(workEvents)
			.where(and(eq(workEvents.userId, op.userId), eq(workEvents.type, 'parcel.prepared')));
		expect(work).toHaveLength(1);
		await expectAppError(markPrepared(t.db, op, parcel.id), 'pk_already_prepared', 409);

		const label = await parcelLabel(t.db, op, parcel.id);
		expect(label).toMatchObject({ code: parcel.code, reference: parcel.reference, firstName: 'Amina', day: TODAY, cold: true, persons: 1 });
		expect(label.qr).toContain('<svg');
		expect(JSON.stringify(label)).not.toContain('Secret');
	});

	test('returnParcelLots puts every child lot back where it came from (the day’s closing)', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const yogurt = await lotIn(t.db, op, pr.yogurt.id, origin.id, 6, f.fridge.id, { date: addDays(TODAY, 4), dateType: 'dlc' });
		const beans = await lotIn(t.db, op, pr.beans.id, origin.id, 6, org.locationId);
		const parcel = await addParcel(t.db, f, 1);
		await scanForParcel(t.db, op, parcel.id, yogurt.code, { quantity: 2 });
		await scanForParcel(t.db, op, parcel.id, beans.code, { quantity: 2 });
		const r = await t.db.transaction((tx) => returnParcelLots(tx, f.org.actors.supervisor, parcel.id, 'not_collected'));
		expect(r).toEqual({ lots: 2 });
		const rows = await t.db
			.select({ from: parcelLines.fromLocationId, at: lots.locationId, onHand: lots.onHand })
			.from(parcelLines)
			.innerJoin(lots, eq(lots.id, parcelLines.parcelLotId))
			.where(eq(parcelLines.parcelId, parcel.id));
		for (const x of rows) expect(x.at).toBe(x.from);
		const moves = await t.db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.organisationId, org.organisationId), eq(stockMovements.reason, 'parcel_return')));
		expect(moves.map((mv) => [mv.kind, mv.quantity, mv.note])).toEqual([
			['move', 0, 'not_collected'],
			['move', 0, 'not_collected']
		]);
		// Again: nothing left in the parcels' place, nothing moves.
		expect(await t.db.transaction((tx) => returnParcelLots(tx, f.org.actors.supervisor, parcel.id, 'not_collected'))).toEqual({ lots: 0 });
		await expectLedgerBalanced(t.db, org.organisationId);
	});
});

describe('two preparers at once', () => {
	test('never take the same last unit: one scan wins, the other is told the lot is empty, never below zero', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const { actor: op2 } = await addUser(t.db, org, ['operator']);
		for (let round = 0; round < 4; round++) {
			const lot = await lotIn(t.db, op, pr.beans.id, origin.id, 1, org.locationId);
			const a = await addParcel(t.db, f, 1);
			const b = await addParcel(t.db, f, 1);
			const scans =
				round % 2 === 0
					? [scanForParcel(t.db, op, a.id, lot.code), scanForParcel(t.db, op2, b.id, lot.code)]
					: [scanForParcel(t.db, op2, b.id, lot.code), scanForParcel(t.db, op, a.id, lot.code)];
			const results = await Promise.allSettled(scans);
			const ok = results.filter((r) => r.status === 'fulfilled');
			const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
			expect(ok).toHaveLength(1);
			expect(errors).toHaveLength(1);
			expect(errors[0]).toBeInstanceOf(AppError);
			expect(['lot_empty', 'insufficient_stock']).toContain((errors[0] as AppError).code);
			expect(await onHand(lot.id)).toBe(0);
			const lines = await t.db.select().from(parcelLines).where(eq(parcelLines.sourceLotId, lot.id));
			expect(lines).toHaveLength(1);
			expect(lines[0]!.quantity).toBe(1);
		}
		// The places were made once, whoever came first.
		const places = await t.db
			.select()
			.from(locations)
			.where(and(eq(locations.organisationId, org.organisationId), eq(locations.kind, 'colis')));
		expect(places).toHaveLength(1);
		await expectLedgerBalanced(t.db, org.organisationId);
	});

	test('the first scans of two parcels create the prepared-parcels place once', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const { actor: op2 } = await addUser(t.db, org, ['operator']);
		const l1 = await lotIn(t.db, op, pr.beans.id, origin.id, 3, org.locationId);
		const l2 = await lotIn(t.db, op, pr.peas.id, origin.id, 3, org.locationId);
		const a = await addParcel(t.db, f, 1);
		const b = await addParcel(t.db, f, 1);
		await Promise.all([scanForParcel(t.db, op, a.id, l1.code), scanForParcel(t.db, op2, b.id, l2.code)]);
		const places = await t.db
			.select({ code: locations.code })
			.from(locations)
			.where(and(eq(locations.organisationId, org.organisationId), eq(locations.kind, 'colis')));
		expect(places).toEqual([{ code: 'COL-0001' }]);
	});
});

describe('the ledger guards: goods in a parcel are not counted, shelved, lost or rescued elsewhere', () => {
	test('each stock screen refuses a lot in a prepared-parcels place with a French message, and changes nothing', async () => {
		const f = await makeParcelFixture(t.db);
		const { org, op, origin, products: pr } = f;
		const beans = await lotIn(t.db, op, pr.beans.id, origin.id, 5, org.locationId);
		const parcel = await addParcel(t.db, f, 1);
		await scanForParcel(t.db, op, parcel.id, beans.code, { quantity: 2 });
		const [pl] = await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcel.id));
		const [child] = await t.db.select().from(lots).where(eq(lots.id, pl!.parcelLotId));
		const before = await snapshot(t.db, org.organisationId);
		const sup = org.actors.supervisor;
		const inParcel = /dans un colis préparé/;
		// Counting the prepared-parcels place itself.
		const e1 = await expectAppError(startCount(t.db, op, child!.locationId!), 'count_parcel_place', 409);
		expect(e1.message).toMatch(/colis/);
		// Counting the lot from another shelf (even "it is really here").
		const count = await startCount(t.db, op, org.locationId);
		const e2 = await expectAppError(countLot(t.db, op, count.id, { lot: child!.code, quantity: 1, moveHere: true }), 'lot_in_parcel', 409);
		expect(e2.message).toMatch(inParcel);
		// Shelving it, part of it, a loss, a rescue.
		expect((await expectAppError(moveLot(t.db, op, { lotId: child!.id, locationId: org.locationId }), 'lot_in_parcel', 409)).message).toMatch(inParcel);
		expect((await expectAppError(moveLot(t.db, op, { lotId: child!.id, locationId: org.locationId, quantity: 1 }), 'lot_in_parcel', 409)).message).toMatch(
			inParcel
		);
		expect((await expectAppError(recordLoss(t.db, op, { lotId: child!.id, quantity: 1, reason: 'broken' }), 'lot_in_parcel', 409)).message).toMatch(inParcel);
		expect(
			(await expectAppError(rescueLot(t.db, sup, { lotId: child!.id, action: 'partner', partner: 'Restos', quantity: 1 }), 'lot_in_parcel', 409)).message
		).toMatch(inParcel);
		const after = await snapshot(t.db, org.organisationId);
		expect(after.l).toEqual(before.l);
		expect(after.mv).toEqual(before.mv);
		expect(after.pl).toEqual(before.pl);
		await expectLedgerBalanced(t.db, org.organisationId);
	});
});
