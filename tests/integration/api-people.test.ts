// Issue 11, item 6: people's accounts and tablets through the API, under the screens' rules — the same
// services (canManagePerson: a manager changes neither an admin nor a social worker, and the forged
// change is journalled `user.change_refused`), temporary passwords, notices to the person, no secret ever
// answered but a new badge's code once, another organisation's ids 404, bad input a French 400.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { hashToken } from '$lib/server/auth/tokens';
import { devices, memberships, users } from '$lib/server/db/schema';
import { takeAccountNotices } from '$lib/server/people/notices';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables } from '../helpers/db-snapshot';
import { actorOf, addUser, auditRows, makeDevice, makeOrg, uniq, type OrgFixture } from '../helpers/fixtures';

const t = useApiTestDatabase();

type Json = Record<string, any>;

let org: OrgFixture;
let other: OrgFixture;
let manager: string;
let admin: string;
let otherManager: string;
let supervisorOnly: string;

beforeAll(async () => {
	org = await makeOrg(t.db);
	other = await makeOrg(t.db, 'Autre épicerie');
	manager = (await createApiToken(t.db, org.actors.manager, { name: 'Tableur', roles: ['manager'] })).token;
	admin = (await createApiToken(t.db, org.actors.admin, { name: 'Admin', roles: ['admin'] })).token;
	otherManager = (await createApiToken(t.db, other.actors.manager, { name: 'Autre', roles: ['manager'] })).token;
	// A manager's token limited to the supervisor's role: may set PINs and badges, not passwords nor roles.
	supervisorOnly = (await createApiToken(t.db, (await addUser(t.db, org, ['manager', 'supervisor'])).actor, { name: 'Badges', roles: ['supervisor'] })).token;
});

const userRow = async (id: string) => (await t.db.select().from(users).where(eq(users.id, id)))[0]!;
const rolesOf = async (id: string) =>
	(await t.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, id))).map((r) => r.role).sort();
/** No hash nor secret in an answer: argon2 hashes start with $argon2, token hashes are 64 hex digits. */
const noSecret = (body: unknown) => {
	const text = JSON.stringify(body);
	expect(text).not.toMatch(/\$argon2|passwordHash|pinHash|badgeTokenHash|tokenHash|[0-9a-f]{64}/);
};

describe('reading people', () => {
	test('the list and a person: no secret, only whether one is set', async () => {
		const list = await callApi<Json>('GET', '/api/v1/people?status=all', { token: manager });
		expect(list.status).toBe(200);
		expect(list.body.items.length).toBeGreaterThanOrEqual(5);
		expect(list.body).toMatchObject({ page: 1 });
		noSecret(list.body);
		const op = list.body.items.find((p: Json) => p.id === org.users.operator.id);
		expect(op).toMatchObject({ hasPassword: true, hasPin: true, hasBadge: false, roles: ['operator'] });
		// Another organisation's people are not in the list.
		expect(list.body.items.some((p: Json) => p.id === other.users.operator.id)).toBe(false);

		const one = await callApi<Json>('GET', `/api/v1/people/${org.users.admin.id}`, { token: manager });
		expect(one.status).toBe(200);
		expect(one.body).toMatchObject({ id: org.users.admin.id, roles: ['admin'] });
		expect(Array.isArray(one.body.history)).toBe(true);
		noSecret(one.body);
	});

	test('operators and social workers cannot list people (403)', async () => {
		const { actor } = await addUser(t.db, org, ['manager', 'operator', 'social_worker']);
		const token = (await createApiToken(t.db, actor, { name: 'Sans droit', roles: ['operator', 'social_worker'] })).token;
		const r = await callApi<Json>('GET', '/api/v1/people', { token });
		expect(r.status).toBe(403);
		expect(r.body.error.code).toBe('forbidden');
	});
});

describe('creating and changing accounts, as the screens do', () => {
	test('create: roles the manager covers, a temporary password, audited; an admin or a social worker refused', async () => {
		const username = `api-${uniq()}`;
		const r = await callApi<Json>('POST', '/api/v1/people', {
			token: manager,
			body: { username, firstName: 'Inès', lastName: 'Api', roles: ['operator'], password: 'un-mot-de-passe-provisoire-2026', pin: '735194' }
		});
		expect(r.status, JSON.stringify(r.body)).toBe(201);
		expect(r.body).toMatchObject({ username, roles: ['operator'], hasPassword: true, hasPin: true });
		noSecret(r.body);
		const row = await userRow(r.body.id);
		expect(row.mustChangePassword).toBe(true);
		expect((await auditRows(t.db, org.organisationId, 'user.create')).some((a) => a.entityId === r.body.id)).toBe(true);

		const before = await snapshotTables(t.db);
		for (const roles of [['admin'], ['social_worker'], ['operator', 'social_worker']]) {
			const refused = await callApi<Json>('POST', '/api/v1/people', { token: manager, body: { username: `api-${uniq()}`, firstName: 'Non', roles } });
			expect(refused.status, JSON.stringify(roles)).toBe(403);
			expect(refused.body.error.code).toBe('forbidden_role');
		}
		// A supervisor does not create people (the managers' page).
		expect((await callApi('POST', '/api/v1/people', { token: supervisorOnly, body: { username: `api-${uniq()}`, firstName: 'Non', roles: [] } })).status).toBe(
			403
		);
		// Before the body: an empty one is a 403 too, not a 400.
		expect((await callApi('POST', '/api/v1/people', { token: supervisorOnly, body: {} })).status).toBe(403);
		const taken = await callApi<Json>('POST', '/api/v1/people', { token: manager, body: { username, firstName: 'Double', roles: [] } });
		expect(taken.status).toBe(409);
		expect(await snapshotTables(t.db)).toEqual(before);
	});

	test('update: names and roles; the person is told of the new roles; nobody changes their own roles', async () => {
		const { user } = await addUser(t.db, org, ['operator']);
		const r = await callApi<Json>('PUT', `/api/v1/people/${user.id}`, {
			token: manager,
			body: { firstName: 'Karim', lastName: 'Nouveau', email: 'karim@example.org', roles: ['operator', 'supervisor'] }
		});
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		expect(r.body).toMatchObject({ firstName: 'Karim', lastName: 'Nouveau', email: 'karim@example.org', roles: ['supervisor', 'operator'] });
		expect(await rolesOf(user.id)).toEqual(['operator', 'supervisor']);
		// A supervisor's token edits no one (the managers' work), whatever the body: 403 before the body's 400.
		for (const body of [{}, { firstName: 'X', lastName: 'Y', email: '', roles: [] }]) {
			expect((await callApi('PUT', `/api/v1/people/${user.id}`, { token: supervisorOnly, body })).status).toBe(403);
		}
		expect((await callApi('POST', `/api/v1/people/${user.id}/active`, { token: supervisorOnly, body: {} })).status).toBe(403);
		expect(await rolesOf(user.id)).toEqual(['operator', 'supervisor']);
		const notices = await takeAccountNotices(t.db, await actorOf(t.db, user.id));
		expect(notices.map((n) => n.action)).toContain('user.roles');

		const own = await callApi<Json>('PUT', `/api/v1/people/${org.users.manager.id}`, {
			token: manager,
			body: { firstName: org.users.manager.firstName, lastName: org.users.manager.lastName, email: '', roles: ['manager', 'supervisor'] }
		});
		expect(own.status).toBe(403);
		expect(own.body.error.code).toBe('own_roles');
		expect(await rolesOf(org.users.manager.id)).toEqual(['manager']);
	});

	test('password: temporary, audited, the person told; a weak one is a French 400 and nothing changes', async () => {
		const { user } = await addUser(t.db, org, ['operator']);
		const before = await userRow(user.id);
		const weak = await callApi<Json>('POST', `/api/v1/people/${user.id}/password`, { token: manager, body: { password: 'court' } });
		expect(weak.status).toBe(400);
		expect(weak.body.error.field).toBe('password');
		expect(weak.body.error.message).toMatch(/mot de passe/i);
		expect((await userRow(user.id)).passwordHash).toBe(before.passwordHash);

		const r = await callApi<Json>('POST', `/api/v1/people/${user.id}/password`, { token: manager, body: { password: 'un-autre-mot-de-passe-2026' } });
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ ok: true, temporary: true });
		const after = await userRow(user.id);
		expect(after.passwordHash).not.toBe(before.passwordHash);
		expect(after.mustChangePassword).toBe(true);
		const [audit] = (await auditRows(t.db, org.organisationId, 'user.password_set')).filter((a) => a.entityId === user.id);
		expect(audit!.details).toEqual({ temporary: true });
		expect((await takeAccountNotices(t.db, await actorOf(t.db, user.id))).map((n) => n.action)).toContain('user.password_set');
		// A supervisor's token sets PINs, not passwords.
		expect(
			(await callApi('POST', `/api/v1/people/${user.id}/password`, { token: supervisorOnly, body: { password: 'encore-un-mot-de-passe-2026' } })).status
		).toBe(403);
	});

	test('PIN, unlock, active', async () => {
		const { user } = await addUser(t.db, org, ['operator'], { pin: true });
		const simple = await callApi<Json>('POST', `/api/v1/people/${user.id}/pin`, { token: supervisorOnly, body: { pin: '1234' } });
		expect(simple.status).toBe(400);
		expect(simple.body.error.field).toBe('pin');
		const pin = await callApi('POST', `/api/v1/people/${user.id}/pin`, { token: supervisorOnly, body: { pin: '735194' } });
		expect(pin.status).toBe(200);
		expect((await auditRows(t.db, org.organisationId, 'user.pin_set')).some((a) => a.entityId === user.id)).toBe(true);

		await t.db.update(users).set({ pinLockedAt: new Date(), pinFailedCount: 5 }).where(eq(users.id, user.id));
		expect((await callApi('POST', `/api/v1/people/${user.id}/unlock`, { token: supervisorOnly })).status).toBe(200);
		expect((await userRow(user.id)).pinLockedAt).toBeNull();

		const off = await callApi<Json>('POST', `/api/v1/people/${user.id}/active`, { token: manager, body: { active: false } });
		expect(off.status).toBe(200);
		expect((await userRow(user.id)).active).toBe(false);
		expect((await auditRows(t.db, org.organisationId, 'user.deactivate')).some((a) => a.entityId === user.id)).toBe(true);
		expect((await callApi('POST', `/api/v1/people/${user.id}/active`, { token: manager, body: { active: true } })).status).toBe(200);
		expect((await userRow(user.id)).active).toBe(true);
		const self = await callApi<Json>('POST', `/api/v1/people/${org.users.manager.id}/active`, { token: manager, body: { active: false } });
		expect(self.status).toBe(403);
		expect((await userRow(org.users.manager.id)).active).toBe(true);
	});

	test('badge: its code answered once (only the hash kept); replacing needs replace: true; revoked', async () => {
		const { user } = await addUser(t.db, org, ['operator']);
		const first = await callApi<Json>('POST', `/api/v1/people/${user.id}/badge`, { token: supervisorOnly });
		expect(first.status).toBe(201);
		expect(first.body.code).toMatch(/^[A-Z]+-[A-Z2-7]+$/);
		expect(first.body.qrSvg).toContain('<svg');
		const hash = (await userRow(user.id)).badgeTokenHash;
		expect(hash).not.toBeNull();
		expect(hash).not.toContain(first.body.code);

		const again = await callApi<Json>('POST', `/api/v1/people/${user.id}/badge`, { token: supervisorOnly, body: {} });
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe('badge_exists');
		expect(again.body.error.message).toMatch(/badge/);
		expect((await userRow(user.id)).badgeTokenHash).toBe(hash);

		const replaced = await callApi<Json>('POST', `/api/v1/people/${user.id}/badge`, { token: supervisorOnly, body: { replace: true } });
		expect(replaced.status).toBe(201);
		expect(replaced.body.code).not.toBe(first.body.code);
		expect((await userRow(user.id)).badgeTokenHash).not.toBe(hash);
		expect((await auditRows(t.db, org.organisationId, 'user.badge_replace')).some((a) => a.entityId === user.id)).toBe(true);

		expect((await callApi('DELETE', `/api/v1/people/${user.id}/badge`, { token: supervisorOnly })).status).toBe(200);
		expect((await userRow(user.id)).badgeTokenHash).toBeNull();
		expect((await auditRows(t.db, org.organisationId, 'user.badge_revoke')).some((a) => a.entityId === user.id)).toBe(true);
	});
});

describe('refusals', () => {
	test('a manager’s token cannot change an admin or a social worker: 403, journalled user.change_refused, nothing changed', async () => {
		const { user: sw } = await addUser(t.db, org, ['social_worker']);
		const targets = [org.users.admin.id, sw.id];
		const calls: [method: 'POST' | 'PUT' | 'DELETE', suffix: string, body?: unknown][] = [
			['PUT', '', { firstName: 'Forgé', lastName: 'Forgé', email: '', roles: ['operator'] }],
			['PUT', '', {}],
			['POST', '/password', { password: 'un-mot-de-passe-force-2026' }],
			['POST', '/pin', { pin: '735194' }],
			['POST', '/unlock'],
			['POST', '/badge', { replace: true }],
			['DELETE', '/badge'],
			['POST', '/active', { active: false }]
		];
		const refusedBefore = (await auditRows(t.db, org.organisationId, 'user.change_refused')).length;
		const rowsBefore = await Promise.all(targets.map(userRow));
		for (const id of targets) {
			for (const [method, suffix, body] of calls) {
				const r = await callApi<Json>(method, `/api/v1/people/${id}${suffix}`, { token: manager, ...(body ? { body } : {}) });
				expect(r.status, `${method} ${suffix} on ${id}`).toBe(403);
				expect(r.body.error.code).toBe('forbidden');
				expect(r.body.error.message).toMatch(/[àâçéèêîôûù]/);
			}
		}
		expect(await Promise.all(targets.map(userRow))).toEqual(rowsBefore);
		expect(await rolesOf(org.users.admin.id)).toEqual(['admin']);
		const refused = (await auditRows(t.db, org.organisationId, 'user.change_refused')).slice(refusedBefore);
		expect(refused).toHaveLength(targets.length * calls.length);
		expect(new Set(refused.map((a) => a.entityId))).toEqual(new Set(targets));
		expect(refused.every((a) => a.userId === org.users.manager.id)).toBe(true);
		// An admin's token may change the admin.
		expect((await callApi('POST', `/api/v1/people/${org.users.admin.id}/unlock`, { token: admin })).status).toBe(200);
	});

	test('another organisation’s people: 404 for every endpoint, nothing changed nor journalled', async () => {
		const id = other.users.operator.id;
		const calls: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', suffix: string, body?: unknown][] = [
			['GET', ''],
			['PUT', '', { firstName: 'X', lastName: 'Y', email: '', roles: ['operator'] }],
			['PUT', '', {}],
			['POST', '/password', { password: 'un-mot-de-passe-force-2026' }],
			['POST', '/pin', { pin: '735194' }],
			['POST', '/unlock'],
			['POST', '/badge'],
			['DELETE', '/badge'],
			['POST', '/active', { active: false }]
		];
		const before = await snapshotTables(t.db);
		for (const [method, suffix, body] of calls) {
			const r = await callApi<Json>(method, `/api/v1/people/${id}${suffix}`, { token: manager, ...(body ? { body } : {}) });
			expect(r.status, `${method} ${suffix}`).toBe(404);
			expect(r.body.error.code).toBe('not_found');
		}
		// And the other way round: their manager does not reach ours.
		const ours = await callApi<Json>('POST', `/api/v1/people/${org.users.operator.id}/pin`, { token: otherManager, body: { pin: '735194' } });
		expect(ours.status).toBe(404);
		expect(await snapshotTables(t.db)).toEqual(before);
	});

	test('bad input: a French 400 naming the field, and nothing changed', async () => {
		const { user } = await addUser(t.db, org, ['operator']);
		const cases: [method: 'POST' | 'PUT', path: string, body: unknown, field: string][] = [
			['PUT', `/api/v1/people/${user.id}`, { firstName: 'A', lastName: 'B', email: 'pas-un-email', roles: [] }, 'email'],
			['PUT', `/api/v1/people/${user.id}`, { firstName: '', lastName: 'B', email: '', roles: [] }, 'firstName'],
			['PUT', `/api/v1/people/${user.id}`, { firstName: 'A', lastName: 'B', email: '', roles: ['chef'] }, 'roles'],
			['POST', `/api/v1/people/${user.id}/active`, { active: 'non' }, 'active'],
			['POST', `/api/v1/people/${user.id}/pin`, { pin: 'abcd' }, 'pin'],
			['POST', '/api/v1/people', { username: 'Nom Avec Espaces', firstName: 'A', roles: [] }, 'username'],
			['POST', '/api/v1/people', { username: 'sans-prenom' }, 'firstName'],
			['POST', '/api/v1/people', { username: 'role-inconnu', firstName: 'A', roles: ['chef'] }, 'roles']
		];
		const before = await snapshotTables(t.db);
		for (const [method, path, body, field] of cases) {
			const r = await callApi<Json>(method, path, { token: manager, body });
			expect(r.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
			expect(r.body.error.field, JSON.stringify(r.body)).toBe(field);
			expect(r.body.error.message).toMatch(/[àâçéèêîôûù]|\b(le|la|les|une?|est|pas|du|des|invalide)\b/i);
		}
		expect(await snapshotTables(t.db)).toEqual(before);
	});
});

describe('tablets', () => {
	test('listed without their token; revoked (audited); another organisation’s is a 404', async () => {
		const { token: cookie, device } = await makeDevice(t.db, org, 'Tablette API');
		const { device: theirs } = await makeDevice(t.db, other, 'Tablette autre');
		const list = await callApi<Json>('GET', '/api/v1/devices', { token: supervisorOnly });
		expect(list.status).toBe(200);
		expect(list.body.items.map((d: Json) => d.name)).toContain('Tablette API');
		expect(list.body.items.map((d: Json) => d.id)).not.toContain(theirs.id);
		expect(JSON.stringify(list.body)).not.toContain(hashToken(cookie));
		noSecret(list.body);

		const before = await snapshotTables(t.db);
		expect((await callApi('POST', `/api/v1/devices/${theirs.id}/revoke`, { token: supervisorOnly })).status).toBe(404);
		expect((await callApi('POST', '/api/v1/devices/pas-un-id/revoke', { token: supervisorOnly })).status).toBe(404);
		expect(await snapshotTables(t.db)).toEqual(before);

		expect((await callApi('POST', `/api/v1/devices/${device.id}/revoke`, { token: supervisorOnly })).status).toBe(200);
		expect((await t.db.select().from(devices).where(eq(devices.id, device.id)))[0]!.revokedAt).not.toBeNull();
		expect((await auditRows(t.db, org.organisationId, 'device.revoke')).some((a) => a.entityId === device.id)).toBe(true);
		expect((await callApi('POST', `/api/v1/devices/${device.id}/revoke`, { token: supervisorOnly })).status).toBe(404);
	});
});
