// Issue 14, item 4: preparing a parcel through the API (callApi: the real handlers, token check and the
// (parcels) route group's guard) — the pick list, a scan, putting it back, ready, the label; a manager's token
// is refused; another organisation's parcel is not found; a refusal changes nothing.
import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { lots, parcelLines } from '$lib/server/db/schema';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser } from '../helpers/fixtures';
import { addParcel, lotIn, makeParcelFixture } from '../helpers/parcels';

const t = useApiTestDatabase();
type Json = Record<string, any>;

describe('API: preparing a parcel', () => {
	test('pick list, picks, unpick, ready, label; roles and organisations', async () => {
		const f = await makeParcelFixture(t.db);
		const { actor: maker } = await addUser(t.db, f.org, ['operator', 'manager']);
		const operator = (await createApiToken(t.db, maker, { name: 'Préparation', roles: ['operator'] })).token;
		const manager = (await createApiToken(t.db, maker, { name: 'Bureau', roles: ['manager'] })).token;
		const beans = await lotIn(t.db, f.op, f.products.beans.id, f.origin.id, 5, f.org.locationId);
		const parcel = await addParcel(t.db, f, 1);
		const other = await makeParcelFixture(t.db);
		const theirs = await addParcel(t.db, other, 1);

		const today = await callApi<Json>('GET', '/api/v1/parcels/to-prepare', { token: operator });
		expect(today.status).toBe(200);
		expect(today.body.parcels.map((p: Json) => p.code)).toContain(parcel.code);
		expect((await callApi('GET', '/api/v1/parcels/to-prepare?day=2026-13-45', { token: operator })).status).toBe(400);

		const list = await callApi<Json>('GET', `/api/v1/parcels/${parcel.id}/pick-list`, { token: operator });
		expect(list.status).toBe(200);
		expect(list.body.lines.map((l: Json) => l.categoryName)).toEqual(['Pâtes', 'Conserves', 'Laitiers']);
		expect((await callApi('GET', `/api/v1/parcels/${parcel.id}/pick-list`, { token: manager })).status).toBe(403);
		expect((await callApi('GET', `/api/v1/parcels/${theirs.id}/pick-list`, { token: operator })).status).toBe(404);

		const refused = await callApi<Json>('POST', `/api/v1/parcels/${parcel.id}/picks`, { token: operator, body: { code: beans.code, quantity: 3 } });
		expect(refused.status).toBe(409);
		expect(refused.body.error.code).toBe('pk_too_much');
		expect((await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, beans.id)))[0]!.n).toBe(5);

		const picked = await callApi<Json>('POST', `/api/v1/parcels/${parcel.id}/picks`, { token: operator, body: { code: beans.code, quantity: 2 } });
		expect(picked.status).toBe(201);
		expect(picked.body).toMatchObject({ lotCode: beans.code, quantity: 2, categoryName: 'Conserves', substitute: false, remaining: 0 });
		expect((await callApi('POST', `/api/v1/parcels/${theirs.id}/picks`, { token: operator, body: { code: beans.code } })).status).toBe(404);

		const back = await callApi<Json>('DELETE', `/api/v1/parcels/${parcel.id}/picks/${picked.body.parcelLineId}`, { token: operator });
		expect(back.status).toBe(200);
		expect(back.body).toEqual({ quantity: 2, lotCode: beans.code });
		expect(await t.db.select().from(parcelLines).where(eq(parcelLines.parcelId, parcel.id))).toEqual([]);

		expect((await callApi<Json>('POST', `/api/v1/parcels/${parcel.id}/ready`, { token: operator })).body.error.code).toBe('pk_nothing_picked');
		await callApi('POST', `/api/v1/parcels/${parcel.id}/picks`, { token: operator, body: { code: beans.code } });
		const ready = await callApi<Json>('POST', `/api/v1/parcels/${parcel.id}/ready`, { token: operator });
		expect(ready.status).toBe(200);
		expect(ready.body.cold).toBe(false);
		expect(ready.body.missing.map((x: Json) => x.category)).toEqual(['Pâtes', 'Conserves', 'Laitiers']);

		const label = await callApi<Json>('GET', `/api/v1/parcels/${parcel.id}/label`, { token: operator });
		expect(label.status).toBe(200);
		expect(label.body).toMatchObject({ code: parcel.code, reference: parcel.reference, firstName: 'Amina', persons: 1 });
		expect(JSON.stringify(label.body)).not.toContain('Secret');
	});
});
