import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { locations, sites } from '$lib/server/db/schema';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { auditRows, makeOrg, type OrgFixture } from '../helpers/fixtures';

// Issue 11, item 6: sites and locations through the API, with the places screens' services, roles and audit.

const t = useApiTestDatabase();

/** Answers are checked field by field below. */
type Json = Record<string, any>;

async function managerToken(name = 'Épicerie test') {
	const org = await makeOrg(t.db, name);
	const { token, id } = await createApiToken(t.db, org.actors.manager, { name: 'Script des lieux', roles: ['manager'] });
	return { org, token, tokenId: id };
}

/** The audit actions of an organisation but its token's creation. */
const writesOf = async (org: OrgFixture) => (await auditRows(t.db, org.organisationId)).map((r) => r.action).filter((a) => a !== 'api_token.create');

const countOf = async (table: typeof sites | typeof locations, org: OrgFixture) =>
	(
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(table)
			.where(eq(table.organisationId, org.organisationId))
	)[0]!.n;

describe('sites through the API', () => {
	test('created, read, replaced, put out of use and back; audited like the screens', async () => {
		const { org, token, tokenId } = await managerToken();
		const created = await callApi<Json>('POST', '/api/v1/sites', {
			token,
			body: { name: 'Ressourcerie du quai', kind: 'ressourcerie', address: '3 quai Est' }
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'Ressourcerie du quai', kind: 'ressourcerie', address: '3 quai Est', active: true });
		const id = created.body.id as string;
		expect((await auditRows(t.db, org.organisationId, 'site.create'))[0]).toMatchObject({ entityId: id, apiTokenId: tokenId });
		expect((await callApi<Json>('GET', `/api/v1/sites/${id}`, { token })).body).toEqual(created.body);

		const replaced = await callApi<Json>('PUT', `/api/v1/sites/${id}`, { token, body: { name: 'Ressourcerie du port', kind: 'ressourcerie' } });
		expect(replaced.status).toBe(200);
		expect(replaced.body).toMatchObject({ name: 'Ressourcerie du port', address: null, active: true });
		expect(await auditRows(t.db, org.organisationId, 'site.update')).toHaveLength(1);

		const off = await callApi<Json>('PATCH', `/api/v1/sites/${id}`, { token, body: { active: false } });
		expect(off.body.active).toBe(false);
		expect(await writesOf(org)).toEqual(['site.create', 'site.update', 'site.deactivate']);
		const listed = await callApi<Json>('GET', '/api/v1/sites', { token });
		expect(listed.body.items.map((s: Json) => s.name)).toEqual(['Épicerie', 'Réserve']);
		expect((await callApi<Json>('GET', '/api/v1/sites?inactive=1', { token })).body.items).toHaveLength(3);
		expect((await callApi<Json>('PATCH', `/api/v1/sites/${id}`, { token, body: { active: true } })).body.active).toBe(true);
	});

	test('a taken name 409, a bad kind 400 in French, nothing changed; managers only; another organisation’s site is 404', async () => {
		const { org, token } = await managerToken();
		const taken = await callApi<Json>('POST', '/api/v1/sites', { token, body: { name: 'Épicerie', kind: 'epicerie' } });
		expect(taken.status).toBe(409);
		expect(taken.body.error).toMatchObject({ code: 'name_taken', message: m.site_name_taken() });
		const bad = await callApi<Json>('PUT', `/api/v1/sites/${org.siteIds.epicerie}`, { token, body: { name: 'Épicerie', kind: 'boutique' } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toBe(m.place_kind_invalid());
		expect((await callApi('GET', '/api/v1/sites', { actor: org.actors.supervisor })).status).toBe(403);
		expect((await callApi('POST', '/api/v1/sites', { actor: org.actors.operator, body: { name: 'Annexe', kind: 'epicerie' } })).status).toBe(403);

		const other = await managerToken('Autre épicerie');
		for (const [method, body] of [
			['GET', undefined],
			['PUT', { name: 'Volé', kind: 'epicerie' }],
			['PATCH', { active: false }]
		] as const) {
			const r = await callApi<Json>(method, `/api/v1/sites/${org.siteIds.epicerie}`, { token: other.token, body });
			expect(r.status, method).toBe(404);
			expect(r.body.error.message).toBe(m.site_not_found());
		}
		const [row] = await t.db.select().from(sites).where(eq(sites.id, org.siteIds.epicerie));
		expect(row).toMatchObject({ name: 'Épicerie', kind: 'epicerie', active: true });
		expect(await countOf(sites, org)).toBe(2);
		expect(await writesOf(org)).toEqual([]);
	});
});

describe('locations through the API', () => {
	test('created with the next label code and the usual zone, read, replaced, put out of use; audited like the screens', async () => {
		const { org, token } = await managerToken();
		const created = await callApi<Json>('POST', '/api/v1/locations', { token, body: { siteId: org.siteIds.reserve, name: 'Frigo 1', kind: 'refrigerateur' } });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			code: 'EMP-0002',
			name: 'Frigo 1',
			kind: 'refrigerateur',
			zone: 'chilled',
			active: true,
			site: { id: org.siteIds.reserve }
		});
		const id = created.body.id as string;
		const replaced = await callApi<Json>('PUT', `/api/v1/locations/${id}`, {
			token,
			body: { siteId: org.siteIds.epicerie, name: 'Congélateur 1', kind: 'congelateur' }
		});
		expect(replaced.body).toMatchObject({ code: 'EMP-0002', name: 'Congélateur 1', zone: 'frozen', site: { id: org.siteIds.epicerie, name: 'Épicerie' } });
		const off = await callApi<Json>('PATCH', `/api/v1/locations/${id}`, { token, body: { active: false } });
		expect(off.body.active).toBe(false);
		expect(await writesOf(org)).toEqual(['location.create', 'location.update', 'location.deactivate']);
		// Everyone reads the active locations; the one out of use is still read by its id.
		const listed = await callApi<Json>('GET', '/api/v1/locations', { actor: org.actors.operator });
		expect(listed.body.items.map((l: Json) => l.code)).toEqual(['EMP-0001']);
		expect((await callApi<Json>('GET', `/api/v1/locations/${id}`, { token })).body.active).toBe(false);
	});

	test('bad input 400 in French, a site of another organisation 404; managers only write; another organisation’s location is 404', async () => {
		const { org, token } = await managerToken();
		const other = await managerToken('Autre épicerie');
		const bad = await callApi<Json>('POST', '/api/v1/locations', { token, body: { siteId: org.siteIds.reserve, name: '', kind: 'etagere' } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toBe(m.place_name_invalid());
		const foreignSite = await callApi<Json>('POST', '/api/v1/locations', {
			token,
			body: { siteId: other.org.siteIds.reserve, name: 'Étagère B', kind: 'etagere' }
		});
		expect(foreignSite.status).toBe(404);
		expect(foreignSite.body.error.message).toBe(m.site_not_found());
		const refused = await callApi<Json>('POST', '/api/v1/locations', {
			actor: org.actors.operator,
			body: { siteId: org.siteIds.reserve, name: 'B', kind: 'etagere' }
		});
		expect(refused.status).toBe(403);
		expect((await callApi('PATCH', `/api/v1/locations/${org.locationId}`, { actor: org.actors.supervisor, body: { active: false } })).status).toBe(403);
		for (const [method, body] of [
			['GET', undefined],
			['PUT', { siteId: other.org.siteIds.reserve, name: 'Volé', kind: 'etagere' }],
			['PATCH', { active: false }]
		] as const) {
			const r = await callApi<Json>(method, `/api/v1/locations/${org.locationId}`, { token: other.token, body });
			expect(r.status, method).toBe(404);
			expect(r.body.error.message).toBe(m.location_not_found());
		}
		const [row] = await t.db.select().from(locations).where(eq(locations.id, org.locationId));
		expect(row).toMatchObject({ name: 'Étagère A', active: true, siteId: org.siteIds.reserve });
		expect(await countOf(locations, org)).toBe(1);
		expect(await countOf(locations, other.org)).toBe(1);
		expect(await writesOf(org)).toEqual([]);
		expect(await writesOf(other.org)).toEqual([]);
	});
});
