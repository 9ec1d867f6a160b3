// Issue 11, item 6: what the stock screens do, through the API — counts (inventaires), losses,
// corrections, the write-off of a DLC-past lot, shelving, recalls and the lines of a reception. Each
// call goes through the real handler (callApi: token check, route-group guard) to the screens' services.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { lots, products, receptions } from '$lib/server/db/schema';
import { createLot } from '$lib/server/stock/lots';
import { addDays } from '$lib/stock/dates';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables } from '../helpers/db-snapshot';
import { addUser, auditRows, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeLocation, makeOrigin, makeProduct } from '../helpers/stock';
import { TODAY } from '../helpers/till';
import { expectLedgerBalanced } from '../helpers/till-state';

const t = useApiTestDatabase();

/** Answers are checked field by field below. */
type Json = Record<string, any>;

/** An organisation with tokens for an operator and a supervisor, a product, an origin and a lot of 10 (lot number LN-1, no place yet). */
async function stockShop() {
	const org = await makeOrg(t.db);
	const { actor: maker } = await addUser(t.db, org, ['manager', 'operator', 'supervisor']);
	const operator = (await createApiToken(t.db, maker, { name: 'Réserve', roles: ['operator'] })).token;
	const supervisor = (await createApiToken(t.db, maker, { name: 'Encadrement', roles: ['supervisor'] })).token;
	const origin = await makeOrigin(t.db, org);
	const product = await makeProduct(t.db, org, { gtins: ['03017620422003'] });
	const lot = await newLot(org, product.id, origin.id, 10, { lotNumber: 'LN-1' });
	return { org, operator, supervisor, origin, product, lot };
}

function newLot(
	org: OrgFixture,
	productId: string,
	originId: string,
	quantity: number,
	x: { lotNumber?: string; date?: string; dateType?: 'dlc' | 'ddm' } = {}
) {
	return t.db.transaction((tx) =>
		createLot(tx, org.actors.operator, { productId, originId, date: x.date ?? '2030-01-01', dateType: x.dateType ?? 'ddm', lotNumber: x.lotNumber, quantity })
	);
}

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;

/** A JSON error with this status and code, whose message is French (a sentence, not a code). */
function expectError(r: { status: number; body: Json }, status: number, code: string, message?: RegExp) {
	expect(r.status, JSON.stringify(r.body)).toBe(status);
	expect(r.body.error.code).toBe(code);
	expect(r.body.error.message).toMatch(/[a-zàéèêç]{3,} /i);
	if (message) expect(r.body.error.message).toMatch(message);
}

/** Runs a refused call and checks that no row of any table changed. */
async function refused(call: () => Promise<{ status: number; body: Json }>, status: number, code: string, message?: RegExp) {
	const before = await snapshotTables(t.db);
	expectError(await call(), status, code, message);
	expect(await snapshotTables(t.db)).toEqual(before);
}

describe('stock API: counts (inventaires)', () => {
	test('start, count (a lot elsewhere only with moveHere), validate with the reason a large difference needs; the ledger stays balanced', async () => {
		const s = await stockShop();
		// More than 10 pieces and 20 % apart (the default check): a large difference.
		const big = await newLot(s.org, s.product.id, s.origin.id, 30);
		const started = await callApi<Json>('POST', '/api/v1/inventories', { token: s.operator, body: { locationId: s.org.locationId } });
		expect(started.status, JSON.stringify(started.body)).toBe(201);
		expect(started.body).toMatchObject({ status: 'draft', location: { id: s.org.locationId, code: 'EMP-0001' }, lines: [] });
		const id = started.body.id as string;
		expect((await auditRows(t.db, s.org.organisationId, 'count.start')).length).toBe(1);
		expect((await callApi<Json>('GET', '/api/v1/inventories', { token: s.operator })).body.items.map((c: Json) => c.id)).toEqual([id]);

		// The lot is not shelved here: refused, nothing saved, unless it is confirmed to be here.
		await refused(
			() => callApi<Json>('POST', `/api/v1/inventories/${id}/lines`, { token: s.operator, body: { lot: big.code, quantity: 7 } }),
			409,
			'lot_elsewhere'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/inventories/${id}/lines`, { token: s.operator, body: { lot: big.code, quantity: -1 } }),
			400,
			'quantity_invalid'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/inventories/${id}/lines`, { token: s.operator, body: { lot: big.code, quantity: 1.5 } }),
			400,
			'quantity_invalid'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/inventories/${id}/lines`, { token: s.operator, body: { lot: big.code, quantity: '7' } }),
			400,
			'invalid_input',
			/quantity/
		);
		// 0 is a count (the shelf is empty): a large difference.
		const counted = await callApi<Json>('POST', `/api/v1/inventories/${id}/lines`, { token: s.operator, body: { lot: big.code, quantity: 0, moveHere: true } });
		expect(counted.status, JSON.stringify(counted.body)).toBe(200);
		expect(counted.body).toMatchObject({ lot: big.code, moved: true });
		expect(counted.body.inventory.lines).toEqual([
			{ lot: { id: big.id, code: big.code }, product: expect.any(String), unit: 'piece', counted: 0, expected: 30, onHand: 30, difference: -30, large: true }
		]);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		// Validating is a supervisor's; a large difference needs the reason.
		await refused(() => callApi<Json>('POST', `/api/v1/inventories/${id}/validate`, { token: s.operator, body: {} }), 403, 'forbidden');
		await refused(
			() => callApi<Json>('POST', `/api/v1/inventories/${id}/validate`, { token: s.supervisor, body: {} }),
			409,
			'reason_required',
			/raison|écart/i
		);
		const validated = await callApi<Json>('POST', `/api/v1/inventories/${id}/validate`, { token: s.supervisor, body: { reason: 'Casse trouvée en rayon' } });
		expect(validated.status, JSON.stringify(validated.body)).toBe(200);
		expect(validated.body).toEqual({ adjusted: 1 });
		expect(await onHand(big.id)).toBe(0);
		expect((await auditRows(t.db, s.org.organisationId, 'count.validate')).length).toBe(1);
		await expectLedgerBalanced(t.db, s.org.organisationId);
		// Once only.
		await refused(
			() => callApi<Json>('POST', `/api/v1/inventories/${id}/validate`, { token: s.supervisor, body: { reason: 'Encore' } }),
			409,
			'already_validated'
		);
		expect((await callApi<Json>('GET', `/api/v1/inventories/${id}`, { token: s.operator })).body.status).toBe('validated');

		// Another organisation's count, or an unknown one: 404 whatever the body.
		const other = await stockShop();
		await refused(() => callApi<Json>('GET', `/api/v1/inventories/${id}`, { token: other.operator }), 404, 'not_found');
		await refused(
			() => callApi<Json>('POST', `/api/v1/inventories/${id}/lines`, { token: other.operator, body: { lot: big.code, quantity: 1 } }),
			404,
			'not_found'
		);
		await refused(() => callApi<Json>('POST', `/api/v1/inventories/${id}/validate`, { token: other.supervisor, body: { reason: 'x' } }), 404, 'not_found');
		await refused(
			() => callApi<Json>('POST', '/api/v1/inventories', { token: other.operator, body: { locationId: s.org.locationId } }),
			404,
			'location_not_found'
		);
	});
});

describe('stock API: a lot — losses, history, corrections, write-off, shelving, recalls', () => {
	test('a loss, then its correction by a supervisor with a reason; the history shows both', async () => {
		const s = await stockShop();
		const loss = await callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/losses`, {
			token: s.operator,
			body: { quantity: 2, reason: 'broken', note: 'Carton tombé' }
		});
		expect(loss.status, JSON.stringify(loss.body)).toBe(201);
		expect(loss.body.lot).toMatchObject({ code: s.lot.code, onHand: 8 });
		expect((await auditRows(t.db, s.org.organisationId, 'stock.loss')).length).toBe(1);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/losses`, { token: s.operator, body: { quantity: 2, reason: 'lost' } }),
			400,
			'reason_invalid'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/losses`, { token: s.operator, body: { quantity: 0, reason: 'broken' } }),
			400,
			'quantity_invalid'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/losses`, { token: s.operator, body: { quantity: 9, reason: 'broken' } }),
			409,
			'insufficient_stock',
			/pas assez/
		);

		const history = await callApi<Json>('GET', `/api/v1/lots/${s.lot.code}/movements`, { token: s.operator });
		expect(history.body.items.map((h: Json) => [h.kind, h.quantity, h.reason, h.corrected])).toEqual([
			['reception', 10, null, false],
			['loss', -2, 'broken', false]
		]);
		const lossId = history.body.items[1].id as number;

		// Correcting is a supervisor's, with a reason (required).
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/corrections`, { token: s.operator, body: { movementId: lossId, reason: 'Erreur' } }),
			403,
			'forbidden'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/corrections`, { token: s.supervisor, body: { movementId: lossId, reason: '  ' } }),
			400,
			'reason_required'
		);
		// A movement of a document (the reception) is reversed through that document.
		await refused(
			() =>
				callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/corrections`, {
					token: s.supervisor,
					body: { movementId: history.body.items[0].id, reason: 'Erreur' }
				}),
			409,
			'movement_of_document'
		);
		// Named through another lot: not found.
		const second = await newLot(s.org, s.product.id, s.origin.id, 4);
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${second.code}/corrections`, { token: s.supervisor, body: { movementId: lossId, reason: 'Erreur' } }),
			404,
			'movement_not_found'
		);
		const corrected = await callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/corrections`, {
			token: s.supervisor,
			body: { movementId: lossId, reason: 'Carton retrouvé' }
		});
		expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
		expect(corrected.body.lot.onHand).toBe(10);
		expect((await auditRows(t.db, s.org.organisationId, 'stock.correct')).length).toBe(1);
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/corrections`, { token: s.supervisor, body: { movementId: lossId, reason: 'Encore' } }),
			409,
			'already_corrected'
		);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		// Another organisation's lot: 404 whatever the body.
		const other = await stockShop();
		await refused(() => callApi<Json>('GET', `/api/v1/lots/${second.code}/movements`, { token: other.operator }), 404, 'lot_not_found');
		await refused(() => callApi<Json>('POST', `/api/v1/lots/${second.code}/losses`, { token: other.operator, body: {} }), 404, 'lot_not_found');
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${second.code}/corrections`, { token: other.supervisor, body: { movementId: lossId, reason: 'x' } }),
			404,
			'lot_not_found'
		);
	});

	test('the write-off of a DLC-past lot (a supervisor, the whole balance); refused while the DLC is not past', async () => {
		const s = await stockShop();
		const past = await newLot(s.org, s.product.id, s.origin.id, 6, { date: addDays(TODAY, -1), dateType: 'dlc' });
		await refused(() => callApi<Json>('POST', `/api/v1/lots/${past.code}/write-off`, { token: s.operator }), 403, 'forbidden');
		await refused(() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/write-off`, { token: s.supervisor }), 409, 'dlc_not_past');
		const done = await callApi<Json>('POST', `/api/v1/lots/${past.code}/write-off`, { token: s.supervisor });
		expect(done.status, JSON.stringify(done.body)).toBe(200);
		expect(done.body).toEqual({ code: past.code, quantity: 6 });
		expect(await onHand(past.id)).toBe(0);
		await expectLedgerBalanced(t.db, s.org.organisationId);
		await refused(() => callApi<Json>('POST', `/api/v1/lots/${past.code}/write-off`, { token: s.supervisor }), 409, 'insufficient_stock');
		const other = await stockShop();
		await refused(() => callApi<Json>('POST', `/api/v1/lots/${past.code}/write-off`, { token: other.supervisor }), 404, 'lot_not_found');
	});

	test('shelving: the whole lot, then a part (a new lot split off); the cold chain is checked', async () => {
		const s = await stockShop();
		const moved = await callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/move`, { token: s.operator, body: { locationId: s.org.locationId } });
		expect(moved.status, JSON.stringify(moved.body)).toBe(200);
		expect(moved.body).toMatchObject({ split: false, lot: { code: s.lot.code, onHand: 10, location: { id: s.org.locationId, code: 'EMP-0001' } } });
		const shelf = await makeLocation(t.db, s.org, 'ambient');
		const part = await callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/move`, { token: s.operator, body: { locationId: shelf.id, quantity: 4 } });
		expect(part.status, JSON.stringify(part.body)).toBe(200);
		expect(part.body).toMatchObject({ split: true, lot: { onHand: 4, location: { id: shelf.id } }, from: { code: s.lot.code, onHand: 6 } });
		expect(part.body.lot.code).not.toBe(s.lot.code);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		// An ambient product into the cold: asked to confirm; more than the lot: refused; another organisation's place: 404.
		const fridge = await makeLocation(t.db, s.org, 'chilled');
		await refused(() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/move`, { token: s.operator, body: { locationId: fridge.id } }), 409, 'cold_confirm');
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/move`, { token: s.operator, body: { locationId: shelf.id, quantity: 7 } }),
			409,
			'insufficient_stock'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/move`, { token: s.operator, body: { locationId: shelf.id, quantity: -2 } }),
			400,
			'quantity_invalid'
		);
		const other = await stockShop();
		await refused(
			() => callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/move`, { token: s.operator, body: { locationId: other.org.locationId } }),
			404,
			'location_not_found'
		);
		const cold = await callApi<Json>('POST', `/api/v1/lots/${s.lot.code}/move`, {
			token: s.operator,
			body: { locationId: fridge.id, confirmColdForAmbient: true }
		});
		expect(cold.status, JSON.stringify(cold.body)).toBe(200);
		await expectLedgerBalanced(t.db, s.org.organisationId);
	});

	test('a recall blocks every lot of the supplier lot number; supervisors only', async () => {
		const s = await stockShop();
		const same = await newLot(s.org, s.product.id, s.origin.id, 3, { lotNumber: 'LN-1' });
		await newLot(s.org, s.product.id, s.origin.id, 3, { lotNumber: 'LN-2' });
		await refused(() => callApi<Json>('POST', '/api/v1/recalls', { token: s.operator, body: { lotNumber: 'LN-1' } }), 403, 'forbidden');
		await refused(() => callApi<Json>('POST', '/api/v1/recalls', { token: s.supervisor, body: { lotNumber: 'LN-9' } }), 404, 'recall_no_lot');
		await refused(() => callApi<Json>('POST', '/api/v1/recalls', { token: s.supervisor, body: { lotNumber: '' } }), 400, 'lot_number_invalid');
		// Another organisation's recall never touches these lots.
		const other = await stockShop();
		expect((await callApi<Json>('POST', '/api/v1/recalls', { token: other.supervisor, body: { lotNumber: 'LN-1' } })).body.items).toHaveLength(1);
		expect((await t.db.select({ b: lots.blocked }).from(lots).where(eq(lots.id, s.lot.id)))[0]!.b).toBe(false);
		const r = await callApi<Json>('POST', '/api/v1/recalls', { token: s.supervisor, body: { lotNumber: 'LN-1', productId: s.product.id } });
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		expect(r.body.items.map((l: Json) => [l.code, l.blocked]).sort()).toEqual([
			[s.lot.code, true],
			[same.code, true]
		]);
		expect((await auditRows(t.db, s.org.organisationId, 'stock.recall')).length).toBe(1);
	});
});

describe('stock API: the lines of a reception', () => {
	test('scan a code, create the unknown product, add and remove lines, cancel; each refusal changes nothing', async () => {
		const s = await stockShop();
		const created = await callApi<Json>('POST', '/api/v1/receptions', { token: s.operator, body: { originId: s.origin.id, lines: [] } });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		const id = created.body.id as string;

		// A known EAN-13, and a GS1 code carrying its lot and use-by date.
		const known = await callApi<Json>('GET', `/api/v1/receptions/${id}/scan?code=3017620422003`, { token: s.operator });
		expect(known.status, JSON.stringify(known.body)).toBe(200);
		expect(known.body).toMatchObject({ kind: 'product', product: { id: s.product.id }, gs1: null, line: { productId: s.product.id, dateType: 'ddm' } });
		const gs1 = await callApi<Json>('GET', `/api/v1/receptions/${id}/scan?code=${encodeURIComponent('(01)03017620422003(17)301231(10)AB12')}`, {
			token: s.operator
		});
		expect(gs1.body).toMatchObject({ kind: 'product', gs1: { lotNumber: 'AB12', useBy: '2030-12-31' }, line: { date: '2030-12-31', lotNumber: 'AB12' } });
		const unknown = await callApi<Json>('GET', `/api/v1/receptions/${id}/scan?code=4006381333931`, { token: s.operator });
		expect(unknown.body).toMatchObject({ kind: 'unknown', gtin: '04006381333931', guess: { unit: 'piece', zone: 'ambient', dateType: 'ddm' } });
		expectError(await callApi<Json>('GET', `/api/v1/receptions/${id}/scan?code=4006381333932`, { token: s.operator }), 400, 'code_invalid');

		// The unknown product, created by an operator: to be checked by a manager.
		await refused(
			() =>
				callApi<Json>('POST', `/api/v1/receptions/${id}/products`, {
					token: s.operator,
					body: { name: '', gtin: '', unit: 'box', zone: 'ambient', dateType: 'ddm' }
				}),
			400,
			'invalid_input'
		);
		const made = await callApi<Json>('POST', `/api/v1/receptions/${id}/products`, {
			token: s.operator,
			body: { name: 'Crayons de couleur', gtin: '4006381333931', unit: 'piece', zone: 'ambient', dateType: 'none' }
		});
		expect(made.status, JSON.stringify(made.body)).toBe(201);
		expect(made.body.product).toMatchObject({ name: 'Crayons de couleur', needsReview: true, gtins: ['04006381333931'] });
		expect(made.body.line).toEqual({ productId: made.body.product.id, dateType: 'none', date: null, lotNumber: null, quantity: null });
		expect((await auditRows(t.db, s.org.organisationId, 'product.quick_create')).length).toBe(1);
		await refused(
			() =>
				callApi<Json>('POST', `/api/v1/receptions/${id}/products`, {
					token: s.operator,
					body: { name: 'Crayons bis', gtin: '4006381333931', unit: 'piece', zone: 'ambient', dateType: 'none' }
				}),
			409,
			'gtin_taken'
		);

		// Lines: the same food-safety checks as the screen.
		await refused(
			() =>
				callApi<Json>('POST', `/api/v1/receptions/${id}/lines`, {
					token: s.operator,
					body: { productId: s.product.id, quantity: 5, date: addDays(TODAY, -1), dateType: 'dlc' }
				}),
			409,
			'date_type_mismatch'
		);
		await refused(
			() => callApi<Json>('POST', `/api/v1/receptions/${id}/lines`, { token: s.operator, body: { productId: s.product.id, quantity: 0, date: '2030-01-01' } }),
			400,
			'quantity_invalid'
		);
		const added = await callApi<Json>('POST', `/api/v1/receptions/${id}/lines`, {
			token: s.operator,
			body: { productId: s.product.id, quantity: 12, date: '2030-01-01' }
		});
		expect(added.status, JSON.stringify(added.body)).toBe(201);
		const pencils = await callApi<Json>('POST', `/api/v1/receptions/${id}/lines`, {
			token: s.operator,
			body: { productId: made.body.product.id, quantity: 30 }
		});
		expect(pencils.body.reception.lines.map((l: Json) => [l.productId, l.quantity])).toEqual([
			[s.product.id, 12],
			[made.body.product.id, 30]
		]);
		const removed = await callApi<Json>('DELETE', `/api/v1/receptions/${id}/lines/${added.body.lineId}`, { token: s.operator });
		expect(removed.status, JSON.stringify(removed.body)).toBe(200);
		expect(removed.body.lines.map((l: Json) => l.id)).toEqual([pencils.body.lineId]);
		expect((await auditRows(t.db, s.org.organisationId, 'reception.line_remove')).length).toBe(1);
		await refused(() => callApi<Json>('DELETE', `/api/v1/receptions/${id}/lines/${added.body.lineId}`, { token: s.operator }), 404, 'not_found');

		// Another organisation's reception: 404 for every operation, whatever the body.
		const other = await stockShop();
		await refused(() => callApi<Json>('GET', `/api/v1/receptions/${id}/scan?code=3017620422003`, { token: other.operator }), 404, 'not_found');
		await refused(() => callApi<Json>('POST', `/api/v1/receptions/${id}/products`, { token: other.operator, body: {} }), 404, 'not_found');
		await refused(
			() => callApi<Json>('POST', `/api/v1/receptions/${id}/lines`, { token: other.operator, body: { productId: other.product.id, quantity: 1 } }),
			404,
			'not_found'
		);
		await refused(() => callApi<Json>('DELETE', `/api/v1/receptions/${id}/lines/${pencils.body.lineId}`, { token: other.operator }), 404, 'not_found');
		await refused(() => callApi<Json>('POST', `/api/v1/receptions/${id}/cancel`, { token: other.operator }), 404, 'not_found');

		// Cancelled: no lot, no movement, and no more lines.
		const cancelled = await callApi<Json>('POST', `/api/v1/receptions/${id}/cancel`, { token: s.operator });
		expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
		expect(cancelled.body.status).toBe('cancelled');
		expect((await t.db.select({ s: receptions.status }).from(receptions).where(eq(receptions.id, id)))[0]!.s).toBe('cancelled');
		await refused(
			() => callApi<Json>('POST', `/api/v1/receptions/${id}/lines`, { token: s.operator, body: { productId: s.product.id, quantity: 1, date: '2030-01-01' } }),
			409,
			'not_draft'
		);
		await refused(() => callApi<Json>('POST', `/api/v1/receptions/${id}/cancel`, { token: s.operator }), 409, 'not_draft');
		expect((await t.db.select().from(lots).where(eq(lots.productId, made.body.product.id))).length).toBe(0);
		expect((await t.db.select().from(products).where(eq(products.id, made.body.product.id))).length).toBe(1);
		await expectLedgerBalanced(t.db, s.org.organisationId);
	});
});
