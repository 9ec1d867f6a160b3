import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { API_TOKEN_PREFIX, createApiToken, listApiTokens, revokeApiToken, validateApiToken } from '$lib/server/auth/apiTokens';
import { hashToken } from '$lib/server/auth/tokens';
import { apiTokens, memberships, organisations, users } from '$lib/server/db/schema';
import { createSite } from '$lib/server/places/places';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

describe('API tokens', () => {
	test('created by a manager: an esk_ token shown once, stored hashed, opening an actor with its roles', async () => {
		const org = await makeOrg(t.db);
		const { user: creator, actor: manager } = await addUser(t.db, org, ['manager', 'social_worker']);
		const { token, id } = await createApiToken(t.db, manager, { name: 'Export compta', roles: ['social_worker', 'manager'] });
		expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
		expect(token.slice(API_TOKEN_PREFIX.length)).toMatch(/^[a-z2-7]{52}$/);
		const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, id));
		expect(row).toMatchObject({ tokenHash: hashToken(token), tokenPrefix: token.slice(0, 10), roles: ['manager', 'social_worker'], createdBy: creator.id });
		expect(JSON.stringify(row)).not.toContain(token);

		const actor = await validateApiToken(t.db, token);
		expect(actor).toEqual({
			kind: 'api',
			userId: creator.id,
			organisationId: org.organisationId,
			organisationName: org.name,
			timeZone: 'Europe/Paris',
			username: creator.username,
			firstName: creator.firstName,
			lastName: creator.lastName,
			roles: ['manager', 'social_worker'],
			deviceId: null,
			sessionId: null,
			apiTokenId: id,
			method: 'api_token'
		});
		const listed = await listApiTokens(t.db, org.actors.admin);
		expect(listed.map((l) => [l.id, l.name, l.roles, l.revokedAt])).toEqual([[id, 'Export compta', ['manager', 'social_worker'], null]]);
	});

	test("a token never has more roles than its creator holds now (a demoted creator's token loses them)", async () => {
		const org = await makeOrg(t.db);
		const { user: creator, actor: manager } = await addUser(t.db, org, ['manager', 'social_worker']);
		const { token } = await createApiToken(t.db, manager, { name: 'Jeton', roles: ['manager', 'social_worker'] });
		await t.db.delete(memberships).where(and(eq(memberships.userId, creator.id), eq(memberships.role, 'manager')));
		expect((await validateApiToken(t.db, token))?.roles).toEqual(['social_worker']);
		await t.db.delete(memberships).where(eq(memberships.userId, creator.id));
		expect((await validateApiToken(t.db, token))?.roles).toEqual([]);
	});

	test('writes made with a token are attributed to its creator and the token', async () => {
		const org = await makeOrg(t.db);
		const { token, id } = await createApiToken(t.db, org.actors.manager, { name: 'Script', roles: ['manager'] });
		const actor = (await validateApiToken(t.db, token))!;
		const site = await createSite(t.db, actor, { name: 'Site par API', kind: 'distribution' });
		const [row] = await auditRows(t.db, org.organisationId, 'site.create');
		expect(row).toMatchObject({ userId: org.users.manager.id, apiTokenId: id, deviceId: null, entityId: site.id });
	});

	test('unknown, malformed or revoked tokens open nothing', async () => {
		const org = await makeOrg(t.db);
		const { token, id } = await createApiToken(t.db, org.actors.manager, { name: 'Jeton', roles: ['manager'] });
		expect(await validateApiToken(t.db, token.slice(API_TOKEN_PREFIX.length))).toBeNull();
		expect(await validateApiToken(t.db, token + 'a')).toBeNull();
		expect(await validateApiToken(t.db, API_TOKEN_PREFIX + 'x'.repeat(200))).toBeNull();
		expect(await validateApiToken(t.db, '')).toBeNull();
		expect(await validateApiToken(t.db, token)).not.toBeNull();
		await revokeApiToken(t.db, org.actors.manager, id);
		expect(await validateApiToken(t.db, token)).toBeNull();
		await expectAppError(revokeApiToken(t.db, org.actors.manager, id), 'not_found', 404);
		await expectAppError(revokeApiToken(t.db, org.actors.manager, 'not-a-uuid'), 'not_found', 404);
		const actions = (await auditRows(t.db, org.organisationId)).map((r) => r.action);
		expect(actions).toEqual(['api_token.create', 'api_token.revoke']);
	});

	test('a manager cannot mint an admin token nor one with roles they lack; only managers mint; bad input refused; nothing written', async () => {
		const org = await makeOrg(t.db);
		await expectAppError(createApiToken(t.db, org.actors.manager, { name: 'Admin', roles: ['admin'] }), 'forbidden_role', 403);
		await expectAppError(createApiToken(t.db, org.actors.manager, { name: 'Admin', roles: ['operator', 'admin'] }), 'forbidden_role', 403);
		// Nor a role they do not hold themselves (the token could never use it).
		await expectAppError(createApiToken(t.db, org.actors.manager, { name: 'Caisse', roles: ['operator'] }), 'forbidden_role', 403);
		await expectAppError(createApiToken(t.db, org.actors.supervisor, { name: 'Sup', roles: ['operator'] }), 'forbidden', 403);
		await expectAppError(createApiToken(t.db, org.actors.operator, { name: 'Op', roles: ['operator'] }), 'forbidden', 403);
		await expectAppError(createApiToken(t.db, org.actors.manager, { name: 'x', roles: ['manager'] }), 'invalid_input', 400);
		await expectAppError(createApiToken(t.db, org.actors.manager, { name: 'Vide', roles: [] }), 'invalid_input', 400);
		expect(await t.db.select().from(apiTokens).where(eq(apiTokens.organisationId, org.organisationId))).toHaveLength(0);
		const { token } = await createApiToken(t.db, org.actors.admin, { name: 'Admin', roles: ['admin'] });
		expect((await validateApiToken(t.db, token))?.roles).toEqual(['admin']);
		expect(await t.db.select().from(apiTokens).where(eq(apiTokens.organisationId, org.organisationId))).toHaveLength(1);
	});

	test("a deactivated creator's tokens stop working; so do a deactivated organisation's", async () => {
		const org = await makeOrg(t.db);
		const { token } = await createApiToken(t.db, org.actors.manager, { name: 'Jeton', roles: ['manager'] });
		const { token: adminToken } = await createApiToken(t.db, org.actors.admin, { name: 'Jeton admin', roles: ['admin'] });
		await t.db.update(users).set({ active: false }).where(eq(users.id, org.users.manager.id));
		expect(await validateApiToken(t.db, token)).toBeNull();
		expect(await validateApiToken(t.db, adminToken)).not.toBeNull();
		await t.db.update(organisations).set({ active: false }).where(eq(organisations.id, org.organisationId));
		expect(await validateApiToken(t.db, adminToken)).toBeNull();
	});

	test("a manager cannot revoke or list another organisation's tokens", async () => {
		const a = await makeOrg(t.db);
		const b = await makeOrg(t.db, 'B');
		const { token, id } = await createApiToken(t.db, a.actors.manager, { name: 'Jeton A', roles: ['manager'] });
		await expectAppError(revokeApiToken(t.db, b.actors.manager, id), 'not_found', 404);
		expect(await validateApiToken(t.db, token)).not.toBeNull();
		expect(await listApiTokens(t.db, b.actors.manager)).toEqual([]);
	});

	test('last use is recorded, at most once a minute', async () => {
		const org = await makeOrg(t.db);
		const { token, id } = await createApiToken(t.db, org.actors.manager, { name: 'Jeton', roles: ['manager'] });
		const T0 = new Date('2025-06-02T08:00:00Z');
		await validateApiToken(t.db, token, T0);
		await validateApiToken(t.db, token, new Date(T0.getTime() + 30_000));
		const lastUsed = async () => (await t.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id)))[0]!.at;
		expect(await lastUsed()).toEqual(T0);
		await validateApiToken(t.db, token, new Date(T0.getTime() + 61_000));
		expect(await lastUsed()).toEqual(new Date(T0.getTime() + 61_000));
	});
});
