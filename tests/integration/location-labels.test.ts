import { describe, expect, test } from 'vitest';
import { locationLabels, MAX_LABELS } from '$lib/server/labels/locationLabels';
import { qrSvg } from '$lib/server/labels/qr';
import { createLocation, setLocationActive } from '$lib/server/places/places';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

describe('location labels', () => {
	test('qrSvg: a sizeless SVG, the same for the same text', async () => {
		const svg = await qrSvg('EMP-0007');
		expect(svg.startsWith('<svg')).toBe(true);
		expect(svg).toContain('viewBox="0 0 21 21"'); // version 1, no quiet zone
		expect(svg).not.toMatch(/<svg[^>]* width=/);
		expect(await qrSvg('EMP-0007')).toBe(svg);
		expect(await qrSvg('EMP-0008')).not.toBe(svg);
		await expect(qrSvg('')).rejects.toThrow();
		await expect(qrSvg('x'.repeat(201))).rejects.toThrow();
	});

	test('labels of chosen locations or of a whole site: code, name, site, zone and a QR of the code', async () => {
		const org = await makeOrg(t.db);
		const m = org.actors.manager;
		const freezer = await createLocation(t.db, m, { siteId: org.siteIds.epicerie, name: 'Bac surgelés', kind: 'congelateur' });
		const old = await createLocation(t.db, m, { siteId: org.siteIds.epicerie, name: 'Ancien frigo', kind: 'refrigerateur' });
		await setLocationActive(t.db, m, old.id, false);

		const chosen = await locationLabels(t.db, m, { ids: [freezer.id, org.locationId] });
		expect(chosen.map((l) => [l.code, l.name, l.siteName, l.zone])).toEqual([
			['EMP-0002', 'Bac surgelés', 'Épicerie', 'frozen'],
			['EMP-0001', 'Étagère A', 'Réserve', 'ambient']
		]);
		expect(chosen[0]!.qr).toBe(await qrSvg('EMP-0002'));

		const site = await locationLabels(t.db, m, { siteId: org.siteIds.epicerie });
		expect(site.map((l) => l.code)).toEqual(['EMP-0002']); // the deactivated one is left out
		expect(await locationLabels(t.db, m, { ids: [old.id] })).toEqual([]);
		expect(await locationLabels(t.db, m, {})).toEqual([]);
		expect(await locationLabels(t.db, m, { ids: ['pas-un-id'] })).toEqual([]);
		expect(MAX_LABELS).toBeGreaterThanOrEqual(24);
	});

	test("managers only, and never another organisation's locations", async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		await expectAppError(locationLabels(t.db, org.actors.operator, { ids: [org.locationId] }), 'forbidden', 403);
		expect(await locationLabels(t.db, other.actors.manager, { ids: [org.locationId] })).toEqual([]);
		expect(await locationLabels(t.db, other.actors.manager, { siteId: org.siteIds.reserve })).toEqual([]);
	});
});
