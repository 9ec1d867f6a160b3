import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { passwordSignIn } from '$lib/server/auth/login';
import { verifySecret } from '$lib/server/auth/password';
import { PIN_MAX_FAILURES } from '$lib/server/config';
import { blockedByTemporaryPassword } from '$lib/server/auth/passwordChange';
import { createSession, validateSessionToken } from '$lib/server/auth/sessions';
import { pinSignIn } from '$lib/server/auth/tablet';
import { checkThrottle, recordFailure, userKey } from '$lib/server/auth/throttle';
import type { Database } from '$lib/server/db';
import { authThrottle, memberships, users } from '$lib/server/db/schema';
import { takeAccountNotices } from '$lib/server/people/notices';
import {
	changeOwnPassword,
	changeOwnPin,
	createPerson,
	issueBadge,
	revokeBadge,
	setPassword,
	setPersonActive,
	setPin,
	unlockPin,
	updatePerson
} from '$lib/server/people/people';
import { useTestDatabase } from '../helpers/db';
import { actorOf, addUser, auditRows, expectAppError, makeDevice, makeOrg, TEST_PASSWORD, TEST_PIN, uniq } from '../helpers/fixtures';

const t = useTestDatabase();

/** What an account change could touch: secrets, lock, badge, state, roles. */
async function accountState(db: Database, id: string) {
	const [u] = await db.select().from(users).where(eq(users.id, id));
	const roles = await db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, id));
	return { ...u!, updatedAt: undefined, roles: roles.map((r) => r.role).sort() };
}

const throttleFailures = async (username: string) =>
	(
		await t.db
			.select()
			.from(authThrottle)
			.where(eq(authThrottle.key, userKey(username).key))
	)[0]?.failures ?? 0;

describe('accounts: no one gains a role they do not hold (issue 9, item 1)', () => {
	const title1 = 'a manager can neither set an admin’s password, deactivate an admin, nor set a social worker’s password: 403, nothing changed, audited';
	test(title1, async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		const { admin, social_worker: sw } = org.users;
		const adminSession = await createSession(t.db, { userId: admin.id, organisationId: org.organisationId, method: 'password' });
		const before = { admin: await accountState(t.db, admin.id), sw: await accountState(t.db, sw.id) };

		await expectAppError(setPassword(t.db, manager, admin.id, 'mot-de-passe-pirate-1'), 'forbidden', 403);
		await expectAppError(setPersonActive(t.db, manager, admin.id, false), 'forbidden', 403);
		await expectAppError(setPassword(t.db, manager, sw.id, 'mot-de-passe-pirate-2'), 'forbidden', 403);
		// Nor any other way into their accounts: PIN, badge, unlock, names, roles.
		await expectAppError(setPin(t.db, manager, sw.id, '7391'), 'forbidden', 403);
		await expectAppError(issueBadge(t.db, manager, admin.id), 'forbidden', 403);
		await expectAppError(revokeBadge(t.db, manager, admin.id), 'forbidden', 403);
		await expectAppError(unlockPin(t.db, manager, admin.id), 'forbidden', 403);
		await expectAppError(setPersonActive(t.db, manager, sw.id, false), 'forbidden', 403);
		await expectAppError(updatePerson(t.db, manager, sw.id, { firstName: 'Pirate', roles: ['social_worker'] }), 'forbidden', 403);

		expect(await accountState(t.db, admin.id)).toEqual(before.admin);
		expect(await accountState(t.db, sw.id)).toEqual(before.sw);
		expect(await validateSessionToken(t.db, adminSession.token)).not.toBeNull();
		expect((await passwordSignIn(t.db, { username: admin.username, password: TEST_PASSWORD, ip: '10.20.0.1' })).userId).toBe(admin.id);
		const refused = await auditRows(t.db, org.organisationId, 'user.change_refused');
		expect(refused.map((r) => [r.userId, r.entityId, r.details])).toEqual([
			[manager.userId, admin.id, { action: 'password' }],
			[manager.userId, admin.id, { action: 'deactivate' }],
			[manager.userId, sw.id, { action: 'password' }],
			[manager.userId, sw.id, { action: 'pin' }],
			[manager.userId, admin.id, { action: 'badge' }],
			[manager.userId, admin.id, { action: 'badge_revoke' }],
			[manager.userId, admin.id, { action: 'pin_unlock' }],
			[manager.userId, sw.id, { action: 'deactivate' }],
			[manager.userId, sw.id, { action: 'update' }]
		]);
		expect(await auditRows(t.db, org.organisationId, 'user.password_set')).toEqual([]);
	});

	test('a manager cannot hand out the social worker or admin role (creating or editing), so cannot make a household reader either', async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		await expectAppError(
			createPerson(t.db, manager, { username: `faux.${uniq()}`, firstName: 'Faux', roles: ['social_worker'], password: 'mot-de-passe-connu-1' }),
			'forbidden_role',
			403
		);
		const addSw = { firstName: 'S', roles: ['supervisor', 'social_worker'] as ('supervisor' | 'social_worker')[] };
		await expectAppError(updatePerson(t.db, manager, org.users.supervisor.id, addSw), 'forbidden_role', 403);
		expect((await accountState(t.db, org.users.supervisor.id)).roles).toEqual(['supervisor']);
		// An admin neither: household files are for social workers only.
		await expectAppError(setPassword(t.db, org.actors.admin, org.users.social_worker.id, 'mot-de-passe-connu-2'), 'forbidden', 403);
		const withSw = { firstName: 'M', roles: ['manager', 'social_worker'] as ('manager' | 'social_worker')[] };
		await expectAppError(updatePerson(t.db, org.actors.admin, org.users.manager.id, withSw), 'forbidden_role', 403);
	});

	const title3 = 'an admin changes an admin’s and a manager’s password, deactivates an admin; a manager who is a social worker too resets a social worker';
	test(title3, async () => {
		const org = await makeOrg(t.db);
		const { user: otherAdmin } = await addUser(t.db, org, ['admin']);
		await setPassword(t.db, org.actors.admin, otherAdmin.id, 'provisoire-admin-2026');
		await setPassword(t.db, org.actors.admin, org.users.manager.id, 'provisoire-manager-2026');
		await setPersonActive(t.db, org.actors.admin, otherAdmin.id, false);
		const a = await accountState(t.db, otherAdmin.id);
		expect(a).toMatchObject({ active: false, mustChangePassword: true });
		expect(await verifySecret(a.passwordHash, 'provisoire-admin-2026')).toBe(true);
		expect((await accountState(t.db, org.users.manager.id)).mustChangePassword).toBe(true);

		const { actor: managerSw } = await addUser(t.db, org, ['manager', 'social_worker']);
		await setPassword(t.db, managerSw, org.users.social_worker.id, 'provisoire-sw-2026');
		expect(await verifySecret((await accountState(t.db, org.users.social_worker.id)).passwordHash, 'provisoire-sw-2026')).toBe(true);
		// Supervisors keep their work: operators' PINs and badges.
		await setPin(t.db, org.actors.supervisor, org.users.operator.id, '7391');
		await issueBadge(t.db, org.actors.supervisor, org.users.operator.id);
		await expectAppError(setPin(t.db, org.actors.supervisor, org.users.manager.id, '7391'), 'forbidden', 403);
	});
});

describe('accounts: a password set by someone else is temporary', () => {
	test('signed in with it, the session must change it first: every route but the account page is held; the change frees it', async () => {
		const org = await makeOrg(t.db);
		const sup = org.users.supervisor;
		await setPassword(t.db, org.actors.manager, sup.id, 'provisoire-2026-abc');
		const signIn = await passwordSignIn(t.db, { username: sup.username, password: 'provisoire-2026-abc', ip: '10.20.0.2' });
		const actor = (await validateSessionToken(t.db, signIn.token))!.actor;
		expect(actor.mustChangePassword).toBe(true);
		for (const route of ['/(app)', '/(app)/(supervise)/personnes', '/(app)/(till)/caisse', '/api/v1/me', '/api/v1/(till)/sales']) {
			expect(blockedByTemporaryPassword(actor, route), route).toBe(true);
		}
		for (const route of ['/(app)/compte', '/(public)/deconnexion', '/(public)/langue', null]) {
			expect(blockedByTemporaryPassword(actor, route), String(route)).toBe(false);
		}
		// The PIN at the tablet is not the temporary secret: a PIN session goes on.
		const { device } = await makeDevice(t.db, org);
		const pin = await pinSignIn(t.db, device, { userId: sup.id, pin: TEST_PIN });
		if (!pin.ok) throw pin.error;
		expect((await validateSessionToken(t.db, pin.session.token, new Date(), device.id))!.actor.mustChangePassword).toBe(false);

		await changeOwnPassword(t.db, actor, 'provisoire-2026-abc', 'mon-propre-mot-2026');
		expect((await accountState(t.db, sup.id)).mustChangePassword).toBe(false);
		const after = (await validateSessionToken(t.db, signIn.token))!.actor;
		expect(after.mustChangePassword).toBe(false);
		expect(blockedByTemporaryPassword(after, '/(app)')).toBe(false);
	});

	test('a person created with a password chosen by the manager must change it too', async () => {
		const org = await makeOrg(t.db);
		const p = await createPerson(t.db, org.actors.manager, {
			username: `neuf.${uniq()}`,
			firstName: 'Neuf',
			roles: ['supervisor'],
			password: 'provisoire-neuf-2026'
		});
		expect((await accountState(t.db, p.id)).mustChangePassword).toBe(true);
		const q = await createPerson(t.db, org.actors.manager, { username: `pin.${uniq()}`, firstName: 'Pin', roles: ['operator'], pin: '5082' });
		expect((await accountState(t.db, q.id)).mustChangePassword).toBe(false);
	});
});

describe('accounts: changing one’s own password or PIN asks for the current one', () => {
	test('no or a wrong current password: refused, counted in the sign-in throttle, audited; locked, even the right one waits', async () => {
		const org = await makeOrg(t.db);
		const me = org.actors.manager;
		const now = new Date();
		await expectAppError(changeOwnPassword(t.db, me, '', 'nouveau-mot-2026-a', now), 'wrong_password', 400);
		// From the people page, one's own password is the same change, with the current one asked.
		await expectAppError(setPassword(t.db, me, me.userId, 'nouveau-mot-2026-b'), 'wrong_password', 400);
		await expectAppError(setPassword(t.db, me, me.userId, 'nouveau-mot-2026-c', 'pas-le-bon-mot'), 'wrong_password', 400);
		expect(await throttleFailures(me.username)).toBe(3);
		expect(await verifySecret((await accountState(t.db, me.userId)).passwordHash, TEST_PASSWORD)).toBe(true);
		expect((await auditRows(t.db, org.organisationId, 'user.password_change_failed')).map((r) => r.entityId)).toEqual([me.userId, me.userId, me.userId]);

		// The same throttle as the sign-in form: once it locks, the right current password waits too.
		while (!(await checkThrottle(t.db, [userKey(me.username)], now))) await recordFailure(t.db, [userKey(me.username)], now);
		await expectAppError(changeOwnPassword(t.db, me, TEST_PASSWORD, 'nouveau-mot-2026-d', now), 'throttled', 429);
		expect(await verifySecret((await accountState(t.db, me.userId)).passwordHash, TEST_PASSWORD)).toBe(true);

		// Later, with the right one, the change goes through.
		const later = new Date(now.getTime() + 60 * 60_000);
		await changeOwnPassword(t.db, me, TEST_PASSWORD, 'nouveau-mot-2026-e', later);
		expect(await verifySecret((await accountState(t.db, me.userId)).passwordHash, 'nouveau-mot-2026-e')).toBe(true);
	});

	test('wrong current PINs count toward the PIN lock, from the account page and the people page alike', async () => {
		const org = await makeOrg(t.db);
		const me = org.actors.supervisor;
		await expectAppError(changeOwnPin(t.db, me, '', '7391'), 'wrong_pin', 400);
		await expectAppError(setPin(t.db, me, me.userId, '7391'), 'wrong_pin', 400);
		// The third failure in a row starts a short delay: the answer says to wait.
		await expectAppError(setPin(t.db, me, me.userId, '7391', '9999'), 'throttled', 429);
		expect((await accountState(t.db, me.userId)).pinFailedCount).toBe(3);
		// Like at the tablet, after a few failures the next try waits (and is not even checked).
		let now = new Date();
		await expectAppError(changeOwnPin(t.db, me, TEST_PIN, '7391', now), 'throttled', 429);
		expect((await accountState(t.db, me.userId)).pinFailedCount).toBe(3);
		// Waiting out every delay, the count goes on to the lock.
		for (let failures = 4; failures < PIN_MAX_FAILURES; failures++) {
			now = new Date(now.getTime() + 2 * 60_000);
			// Refused as a wrong PIN, or told to wait when this failure starts a delay; counted either way.
			const e = await changeOwnPin(t.db, me, '1111', '7391', now).then(
				() => null,
				(x: { code?: string }) => x
			);
			expect(['wrong_pin', 'throttled']).toContain(e?.code);
			expect((await accountState(t.db, me.userId)).pinFailedCount).toBe(failures);
		}
		now = new Date(now.getTime() + 2 * 60_000);
		await expectAppError(changeOwnPin(t.db, me, '2222', '7391', now), 'pin_locked', 423);
		const locked = await accountState(t.db, me.userId);
		expect(locked.pinLockedAt).not.toBeNull();
		expect(await verifySecret(locked.pinHash, TEST_PIN)).toBe(true);
		// Locked: even the right current PIN is refused, and the tablet refuses the PIN too.
		now = new Date(now.getTime() + 60 * 60_000);
		await expectAppError(changeOwnPin(t.db, me, TEST_PIN, '7391', now), 'pin_locked', 423);
		const { device } = await makeDevice(t.db, org);
		const r = await pinSignIn(t.db, device, { userId: me.userId, pin: TEST_PIN }, now);
		expect(r.ok ? null : r.error.code).toBe('pin_locked');
		expect((await auditRows(t.db, org.organisationId, 'auth.pin_locked')).map((x) => x.entityId)).toEqual([me.userId]);
	});

	test('the right current PIN changes it and resets the count', async () => {
		const org = await makeOrg(t.db);
		const me = org.actors.operator;
		await expectAppError(changeOwnPin(t.db, me, '0000', '7391'), 'wrong_pin', 400);
		await changeOwnPin(t.db, me, TEST_PIN, '7391');
		const row = await accountState(t.db, me.userId);
		expect(row.pinFailedCount).toBe(0);
		expect(await verifySecret(row.pinHash, '7391')).toBe(true);
	});
});

describe('accounts: the person is told of changes others made, once', () => {
	test('PIN, badge, roles, deactivation are told at the next page, with who and when; then never again', async () => {
		const org = await makeOrg(t.db);
		const op = org.users.operator;
		await setPin(t.db, org.actors.supervisor, op.id, '7391');
		await issueBadge(t.db, org.actors.supervisor, op.id);
		// A change of names only is not told; a change of roles is.
		await updatePerson(t.db, org.actors.manager, op.id, { firstName: op.firstName, lastName: 'Autre', roles: ['operator'] });
		await updatePerson(t.db, org.actors.manager, op.id, { firstName: op.firstName, lastName: 'Autre', roles: ['operator', 'supervisor'] });
		await setPersonActive(t.db, org.actors.manager, op.id, false);
		await setPersonActive(t.db, org.actors.manager, op.id, true);
		// What the person does themselves is not told back to them.
		const actor = await actorOf(t.db, op.id);
		await changeOwnPin(t.db, actor, '7391', '5082');
		// Other people's changes are theirs.
		await setPin(t.db, org.actors.supervisor, (await addUser(t.db, org, ['operator'])).user.id, '7391');

		const notices = await takeAccountNotices(t.db, actor);
		const sup = org.users.supervisor.firstName;
		const man = org.users.manager.firstName;
		expect(notices.map((n) => [n.action, n.by])).toEqual([
			['user.pin_set', sup],
			['user.badge_issue', sup],
			['user.roles', man],
			['user.deactivate', man],
			['user.reactivate', man]
		]);
		for (const n of notices) expect(n.at).toBeInstanceOf(Date);
		expect(await takeAccountNotices(t.db, actor)).toEqual([]);

		// A later change is told at the next page, alone.
		await setPassword(t.db, org.actors.manager, op.id, 'provisoire-op-2026');
		expect((await takeAccountNotices(t.db, actor)).map((n) => [n.action, n.by])).toEqual([['user.password_set', man]]);
		expect(await takeAccountNotices(t.db, actor)).toEqual([]);
	});

	test('an API token hears nothing; a new person is not told of their own creation', async () => {
		const org = await makeOrg(t.db);
		const p = await createPerson(t.db, org.actors.manager, { username: `cree.${uniq()}`, firstName: 'Créé', roles: ['operator'], pin: '5082' });
		expect(await takeAccountNotices(t.db, await actorOf(t.db, p.id))).toEqual([]);
		await setPin(t.db, org.actors.manager, p.id, '7391');
		expect(await takeAccountNotices(t.db, await actorOf(t.db, p.id, { kind: 'api', method: 'api_token' }))).toEqual([]);
		expect((await takeAccountNotices(t.db, await actorOf(t.db, p.id))).map((n) => n.action)).toEqual(['user.pin_set']);
	});
});
