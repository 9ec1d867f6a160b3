// Issue 12, item 1: a reception may record the weight delivered — on the reception screen (kg with a
// decimal comma, optional, checked) and through the API (grams: POST /receptions, PATCH /receptions/{id}),
// on drafts only, audited; the reception page, the list and the API show it.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { receptions } from '$lib/server/db/schema';
import {
	addLine,
	cancelReception,
	createReception,
	getReception,
	listReceptions,
	setDeliveredWeight,
	setDeliveredWeightFromForm,
	validateReception
} from '$lib/server/stock/receptions';
import { describeAuditEvent } from '$lib/auditEvents';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, auditRows, expectAppError, makeOrg } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';

const t = useApiTestDatabase();

const weightOf = async (id: string) => (await t.db.select({ g: receptions.deliveredWeightGrams }).from(receptions).where(eq(receptions.id, id)))[0]!.g;

describe('delivered weight of a reception', () => {
	test('the screen takes kg with a decimal comma; empty clears it; bad input is a French 400 and changes nothing', async () => {
		const org = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org);
		const r = await createReception(t.db, org.actors.operator, { originId: origin.id });
		await setDeliveredWeightFromForm(t.db, org.actors.operator, r.id, '125,5');
		expect(await weightOf(r.id)).toBe(125_500);
		expect((await getReception(t.db, org.actors.operator, r.id)).deliveredWeightGrams).toBe(125_500);
		expect((await listReceptions(t.db, org.actors.operator)).find((x) => x.id === r.id)!.deliveredWeightGrams).toBe(125_500);
		for (const bad of ['0', '-3', 'douze', '1,2345', '100000,001', '1e5']) {
			const e = await expectAppError(setDeliveredWeightFromForm(t.db, org.actors.operator, r.id, bad), 'invalid_input', 400);
			expect(e.message).toMatch(/^Le poids livré n'est pas bon/);
			expect(e.field).toBe('deliveredWeight');
			expect(await weightOf(r.id)).toBe(125_500);
		}
		await setDeliveredWeightFromForm(t.db, org.actors.operator, r.id, '100 000');
		expect(await weightOf(r.id)).toBe(100_000_000);
		await setDeliveredWeightFromForm(t.db, org.actors.operator, r.id, '');
		expect(await weightOf(r.id)).toBeNull();
		// Audited, with a sentence for the journal.
		const rows = await auditRows(t.db, org.organisationId, 'reception.weight');
		expect(rows).toHaveLength(3);
		expect(describeAuditEvent({ action: 'reception.weight', person: 'Karim', details: rows[0]!.details as Record<string, unknown> })).toBe(
			"Karim a noté le poids livré d'une réception : poids livré : 125,5\u00a0kg"
		);
		// Another organisation's reception: 404; a social worker: 403.
		const other = await makeOrg(t.db);
		await expectAppError(setDeliveredWeight(t.db, other.actors.operator, r.id, 1000), 'not_found', 404);
		await expectAppError(setDeliveredWeight(t.db, org.actors.social_worker, r.id, 1000), 'forbidden', 403);
	});

	test('only on a draft: a validated or cancelled reception keeps its weight (409)', async () => {
		const org = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org);
		const product = await makeProduct(t.db, org, { dateType: 'none' });
		const r = await createReception(t.db, org.actors.operator, { originId: origin.id });
		await setDeliveredWeight(t.db, org.actors.operator, r.id, 12_000);
		await addLine(t.db, org.actors.operator, r.id, { productId: product.id, quantity: 3, dateType: 'none' });
		await validateReception(t.db, org.actors.supervisor, r.id);
		await expectAppError(setDeliveredWeight(t.db, org.actors.operator, r.id, 13_000), 'already_validated', 409);
		expect(await weightOf(r.id)).toBe(12_000);
		const c = await createReception(t.db, org.actors.operator, { originId: origin.id });
		await cancelReception(t.db, org.actors.operator, c.id);
		await expectAppError(setDeliveredWeight(t.db, org.actors.operator, c.id, 13_000), 'not_draft', 409);
	});

	test('the API sets it in grams at creation and by PATCH; a bad weight is a 400 that changes nothing', async () => {
		const org = await makeOrg(t.db);
		const { actor: maker } = await addUser(t.db, org, ['manager', 'operator']);
		const token = (await createApiToken(t.db, maker, { name: 'Réserve', roles: ['operator'] })).token;
		const origin = await makeOrigin(t.db, org);
		const product = await makeProduct(t.db, org, { dateType: 'none' });
		const created = await callApi<Record<string, unknown>>('POST', '/api/v1/receptions', {
			token,
			body: { originId: origin.id, deliveredWeightGrams: 80_000, lines: [{ productId: product.id, quantity: 2 }] }
		});
		expect(created.status).toBe(201);
		expect(created.body.deliveredWeightGrams).toBe(80_000);
		const id = String(created.body.id);
		const patched = await callApi<Record<string, unknown>>('PATCH', `/api/v1/receptions/${id}`, { token, body: { deliveredWeightGrams: 81_250 } });
		expect(patched.status).toBe(200);
		expect(patched.body.deliveredWeightGrams).toBe(81_250);
		for (const bad of [0, -1, 1.5, 100_000_001, '12']) {
			const a = await callApi<{ error: { code: string; message: string } }>('PATCH', `/api/v1/receptions/${id}`, {
				token,
				body: { deliveredWeightGrams: bad }
			});
			expect(a.status).toBe(400);
			expect(await weightOf(id)).toBe(81_250);
		}
		const none = await callApi<Record<string, unknown>>('PATCH', `/api/v1/receptions/${id}`, { token, body: { deliveredWeightGrams: null } });
		expect(none.body.deliveredWeightGrams).toBeNull();
		const refused = await callApi('POST', '/api/v1/receptions', { token, body: { originId: origin.id, deliveredWeightGrams: 0, lines: [] } });
		expect(refused.status).toBe(400);
		expect((await listReceptions(t.db, org.actors.operator)).length).toBe(1);
	});
});
