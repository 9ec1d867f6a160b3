import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { passwordSignIn } from '$lib/server/auth/login';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { USER_POLICY } from '$lib/server/auth/throttle';
import { authThrottle, users } from '$lib/server/db/schema';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError, makeOrg, TEST_PASSWORD, uniq } from '../helpers/fixtures';

// Count argon2 verifications, to check that every failed sign-in costs the same work.
const argon = vi.hoisted(() => ({ verifyCalls: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
	const orig = await importOriginal<typeof import('@node-rs/argon2')>();
	return {
		...orig,
		verify: (...args: Parameters<typeof orig.verify>) => {
			argon.verifyCalls++;
			return orig.verify(...args);
		}
	};
});

const t = useTestDatabase();
const T0 = new Date('2025-06-02T08:00:00Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);
/** A fresh address per test, so that the per-address counter of one test never meets another's. */
let ip = '';
beforeEach(() => {
	ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
});

describe('password sign-in', () => {
	test('the right name and password open a session, whatever the case and spaces of the name', async () => {
		const org = await makeOrg(t.db);
		const u = org.users.manager;
		const r = await passwordSignIn(t.db, { username: `  ${u.username.toUpperCase()} `, password: TEST_PASSWORD, ip, userAgent: 'Test' }, T0);
		expect(r.userId).toBe(u.id);
		expect(r.organisationId).toBe(org.organisationId);
		const v = await validateSessionToken(t.db, r.token, plus(1000));
		expect(v?.actor.userId).toBe(u.id);
		expect(v?.actor.method).toBe('password');
		const logins = await auditRows(t.db, org.organisationId, 'auth.login');
		expect(logins).toHaveLength(1);
		expect(logins[0]).toMatchObject({ userId: u.id, deviceId: null, details: { method: 'password' } });
	});

	test('a wrong password and an unknown name get the same generic answer', async () => {
		const org = await makeOrg(t.db);
		const u = org.users.social_worker;
		const wrong = await expectAppError(passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD + 'x', ip }, T0), 'invalid_credentials', 400);
		const unknown = await expectAppError(passwordSignIn(t.db, { username: `nobody-${uniq()}`, password: TEST_PASSWORD, ip }, T0), 'invalid_credentials', 400);
		expect(wrong.message).toBe(unknown.message);
		expect(wrong.message).toBe(m.auth_invalid_credentials());
		expect(wrong.field).toBe(unknown.field);
		// The failure on a real account is in its organisation's audit log.
		const failed = await auditRows(t.db, org.organisationId, 'auth.login_failed');
		expect(failed.map((r) => r.userId)).toEqual([u.id]);
	});

	test('every refused sign-in costs one argon2 verification: an unknown name, a wrong password, an account without a password', async () => {
		const org = await makeOrg(t.db);
		const { user: noPassword } = await addUser(t.db, org, ['operator'], { password: false, pin: true });
		for (const username of [`nobody-${uniq()}`, org.users.manager.username, noPassword.username]) {
			argon.verifyCalls = 0;
			await expectAppError(passwordSignIn(t.db, { username, password: 'whatever-password', ip }, T0), 'invalid_credentials', 400);
			expect(argon.verifyCalls, username).toBe(1);
		}
	});

	test('after 5 failures the name is locked (429), even for the right password, until the lock ends', async () => {
		const org = await makeOrg(t.db);
		const u = org.users.supervisor;
		for (let i = 1; i < USER_POLICY.freeFailures; i++) {
			await expectAppError(passwordSignIn(t.db, { username: u.username, password: `wrong-${i}-password`, ip }, plus(i * 1000)), 'invalid_credentials', 400);
		}
		const fifth = await expectAppError(passwordSignIn(t.db, { username: u.username, password: 'wrong-5-password', ip }, plus(5000)), 'throttled', 429);
		expect(fifth.message).toBe(m.auth_throttled({ minutes: 1 }));
		await expectAppError(passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip }, plus(6000)), 'throttled', 429);
		// From another address too: the lock is on the name.
		await expectAppError(passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip: '192.0.2.77' }, plus(6000)), 'throttled', 429);
		// Another person on the same address is not locked out.
		await passwordSignIn(t.db, { username: org.users.manager.username, password: TEST_PASSWORD, ip }, plus(7000));

		// After the lock (30 s from the 5th failure) the right password works, and clears the counter.
		const ok = await passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip }, plus(5000 + USER_POLICY.baseLockMs));
		expect(ok.userId).toBe(u.id);
		expect(await t.db.select().from(authThrottle).where(eq(authThrottle.key, `user:${u.username}`))).toHaveLength(0);
	});

	test('guessing at an unknown name is throttled the same way', async () => {
		const username = `ghost-${uniq()}`;
		for (let i = 1; i < USER_POLICY.freeFailures; i++) {
			await expectAppError(passwordSignIn(t.db, { username, password: 'some-password', ip }, plus(i)), 'invalid_credentials', 400);
		}
		await expectAppError(passwordSignIn(t.db, { username, password: 'some-password', ip }, plus(10)), 'throttled', 429);
	});

	test('a disabled account is told so only with the right password', async () => {
		const org = await makeOrg(t.db);
		const { user } = await addUser(t.db, org, ['manager'], { active: false });
		await expectAppError(passwordSignIn(t.db, { username: user.username, password: TEST_PASSWORD, ip }, T0), 'account_disabled', 403);
		await expectAppError(passwordSignIn(t.db, { username: user.username, password: 'not-the-password', ip }, T0), 'invalid_credentials', 400);
		expect(await auditRows(t.db, org.organisationId, 'auth.login')).toHaveLength(0);
	});

	test('an account whose password was removed cannot sign in with a password', async () => {
		const org = await makeOrg(t.db);
		const { user } = await addUser(t.db, org, ['manager']);
		await t.db.update(users).set({ passwordHash: null }).where(eq(users.id, user.id));
		await expectAppError(passwordSignIn(t.db, { username: user.username, password: TEST_PASSWORD, ip }, T0), 'invalid_credentials', 400);
	});
});
