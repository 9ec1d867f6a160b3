import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { createApiToken, revokeApiToken } from '$lib/server/auth/apiTokens';
import { auditLog, lots, rightBudgetUses, rights, salePayments, sales, stockMovements } from '$lib/server/db/schema';
import { changeRightStatus, revokeCard } from '$lib/server/households/rights';
import { completeSale } from '$lib/server/till/sales';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, expectAppError, makeDevice, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, newKey } from '../helpers/till';

const t = useApiTestDatabase();

/** Answers are checked field by field below. */
type Json = Record<string, any>;

/**
 * An organisation selling through the API: a token with the operator role (made by a manager who is
 * also an operator), a product at 2,50 €, a lot of 50 (food bank) and one of 10 (FSE+), a household
 * with a valid right (20 %, 20 € a month).
 */
async function apiShop() {
	const org = await makeOrg(t.db);
	const { actor: maker } = await addUser(t.db, org, ['manager', 'operator']);
	const { token, id: tokenId } = await createApiToken(t.db, maker, { name: 'Caisse du logiciel partenaire', roles: ['operator'] });
	const origin = await makeOrigin(t.db, org);
	const fseOrigin = await makeOrigin(t.db, org, { kind: 'fse', fse: true });
	const product = await makeProduct(t.db, org, { referencePriceCents: 250 });
	const lot = await makeLot(t.db, org.actors.operator, product.id, origin.id, 50);
	const fseLot = await makeLot(t.db, org.actors.operator, product.id, fseOrigin.id, 10);
	const household = await makeBeneficiary(t.db, org);
	return { org, maker, token, tokenId, product, lot, fseLot, household };
}

/** What a sale changes: sales, payments, stock movements, budget uses and sale audit rows of the organisation, and each lot's balance. */
async function footprint(org: OrgFixture, lotIds: string[]) {
	const n = async (table: typeof sales | typeof salePayments | typeof stockMovements | typeof rightBudgetUses) =>
		(
			await t.db
				.select({ n: sql<number>`count(*)::int` })
				.from(table)
				.where(eq(table.organisationId, org.organisationId))
		)[0]!.n;
	const [audits] = await t.db
		.select({ n: sql<number>`count(*)::int` })
		.from(auditLog)
		.where(and(eq(auditLog.organisationId, org.organisationId), eq(auditLog.action, 'till.sale')));
	const balances = [];
	for (const id of lotIds) balances.push((await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, id)))[0]!.n);
	return {
		sales: await n(sales),
		payments: await n(salePayments),
		movements: await n(stockMovements),
		budgetUses: await n(rightBudgetUses),
		audits: audits!.n,
		balances
	};
}

const openTill = (token: string, floatCents = 2000) => callApi<Json>('POST', '/api/v1/till-sessions', { token, body: { floatCents } });

/** 4 × 2,50 € at 20 % = 2,00 € paid in cash (5,00 € handed over), plus 2 FSE+ at 0 €. */
const basket = (s: Awaited<ReturnType<typeof apiShop>>) => ({
	customer: s.household.card,
	lines: [
		{ lot: s.lot.code, quantity: 4 },
		{ lot: s.fseLot.id, quantity: 2 }
	],
	payments: [{ method: 'cash', amountCents: 200, tenderedCents: 500 }]
});

/** Expects a JSON error with this status and code, whose message is French (and says nothing was saved when asked). */
function expectError(r: { status: number; body: Json }, status: number, code: string, message?: RegExp) {
	expect(r.status, JSON.stringify(r.body)).toBe(status);
	expect(r.body.error.code).toBe(code);
	expect(r.body.error.message.length).toBeGreaterThan(5);
	if (message) expect(r.body.error.message).toMatch(message);
}

describe('till API: sessions and sales for an API token', () => {
	test('open, sell (201), replay (200, same body), read, list, then close with a Z report equal to the sales', async () => {
		const s = await apiShop();
		expectError(await callApi('GET', '/api/v1/till-sessions/current', { token: s.token }), 404, 'no_open_session', /Aucune caisse/);

		const opened = await openTill(s.token, 2000);
		expect(opened.status).toBe(201);
		expect(opened.body).toMatchObject({ status: 'open', floatCents: 2000, deviceName: null, zNumber: null, totals: { sales: 0, expected: { cash: 2000 } } });
		expectError(await openTill(s.token), 409, 'till_already_open');

		const before = await footprint(s.org, [s.lot.id, s.fseLot.id]);
		const key = newKey();
		const first = await callApi<Json>('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': key }, body: basket(s) });
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		expect(first.body).toEqual({
			id: expect.any(String),
			number: 'V-000001',
			referenceCents: 1500,
			paidCents: 200,
			savedCents: 1300,
			fseCents: 500,
			budgetCents: 1000,
			budgetLeftCents: 1000,
			changeCents: 300
		});
		expect(first.headers.get('location')).toBe(`/api/v1/sales/${first.body.id}`);
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		// A retry (lost answer, double tap): the same body, 200, nothing more recorded.
		for (let i = 0; i < 2; i++) {
			const again = await callApi<Json>('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': key }, body: basket(s) });
			expect(again.status).toBe(200);
			expect(again.body).toEqual(first.body);
			expect(again.headers.get('idempotent-replayed')).toBe('true');
		}
		const after = await footprint(s.org, [s.lot.id, s.fseLot.id]);
		expect(after).toEqual({ sales: 1, payments: 1, movements: before.movements + 2, budgetUses: 1, audits: 1, balances: [46, 8] });

		// The key in the body works as well as in the header; card payment this time.
		const second = await callApi<Json>('POST', '/api/v1/sales', {
			token: s.token,
			body: { ...basket(s), idempotencyKey: newKey(), lines: [{ lot: s.lot.id, quantity: 2 }], payments: [{ method: 'card', amountCents: 100 }] }
		});
		expect(second.status, JSON.stringify(second.body)).toBe(201);
		expect(second.body).toMatchObject({ number: 'V-000002', paidCents: 100, budgetLeftCents: 500, changeCents: 0 });

		// The receipt: by id or by number; of the household, only the first name and the reference.
		const byId = await callApi<Json>('GET', `/api/v1/sales/${first.body.id}`, { token: s.token });
		const byNumber = await callApi<Json>('GET', '/api/v1/sales/v-000001', { token: s.token });
		expect(byId.status).toBe(200);
		expect(byNumber.body).toEqual(byId.body);
		expect(byId.body).toMatchObject({
			number: 'V-000001',
			household: { firstName: 'Jeanne', reference: s.household.reference },
			referenceCents: 1500,
			paidCents: 200,
			fseCents: 500,
			budgetLeftCents: 1000
		});
		expect(byId.body.lines.map((l: Json) => [l.lotCode, l.quantity, l.paidCents, l.fse])).toEqual([
			[s.lot.code, 4, 200, false],
			[s.fseLot.code, 2, 0, true]
		]);
		expect(byId.body.payments).toEqual([{ method: 'cash', amountCents: 200, tenderedCents: 500, changeCents: 300, refund: false }]);
		expect(JSON.stringify(byId.body)).not.toMatch(/Martin-/);
		expectError(await callApi('GET', '/api/v1/sales/V-999999', { token: s.token }), 404, 'not_found', /introuvable/);

		const current = await callApi<Json>('GET', '/api/v1/till-sessions/current', { token: s.token });
		expect(current.body).toMatchObject({
			id: opened.body.id,
			status: 'open',
			totals: { sales: 2, paidCents: 300, byMethod: { cash: 200, card: 100, cheque: 0 } }
		});
		const listed = await callApi<Json>('GET', `/api/v1/sales?session=${opened.body.id}`, { token: s.token });
		expect(listed.body).toMatchObject({ total: 2, page: 1, pages: 1 });
		expect(listed.body.items.map((i: Json) => i.number)).toEqual(['V-000002', 'V-000001']);
		expect((await callApi<Json>('GET', `/api/v1/sales?q=${s.household.reference}`, { token: s.token })).body.total).toBe(2);

		// Closing: the Z report is the sum of the session's sales; 20 € float + 2 € cash expected, 21,50 € counted.
		// (An operator's token reads its till's sales while the till is open: read them before closing.)
		const listedSales = await Promise.all(
			listed.body.items.map(async (i: Json) => (await callApi<Json>('GET', `/api/v1/sales/${i.id}`, { token: s.token })).body)
		);
		const closed = await callApi<Json>('POST', '/api/v1/till-sessions/current/close', { token: s.token, body: { counted: { cash: 2150, card: 100 } } });
		expect(closed.status, JSON.stringify(closed.body)).toBe(200);
		const z = closed.body.totals;
		expect(z.sales).toBe(listedSales.length);
		expect(z.paidCents).toBe(listedSales.reduce((a, x) => a + x.paidCents, 0));
		expect(z.referenceCents).toBe(listedSales.reduce((a, x) => a + x.referenceCents, 0));
		expect(z.fseCents).toBe(listedSales.reduce((a, x) => a + x.fseCents, 0));
		expect(closed.body).toMatchObject({ status: 'closed', zNumber: 1 });
		expect(z).toMatchObject({
			expected: { cash: 2200, card: 100, cheque: 0 },
			counted: { cash: 2150, card: 100, cheque: 0 },
			difference: { cash: -50, card: 0, cheque: 0 }
		});
		// Z reports are for supervisors (and admins): the operator's token gets 403, a supervisor reads them.
		expectError(await callApi('GET', `/api/v1/till-sessions/${opened.body.id}`, { token: s.token }), 403, 'forbidden');
		expectError(await callApi('GET', '/api/v1/till-sessions', { token: s.token }), 403, 'forbidden');
		expect((await callApi<Json>('GET', `/api/v1/sales/${listedSales[0].id}`, { token: s.token })).status).toBe(404);
		const sup = s.org.actors.supervisor;
		expect((await callApi<Json>('GET', `/api/v1/till-sessions/${opened.body.id}`, { actor: sup })).body.totals).toEqual(z);
		const sessions = await callApi<Json>('GET', '/api/v1/till-sessions', { actor: sup });
		expect(sessions.body.items).toEqual([expect.objectContaining({ id: opened.body.id, status: 'closed', zNumber: 1, zReport: z })]);

		// Closed: no more sales, nothing changed; a retry of a recorded sale still answers it.
		const beforeClosed = await footprint(s.org, [s.lot.id, s.fseLot.id]);
		expectError(
			await callApi('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': newKey() }, body: basket(s) }),
			409,
			'till_closed',
			/fermée.*Rien n'a été enregistré/
		);
		expectError(await callApi('POST', '/api/v1/till-sessions/current/close', { token: s.token, body: { counted: {} } }), 409, 'till_closed');
		expect(await footprint(s.org, [s.lot.id, s.fseLot.id])).toEqual(beforeClosed);
		const late = await callApi<Json>('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': key }, body: basket(s) });
		expect([late.status, late.body]).toEqual([200, first.body]);
	});

	test('the same idempotency key sent three times at once records one sale', async () => {
		const s = await apiShop();
		await openTill(s.token);
		const call = () => callApi<Json>('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': key }, body: basket(s) });
		const key = newKey();
		const answers = await Promise.all([call(), call(), call()]);
		expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
		expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
		const f = await footprint(s.org, [s.lot.id, s.fseLot.id]);
		expect(f).toMatchObject({ sales: 1, payments: 1, budgetUses: 1, audits: 1, balances: [46, 8] });
		// The same key for another basket is refused, not replayed.
		expectError(
			await callApi('POST', '/api/v1/sales', {
				token: s.token,
				headers: { 'Idempotency-Key': key },
				body: { ...basket(s), lines: [{ lot: s.lot.id, quantity: 1 }], payments: [{ method: 'cash', amountCents: 50 }] }
			}),
			409,
			'idempotency_conflict'
		);
		expect(await footprint(s.org, [s.lot.id, s.fseLot.id])).toEqual(f);
	});

	test('no idempotency key: 400 with a French message, nothing changed', async () => {
		const s = await apiShop();
		await openTill(s.token);
		const before = await footprint(s.org, [s.lot.id, s.fseLot.id]);
		expectError(
			await callApi('POST', '/api/v1/sales', { token: s.token, body: basket(s) }),
			400,
			'idempotency_key_required',
			/Idempotency-Key.*Rien n'a été enregistré/
		);
		expectError(
			await callApi('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': '  ' }, body: { ...basket(s), idempotencyKey: '' } }),
			400,
			'idempotency_key_required'
		);
		// Too short, or two different keys: refused too.
		expectError(
			await callApi('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': 'abc' }, body: basket(s) }),
			400,
			'idempotency_key_required',
			/8 à 100/
		);
		expectError(
			await callApi('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': newKey() }, body: { ...basket(s), idempotencyKey: newKey() } }),
			400,
			'idempotency_key_mismatch',
			/pas la même/
		);
		expect(await footprint(s.org, [s.lot.id, s.fseLot.id])).toEqual(before);
	});

	test('bad input gets a clear French error and changes nothing', async () => {
		const s = await apiShop();
		const other = await apiShop();
		await openTill(s.token);
		const sell = (body: Json, headers: Record<string, string> = { 'Idempotency-Key': newKey() }) =>
			callApi<Json>('POST', '/api/v1/sales', { token: s.token, headers, body: { ...basket(s), ...body } });
		const before = await footprint(s.org, [s.lot.id, s.fseLot.id]);
		const otherBefore = await footprint(other.org, [other.lot.id]);

		// A lot of another organisation, by id or by code: not found (404), as an unknown code.
		expectError(await sell({ lines: [{ lot: other.lot.id, quantity: 1 }], payments: [{ method: 'cash', amountCents: 50 }] }), 404, 'lot_not_found', /lot/i);
		expectError(await sell({ lines: [{ lot: 'L-999999', quantity: 1 }] }), 404, 'lot_not_found');
		expectError(await sell({ lines: [{ lot: '3017620422003', quantity: 1 }] }), 404, 'lot_not_found');
		// Quantities: negative, zero, not whole, absurd.
		for (const quantity of [-2, 0, 1.5, 5_000_000]) expectError(await sell({ lines: [{ lot: s.lot.id, quantity }] }), 400, 'invalid_input', /quantité/i);
		// More than the lot holds.
		expectError(
			await sell({ lines: [{ lot: s.lot.id, quantity: 51 }], payments: [{ method: 'cash', amountCents: 2550 }] }),
			409,
			'insufficient_stock',
			/il n'en reste que 50/
		);
		// Payments that do not add up, an unknown method.
		expectError(await sell({ payments: [{ method: 'cash', amountCents: 199 }] }), 400, 'payment_total', /exactement 2,00/);
		expectError(await sell({ payments: [{ method: 'bitcoin', amountCents: 200 }] }), 400, 'payment_invalid', /paiement/);
		// Cards: unknown, of another organisation, revoked; a right that has ended or is suspended.
		expectError(await sell({ customer: 'CARTE-INCONNUE' }), 404, 'unknown_card', /inconnue/);
		expectError(await sell({ customer: other.household.card }), 404, 'unknown_card');
		// Not JSON, or not an object of the right shape.
		const raw = await callApi<Json>('POST', '/api/v1/sales', {
			token: s.token,
			headers: { 'Idempotency-Key': newKey(), 'content-type': 'text/plain' },
			body: basket(s)
		});
		expectError(raw, 415, 'unsupported_media_type', /JSON/);
		expectError(
			await callApi('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': newKey() }, body: { customer: 'FOY-0001', lines: 'tout' } }),
			400,
			'invalid_input',
			/lines/
		);
		expectError(await sell({ lines: [] }), 400, 'invalid_input', /vide/);
		expect(await footprint(s.org, [s.lot.id, s.fseLot.id])).toEqual(before);

		const sw = s.org.actors.social_worker;
		const expiring = await makeBeneficiary(t.db, s.org);
		await t.db.update(rights).set({ validFrom: '2020-01-01', validTo: '2020-03-31' }).where(eq(rights.id, expiring.rightId));
		expectError(await sell({ customer: expiring.card }), 409, 'right_not_valid', /droit/i);
		await changeRightStatus(t.db, sw, s.household.rightId, 'suspend', 'Dossier à revoir');
		expectError(await sell({}), 409, 'right_not_valid');
		await revokeCard(t.db, sw, s.household.householdId);
		expectError(await sell({}), 404, 'card_revoked', /plus valable/);
		expect(await footprint(s.org, [s.lot.id, s.fseLot.id])).toEqual(before);
		expect(await footprint(other.org, [other.lot.id])).toEqual(otherBefore);
	});
});

describe('till API: who may use it', () => {
	test('a token without till roles gets 403, an unknown or revoked token 401, nobody 401; nothing changes; a manager reads the sales', async () => {
		const s = await apiShop();
		await openTill(s.token);
		const sold = await callApi<Json>('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': newKey() }, body: basket(s) });
		expect(sold.status).toBe(201);
		const { token: managerToken } = await createApiToken(t.db, s.org.actors.manager, { name: 'Comptabilité', roles: ['manager'] });
		const { actor: sw } = await addUser(t.db, s.org, ['manager', 'social_worker']);
		const { token: socialToken } = await createApiToken(t.db, sw, { name: 'Dossiers', roles: ['social_worker'] });
		const before = await footprint(s.org, [s.lot.id, s.fseLot.id]);
		for (const token of [managerToken, socialToken]) {
			// Refused before anything is read: the same answer with or without a key.
			expectError(await callApi('POST', '/api/v1/sales', { token, headers: { 'Idempotency-Key': newKey() }, body: basket(s) }), 403, 'forbidden');
			expectError(await callApi('POST', '/api/v1/sales', { token, body: basket(s) }), 403, 'forbidden');
			expectError(await callApi('POST', '/api/v1/till-sessions', { token, body: { floatCents: 0 } }), 403, 'forbidden');
			expectError(await callApi('GET', '/api/v1/till-sessions', { token }), 403, 'forbidden');
			expectError(await callApi('GET', '/api/v1/till-sessions/current', { token }), 403, 'forbidden');
			expectError(await callApi('POST', '/api/v1/till-sessions/current/close', { token, body: { counted: {} } }), 403, 'forbidden');
		}
		// Sales and receipts are for the till's people and the managers who report on it; not for social workers.
		const listed = await callApi<Json>('GET', '/api/v1/sales', { token: managerToken });
		expect(listed.status).toBe(200);
		expect(listed.body.items.map((i: Json) => i.id)).toEqual([sold.body.id]);
		expect((await callApi<Json>('GET', `/api/v1/sales/${sold.body.id}`, { token: managerToken })).body.number).toBe(sold.body.number);
		expectError(await callApi('GET', '/api/v1/sales', { token: socialToken }), 403, 'forbidden');
		expectError(await callApi('GET', `/api/v1/sales/${sold.body.id}`, { token: socialToken }), 403, 'forbidden');
		expectError(
			await callApi('POST', '/api/v1/sales', { token: 'esk_inconnu', headers: { 'Idempotency-Key': newKey() }, body: basket(s) }),
			401,
			'invalid_token'
		);
		expectError(await callApi('POST', '/api/v1/sales', { headers: { 'Idempotency-Key': newKey() }, body: basket(s) }), 401, 'unauthenticated');
		await revokeApiToken(t.db, s.org.actors.manager, s.tokenId);
		expectError(await callApi('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': newKey() }, body: basket(s) }), 401, 'invalid_token');
		expect(await footprint(s.org, [s.lot.id, s.fseLot.id])).toEqual(before);
		// The service refuses on its own too, whatever the route.
		const manager: Actor = { ...s.org.actors.manager };
		await expectAppError(completeSale(t.db, manager, { apiTokenId: s.tokenId }, { idempotencyKey: newKey(), ...basket(s) } as never), 'forbidden', 403);
	});

	test('a signed-in operator on an enrolled tablet sells on the tablet’s till; without a tablet, a clear refusal', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const operator: Actor = { ...org.actors.operator, deviceId: device.id, method: 'pin' };
		const origin = await makeOrigin(t.db, org);
		const product = await makeProduct(t.db, org, { referencePriceCents: 100 });
		const lot = await makeLot(t.db, operator, product.id, origin.id, 5);
		const household = await makeBeneficiary(t.db, org);
		const opened = await callApi<Json>('POST', '/api/v1/till-sessions', { actor: operator, body: { floatCents: 0 } });
		expect(opened.body).toMatchObject({ status: 'open', deviceName: device.name });
		const sale = await callApi<Json>('POST', '/api/v1/sales', {
			actor: operator,
			headers: { 'Idempotency-Key': newKey() },
			body: { customer: household.reference, lines: [{ lot: lot.code, quantity: 1 }], payments: [{ method: 'cheque', amountCents: 20 }] }
		});
		expect(sale.status, JSON.stringify(sale.body)).toBe(201);
		const [row] = await t.db.select({ sessionId: sales.sessionId, deviceId: sales.deviceId }).from(sales).where(eq(sales.id, sale.body.id));
		expect(row).toEqual({ sessionId: opened.body.id, deviceId: device.id });
		// The same person signed in with a password on a computer (no tablet): refused, with the reason.
		expectError(
			await callApi('POST', '/api/v1/sales', {
				actor: org.actors.operator,
				headers: { 'Idempotency-Key': newKey() },
				body: { customer: household.reference, lines: [{ lot: lot.code, quantity: 1 }], payments: [{ method: 'cheque', amountCents: 20 }] }
			}),
			409,
			'till_needs_tablet',
			/tablette/
		);
	});
});

describe('till API: the OpenAPI document', () => {
	test('declares the till endpoints, the Idempotency-Key header and their schemas', async () => {
		const r = await callApi<Json>('GET', '/api/v1/openapi.json');
		expect(r.status).toBe(200);
		const paths = r.body.paths as Json;
		for (const p of ['/sales', '/sales/{id}', '/till-sessions', '/till-sessions/current', '/till-sessions/current/close', '/till-sessions/{id}'])
			expect(paths[p], p).toBeDefined();
		const post = paths['/sales'].post;
		expect(post.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]);
		expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '404', '409']));
		expect(r.body.components.schemas.NewSale.required).toEqual(['customer', 'lines', 'payments']);
		expect(r.body.components.schemas.SaleCompleted.required).toContain('changeCents');
	});
});
