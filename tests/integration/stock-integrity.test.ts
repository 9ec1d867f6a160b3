// Issue 10, stock integrity: each test here fails on the main branch before the issue (checked).
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { auditLog, lots, organisations, receptions, stockCountLines, stockMovements } from '$lib/server/db/schema';
import { countLot, getCount, startCount, validateCount } from '$lib/server/stock/counts';
import { correctMovement, createLot, moveLot, recordLoss, writeOffExpiredLot } from '$lib/server/stock/lots';
import { addLineFromForm, createReception } from '$lib/server/stock/receptions';
import { setDlcAlertDays } from '$lib/server/stock/settings';
import { shelveByScan } from '$lib/server/stock/shelving';
import { lotHistory, stockAlerts } from '$lib/server/stock/views';
import { completeSale } from '$lib/server/till/sales';
import { m } from '$lib/paraglide/messages';
import { addDays, shopToday } from '$lib/stock/dates';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeLocation, makeOrigin, makeProduct } from '../helpers/stock';
import { makeShop, newKey } from '../helpers/till';

const t = useApiTestDatabase();
const TODAY = shopToday();

const lotRow = async (id: string) => (await t.db.select().from(lots).where(eq(lots.id, id)))[0]!;
const movementsOf = (lotId: string) => t.db.select().from(stockMovements).where(eq(stockMovements.lotId, lotId)).orderBy(stockMovements.id);

async function lotAt(
	org: OrgFixture,
	quantity: number,
	locationId: string | null,
	p: { productId?: string; date?: string | null; dateType?: 'dlc' | 'ddm' | 'none' } = {}
) {
	const productId = p.productId ?? (await makeProduct(t.db, org, { name: `Pâtes ${Math.random()}` })).id;
	const o = await makeOrigin(t.db, org);
	const dateType = p.dateType ?? 'ddm';
	return t.db.transaction((tx) =>
		createLot(tx, org.actors.operator, {
			productId,
			originId: o.id,
			date: dateType === 'none' ? null : (p.date ?? '2030-01-01'),
			dateType,
			quantity,
			locationId
		})
	);
}

describe('item 1: a count cannot destroy another shelf’s stock', () => {
	it('a lot recorded on another shelf is "rangé ailleurs": refused until confirmed, then moved here before its difference is counted', async () => {
		const org = await makeOrg(t.db);
		const shelfA = org.locationId;
		const emp5 = await makeLocation(t.db, org, 'ambient');
		const pasta = await lotAt(org, 40, emp5.id);
		const { id } = await startCount(t.db, org.actors.operator, shelfA);

		const err = await expectAppError(countLot(t.db, org.actors.operator, id, { lot: pasta.code, quantity: '5' }), 'lot_elsewhere', 409);
		expect(err.message).toBe(m.count_lot_elsewhere({ code: pasta.code, location: emp5.code }));
		expect(await t.db.select().from(stockCountLines).where(eq(stockCountLines.countId, id))).toEqual([]);
		expect([(await lotRow(pasta.id)).onHand, (await lotRow(pasta.id)).locationId]).toEqual([40, emp5.id]);

		// Confirmed: moved here (a move movement), then counted here.
		expect(await countLot(t.db, org.actors.operator, id, { lot: pasta.code, quantity: '5', moveHere: true })).toEqual({ code: pasta.code, moved: true });
		expect((await lotRow(pasta.id)).locationId).toBe(shelfA);
		const mvs = await movementsOf(pasta.id);
		expect(mvs.map((x) => [x.kind, x.quantity, x.fromLocationId, x.toLocationId])).toEqual([
			['reception', 40, null, emp5.id],
			['move', 0, emp5.id, shelfA]
		]);
		const view = await getCount(t.db, org.actors.operator, id);
		expect(view.lines.map((l) => [l.code, l.expected, l.counted, l.large])).toEqual([[pasta.code, 40, 5, true]]);
	});

	it('a large difference (more than 20 % and more than 10 units) needs the supervisor’s reason at validation; a small one does not', async () => {
		const org = await makeOrg(t.db);
		const big = await lotAt(org, 40, org.locationId);
		const small = await lotAt(org, 10, org.locationId);
		const { id } = await startCount(t.db, org.actors.operator, org.locationId);
		await countLot(t.db, org.actors.operator, id, { lot: big.code, quantity: '5' });
		await countLot(t.db, org.actors.operator, id, { lot: small.code, quantity: '8' });

		const err = await expectAppError(validateCount(t.db, org.actors.supervisor, id), 'reason_required', 409);
		expect(err.message).toContain(big.code);
		expect(err.message).not.toContain(small.code);
		await expectAppError(validateCount(t.db, org.actors.supervisor, id, { reason: '   ' }), 'reason_required', 409);
		expect([(await lotRow(big.id)).onHand, (await lotRow(small.id)).onHand]).toEqual([40, 10]);

		expect(await validateCount(t.db, org.actors.supervisor, id, { reason: 'Cartons abîmés jetés sans perte' })).toEqual({ adjusted: 2 });
		expect([(await lotRow(big.id)).onHand, (await lotRow(small.id)).onHand]).toEqual([5, 8]);
		const counts = await t.db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.organisationId, org.organisationId), eq(stockMovements.kind, 'count')));
		expect(counts.map((c) => [c.lotId, c.quantity, c.reason]).sort()).toEqual(
			[
				[big.id, -35, 'Cartons abîmés jetés sans perte'],
				[small.id, -2, null]
			].sort()
		);
	});

	it('the thresholds are organisation settings (stock.countCheckPercent, stock.countCheckUnits)', async () => {
		const org = await makeOrg(t.db);
		const lot = await lotAt(org, 10, org.locationId);
		await t.db
			.update(organisations)
			.set({ settings: { 'stock.countCheckPercent': 10, 'stock.countCheckUnits': 1 } })
			.where(eq(organisations.id, org.organisationId));
		const { id } = await startCount(t.db, org.actors.operator, org.locationId);
		await countLot(t.db, org.actors.operator, id, { lot: lot.code, quantity: '8' });
		expect((await getCount(t.db, org.actors.operator, id)).lines[0]!.large).toBe(true);
		await expectAppError(validateCount(t.db, org.actors.supervisor, id), 'reason_required', 409);
	});
});

describe('item 2: movements of a document are reversed only through it; the others need a reason', () => {
	it('a sale’s movement cannot be undone on the lot (stock unchanged, the sale still sold)', async () => {
		const s = await makeShop(t.db);
		const lot = await lotAt(s.org, 5, null, { productId: s.product.id });
		await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: lot.id, quantity: 1 }],
			payments: [{ method: 'cash', amountCents: 50 }]
		});
		const sale = (await movementsOf(lot.id)).find((x) => x.kind === 'sale')!;
		const err = await expectAppError(correctMovement(t.db, s.org.actors.supervisor, sale.id, 'erreur'), 'movement_of_document', 409);
		expect(err.message).toBe(m.movement_of_sale());
		expect((await lotRow(lot.id)).onHand).toBe(4);
		expect((await movementsOf(lot.id)).some((x) => x.kind === 'correction')).toBe(false);
	});

	it('a reception’s and a count’s movements neither; a loss is undone only with a reason, shown in the history', async () => {
		const org = await makeOrg(t.db);
		const lot = await lotAt(org, 10, org.locationId);
		const reception = (await movementsOf(lot.id))[0]!;
		expect((await expectAppError(correctMovement(t.db, org.actors.supervisor, reception.id, 'erreur'), 'movement_of_document', 409)).message).toBe(
			m.movement_of_reception()
		);
		const { id } = await startCount(t.db, org.actors.operator, org.locationId);
		await countLot(t.db, org.actors.operator, id, { lot: lot.code, quantity: '9' });
		await validateCount(t.db, org.actors.supervisor, id);
		const count = (await movementsOf(lot.id)).find((x) => x.kind === 'count')!;
		expect((await expectAppError(correctMovement(t.db, org.actors.supervisor, count.id, 'erreur'), 'movement_of_document', 409)).message).toBe(
			m.movement_of_count()
		);

		const loss = await recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 2, reason: 'broken' });
		await expectAppError(correctMovement(t.db, org.actors.supervisor, loss.movementId, ''), 'reason_required', 400);
		await expectAppError(correctMovement(t.db, org.actors.supervisor, loss.movementId, '  '), 'reason_required', 400);
		expect((await lotRow(lot.id)).onHand).toBe(7);
		await correctMovement(t.db, org.actors.supervisor, loss.movementId, 'Pot retrouvé intact');
		expect((await lotRow(lot.id)).onHand).toBe(9);
		const history = await lotHistory(t.db, org.actors.supervisor, lot.id);
		expect(history.at(-1)).toMatchObject({ kind: 'correction', quantity: 2, note: 'Pot retrouvé intact', correctionOf: loss.movementId });
	});
});

describe('item 3: a DLC product is always DLC', () => {
	it('POST /api/v1/receptions: a line of a DLC product sent as "ddm" is refused and nothing is saved', async () => {
		const org = await makeOrg(t.db);
		const cold = await makeLocation(t.db, org, 'chilled');
		const yoghurt = await makeProduct(t.db, org, { name: 'Yaourt nature', zone: 'chilled', dateType: 'dlc' });
		const origin = await makeOrigin(t.db, org);
		const { token } = await createApiToken(t.db, org.actors.manager, { name: 'Banque alimentaire', roles: ['manager'] });
		const line = { productId: yoghurt.id, quantity: 12, date: addDays(TODAY, -1), locationId: cold.id };
		const before = await t.db.select().from(receptions).where(eq(receptions.organisationId, org.organisationId));

		const asDdm = await callApi('POST', '/api/v1/receptions', { token, body: { originId: origin.id, lines: [{ ...line, dateType: 'ddm' }] } });
		expect(asDdm.status).toBe(409);
		expect(asDdm.body).toMatchObject({ error: { code: 'date_type_mismatch' } });
		// Without a date type, the product's: a DLC already past is refused.
		const plain = await callApi('POST', '/api/v1/receptions', { token, body: { originId: origin.id, lines: [line] } });
		expect([plain.status, (plain.body as { error: { code: string } }).error.code]).toEqual([409, 'dlc_past']);
		expect(await t.db.select().from(receptions).where(eq(receptions.organisationId, org.organisationId))).toEqual(before);
		expect(await t.db.select().from(lots).where(eq(lots.productId, yoghurt.id))).toEqual([]);

		// A DDM product sent as "dlc" is refused too (the product's type wins both ways); sent as its own, received.
		const jam = await makeProduct(t.db, org, { name: 'Confiture', dateType: 'ddm' });
		const mismatch = await callApi('POST', '/api/v1/receptions', {
			token,
			body: { originId: origin.id, lines: [{ productId: jam.id, quantity: 3, date: '2030-01-01', dateType: 'dlc' }] }
		});
		expect(mismatch.status).toBe(409);
		const ok = await callApi('POST', '/api/v1/receptions', {
			token,
			body: { originId: origin.id, lines: [{ productId: jam.id, quantity: 3, date: '2030-01-01', dateType: 'ddm' }] }
		});
		expect(ok.status).toBe(201);
	});

	it('the reception form cannot change it either', async () => {
		const org = await makeOrg(t.db);
		const cold = await makeLocation(t.db, org, 'chilled');
		const yoghurt = await makeProduct(t.db, org, { name: 'Yaourt', zone: 'chilled', dateType: 'dlc' });
		const r = await createReception(t.db, org.actors.operator, { originId: (await makeOrigin(t.db, org)).id });
		const f = { productId: yoghurt.id, quantity: '6', date: addDays(TODAY, -1), locationId: cold.id };
		await expectAppError(addLineFromForm(t.db, org.actors.operator, r.id, { ...f, dateType: 'ddm' }), 'date_type_mismatch', 409);
		await expectAppError(addLineFromForm(t.db, org.actors.operator, r.id, f), 'dlc_past', 409);
	});
});

describe('item 4: expired means expired', () => {
	it('alerts: a DLC two days past is "DLC passée — à retirer", never "DLC bientôt"; DDM past the grace apart', async () => {
		const org = await makeOrg(t.db);
		const yoghurt = await lotAt(org, 6, org.locationId, { dateType: 'dlc', date: addDays(TODAY, -2) });
		const soon = await lotAt(org, 6, org.locationId, { dateType: 'dlc', date: addDays(TODAY, 2) });
		const oldDdm = await lotAt(org, 6, org.locationId, { dateType: 'ddm', date: addDays(TODAY, -120) });
		const ddm = await lotAt(org, 6, org.locationId, { dateType: 'ddm', date: addDays(TODAY, -10) });
		const a = await stockAlerts(t.db, org.actors.operator);
		expect(a.dlcPast.map((l) => l.code)).toEqual([yoghurt.code]);
		expect(a.dlcSoon.map((l) => l.code)).toEqual([soon.code]);
		expect(a.ddmTooOld.map((l) => l.code)).toEqual([oldDdm.code]);
		expect(a.ddmPast.map((l) => l.code)).toEqual([ddm.code]);
	});

	it('one-tap loss of a DLC-past lot, for a supervisor only, refused for a lot not past', async () => {
		const org = await makeOrg(t.db);
		const yoghurt = await lotAt(org, 6, org.locationId, { dateType: 'dlc', date: addDays(TODAY, -2) });
		const fresh = await lotAt(org, 6, org.locationId, { dateType: 'dlc', date: addDays(TODAY, 5) });
		await expectAppError(writeOffExpiredLot(t.db, org.actors.operator, yoghurt.id), 'forbidden', 403);
		await expectAppError(writeOffExpiredLot(t.db, org.actors.supervisor, fresh.id), 'dlc_not_past', 409);
		expect(await writeOffExpiredLot(t.db, org.actors.supervisor, yoghurt.id)).toEqual({ code: yoghurt.code, quantity: 6 });
		expect((await lotRow(yoghurt.id)).onHand).toBe(0);
		expect((await movementsOf(yoghurt.id)).at(-1)).toMatchObject({ kind: 'loss', quantity: -6, reason: 'dlc_passed' });
		expect((await stockAlerts(t.db, org.actors.operator)).dlcPast).toEqual([]);
		expect((await lotRow(fresh.id)).onHand).toBe(6);
	});

	it('the window is a setting a manager changes (audited), not a supervisor; bad numbers refused', async () => {
		const org = await makeOrg(t.db);
		await expectAppError(setDlcAlertDays(t.db, org.actors.supervisor, '7'), 'forbidden', 403);
		await expectAppError(setDlcAlertDays(t.db, org.actors.manager, 'sept'), 'invalid_input', 400);
		await expectAppError(setDlcAlertDays(t.db, org.actors.manager, '61'), 'invalid_input', 400);
		expect(await setDlcAlertDays(t.db, org.actors.manager, '7')).toEqual({ days: 7 });
		expect((await stockAlerts(t.db, org.actors.operator)).days).toBe(7);
		const rows = await t.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.organisationId, org.organisationId), eq(auditLog.action, 'stock.settings')));
		expect(rows).toHaveLength(1);
	});
});

describe('item 5: put-away that makes no sense asks first', () => {
	it('an ambient lot into a frozen bin is refused until confirmed; chilled into ambient stays refused', async () => {
		const org = await makeOrg(t.db);
		const freezer = await makeLocation(t.db, org, 'frozen');
		const pasta = await lotAt(org, 10, org.locationId);
		const err = await expectAppError(moveLot(t.db, org.actors.operator, { lotId: pasta.id, locationId: freezer.id }), 'cold_confirm', 409);
		expect(err.field).toBe('confirmColdForAmbient');
		expect((await lotRow(pasta.id)).locationId).toBe(org.locationId);
		await expectAppError(shelveByScan(t.db, org.actors.operator, { lot: pasta.code, location: freezer.code, quantity: '4' }), 'cold_confirm', 409);
		expect((await movementsOf(pasta.id)).length).toBe(1);

		const r = await shelveByScan(t.db, org.actors.operator, { lot: pasta.code, location: freezer.code, confirmCold: true });
		expect(r.split).toBe(false);
		expect((await lotRow(pasta.id)).locationId).toBe(freezer.id);

		const peas = await makeProduct(t.db, org, { name: 'Petits pois surgelés', zone: 'frozen' });
		const frozenLot = await lotAt(org, 3, freezer.id, { productId: peas.id });
		await expectAppError(
			moveLot(t.db, org.actors.operator, { lotId: frozenLot.id, locationId: org.locationId, confirmColdForAmbient: true }),
			'zone_mismatch',
			409
		);
	});
});
