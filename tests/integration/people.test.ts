import { and, count, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { passwordSignIn } from '$lib/server/auth/login';
import { verifySecret } from '$lib/server/auth/password';
import { createSession, validateSessionToken } from '$lib/server/auth/sessions';
import { bootstrapResetPassword } from '$lib/server/people/bootstrap';
import { auditLog, memberships, users } from '$lib/server/db/schema';
import { createPerson, getPerson, listPeople, personHistory, setPassword, setPersonActive, setPin, updatePerson } from '$lib/server/people/people';
import { useTestDatabase } from '../helpers/db';
import { addUser, expectAppError, makeOrg, TEST_PASSWORD, uniq } from '../helpers/fixtures';

const t = useTestDatabase();

const countUsers = async (organisationId: string) => (await t.db.select({ n: count() }).from(users).where(eq(users.organisationId, organisationId)))[0]!.n;
const countAudit = async (organisationId: string) =>
	(await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.organisationId, organisationId)))[0]!.n;

describe('people: creating', () => {
	test('a manager creates a person with roles, password and PIN; secrets are only stored hashed', async () => {
		const org = await makeOrg(t.db);
		const username = `Marie.${uniq()}`;
		const p = await createPerson(t.db, org.actors.manager, {
			username: `  ${username} `,
			firstName: ' Marie ',
			lastName: 'Curie',
			email: 'marie@example.org',
			roles: ['operator', 'supervisor', 'operator'],
			password: 'un-mot-de-passe-sur',
			pin: '4826'
		});
		expect(p).toMatchObject({
			username: username.toLowerCase(),
			firstName: 'Marie',
			lastName: 'Curie',
			email: 'marie@example.org',
			active: true,
			roles: ['supervisor', 'operator'],
			hasPassword: true,
			hasPin: true,
			pinLocked: false,
			hasBadge: false
		});
		const [row] = await t.db.select().from(users).where(eq(users.id, p.id));
		expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
		expect(await verifySecret(row!.passwordHash, 'un-mot-de-passe-sur')).toBe(true);
		expect(await verifySecret(row!.pinHash, '4826')).toBe(true);
		const signIn = await passwordSignIn(t.db, { username, password: 'un-mot-de-passe-sur', ip: '10.9.9.9' });
		expect(signIn.userId).toBe(p.id);
	});

	test('a taken username: 409, and nothing half-saved (no user, no roles, no audit row)', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const before = { users: await countUsers(org.organisationId), audit: await countAudit(org.organisationId) };
		const err = await expectAppError(
			createPerson(t.db, org.actors.manager, { username: other.users.operator.username.toUpperCase(), firstName: 'Doublon', roles: ['operator'] }),
			'username_taken',
			409
		);
		expect(err.field).toBe('username');
		expect(await countUsers(org.organisationId)).toBe(before.users);
		expect(await countAudit(org.organisationId)).toBe(before.audit);
		const roles = await t.db.select({ n: count() }).from(memberships).where(eq(memberships.organisationId, org.organisationId));
		expect(roles[0]!.n).toBe(5);
	});

	test('weak passwords, simple PINs and bad fields are refused with the field named', async () => {
		const org = await makeOrg(t.db);
		const base = { username: `p.${uniq()}`, firstName: 'Paul' };
		const cases: [Record<string, unknown>, string, string][] = [
			[{ password: 'court' }, 'weak_password', 'password'],
			[{ password: 'aaaaabbbbbaaaaa' }, 'weak_password', 'password'],
			[{ pin: '1234' }, 'invalid_pin', 'pin'],
			[{ pin: '0000' }, 'invalid_pin', 'pin'],
			[{ pin: '12a4' }, 'invalid_pin', 'pin'],
			[{ username: 'a' }, 'invalid_input', 'username'],
			[{ username: 'Jean Dupont' }, 'invalid_input', 'username'],
			[{ firstName: '   ' }, 'invalid_input', 'firstName'],
			[{ email: 'pas-un-email' }, 'invalid_input', 'email'],
			[{ roles: ['root'] }, 'invalid_input', 'roles']
		];
		for (const [change, code, field] of cases) {
			const err = await expectAppError(createPerson(t.db, org.actors.manager, { ...base, ...change } as never), code, 400);
			expect(err.field, JSON.stringify(change)).toBe(field);
		}
		expect(await countUsers(org.organisationId)).toBe(5);
	});

	test('only managers create people; a manager cannot grant admin, an admin can', async () => {
		const org = await makeOrg(t.db);
		for (const actor of [org.actors.supervisor, org.actors.operator, org.actors.social_worker]) {
			await expectAppError(createPerson(t.db, actor, { username: `x.${uniq()}`, firstName: 'X' }), 'forbidden', 403);
		}
		await expectAppError(createPerson(t.db, org.actors.manager, { username: `x.${uniq()}`, firstName: 'X', roles: ['admin'] }), 'forbidden_role', 403);
		expect(await countUsers(org.organisationId)).toBe(5);
		const p = await createPerson(t.db, org.actors.admin, { username: `x.${uniq()}`, firstName: 'X', roles: ['admin', 'manager'] });
		expect(p.roles).toEqual(['admin', 'manager']);
	});
});

describe('people: editing', () => {
	test('update names and roles; the change is in the history with who made it', async () => {
		const org = await makeOrg(t.db);
		const target = org.users.operator;
		const p = await updatePerson(t.db, org.actors.manager, target.id, {
			firstName: 'Karima',
			lastName: 'Diallo',
			email: '',
			roles: ['operator', 'supervisor']
		});
		expect(p).toMatchObject({ firstName: 'Karima', lastName: 'Diallo', email: null, roles: ['supervisor', 'operator'] });
		const history = await personHistory(t.db, org.actors.manager, target.id);
		expect(history[0]).toMatchObject({
			action: 'user.update',
			by: `${org.users.manager.firstName} ${org.users.manager.lastName}`,
			details: { firstName: [target.firstName, 'Karima'], roles: [['operator'], ['supervisor', 'operator']] }
		});
		// Saving the same values again records nothing new.
		await updatePerson(t.db, org.actors.manager, target.id, { firstName: 'Karima', lastName: 'Diallo', roles: ['supervisor', 'operator'] });
		expect(await personHistory(t.db, org.actors.manager, target.id)).toHaveLength(history.length);
	});

	test('nobody changes their own roles or deactivates themselves', async () => {
		const org = await makeOrg(t.db);
		const me = org.users.manager;
		await expectAppError(updatePerson(t.db, org.actors.manager, me.id, { firstName: me.firstName, roles: ['manager', 'operator'] }), 'own_roles', 403);
		await expectAppError(updatePerson(t.db, org.actors.admin, org.users.admin.id, { firstName: 'A', roles: [] }), 'own_roles', 403);
		await expectAppError(setPersonActive(t.db, org.actors.manager, me.id, false), 'self', 403);
		// Own names may change, roles untouched.
		const p = await updatePerson(t.db, org.actors.manager, me.id, { firstName: 'Sophie', roles: ['manager'] });
		expect(p.firstName).toBe('Sophie');
		const [row] = await t.db.select().from(users).where(eq(users.id, me.id));
		expect(row!.active).toBe(true);
	});

	test('a manager may not give the admin role, nor edit an admin at all (issue 9: an admin is changed only by an admin)', async () => {
		const org = await makeOrg(t.db);
		await expectAppError(updatePerson(t.db, org.actors.manager, org.users.operator.id, { firstName: 'O', roles: ['admin'] }), 'forbidden_role', 403);
		await expectAppError(updatePerson(t.db, org.actors.manager, org.users.admin.id, { firstName: 'A', roles: ['manager'] }), 'forbidden', 403);
		const roles = await t.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, org.users.operator.id));
		expect(roles).toEqual([{ role: 'operator' }]);
		await expectAppError(updatePerson(t.db, org.actors.manager, org.users.admin.id, { firstName: 'Camille', roles: ['admin'] }), 'forbidden', 403);
		const admin = await updatePerson(t.db, org.actors.admin, org.users.admin.id, { firstName: 'Camille', roles: ['admin'] });
		expect(admin).toMatchObject({ firstName: 'Camille', roles: ['admin'] });
	});

	test('deactivate ends sessions and sign-in; reactivate; both in the history', async () => {
		const org = await makeOrg(t.db);
		// A supervisor: every role of theirs is covered by the manager's (a social worker is not, see accounts-security).
		const sw = org.users.supervisor;
		const s = await createSession(t.db, { userId: sw.id, organisationId: org.organisationId, method: 'password' });
		await setPersonActive(t.db, org.actors.manager, sw.id, false);
		expect(await validateSessionToken(t.db, s.token)).toBeNull();
		await expectAppError(passwordSignIn(t.db, { username: sw.username, password: TEST_PASSWORD, ip: '10.8.8.8' }), 'account_disabled', 403);
		const inactive = await listPeople(t.db, org.actors.manager, { status: 'inactive' });
		expect(inactive.rows.map((r) => r.id)).toEqual([sw.id]);
		await setPersonActive(t.db, org.actors.manager, sw.id, true);
		expect((await getPerson(t.db, org.actors.manager, sw.id)).active).toBe(true);
		const actions = (await personHistory(t.db, org.actors.manager, sw.id)).map((h) => h.action);
		expect(actions.slice(0, 2)).toEqual(['user.reactivate', 'user.deactivate']);
	});

	test('setPassword ends the person’s sessions; setPin clears a lock; both in the history', async () => {
		const org = await makeOrg(t.db);
		const op = org.users.operator;
		const s = await createSession(t.db, { userId: op.id, organisationId: org.organisationId, method: 'password' });
		await expectAppError(setPassword(t.db, org.actors.manager, op.id, 'court'), 'weak_password', 400);
		expect(await validateSessionToken(t.db, s.token)).not.toBeNull();
		await setPassword(t.db, org.actors.manager, op.id, 'nouveau-mot-de-passe');
		expect(await validateSessionToken(t.db, s.token)).toBeNull();

		await t.db.update(users).set({ pinFailedCount: 5, pinLockedAt: new Date() }).where(eq(users.id, op.id));
		await expectAppError(setPin(t.db, org.actors.supervisor, op.id, '4321'), 'invalid_pin', 400);
		await setPin(t.db, org.actors.supervisor, op.id, '7391');
		const [row] = await t.db.select().from(users).where(eq(users.id, op.id));
		expect(row).toMatchObject({ pinFailedCount: 0, pinLockedAt: null });
		expect(await verifySecret(row!.pinHash, '7391')).toBe(true);
		const actions = (await personHistory(t.db, org.actors.supervisor, op.id)).map((h) => h.action);
		expect(actions.slice(0, 2)).toEqual(['user.pin_set', 'user.password_set']);
	});

	test('a supervisor handles PINs of operators only', async () => {
		const org = await makeOrg(t.db);
		await expectAppError(setPin(t.db, org.actors.supervisor, org.users.social_worker.id, '7391'), 'forbidden', 403);
		await expectAppError(setPin(t.db, org.actors.supervisor, org.users.manager.id, '7391'), 'forbidden', 403);
		const { user: otherOperator } = await addUser(t.db, org, ['operator'], { pin: true });
		await expectAppError(setPin(t.db, org.actors.operator, otherOperator.id, '7391'), 'forbidden', 403);
		// One's own PIN is a change of one's own PIN: the current one is asked (see accounts-security).
		await expectAppError(setPin(t.db, org.actors.operator, org.users.operator.id, '7391'), 'wrong_pin', 400);
		const [row] = await t.db.select({ pinHash: users.pinHash }).from(users).where(eq(users.id, org.users.manager.id));
		expect(row!.pinHash).toBeNull();
	});

	test('listPeople searches names, filters by role, and pages by 25', async () => {
		const org = await makeOrg(t.db);
		for (let i = 0; i < 26; i++) {
			await t.db.insert(users).values({ organisationId: org.organisationId, username: `bulk${i}.${uniq()}`, firstName: `Zoé${String(i).padStart(2, '0')}` });
		}
		const all = await listPeople(t.db, org.actors.supervisor, {});
		expect(all.total).toBe(31);
		expect(all.pages).toBe(2);
		expect(all.rows).toHaveLength(25);
		const page2 = await listPeople(t.db, org.actors.supervisor, { page: 2 });
		expect(page2.rows).toHaveLength(6);
		expect(new Set([...all.rows, ...page2.rows].map((r) => r.id)).size).toBe(31);
		expect((await listPeople(t.db, org.actors.supervisor, { q: 'zoé07' })).rows.map((r) => r.firstName)).toEqual(['Zoé07']);
		expect((await listPeople(t.db, org.actors.supervisor, { q: '%' })).total).toBe(0);
		expect((await listPeople(t.db, org.actors.supervisor, { role: 'manager' })).rows.map((r) => r.id)).toEqual([org.users.manager.id]);
		await expectAppError(listPeople(t.db, org.actors.operator, {}), 'forbidden', 403);
	});

	test('history is limited to the person and the organisation', async () => {
		const org = await makeOrg(t.db);
		await setPin(t.db, org.actors.supervisor, org.users.operator.id, '7391');
		expect(await personHistory(t.db, org.actors.manager, org.users.supervisor.id)).toEqual([]);
		const rows = await t.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, org.users.operator.id)));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ organisationId: org.organisationId, userId: org.users.supervisor.id, action: 'user.pin_set' });
	});
});

describe('the command line', () => {
	test('resets a password by the username as typed (case and spaces as at sign-in), ending the sessions', async () => {
		const org = await makeOrg(t.db);
		const { user } = await addUser(t.db, org, ['admin']);
		const session = await createSession(t.db, { userId: user.id, organisationId: org.organisationId, method: 'password' });
		await bootstrapResetPassword(t.db, `  ${user.username.toUpperCase()} `, 'un-nouveau-mot-de-passe');
		const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
		expect(await verifySecret(row!.hash, 'un-nouveau-mot-de-passe')).toBe(true);
		expect(await validateSessionToken(t.db, session.token)).toBeNull();
		await expectAppError(bootstrapResetPassword(t.db, 'personne.inconnue', 'un-nouveau-mot-de-passe'), 'not_found', 404);
	});
});
