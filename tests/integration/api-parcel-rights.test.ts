// Issue 14, item 1: parcel rights through the API, with the screen's services and rules: social workers
// only, another organisation's ids 404, bad input a French 400 that changes nothing, the committee's
// decision granting a parcel right alone.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { parcelRights, rights } from '$lib/server/db/schema';
import { createHousehold } from '$lib/server/households/households';
import { submitApplication } from '$lib/server/households/rights';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables } from '../helpers/db-snapshot';
import { addUser, auditRows, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeBeneficiary } from '../helpers/till';

const t = useApiTestDatabase();

type Json = Record<string, any>;

let org: OrgFixture;
let other: OrgFixture;
let social: string;
let manager: string;
let otherSocial: string;

beforeAll(async () => {
	org = await makeOrg(t.db);
	other = await makeOrg(t.db, 'Autre épicerie');
	const { actor: maker } = await addUser(t.db, org, ['manager', 'social_worker']);
	social = (await createApiToken(t.db, maker, { name: 'Logiciel du CCAS', roles: ['social_worker'] })).token;
	manager = (await createApiToken(t.db, org.actors.manager, { name: 'Tableur', roles: ['manager'] })).token;
	const { actor: otherMaker } = await addUser(t.db, other, ['manager', 'social_worker']);
	otherSocial = (await createApiToken(t.db, otherMaker, { name: 'Autre', roles: ['social_worker'] })).token;
});

describe('parcel rights API', () => {
	test('issue, list, renew, suspend, resume, revoke; audited', async () => {
		const h = await makeBeneficiary(t.db, org);
		const base = `/api/v1/households/${h.householdId}/parcel-rights`;
		const made = await callApi<Json>('POST', base, { token: social, body: { frequency: 'weekly', persons: 3, free: true } });
		expect(made.status).toBe(201);
		const id = made.body.id as string;
		const list = await callApi<Json>('GET', base, { token: social });
		expect(list.status).toBe(200);
		expect(list.body.items).toEqual([expect.objectContaining({ id, frequency: 'weekly', persons: 3, participationCents: 0, status: 'active', renewals: 0 })]);
		const renewed = await callApi<Json>('POST', `/api/v1/parcel-rights/${id}/renew`, { token: social });
		expect(renewed.status).toBe(200);
		expect(renewed.body.renewals).toBe(1);
		expect((await callApi('POST', `/api/v1/parcel-rights/${id}/suspend`, { token: social, body: { reason: 'Absent' } })).status).toBe(200);
		expect((await callApi('POST', `/api/v1/parcel-rights/${id}/resume`, { token: social })).status).toBe(200);
		expect((await callApi('POST', `/api/v1/parcel-rights/${id}/revoke`, { token: social, body: { reason: 'Déménagement' } })).status).toBe(200);
		const [row] = await t.db.select().from(parcelRights).where(eq(parcelRights.id, id));
		expect(row).toMatchObject({ status: 'revoked', statusReason: 'Déménagement', renewals: 1 });
		for (const a of ['issue', 'renew', 'suspend', 'resume', 'revoke']) expect(await auditRows(t.db, org.organisationId, `parcel_right.${a}`)).toHaveLength(1);
	});

	test('bad input: a French 400, nothing changed; managers refused; another organisation 404', async () => {
		const h = await makeBeneficiary(t.db, org);
		const base = `/api/v1/households/${h.householdId}/parcel-rights`;
		const before = await snapshotTables(t.db);
		for (const body of [{ frequency: 'daily' }, { persons: 0 }, { persons: 31 }, { validFrom: '2026-02-30' }, { free: 'oui' }, { persons: '3' }]) {
			const r = await callApi<Json>('POST', base, { token: social, body });
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect(r.body.error.message).toMatch(/[a-zé]/);
		}
		expect((await callApi('POST', base, { token: manager, body: {} })).status).toBe(403);
		expect((await callApi('GET', base, { token: manager })).status).toBe(403);
		expect((await callApi('POST', base, { token: otherSocial, body: {} })).status).toBe(404);
		expect((await callApi('GET', base, { token: otherSocial })).status).toBe(404);
		expect((await callApi('POST', `/api/v1/parcel-rights/${h.rightId}/renew`, { token: social })).status).toBe(404);
		expect((await callApi('POST', `/api/v1/parcel-rights/${h.rightId}/explode`, { token: social, body: {} })).status).toBe(404);
		expect(await snapshotTables(t.db)).toEqual(before);
		const made = await callApi<Json>('POST', base, { token: social, body: {} });
		expect(made.status).toBe(201);
		const id = made.body.id as string;
		expect((await callApi('POST', `/api/v1/parcel-rights/${id}/suspend`, { token: otherSocial, body: { reason: 'Pas à vous' } })).status).toBe(404);
		const noReason = await callApi<Json>('POST', `/api/v1/parcel-rights/${id}/revoke`, { token: social, body: {} });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.message).toContain('raison');
		expect((await t.db.select().from(parcelRights).where(eq(parcelRights.id, id)))[0]!.status).toBe('active');
	});

	test('the committee decision grants a parcel right alone (grants)', async () => {
		const r = await createHousehold(
			t.db,
			org.actors.social_worker,
			{ firstName: 'Lina', lastName: 'Roux', birthDate: '1990-04-04', consent: true, rgpdInformedOn: '2026-01-02' },
			{}
		);
		if (!('created' in r)) throw new Error('duplicate');
		const hid = r.created.id;
		const app = await submitApplication(t.db, org.actors.social_worker, hid, { assessment: 'Orientation CCAS' });
		const none = await callApi<Json>('POST', `/api/v1/applications/${app.id}/decision`, {
			token: social,
			body: { outcome: 'accepted', grants: { epicerie: false } }
		});
		expect(none.status).toBe(400);
		const d = await callApi<Json>('POST', `/api/v1/applications/${app.id}/decision`, {
			token: social,
			body: { outcome: 'accepted', grants: { epicerie: false, parcel: { frequency: 'monthly', persons: 2 } } }
		});
		expect(d.status).toBe(201);
		expect(d.body.rightId).toBeNull();
		expect(typeof d.body.parcelRightId).toBe('string');
		expect(await t.db.select().from(rights).where(eq(rights.householdId, hid))).toHaveLength(0);
		expect((await t.db.select().from(parcelRights).where(eq(parcelRights.householdId, hid)))[0]).toMatchObject({ frequency: 'monthly', persons: 2 });
	});
});
