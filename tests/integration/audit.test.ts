import { describe, expect, test } from 'vitest';
import { createApiToken, validateApiToken } from '$lib/server/auth/apiTokens';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { pinSignIn } from '$lib/server/auth/tablet';
import { listAudit } from '$lib/server/audit';
import { issueBadge, setPin, unlockPin, updatePerson } from '$lib/server/people/people';
import { createLocation, createSite } from '$lib/server/places/places';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeDevice, makeOrg, TEST_PIN } from '../helpers/fixtures';

const t = useTestDatabase();

describe('audit log', () => {
	test('each change writes one row with the acting person, in the same organisation', async () => {
		const org = await makeOrg(t.db);
		const site = await createSite(t.db, org.actors.manager, { name: 'Entrepôt Nord', kind: 'entrepot', address: '1 rue X' });
		const loc = await createLocation(t.db, org.actors.admin, { siteId: site.id, name: 'Quai', kind: 'zone', zone: 'ambient' });
		await updatePerson(t.db, org.actors.manager, org.users.operator.id, { firstName: 'Nouveau', roles: ['operator'] });
		const rows = await auditRows(t.db, org.organisationId);
		expect(rows.map((r) => [r.action, r.userId, r.entityType, r.entityId, r.deviceId, r.apiTokenId])).toEqual([
			['site.create', org.users.manager.id, 'site', site.id, null, null],
			['location.create', org.users.admin.id, 'location', loc.id, null, null],
			['user.update', org.users.manager.id, 'user', org.users.operator.id, null, null]
		]);
		expect(rows[0]!.details).toEqual({ name: 'Entrepôt Nord', kind: 'entrepot' });
		expect(rows[1]!.details).toMatchObject({ code: loc.code, zone: 'ambient' });
		expect(rows.every((r) => r.at instanceof Date)).toBe(true);
	});

	test('on a tablet, the device is recorded with the person who signed in there', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const r = await pinSignIn(t.db, device, { userId: org.users.supervisor.id, pin: TEST_PIN });
		if (!r.ok) throw r.error;
		const login = (await auditRows(t.db, org.organisationId, 'auth.login'))[0];
		expect(login).toMatchObject({ userId: org.users.supervisor.id, deviceId: device.id, details: { method: 'pin' } });

		// A supervisor acting from the tablet session: the change carries the tablet.
		const actor = (await validateSessionToken(t.db, r.session.token, new Date(), device.id))!.actor;
		expect(actor.deviceId).toBe(device.id);
		await setPin(t.db, actor, org.users.operator.id, '7391');
		await unlockPin(t.db, actor, org.users.operator.id);
		await issueBadge(t.db, actor, org.users.operator.id);
		const rows = (await auditRows(t.db, org.organisationId)).filter((x) => x.action.startsWith('user.'));
		expect(rows.map((x) => [x.action, x.userId, x.deviceId, x.entityId])).toEqual([
			['user.pin_set', org.users.supervisor.id, device.id, org.users.operator.id],
			['user.pin_unlock', org.users.supervisor.id, device.id, org.users.operator.id],
			['user.badge_issue', org.users.supervisor.id, device.id, org.users.operator.id]
		]);

		const journal = await listAudit(t.db, org.actors.manager, { action: 'user' });
		expect(journal.rows.map((x) => [x.action, x.person, x.device])).toEqual([
			['user.badge_issue', `${org.users.supervisor.firstName} ${org.users.supervisor.lastName}`, device.name],
			['user.pin_unlock', `${org.users.supervisor.firstName} ${org.users.supervisor.lastName}`, device.name],
			['user.pin_set', `${org.users.supervisor.firstName} ${org.users.supervisor.lastName}`, device.name]
		]);
	});

	test('a refused action writes nothing (the row goes with the change or not at all)', async () => {
		const org = await makeOrg(t.db);
		await expectAppError(createSite(t.db, org.actors.manager, { name: 'Épicerie', kind: 'epicerie' }), 'name_taken', 409);
		await expectAppError(createSite(t.db, org.actors.operator, { name: 'Autre', kind: 'epicerie' }), 'forbidden', 403);
		expect(await auditRows(t.db, org.organisationId)).toEqual([]);
	});

	test('with an API token: the creator and the token', async () => {
		const org = await makeOrg(t.db);
		const { token, id } = await createApiToken(t.db, org.actors.manager, { name: 'Intégration', roles: ['manager'] });
		const actor = (await validateApiToken(t.db, token))!;
		await createSite(t.db, actor, { name: 'Site API', kind: 'distribution' });
		const journal = await listAudit(t.db, org.actors.admin, { action: 'site.create' });
		expect(journal.rows).toHaveLength(1);
		expect(journal.rows[0]).toMatchObject({ apiToken: 'Intégration', device: null, entityName: 'Site API' });
		const [row] = await auditRows(t.db, org.organisationId, 'site.create');
		expect(row).toMatchObject({ userId: org.users.manager.id, apiTokenId: id });
	});

	test("the journal shows only the reader's organisation, to managers only", async () => {
		const a = await makeOrg(t.db, 'A');
		const b = await makeOrg(t.db, 'B');
		await createSite(t.db, a.actors.manager, { name: 'Site de A', kind: 'epicerie' });
		expect((await listAudit(t.db, b.actors.manager)).total).toBe(0);
		expect((await listAudit(t.db, a.actors.manager)).total).toBe(1);
		await expectAppError(listAudit(t.db, a.actors.supervisor), 'forbidden', 403);
	});
});
