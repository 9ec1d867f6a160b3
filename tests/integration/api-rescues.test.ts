// Issue 12: the expiry report and its rescue action through the API (callApi: the real handlers, token
// check and route-group guard): GET /reports/expiry lists the lot to save; POST /rescues gives it to a
// partner; an operator's token is refused; a DLC-past lot is refused with nothing changed.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { lots } from '$lib/server/db/schema';
import { addDays, shopToday } from '$lib/stock/dates';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, makeOrg } from '../helpers/fixtures';
import { makeLot, movementAt } from '../helpers/reports';
import { makeOrigin, makeProduct } from '../helpers/stock';

const t = useApiTestDatabase();
type Json = Record<string, any>;

describe('API: expiry report and rescues', () => {
	test('GET /reports/expiry lists the lot; POST /rescues gives it to a partner; refusals change nothing', async () => {
		const org = await makeOrg(t.db);
		const { actor: maker } = await addUser(t.db, org, ['manager', 'operator', 'supervisor']);
		const supervisor = (await createApiToken(t.db, maker, { name: 'Encadrement', roles: ['supervisor'] })).token;
		const operator = (await createApiToken(t.db, maker, { name: 'Réserve', roles: ['operator'] })).token;
		const origin = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 100, referencePriceCents: 50 });
		const today = shopToday(new Date());
		const soon = await makeLot(t.db, org, { productId: p.id, originId: origin.id, date: addDays(today, 2), dateType: 'dlc' });
		const past = await makeLot(t.db, org, { productId: p.id, originId: origin.id, date: addDays(today, -1), dateType: 'dlc' });
		for (const l of [soon, past]) await movementAt(t.db, org, { lotId: l.id, quantity: 8, kind: 'reception', at: new Date(Date.now() - 86_400_000) });

		const report = await callApi<Json>('GET', '/api/v1/reports/expiry?days=5', { token: supervisor });
		expect(report.status).toBe(200);
		const toSave = report.body.tables.find((x: Json) => x.id === 'a-sauver');
		expect(toSave.rows.map((r: Json) => [r.code, r.action])).toEqual([[soon.code, 'parcel']]);
		expect((await callApi('GET', '/api/v1/reports/expiry', { token: operator })).status).toBe(403);

		const given = await callApi<Json>('POST', '/api/v1/rescues', {
			token: supervisor,
			body: { lot: soon.code, action: 'partner', partner: 'Secours populaire', quantity: 3 }
		});
		expect(given.status).toBe(201);
		expect(given.body).toMatchObject({ action: 'partner', quantity: 3, lot: { code: soon.code, onHand: 5 } });

		const refused = await callApi<Json>('POST', '/api/v1/rescues', { token: supervisor, body: { lot: past.code, action: 'parcel' } });
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe('rescue_dlc_past');
		expect((await callApi('POST', '/api/v1/rescues', { token: operator, body: { lot: soon.code, action: 'parcel' } })).status).toBe(403);
		const onHand = await t.db.select({ code: lots.code, n: lots.onHand }).from(lots).where(eq(lots.organisationId, org.organisationId));
		expect(Object.fromEntries(onHand.map((r) => [r.code, r.n]))).toEqual({ [soon.code]: 5, [past.code]: 8 });
	});
});
