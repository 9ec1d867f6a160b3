import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { locations, sites } from '$lib/server/db/schema';
import { createLocation, createSite, getLocation, listPlaces, listSites, setLocationActive, setSiteActive, updateLocation } from '$lib/server/places/places';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

describe('places administration', () => {
	test('without a chosen zone, a location takes the usual zone of its kind', async () => {
		const org = await makeOrg(t.db);
		const m = org.actors.manager;
		const freezer = await createLocation(t.db, m, { siteId: org.siteIds.reserve, name: 'Congélateur 1', kind: 'congelateur' });
		const fridge = await createLocation(t.db, m, { siteId: org.siteIds.reserve, name: 'Frigo 1', kind: 'refrigerateur' });
		const cold = await createLocation(t.db, m, { siteId: org.siteIds.reserve, name: 'Chambre 1', kind: 'chambre_froide' });
		const shelf = await createLocation(t.db, m, { siteId: org.siteIds.reserve, name: 'Rayon 1', kind: 'rayon' });
		const chosen = await createLocation(t.db, m, { siteId: org.siteIds.reserve, name: 'Réserve froide', kind: 'reserve', zone: 'chilled' });
		const zones = await Promise.all([freezer, fridge, cold, shelf, chosen].map(async (l) => (await getLocation(t.db, m, l.id)).zone));
		expect(zones).toEqual(['frozen', 'chilled', 'chilled', 'ambient', 'chilled']);
		await updateLocation(t.db, m, shelf.id, { siteId: org.siteIds.reserve, name: 'Rayon 1', kind: 'congelateur' });
		expect((await getLocation(t.db, m, shelf.id)).zone).toBe('frozen');
	});

	test('sites and locations are deactivated and reactivated, never deleted, each step audited', async () => {
		const org = await makeOrg(t.db);
		const m = org.actors.manager;
		await setLocationActive(t.db, m, org.locationId, false);
		expect((await getLocation(t.db, m, org.locationId)).active).toBe(false);
		await setLocationActive(t.db, m, org.locationId, false); // no change: nothing written
		await setLocationActive(t.db, m, org.locationId, true);
		await setSiteActive(t.db, m, org.siteIds.epicerie, false);
		const [site] = await t.db.select().from(sites).where(eq(sites.id, org.siteIds.epicerie));
		expect(site?.active).toBe(false);
		await setSiteActive(t.db, m, org.siteIds.epicerie, true);
		const actions = (await auditRows(t.db, org.organisationId)).map((r) => [r.action, r.entityId]);
		expect(actions).toEqual([
			['location.deactivate', org.locationId],
			['location.reactivate', org.locationId],
			['site.deactivate', org.siteIds.epicerie],
			['site.reactivate', org.siteIds.epicerie]
		]);
		expect(await t.db.select().from(locations).where(eq(locations.organisationId, org.organisationId))).toHaveLength(1);
	});

	test('a deactivated site takes no new location, and its locations cannot be reactivated', async () => {
		const org = await makeOrg(t.db);
		const m = org.actors.manager;
		await setLocationActive(t.db, m, org.locationId, false);
		await setSiteActive(t.db, m, org.siteIds.reserve, false);
		await expectAppError(createLocation(t.db, m, { siteId: org.siteIds.reserve, name: 'Nouvelle', kind: 'rayon' }), 'site_inactive', 409);
		await expectAppError(setLocationActive(t.db, m, org.locationId, true), 'site_inactive', 409);
		const other = await createLocation(t.db, m, { siteId: org.siteIds.epicerie, name: 'Rayon', kind: 'rayon' });
		await expectAppError(updateLocation(t.db, m, other.id, { siteId: org.siteIds.reserve, name: 'Rayon', kind: 'rayon' }), 'site_inactive', 409);
		// Staying in its own deactivated site is fine (renaming, for instance).
		await updateLocation(t.db, m, org.locationId, { siteId: org.siteIds.reserve, name: 'Étagère A bis', kind: 'etagere', zone: 'ambient' });
		expect((await getLocation(t.db, m, org.locationId)).name).toBe('Étagère A bis');
	});

	test('only managers and admins, only in their organisation', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		for (const role of ['operator', 'supervisor', 'social_worker'] as const) {
			await expectAppError(setSiteActive(t.db, org.actors[role], org.siteIds.reserve, false), 'forbidden', 403);
			await expectAppError(setLocationActive(t.db, org.actors[role], org.locationId, false), 'forbidden', 403);
			await expectAppError(listPlaces(t.db, org.actors[role]), 'forbidden', 403);
		}
		await expectAppError(setSiteActive(t.db, other.actors.manager, org.siteIds.reserve, false), 'not_found', 404);
		await expectAppError(setLocationActive(t.db, other.actors.manager, org.locationId, false), 'not_found', 404);
		await expectAppError(setLocationActive(t.db, org.actors.manager, 'pas-un-id', false), 'not_found', 404);
		await expectAppError(getLocation(t.db, other.actors.manager, org.locationId), 'not_found', 404);
		expect((await getLocation(t.db, org.actors.admin, org.locationId)).code).toBe('EMP-0001');
	});

	test('listPlaces: sites with their locations, searched by name or code (accents ignored), inactive on request', async () => {
		const org = await makeOrg(t.db);
		const m = org.actors.manager;
		await createLocation(t.db, m, { siteId: org.siteIds.epicerie, name: 'Frigo vitrine', kind: 'refrigerateur' });
		const bac = await createLocation(t.db, m, { siteId: org.siteIds.epicerie, name: 'Bac surgelés', kind: 'congelateur' });
		await setLocationActive(t.db, m, bac.id, false);
		const all = await listPlaces(t.db, m);
		expect(all.map((s) => [s.name, s.locationCount, s.locations.map((l) => l.code)])).toEqual([
			['Épicerie', 1, ['EMP-0002']],
			['Réserve', 1, ['EMP-0001']]
		]);
		const withInactive = await listPlaces(t.db, m, { inactive: true });
		expect(withInactive[0]!.locations.map((l) => [l.code, l.active])).toEqual([
			['EMP-0003', false],
			['EMP-0002', true]
		]);
		// A location's name, without accents; its site is shown with only the matching locations.
		expect((await listPlaces(t.db, m, { q: 'etagere' })).map((s) => [s.name, s.locations.map((l) => l.name)])).toEqual([['Réserve', ['Étagère A']]]);
		// A code, in lower case.
		expect((await listPlaces(t.db, m, { q: 'emp-0002' })).map((s) => s.locations.map((l) => l.code))).toEqual([['EMP-0002']]);
		// A site's name: all its locations.
		expect((await listPlaces(t.db, m, { q: 'EPICERIE', inactive: true }))[0]!.locations).toHaveLength(2);
		expect(await listPlaces(t.db, m, { q: 'rien de tel' })).toEqual([]);
		// A deactivated site is hidden unless asked for.
		await setSiteActive(t.db, m, org.siteIds.reserve, false);
		expect((await listPlaces(t.db, m)).map((s) => s.name)).toEqual(['Épicerie']);
		const sitesNow = await listSites(t.db, m, { includeInactive: true });
		expect(Object.fromEntries(sitesNow.map((s) => [s.name, s.active]))).toEqual({ Épicerie: true, Réserve: false });
	});

	test('a new site is active and counts no location', async () => {
		const org = await makeOrg(t.db);
		await createSite(t.db, org.actors.admin, { name: 'Entrepôt', kind: 'entrepot', address: '1 rue du Port' });
		const places = await listPlaces(t.db, org.actors.admin, { q: 'entrepot' });
		expect(places.map((s) => [s.name, s.kind, s.address, s.active, s.locationCount, s.locations])).toEqual([
			['Entrepôt', 'entrepot', '1 rue du Port', true, 0, []]
		]);
	});
});
