// Issue 11, item 6: returns through the API — POST /sales/{id}/returns (idempotent, like POST /sales),
// its preview, and the returns in the sale's answer. The same service as the sale's page (returnSale):
// who may, quantities left, where the goods go (a blocked or DLC-past lot never back to stock).
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { lots } from '$lib/server/db/schema';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables } from '../helpers/db-snapshot';
import { addUser, auditRows, makeOrg } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, newKey } from '../helpers/till';
import { expectLedgerBalanced } from '../helpers/till-state';

const t = useApiTestDatabase();

/** Answers are checked field by field below. */
type Json = Record<string, any>;

/**
 * A sale of 4 × 2,50 € at 20 % (2,00 € in cash) made through an operator's token, and a supervisor's
 * token with its own till open (the refund comes out of that drawer).
 */
async function soldShop() {
	const org = await makeOrg(t.db);
	const { actor: maker } = await addUser(t.db, org, ['manager', 'operator', 'supervisor']);
	const operator = (await createApiToken(t.db, maker, { name: 'Caisse', roles: ['operator'] })).token;
	const supervisor = (await createApiToken(t.db, maker, { name: 'Encadrement', roles: ['supervisor'] })).token;
	const origin = await makeOrigin(t.db, org);
	const product = await makeProduct(t.db, org, { referencePriceCents: 250 });
	const lot = await makeLot(t.db, org.actors.operator, product.id, origin.id, 50);
	const household = await makeBeneficiary(t.db, org);
	for (const token of [operator, supervisor]) expect((await callApi('POST', '/api/v1/till-sessions', { token, body: { floatCents: 2000 } })).status).toBe(201);
	const sold = await callApi<Json>('POST', '/api/v1/sales', {
		token: operator,
		headers: { 'Idempotency-Key': newKey() },
		body: { customer: household.card, lines: [{ lot: lot.code, quantity: 4 }], payments: [{ method: 'cash', amountCents: 200, tenderedCents: 200 }] }
	});
	expect(sold.status, JSON.stringify(sold.body)).toBe(201);
	const sale = (await callApi<Json>('GET', `/api/v1/sales/${sold.body.id}`, { token: operator })).body;
	return { org, operator, supervisor, lot, sale, lineId: sale.lines[0].id as string };
}

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;

/** Runs a refused call: a JSON error with this status and code, a French sentence, and no row of any table changed. */
async function refused(call: () => Promise<{ status: number; body: Json }>, status: number, code: string) {
	const before = await snapshotTables(t.db);
	const r = await call();
	expect(r.status, JSON.stringify(r.body)).toBe(status);
	expect(r.body.error.code).toBe(code);
	expect(r.body.error.message).toMatch(/[a-zàéèêç]{3,} /i);
	expect(await snapshotTables(t.db)).toEqual(before);
}

describe('returns API', () => {
	test('a return to stock: recorded once, replayed with the same body; the ledger stays balanced', async () => {
		const s = await soldShop();
		const path = `/api/v1/sales/${s.sale.id}/returns`;
		const body = { reason: 'Produit en double', lines: [{ saleLineId: s.lineId, quantity: 2, disposition: 'stock' }] };

		// Who may: those who authorise at the till — not the operator.
		await refused(() => callApi<Json>('POST', path, { token: s.operator, headers: { 'Idempotency-Key': newKey() }, body }), 403, 'forbidden');
		await refused(() => callApi<Json>('POST', path, { token: s.supervisor, body }), 400, 'idempotency_key_required');

		// The preview says what confirming will record, and records nothing.
		const before = await snapshotTables(t.db);
		const preview = await callApi<Json>('POST', `${path}/preview`, { token: s.supervisor, body });
		expect(preview.status, JSON.stringify(preview.body)).toBe(200);
		expect(preview.body).toMatchObject({ refundCents: 100, referenceCents: 500, budgetRestoredCents: 500, refunds: [{ method: 'cash', amountCents: 100 }] });
		expect(await snapshotTables(t.db)).toEqual(before);

		const key = newKey();
		const first = await callApi<Json>('POST', path, { token: s.supervisor, headers: { 'Idempotency-Key': key }, body });
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		expect(first.body).toMatchObject({
			saleId: s.sale.id,
			saleNumber: s.sale.number,
			reason: 'Produit en double',
			refundCents: 100,
			referenceCents: 500,
			budgetRestoredCents: 500,
			refunds: [{ method: 'cash', amountCents: 100 }],
			lines: [{ saleLineId: s.lineId, quantity: 2, disposition: 'stock', refundCents: 100 }]
		});
		expect(first.body).toMatchObject({ refunds: preview.body.refunds, lines: preview.body.lines });
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		expect(await onHand(s.lot.id)).toBe(48);
		expect((await auditRows(t.db, s.org.organisationId, 'till.return')).length).toBe(1);
		await expectLedgerBalanced(t.db, s.org.organisationId);

		// A retry with the same key (in the body this time): the same answer, no second movement.
		const mid = await snapshotTables(t.db);
		const again = await callApi<Json>('POST', path, { token: s.supervisor, body: { ...body, idempotencyKey: key } });
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(await snapshotTables(t.db)).toEqual(mid);
		// The same key for other lines: a conflict; header and body keys that differ: refused.
		await refused(
			() =>
				callApi<Json>('POST', path, {
					token: s.supervisor,
					headers: { 'Idempotency-Key': key },
					body: { ...body, lines: [{ ...body.lines[0], quantity: 1 }] }
				}),
			409,
			'idempotency_conflict'
		);
		await refused(
			() => callApi<Json>('POST', path, { token: s.supervisor, headers: { 'Idempotency-Key': newKey() }, body: { ...body, idempotencyKey: newKey() } }),
			400,
			'idempotency_key_mismatch'
		);

		// The sale's answer: its lines (with their ids, and what was returned) and its returns.
		const sale = await callApi<Json>('GET', `/api/v1/sales/${s.sale.id}`, { token: s.supervisor });
		expect(sale.body.lines[0]).toMatchObject({ id: s.lineId, quantity: 4, returned: 2 });
		expect(sale.body.returns).toEqual([{ id: first.body.id, at: first.body.at, refundCents: 100, reason: 'Produit en double' }]);
		const list = await callApi<Json>('GET', path, { token: s.supervisor });
		expect(list.status).toBe(200);
		expect(list.body.items).toEqual([first.body]);
	});

	test('quantities left, where the goods go, bad input: refused with a French message and nothing changed', async () => {
		const s = await soldShop();
		const path = `/api/v1/sales/${s.sale.id}/returns`;
		const post = (lines: unknown, reason: unknown = 'Retour client') =>
			callApi<Json>('POST', path, { token: s.supervisor, headers: { 'Idempotency-Key': newKey() }, body: { reason, lines } });
		const line = (quantity: unknown, disposition: unknown = 'stock') => [{ saleLineId: s.lineId, quantity, disposition }];

		await refused(() => post(line(5)), 409, 'over_return');
		await refused(() => post(line(1.5)), 400, 'invalid_input');
		await refused(() => post(line(0)), 400, 'invalid_input');
		await refused(() => post(line(1, 'bin')), 400, 'invalid_input');
		await refused(() => post(line(1), ''), 400, 'invalid_input');
		await refused(() => post([]), 400, 'invalid_input');
		await refused(() => post('deux'), 400, 'invalid_input');
		await refused(() => post([{ saleLineId: '00000000-0000-4000-8000-000000000000', quantity: 1, disposition: 'stock' }]), 404, 'line_unknown');

		// A recalled (blocked) lot never goes back to stock; as a loss it is taken back then written off.
		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, s.lot.id));
		await refused(() => post(line(1)), 409, 'lot_blocked');
		const loss = await post(line(3, 'loss'));
		expect(loss.status, JSON.stringify(loss.body)).toBe(201);
		expect(loss.body.lines).toMatchObject([{ quantity: 3, disposition: 'loss', refundCents: 150 }]);
		expect(await onHand(s.lot.id)).toBe(46);
		await expectLedgerBalanced(t.db, s.org.organisationId);
		await refused(() => post(line(2, 'loss')), 409, 'over_return');

		// Another organisation's sale: 404, whatever the body.
		const other = await soldShop();
		await refused(
			() => callApi<Json>('POST', path, { token: other.supervisor, headers: { 'Idempotency-Key': newKey() }, body: { reason: 'x', lines: [] } }),
			404,
			'not_found'
		);
		await refused(() => callApi<Json>('POST', `${path}/preview`, { token: other.supervisor, body: {} }), 404, 'not_found');
		await refused(() => callApi<Json>('GET', path, { token: other.supervisor }), 404, 'not_found');

		// The refund comes out of this till point's drawer: with its till closed, no return.
		expect((await callApi('POST', '/api/v1/till-sessions/current/close', { token: s.supervisor, body: { counted: { cash: 2000 } } })).status).toBe(200);
		await refused(() => post(line(1, 'loss')), 409, 'till_closed');
	});
});

describe('till API: cash in and out, a supervisor’s override', () => {
	test('cash movements go into the open till’s Z figures; bad input and a closed till change nothing', async () => {
		const s = await soldShop();
		const out = await callApi<Json>('POST', '/api/v1/till/cash-movements', {
			token: s.operator,
			body: { kind: 'out', amountCents: 500, reason: 'Monnaie à la banque' }
		});
		expect(out.status, JSON.stringify(out.body)).toBe(201);
		expect(out.body).toEqual({ sessionId: expect.any(String), kind: 'out', amountCents: 500, reason: 'Monnaie à la banque' });
		const now = await callApi<Json>('GET', '/api/v1/till-sessions/current', { token: s.operator });
		expect(now.body).toMatchObject({ id: out.body.sessionId, totals: { cashOutCents: 500, expected: { cash: 2000 + 200 - 500 } } });
		expect((await auditRows(t.db, s.org.organisationId, 'till.cash_out')).length).toBe(1);

		const cash = (body: unknown) => () => callApi<Json>('POST', '/api/v1/till/cash-movements', { token: s.operator, body });
		await refused(cash({ kind: 'sideways', amountCents: 500, reason: 'Monnaie' }), 400, 'invalid_input');
		await refused(cash({ kind: 'in', amountCents: 0, reason: 'Monnaie' }), 400, 'invalid_input');
		await refused(cash({ kind: 'in', amountCents: 1e12, reason: 'Monnaie' }), 400, 'invalid_input');
		await refused(cash({ kind: 'in', amountCents: 100, reason: '' }), 400, 'invalid_input');
		await refused(cash({ kind: 'in', amountCents: '1,00', reason: 'Monnaie' }), 400, 'invalid_input');
		expect((await callApi('POST', '/api/v1/till-sessions/current/close', { token: s.operator, body: { counted: { cash: 1700 } } })).status).toBe(200);
		await refused(cash({ kind: 'in', amountCents: 100, reason: 'Monnaie' }), 409, 'till_closed');
	});

	test('over the budget only with a supervisor’s PIN and reason, for one sale', async () => {
		const s = await soldShop();
		const { user: chief } = await addUser(t.db, s.org, ['supervisor'], { pin: true });
		const list = await callApi<Json>('GET', '/api/v1/till/supervisors', { token: s.operator });
		expect(list.body.items.map((p: Json) => p.id)).toContain(chief.id);
		const customer = s.sale.household.reference as string;
		// 5 more × 2,50 € = 12,50 € of reference value; 10 € of budget left this month.
		const basket = (overrideId?: string) => ({
			customer,
			lines: [{ lot: s.lot.code, quantity: 5 }],
			payments: [{ method: 'cash', amountCents: 250, tenderedCents: 250 }],
			...(overrideId ? { overrideId } : {})
		});
		await refused(
			() => callApi<Json>('POST', '/api/v1/sales', { token: s.operator, headers: { 'Idempotency-Key': newKey() }, body: basket() }),
			409,
			'budget_exceeded'
		);

		const ask = (pin: string, reason = 'Naissance dans le foyer') =>
			callApi<Json>('POST', '/api/v1/till/overrides', { token: s.operator, body: { customer, supervisorId: chief.id, pin, reason } });
		await refused(() => ask('2580', ''), 400, 'invalid_input');
		await refused(
			() =>
				callApi<Json>('POST', '/api/v1/till/overrides', {
					token: s.operator,
					body: { customer, supervisorId: s.org.users.operator.id, pin: '2580', reason: 'Raison' }
				}),
			404,
			'unknown_user'
		);
		// A wrong PIN is refused (and audited, as on the tablet).
		const wrong = await ask('9999');
		expect(wrong.status, JSON.stringify(wrong.body)).toBe(400);
		expect(wrong.body.error.code).toBe('wrong_pin');
		expect((await auditRows(t.db, s.org.organisationId, 'auth.pin_failed')).length).toBe(1);

		const ok = await ask('2580');
		expect(ok.status, JSON.stringify(ok.body)).toBe(201);
		expect(ok.body).toEqual({ overrideId: expect.any(String), supervisor: chief.firstName });
		expect((await auditRows(t.db, s.org.organisationId, 'till.override')).length).toBe(1);
		const sold = await callApi<Json>('POST', '/api/v1/sales', {
			token: s.operator,
			headers: { 'Idempotency-Key': newKey() },
			body: basket(ok.body.overrideId)
		});
		expect(sold.status, JSON.stringify(sold.body)).toBe(201);
		expect((await callApi<Json>('GET', `/api/v1/sales/${sold.body.id}`, { token: s.operator })).body.override).toMatchObject({
			reason: 'Naissance dans le foyer'
		});
		// One sale only.
		await refused(
			() => callApi<Json>('POST', '/api/v1/sales', { token: s.operator, headers: { 'Idempotency-Key': newKey() }, body: basket(ok.body.overrideId) }),
			409,
			'override_invalid'
		);
		await expectLedgerBalanced(t.db, s.org.organisationId);
		// Another organisation's till cannot use this organisation's supervisor.
		const other = await soldShop();
		await refused(
			() =>
				callApi<Json>('POST', '/api/v1/till/overrides', {
					token: other.operator,
					body: { customer: other.sale.household.reference, supervisorId: chief.id, pin: '2580', reason: 'Raison' }
				}),
			404,
			'unknown_user'
		);
	});
});
