import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { enrolDevice, listDevices, revokeDevice, validateDeviceToken } from '$lib/server/auth/devices';
import { createSession, validateSessionToken } from '$lib/server/auth/sessions';
import { badgeSignIn, BADGE_PREFIX, listTillOperators, pinSignIn } from '$lib/server/auth/tablet';
import { PIN_POLICY } from '$lib/server/auth/throttle';
import { PIN_MAX_FAILURES } from '$lib/server/config';
import { authThrottle, devices, sessions, users } from '$lib/server/db/schema';
import { issueBadge, revokeBadge, unlockPin } from '$lib/server/people/people';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError, makeDevice, makeOrg, TEST_PIN } from '../helpers/fixtures';

const t = useTestDatabase();

async function pinState(userId: string) {
	const [u] = await t.db.select({ count: users.pinFailedCount, lockedAt: users.pinLockedAt }).from(users).where(eq(users.id, userId));
	return u!;
}

describe('PIN sign-in on an enrolled tablet', () => {
	test('the right PIN opens a PIN session tied to the tablet', async () => {
		const org = await makeOrg(t.db);
		const { token, device } = await makeDevice(t.db, org);
		expect(await validateDeviceToken(t.db, token)).toEqual(device);
		const r = await pinSignIn(t.db, device, { userId: org.users.operator.id, pin: TEST_PIN });
		if (!r.ok) throw r.error;
		const v = await validateSessionToken(t.db, r.session.token, new Date(), device.id);
		expect(v?.actor).toMatchObject({ userId: org.users.operator.id, method: 'pin', deviceId: device.id, roles: ['operator'] });
	});

	test('a colleague’s wrong PINs on one tablet do not stop the operator: at once on another tablet, after a short delay on this one', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const { device: other } = await makeDevice(t.db, org, 'Tablette réserve');
		const op = org.users.operator;
		const T = Date.now();
		const at = (ms: number) => new Date(T + ms);
		// Ten wrong PINs in a row as fast as a finger goes: the first free ones are checked, then the tablet waits.
		const answers: string[] = [];
		for (let i = 0; i < 10; i++) {
			const r = await pinSignIn(t.db, device, { userId: op.id, pin: '9753' }, at(i * 100));
			answers.push(r.ok ? 'ok' : r.error.code);
		}
		expect(answers.slice(0, PIN_POLICY.freeFailures - 1)).toEqual(Array(PIN_POLICY.freeFailures - 1).fill('wrong_pin'));
		expect(answers.slice(PIN_POLICY.freeFailures - 1).every((a) => a === 'throttled')).toBe(true);
		const wait = await pinSignIn(t.db, device, { userId: op.id, pin: '9753' }, at((PIN_POLICY.freeFailures - 1) * 100));
		expect(!wait.ok && wait.error.message).toBe(m.auth_throttled_seconds({ seconds: PIN_POLICY.baseLockMs / 1000 }));
		// Not locked: the PIN still works on another tablet straight away…
		expect((await pinState(op.id)).lockedAt).toBeNull();
		expect((await pinSignIn(t.db, other, { userId: op.id, pin: TEST_PIN }, at(1000))).ok).toBe(true);
		// …and on this one once the short delay is over (it never exceeds the policy's cap).
		const during = await pinSignIn(t.db, device, { userId: op.id, pin: TEST_PIN }, at(1000));
		expect(!during.ok && [during.error.code, during.error.status]).toEqual(['throttled', 429]);
		const after = await pinSignIn(t.db, device, { userId: op.id, pin: TEST_PIN }, at(1000 + PIN_POLICY.maxLockMs));
		expect(after.ok).toBe(true);
		expect(await pinState(op.id)).toEqual({ count: 0, lockedAt: null });
		// Every refused try is in the audit log with the tablet (the checked ones and the waiting ones).
		const failed = await auditRows(t.db, org.organisationId, 'auth.pin_failed');
		expect(failed).toHaveLength(12);
		expect(failed.every((r) => r.userId === op.id && r.deviceId === device.id)).toBe(true);
		expect(failed.filter((r) => (r.details as { reason: string }).reason === 'throttled')).toHaveLength(12 - PIN_POLICY.freeFailures);
	});

	test(`only ${PIN_MAX_FAILURES} wrong PINs in a row (waiting out every delay) lock the PIN; then a supervisor unlocks it`, async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const op = org.users.operator;
		const T = Date.now();
		let now = 0;
		for (let i = 1; i < PIN_MAX_FAILURES; i++) {
			const r = await pinSignIn(t.db, device, { userId: op.id, pin: '9753' }, new Date(T + now));
			// Free tries say "wrong", then how long to wait; the last five warn of the lock.
			const left = PIN_MAX_FAILURES - i;
			const message = i < PIN_POLICY.freeFailures && left > 5 ? m.pin_wrong_retry() : m.pin_wrong({ left });
			if (i < PIN_POLICY.freeFailures || left <= 5) expect(r.ok ? null : r.error.message).toBe(message);
			else expect(r.ok ? null : r.error.code).toMatch(/^(wrong_pin|throttled)$/);
			expect(await pinState(op.id)).toEqual({ count: i, lockedAt: null });
			now += PIN_POLICY.maxLockMs;
		}
		const last = await pinSignIn(t.db, device, { userId: op.id, pin: '9753' }, new Date(T + now));
		expect(last.ok ? null : [last.error.code, last.error.status]).toEqual(['pin_locked', 423]);
		expect((await pinState(op.id)).lockedAt).toBeInstanceOf(Date);

		const right = await pinSignIn(t.db, device, { userId: op.id, pin: TEST_PIN }, new Date(T + now + PIN_POLICY.maxLockMs));
		expect(right.ok ? null : right.error.code).toBe('pin_locked');
		expect(await t.db.select().from(sessions).where(eq(sessions.userId, op.id))).toHaveLength(0);
		expect((await listTillOperators(t.db, device)).find((o) => o.id === op.id)?.locked).toBe(true);
		expect(await auditRows(t.db, org.organisationId, 'auth.pin_failed')).toHaveLength(PIN_MAX_FAILURES - 1);
		const locked = await auditRows(t.db, org.organisationId, 'auth.pin_locked');
		expect(locked).toHaveLength(1);
		expect(locked[0]).toMatchObject({ userId: op.id, deviceId: device.id });

		await unlockPin(t.db, org.actors.supervisor, op.id);
		expect(await pinState(op.id)).toEqual({ count: 0, lockedAt: null });
		const after = await pinSignIn(t.db, device, { userId: op.id, pin: TEST_PIN }, new Date(T + now + 2 * PIN_POLICY.maxLockMs));
		expect(after.ok).toBe(true);
	});

	test('a right PIN resets the count of wrong ones and the tablet’s delay', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const op = org.users.operator;
		for (let i = 0; i < PIN_POLICY.freeFailures - 1; i++) await pinSignIn(t.db, device, { userId: op.id, pin: '1357' });
		expect((await pinState(op.id)).count).toBe(PIN_POLICY.freeFailures - 1);
		expect((await pinSignIn(t.db, device, { userId: op.id, pin: TEST_PIN })).ok).toBe(true);
		expect((await pinState(op.id)).count).toBe(0);
		expect(
			await t.db
				.select()
				.from(authThrottle)
				.where(eq(authThrottle.key, `pin:${op.id}@${device.id}`))
		).toHaveLength(0);
		const r = await pinSignIn(t.db, device, { userId: op.id, pin: '1357' });
		expect(r.ok ? null : r.error.code).toBe('wrong_pin');
	});

	test('no enrolled tablet: refused before anything is checked or counted', async () => {
		const org = await makeOrg(t.db);
		const op = org.users.operator;
		await expectAppError(pinSignIn(t.db, null, { userId: op.id, pin: TEST_PIN }), 'device_not_enrolled', 403);
		await expectAppError(pinSignIn(t.db, null, { userId: op.id, pin: '0000' }), 'device_not_enrolled', 403);
		expect(await pinState(op.id)).toEqual({ count: 0, lockedAt: null });
	});

	test('only till roles take the till; people of another organisation are unknown here', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre épicerie');
		const { device } = await makeDevice(t.db, org);
		const { user: managerWithPin } = await addUser(t.db, org, ['manager'], { pin: true });
		for (const userId of [managerWithPin.id, other.users.operator.id]) {
			const r = await pinSignIn(t.db, device, { userId, pin: TEST_PIN });
			expect(r.ok ? null : r.error.code).toBe('unknown_user');
		}
		expect((await pinState(other.users.operator.id)).count).toBe(0);
		const names = (await listTillOperators(t.db, device)).map((o) => o.id).sort();
		expect(names).toEqual([org.users.operator.id, org.users.supervisor.id].sort());
	});

	test('a revoked tablet: its token is worthless and its sessions end', async () => {
		const org = await makeOrg(t.db);
		const { token, device } = await makeDevice(t.db, org);
		const { device: other } = await makeDevice(t.db, org, 'Tablette réserve');
		const r = await pinSignIn(t.db, device, { userId: org.users.operator.id, pin: TEST_PIN });
		const r2 = await pinSignIn(t.db, other, { userId: org.users.supervisor.id, pin: TEST_PIN });
		if (!r.ok || !r2.ok) throw new Error('sign-in failed');

		await revokeDevice(t.db, org.actors.supervisor, device.id);
		expect(await validateDeviceToken(t.db, token)).toBeNull();
		expect(await validateSessionToken(t.db, r.session.token, new Date(), device.id)).toBeNull();
		expect(await t.db.select().from(sessions).where(eq(sessions.deviceId, device.id))).toHaveLength(0);
		// The other tablet and its session are untouched.
		expect(await validateSessionToken(t.db, r2.session.token, new Date(), other.id)).not.toBeNull();
		// Revoking twice: not found.
		await expectAppError(revokeDevice(t.db, org.actors.supervisor, device.id), 'unknown_device', 404);
		const rows = await listDevices(t.db, org.actors.manager);
		expect(rows.map((d) => [d.name, d.revokedAt !== null])).toEqual([
			['Tablette réserve', false],
			['Tablette caisse', true]
		]);
	});
});

describe('tablet enrolment', () => {
	test('a supervisor enrols: the token is shown once, only its hash is stored', async () => {
		const org = await makeOrg(t.db);
		const { token, device } = await enrolDevice(t.db, org.actors.supervisor, { name: '  Caisse 1 ', siteId: org.siteIds.epicerie });
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(device.name).toBe('Caisse 1');
		const [row] = await t.db.select().from(devices).where(eq(devices.id, device.id));
		expect(row).toMatchObject({ organisationId: org.organisationId, siteId: org.siteIds.epicerie, enrolledBy: org.users.supervisor.id, revokedAt: null });
		expect(JSON.stringify(row)).not.toContain(token);
		const [audit] = await auditRows(t.db, org.organisationId, 'device.enrol');
		expect(audit).toMatchObject({ userId: org.users.supervisor.id, entityId: device.id });
	});

	test('enrolling this tablet signs the supervisor out in the same transaction, audited on the new tablet', async () => {
		const org = await makeOrg(t.db);
		const own = await createSession(t.db, { userId: org.users.supervisor.id, organisationId: org.organisationId, method: 'password' });
		const actor = { ...org.actors.supervisor, sessionId: own.id };
		const { device } = await enrolDevice(t.db, actor, { name: 'Caisse 2' }, { signOut: true });
		expect(await validateSessionToken(t.db, own.token)).toBeNull();
		const [logout] = await auditRows(t.db, org.organisationId, 'auth.logout');
		expect(logout).toMatchObject({ userId: org.users.supervisor.id, deviceId: device.id });
		// Refused (a bad name): no tablet and the person stays signed in.
		const again = await createSession(t.db, { userId: org.users.supervisor.id, organisationId: org.organisationId, method: 'password' });
		await expectAppError(enrolDevice(t.db, { ...actor, sessionId: again.id }, { name: 'x' }, { signOut: true }), 'invalid_name', 400);
		expect(await validateSessionToken(t.db, again.token)).not.toBeNull();
		// Without signOut (scripts, tests) the session is left alone.
		await enrolDevice(t.db, { ...actor, sessionId: again.id }, { name: 'Caisse 3' });
		expect(await validateSessionToken(t.db, again.token)).not.toBeNull();
	});

	test('an operator or a social worker cannot enrol or revoke (403), and nothing is written', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		for (const actor of [org.actors.operator, org.actors.social_worker]) {
			await expectAppError(enrolDevice(t.db, actor, { name: 'Ma tablette' }), 'forbidden', 403);
			await expectAppError(revokeDevice(t.db, actor, device.id), 'forbidden', 403);
		}
		expect(await t.db.select().from(devices).where(eq(devices.organisationId, org.organisationId))).toHaveLength(1);
		expect(await validateDeviceToken(t.db, (await makeDevice(t.db, org, 'Autre')).token)).not.toBeNull();
	});

	test('a bad name or another organisation’s site is refused', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		await expectAppError(enrolDevice(t.db, org.actors.supervisor, { name: ' x ' }), 'invalid_name', 400);
		await expectAppError(enrolDevice(t.db, org.actors.supervisor, { name: 'x'.repeat(61) }), 'invalid_name', 400);
		await expectAppError(enrolDevice(t.db, org.actors.supervisor, { name: 'Caisse', siteId: other.siteIds.epicerie }), 'unknown_site', 404);
		expect(await t.db.select().from(devices).where(eq(devices.organisationId, org.organisationId))).toHaveLength(0);
	});

	test('validateDeviceToken refuses malformed and unknown tokens', async () => {
		expect(await validateDeviceToken(t.db, '')).toBeNull();
		expect(await validateDeviceToken(t.db, 'abc')).toBeNull();
		expect(await validateDeviceToken(t.db, 'a'.repeat(32))).toBeNull();
		expect(await validateDeviceToken(t.db, "'; drop table devices; --")).toBeNull();
	});
});

describe('badge sign-in', () => {
	test('issued badge opens a badge session; a re-issued badge replaces the old one', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const op = org.users.operator;
		const first = await issueBadge(t.db, org.actors.supervisor, op.id);
		expect(first.code).toMatch(new RegExp(`^${BADGE_PREFIX}[A-Z2-7]{32}$`));
		const s = await badgeSignIn(t.db, device, { code: first.code });
		expect(s.userId).toBe(op.id);
		expect((await validateSessionToken(t.db, s.token, new Date(), device.id))?.actor).toMatchObject({ method: 'badge', deviceId: device.id });
		// A scanner may type it in lower case, with a trailing newline.
		expect((await badgeSignIn(t.db, device, { code: first.code.toLowerCase() + '\n' })).userId).toBe(op.id);

		const second = await issueBadge(t.db, org.actors.supervisor, op.id);
		expect(second.code).not.toBe(first.code);
		await expectAppError(badgeSignIn(t.db, device, { code: first.code }), 'unknown_badge', 404);
		expect((await badgeSignIn(t.db, device, { code: second.code })).userId).toBe(op.id);
		expect((await auditRows(t.db, org.organisationId)).map((r) => r.action)).toEqual(
			expect.arrayContaining(['device.enrol', 'user.badge_issue', 'user.badge_replace'])
		);
	});

	test('a revoked badge is refused', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const { code } = await issueBadge(t.db, org.actors.supervisor, org.users.operator.id);
		await revokeBadge(t.db, org.actors.supervisor, org.users.operator.id);
		await expectAppError(badgeSignIn(t.db, device, { code }), 'unknown_badge', 404);
		const [u] = await t.db.select().from(users).where(eq(users.id, org.users.operator.id));
		expect(u!.badgeTokenHash).toBeNull();
	});

	test('text that is not a badge is refused as such', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		for (const code of ['', 'EMP-0001', '3017620422003', 'BADGE-', 'BADGE-short', 'BADGE-' + '1'.repeat(32), 'https://example.org/BADGE-abc']) {
			await expectAppError(badgeSignIn(t.db, device, { code }), 'not_a_badge', 400);
		}
	});

	test('refused without an enrolled tablet, on another organisation’s tablet, and for a deactivated person', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const { device: otherDevice } = await makeDevice(t.db, other);
		const { code } = await issueBadge(t.db, org.actors.supervisor, org.users.operator.id);
		await expectAppError(badgeSignIn(t.db, null, { code }), 'device_not_enrolled', 403);
		await expectAppError(badgeSignIn(t.db, otherDevice, { code }), 'unknown_badge', 404);
		const { device } = await makeDevice(t.db, org);
		await t.db.update(users).set({ active: false }).where(eq(users.id, org.users.operator.id));
		await expectAppError(badgeSignIn(t.db, device, { code }), 'unknown_badge', 404);
	});

	test('a supervisor issues badges for operators only; a manager for anyone but admins', async () => {
		const org = await makeOrg(t.db);
		await expectAppError(issueBadge(t.db, org.actors.supervisor, org.users.manager.id), 'forbidden', 403);
		await expectAppError(issueBadge(t.db, org.actors.operator, org.users.operator.id), 'forbidden', 403);
		await expectAppError(issueBadge(t.db, org.actors.manager, org.users.admin.id), 'forbidden', 403);
		await issueBadge(t.db, org.actors.manager, org.users.supervisor.id);
		await issueBadge(t.db, org.actors.admin, org.users.admin.id);
	});
});
