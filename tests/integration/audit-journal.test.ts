import { describe, expect, test } from 'vitest';
import type { AuditAction } from '$lib/auditEvents';
import { audit, AUDIT_PAGE_SIZE, auditActionFamilies, listAudit } from '$lib/server/audit';
import { createLocation, createSite, setSiteActive } from '$lib/server/places/places';
import { useTestDatabase } from '../helpers/db';
import { addUser, makeDevice, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

describe('the journal (listAudit)', () => {
	test('newest first, 50 a page, pages clamped', async () => {
		const org = await makeOrg(t.db);
		const who = { organisationId: org.organisationId, userId: org.users.manager.id };
		await t.db.transaction(async (tx) => {
			for (let i = 1; i <= AUDIT_PAGE_SIZE + 5; i++) await audit(tx, who, 'test.step' as AuditAction, null, { n: i });
		});
		const first = await listAudit(t.db, org.actors.manager);
		expect([first.total, first.page, first.pages, first.rows.length]).toEqual([55, 1, 2, 50]);
		expect(first.rows[0]!.details).toEqual({ n: 55 });
		const second = await listAudit(t.db, org.actors.manager, { page: 2 });
		expect(second.rows.map((r) => r.details?.n)).toEqual([5, 4, 3, 2, 1]);
		expect((await listAudit(t.db, org.actors.manager, { page: 99 })).page).toBe(2);
		expect((await listAudit(t.db, org.actors.manager, { page: -3 })).page).toBe(1);
		expect((await listAudit(t.db, org.actors.manager, { page: Number.NaN })).page).toBe(1);
	});

	test('who (first and last name, tablet), what, and the entity by its current name', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org, 'Tablette réserve');
		const site = await createSite(t.db, org.actors.manager, { name: 'Entrepôt', kind: 'entrepot' });
		const loc = await createLocation(t.db, { ...org.actors.manager, deviceId: device.id }, { siteId: site.id, name: 'Palette 1', kind: 'zone' });
		const { rows } = await listAudit(t.db, org.actors.admin);
		const byAction = Object.fromEntries(rows.map((r) => [r.action, r]));
		const manager = org.users.manager;
		expect(byAction['location.create']).toMatchObject({
			person: `${manager.firstName} ${manager.lastName}`,
			device: 'Tablette réserve',
			apiToken: null,
			entityType: 'location',
			entityId: loc.id,
			entityName: `${loc.code} Palette 1`
		});
		expect(byAction['site.create']).toMatchObject({ device: null, entityType: 'site', entityName: 'Entrepôt' });
		expect(byAction['device.enrol']).toMatchObject({ entityType: 'device', entityName: 'Tablette réserve' });
		// An entity id that is not a uuid (a future kind of entity) does not break the journal.
		await audit(t.db, { organisationId: org.organisationId }, 'lot.print' as AuditAction, { type: 'user', id: '42' });
		const [odd] = (await listAudit(t.db, org.actors.admin, { action: 'lot' })).rows;
		expect(odd).toMatchObject({ person: null, entityType: 'user', entityId: '42', entityName: null });
	});

	test('filtered by a family of actions or one action, and by the person', async () => {
		const org = await makeOrg(t.db);
		const { user: other, actor: otherManager } = await addUser(t.db, org, ['manager']);
		const site = await createSite(t.db, org.actors.manager, { name: 'Entrepôt', kind: 'entrepot' });
		await setSiteActive(t.db, otherManager, site.id, false);
		await createLocation(t.db, otherManager, { siteId: org.siteIds.reserve, name: 'Étagère Z', kind: 'etagere' });

		const actions = async (q: { q?: string; action?: string }) => (await listAudit(t.db, org.actors.manager, q)).rows.map((r) => r.action);
		expect(await actions({ action: 'site' })).toEqual(['site.deactivate', 'site.create']);
		expect(await actions({ action: 'site.create' })).toEqual(['site.create']);
		expect(await actions({ action: 'location' })).toEqual(['location.create']);
		expect(await actions({ action: "site' or 1=1 --" })).toHaveLength(3); // not an action: ignored
		expect(await actions({ q: other.firstName.toUpperCase() })).toEqual(['location.create', 'site.deactivate']);
		expect(await actions({ q: `${other.firstName} ${other.lastName}`, action: 'site' })).toEqual(['site.deactivate']);
		expect(await actions({ q: '100%_' })).toEqual([]);
		expect(await auditActionFamilies(t.db, org.actors.manager)).toEqual(['location', 'site']);
	});

	test('families of actions: only the organisation, managers only', async () => {
		const a = await makeOrg(t.db);
		const b = await makeOrg(t.db);
		await createSite(t.db, a.actors.manager, { name: 'Site A', kind: 'epicerie' });
		expect(await auditActionFamilies(t.db, a.actors.admin)).toEqual(['site']);
		expect(await auditActionFamilies(t.db, b.actors.admin)).toEqual([]);
		await expect(auditActionFamilies(t.db, a.actors.operator)).rejects.toMatchObject({ code: 'forbidden' });
	});
});
