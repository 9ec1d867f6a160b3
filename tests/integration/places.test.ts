import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { locations, sites } from '$lib/server/db/schema';
import { createLocation, createSite, findLocationByCode, listLocations, listSites, updateLocation, updateSite } from '$lib/server/places/places';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

describe('places', () => {
	test('location codes run EMP-0001, EMP-0002… per organisation', async () => {
		const org = await makeOrg(t.db); // already has EMP-0001
		const other = await makeOrg(t.db, 'Autre');
		const a = await createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: 'Étagère B', kind: 'etagere', zone: 'ambient' });
		const b = await createLocation(t.db, org.actors.manager, { siteId: org.siteIds.epicerie, name: 'Frigo', kind: 'refrigerateur', zone: 'chilled' });
		const c = await createLocation(t.db, other.actors.admin, { siteId: other.siteIds.epicerie, name: 'Frigo', kind: 'refrigerateur', zone: 'chilled' });
		expect([a.code, b.code, c.code]).toEqual(['EMP-0002', 'EMP-0003', 'EMP-0002']);
		expect((await findLocationByCode(t.db, org.actors.operator, ' emp-0003 '))?.id).toBe(b.id);
		expect(await findLocationByCode(t.db, org.actors.operator, 'EMP-9999')).toBeNull();
	});

	test('locations created at the same time still get distinct, consecutive codes', async () => {
		const org = await makeOrg(t.db);
		const made = await Promise.all(
			['A', 'B', 'C', 'D', 'E'].map((n) =>
				createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: `Rayon ${n}`, kind: 'rayon', zone: 'ambient' })
			)
		);
		expect(made.map((l) => l.code).sort()).toEqual(['EMP-0002', 'EMP-0003', 'EMP-0004', 'EMP-0005', 'EMP-0006']);
	});

	test('a code is never reused, even after the location is deactivated', async () => {
		const org = await makeOrg(t.db);
		const a = await createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: 'Bac', kind: 'zone', zone: 'ambient' });
		await updateLocation(t.db, org.actors.manager, a.id, { siteId: org.siteIds.reserve, name: 'Bac', kind: 'zone', zone: 'ambient', active: false });
		const b = await createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: 'Bac 2', kind: 'zone', zone: 'ambient' });
		expect([a.code, b.code]).toEqual(['EMP-0002', 'EMP-0003']);
	});

	test('duplicate names: 409 for a site in the organisation and a location in the site; nothing written', async () => {
		const org = await makeOrg(t.db);
		const err = await expectAppError(createSite(t.db, org.actors.manager, { name: 'Réserve', kind: 'entrepot' }), 'name_taken', 409);
		expect(err.field).toBe('name');
		await expectAppError(
			createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: 'Étagère A', kind: 'etagere', zone: 'ambient' }),
			'name_taken',
			409
		);
		// The same name in another site is fine.
		const ok = await createLocation(t.db, org.actors.manager, { siteId: org.siteIds.epicerie, name: 'Étagère A', kind: 'etagere', zone: 'ambient' });
		expect(ok.code).toBe('EMP-0002');
		// Renaming onto a taken name is refused too.
		const s = await createSite(t.db, org.actors.manager, { name: 'Ressourcerie', kind: 'ressourcerie' });
		await expectAppError(updateSite(t.db, org.actors.manager, s.id, { name: 'Épicerie', kind: 'ressourcerie' }), 'name_taken', 409);
		expect((await listSites(t.db, org.actors.manager)).map((x) => x.name).sort()).toEqual(['Ressourcerie', 'Réserve', 'Épicerie'].sort());
		expect((await auditRows(t.db, org.organisationId)).map((r) => r.action)).toEqual(['location.create', 'site.create']);
	});

	test('only managers create or change places; bad input is refused', async () => {
		const org = await makeOrg(t.db);
		for (const actor of [org.actors.supervisor, org.actors.operator, org.actors.social_worker]) {
			await expectAppError(createSite(t.db, actor, { name: 'Nouveau site', kind: 'epicerie' }), 'forbidden', 403);
			await expectAppError(createLocation(t.db, actor, { siteId: org.siteIds.reserve, name: 'X', kind: 'rayon', zone: 'ambient' }), 'forbidden', 403);
		}
		await expectAppError(createSite(t.db, org.actors.manager, { name: 'X', kind: 'epicerie' }), 'invalid_input', 400);
		await expectAppError(createSite(t.db, org.actors.manager, { name: 'Site', kind: 'boutique' as never }), 'invalid_input', 400);
		await expectAppError(
			createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: 'X', kind: 'rayon', zone: 'tiede' as never }),
			'invalid_input',
			400
		);
		await expectAppError(createLocation(t.db, org.actors.manager, { siteId: 'pas-un-id', name: 'X', kind: 'rayon', zone: 'ambient' }), 'invalid_input', 400);
		expect(await t.db.select().from(sites).where(eq(sites.organisationId, org.organisationId))).toHaveLength(2);
		expect(await t.db.select().from(locations).where(eq(locations.organisationId, org.organisationId))).toHaveLength(1);
	});

	test('cold chain zones are stored as given and listed with their site', async () => {
		const org = await makeOrg(t.db);
		await createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: 'Chambre froide', kind: 'chambre_froide', zone: 'chilled' });
		await createLocation(t.db, org.actors.manager, { siteId: org.siteIds.reserve, name: 'Congélateur', kind: 'congelateur', zone: 'frozen' });
		const list = await listLocations(t.db, org.actors.operator, { siteId: org.siteIds.reserve });
		expect(list.map((l) => [l.name, l.zone, l.siteName])).toEqual([
			['Chambre froide', 'chilled', 'Réserve'],
			['Congélateur', 'frozen', 'Réserve'],
			['Étagère A', 'ambient', 'Réserve']
		]);
	});
});
