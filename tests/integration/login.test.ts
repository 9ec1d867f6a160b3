import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { passwordSignIn } from '$lib/server/auth/login';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { IP_POLICY, ipKey, PAIR_POLICY, recordFailure, USER_POLICY } from '$lib/server/auth/throttle';
import { auditLog, authThrottle, users } from '$lib/server/db/schema';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError, makeDevice, makeOrg, TEST_PASSWORD, uniq } from '../helpers/fixtures';

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

	test('30 wrong passwords from address A do not stop the right password from B, nor from A after a short delay; all 30 are audited', async () => {
		const org = await makeOrg(t.db);
		const u = org.users.supervisor;
		const answers: string[] = [];
		for (let i = 0; i < 30; i++) {
			const expected = i < PAIR_POLICY.freeFailures - 1 ? 'invalid_credentials' : 'throttled';
			const e = await expectAppError(passwordSignIn(t.db, { username: u.username, password: `wrong-${i}-password`, ip }, plus(i * 10)), expected);
			answers.push(e.code);
		}
		expect(answers.filter((a) => a === 'throttled')).toHaveLength(30 - (PAIR_POLICY.freeFailures - 1));
		// The attacker's address waits "2 seconds" (the pair's first delay)…
		const waitA = await expectAppError(passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip }, plus(300)), 'throttled', 429);
		expect(waitA.message).toBe(m.auth_throttled_seconds({ seconds: 2 }));
		// …the real person elsewhere signs in at once…
		const fromB = await passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip: '192.0.2.77' }, plus(301));
		expect(fromB.userId).toBe(u.id);
		// …and from A too once the delay is over (at most the pair's cap).
		const fromA = await passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip }, plus(300 + PAIR_POLICY.maxLockMs));
		expect(fromA.userId).toBe(u.id);
		expect(
			await t.db
				.select()
				.from(authThrottle)
				.where(eq(authThrottle.key, `pair:${ip}|${u.username}`))
		).toHaveLength(0);

		// Every failure is audited (the ones checked and the ones refused during a delay), with the address.
		const failed = await auditRows(t.db, org.organisationId, 'auth.login_failed');
		expect(failed).toHaveLength(31);
		expect(failed.every((r) => r.userId === u.id && (r.details as { address: string }).address === ip)).toBe(true);
		expect(failed.filter((r) => (r.details as { reason: string }).reason === 'wrong_password')).toHaveLength(PAIR_POLICY.freeFailures);
	});

	test('an attacker waiting out every delay: the right password waits at most 30 s from elsewhere, 1 min from the attacker’s address', async () => {
		const org = await makeOrg(t.db);
		const u = org.users.manager;
		let now = 0;
		for (let i = 0; i < 30; i++) {
			const attempt = passwordSignIn(t.db, { username: u.username, password: `wrong-${i}-password`, ip }, plus(now));
			await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^(invalid_credentials|throttled)$/) });
			now += PAIR_POLICY.maxLockMs;
		}
		const failed = await auditRows(t.db, org.organisationId, 'auth.login_failed');
		expect(failed.filter((r) => (r.details as { reason: string }).reason === 'wrong_password')).toHaveLength(30);
		const last = now - PAIR_POLICY.maxLockMs;
		const elsewhere = '198.51.100.23';
		// The name is slowed (short delay), never locked for long.
		const e = await expectAppError(passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip: elsewhere }, plus(last + 1)), 'throttled', 429);
		const seconds = Array.from({ length: USER_POLICY.maxLockMs / 1000 }, (_, i) => m.auth_throttled_seconds({ seconds: i + 1 }));
		expect(seconds).toContain(e.message);
		expect((await passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip: elsewhere }, plus(last + USER_POLICY.maxLockMs))).userId).toBe(
			u.id
		);
		expect((await passwordSignIn(t.db, { username: u.username, password: TEST_PASSWORD, ip }, plus(last + PAIR_POLICY.maxLockMs))).userId).toBe(u.id);
		// Another person at the attacker's address was never concerned.
		const neighbour = await passwordSignIn(t.db, { username: org.users.social_worker.username, password: TEST_PASSWORD, ip }, plus(last + 1));
		expect(neighbour.userId).toBe(org.users.social_worker.id);
	});

	test('per address, a ceiling: one address guessing many names is stopped, other addresses are not', async () => {
		const org = await makeOrg(t.db);
		await recordFailure(
			t.db,
			Array.from({ length: IP_POLICY.freeFailures - 1 }, () => ipKey(ip)),
			T0
		);
		await expectAppError(passwordSignIn(t.db, { username: `ghost-${uniq()}`, password: 'some-password', ip }, plus(1)), 'throttled', 429);
		const e = await expectAppError(passwordSignIn(t.db, { username: org.users.manager.username, password: TEST_PASSWORD, ip }, plus(2)), 'throttled', 429);
		expect(e.message).toBe(m.auth_throttled({ minutes: 1 }));
		const elsewhere = await passwordSignIn(t.db, { username: org.users.manager.username, password: TEST_PASSWORD, ip: '192.0.2.99' }, plus(3));
		expect(elsewhere.userId).toBe(org.users.manager.id);
		const later = await passwordSignIn(t.db, { username: org.users.manager.username, password: TEST_PASSWORD, ip }, plus(2 + IP_POLICY.baseLockMs));
		expect(later.userId).toBe(org.users.manager.id);
	});

	test('guessing at an unknown name is throttled the same way', async () => {
		const username = `ghost-${uniq()}`;
		for (let i = 1; i < PAIR_POLICY.freeFailures; i++) {
			await expectAppError(passwordSignIn(t.db, { username, password: 'some-password', ip }, plus(i)), 'invalid_credentials', 400);
		}
		await expectAppError(passwordSignIn(t.db, { username, password: 'some-password', ip }, plus(10)), 'throttled', 429);
	});

	test('an unknown name belongs to no organisation: audited without the name (server log with a hash, or the tablet’s organisation)', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const username = `Mot-De-Passe-Tape-Ici-${uniq()}`;
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			await expectAppError(passwordSignIn(t.db, { username, password: 'some-password', ip }, T0), 'invalid_credentials', 400);
			expect(warn).toHaveBeenCalledTimes(1);
			const line = String(warn.mock.calls[0]![0]);
			expect(line).toMatch(/^auth\.login_failed /);
			expect(line).toContain(ip);
			expect(line.toLowerCase()).not.toContain(username.toLowerCase());
			expect(JSON.stringify(await t.db.select().from(auditLog))).not.toContain(username.toLowerCase());

			// Typed on an enrolled tablet: in the tablet's organisation, with no person and no name.
			warn.mockClear();
			await expectAppError(passwordSignIn(t.db, { username, password: 'some-password', ip, device }, plus(1)), 'invalid_credentials', 400);
			expect(warn).not.toHaveBeenCalled();
			const rows = await auditRows(t.db, org.organisationId, 'auth.login_failed');
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ userId: null, deviceId: device.id, details: { reason: 'wrong_password', unknownName: true, address: ip } });
			expect(JSON.stringify(rows[0])).not.toContain(username.toLowerCase());
		} finally {
			warn.mockRestore();
		}
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
