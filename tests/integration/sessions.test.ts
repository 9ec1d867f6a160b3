import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createSession, invalidateSession, invalidateUserSessions, validateSessionToken } from '$lib/server/auth/sessions';
import { hashToken } from '$lib/server/auth/tokens';
import { SESSION } from '$lib/server/config';
import { memberships, sessions, users } from '$lib/server/db/schema';
import { setPersonActive } from '$lib/server/people/people';
import { useTestDatabase } from '../helpers/db';
import { addUser, makeDevice, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();
const T0 = new Date('2025-06-02T08:00:00Z');
const plus = (ms: number, from = T0) => new Date(from.getTime() + ms);
const MIN = 60_000;

describe('sessions', () => {
	test('create then validate: the cookie token opens the session, only its hash is stored', async () => {
		const org = await makeOrg(t.db);
		const u = org.users.manager;
		const s = await createSession(t.db, { userId: u.id, organisationId: org.organisationId, method: 'password', userAgent: 'Firefox' }, T0);
		expect(s.token).toMatch(/^[a-z2-7]{32}$/);
		expect(s.id).toBe(hashToken(s.token));
		expect(s.expiresAt).toEqual(plus(SESSION.password.absoluteMs));
		expect(s.idleExpiresAt).toEqual(plus(SESSION.password.idleMs));

		const [row] = await t.db.select().from(sessions).where(eq(sessions.id, s.id));
		expect(row).toBeDefined();
		expect(JSON.stringify(row)).not.toContain(s.token);
		expect(row!.userAgent).toBe('Firefox');

		const v = await validateSessionToken(t.db, s.token, plus(1000));
		expect(v).not.toBeNull();
		expect(v!.actor).toMatchObject({
			kind: 'user',
			userId: u.id,
			organisationId: org.organisationId,
			organisationName: org.name,
			username: u.username,
			roles: ['manager'],
			sessionId: s.id,
			deviceId: null,
			apiTokenId: null,
			method: 'password'
		});
	});

	test('an unknown, malformed or hash-instead-of-token value opens nothing', async () => {
		const org = await makeOrg(t.db);
		const s = await createSession(t.db, { userId: org.users.admin.id, organisationId: org.organisationId, method: 'password' }, T0);
		expect(await validateSessionToken(t.db, 'a'.repeat(32), T0)).toBeNull();
		expect(await validateSessionToken(t.db, '', T0)).toBeNull();
		expect(await validateSessionToken(t.db, s.token.toUpperCase(), T0)).toBeNull();
		expect(await validateSessionToken(t.db, s.id, T0)).toBeNull();
		expect(await validateSessionToken(t.db, s.token + "' or '1'='1", T0)).toBeNull();
		expect(await validateSessionToken(t.db, s.token, T0)).not.toBeNull();
	});

	test('idle expiry: unused past the idle time, the session ends and is deleted', async () => {
		const org = await makeOrg(t.db);
		const s = await createSession(t.db, { userId: org.users.operator.id, organisationId: org.organisationId, method: 'pin' }, T0);
		expect(s.idleExpiresAt).toEqual(plus(SESSION.pin.idleMs));
		// Just before the idle expiry it still opens…
		const other = await createSession(t.db, { userId: org.users.operator.id, organisationId: org.organisationId, method: 'pin' }, T0);
		expect(await validateSessionToken(t.db, other.token, plus(SESSION.pin.idleMs - 1))).not.toBeNull();
		// …at the idle expiry it does not, the row is gone, and going back in time does not revive it.
		expect(await validateSessionToken(t.db, s.token, plus(SESSION.pin.idleMs))).toBeNull();
		expect(await t.db.select().from(sessions).where(eq(sessions.id, s.id))).toHaveLength(0);
		expect(await validateSessionToken(t.db, s.token, plus(1000))).toBeNull();
	});

	test('touch: activity pushes the idle expiry forward, at most once a minute', async () => {
		const org = await makeOrg(t.db);
		const life = SESSION.password;
		const s = await createSession(t.db, { userId: org.users.manager.id, organisationId: org.organisationId, method: 'password' }, T0);

		// Within the first minute: no write.
		const early = await validateSessionToken(t.db, s.token, plus(SESSION.touchEveryMs - 1000));
		expect(early!.idleExpiresAt).toEqual(s.idleExpiresAt);
		const [row0] = await t.db.select().from(sessions).where(eq(sessions.id, s.id));
		expect(row0!.idleExpiresAt).toEqual(s.idleExpiresAt);

		// Later: pushed to now + idle time, and stored.
		const at1 = plus(life.idleMs - MIN);
		const v1 = await validateSessionToken(t.db, s.token, at1);
		expect(v1!.idleExpiresAt).toEqual(plus(life.idleMs, at1));
		const [row1] = await t.db.select().from(sessions).where(eq(sessions.id, s.id));
		expect(row1!.idleExpiresAt).toEqual(plus(life.idleMs, at1));

		// So the session is still alive after the original idle expiry.
		expect(await validateSessionToken(t.db, s.token, plus(life.idleMs + MIN))).not.toBeNull();
	});

	test('absolute expiry: kept alive by activity, it still ends at the absolute limit', async () => {
		const org = await makeOrg(t.db);
		const life = SESSION.password;
		const s = await createSession(t.db, { userId: org.users.manager.id, organisationId: org.organisationId, method: 'password' }, T0);
		// Use it every hour until just before the end.
		for (let h = 1; h * 3600_000 < life.absoluteMs; h++) {
			const now = plus(h * 3600_000);
			const v = await validateSessionToken(t.db, s.token, now);
			expect(v, `hour ${h}`).not.toBeNull();
			expect(v!.idleExpiresAt.getTime()).toBeLessThanOrEqual(s.expiresAt.getTime());
		}
		const last = await validateSessionToken(t.db, s.token, plus(life.absoluteMs - 1000));
		expect(last).not.toBeNull();
		expect(last!.idleExpiresAt).toEqual(s.expiresAt);
		expect(await validateSessionToken(t.db, s.token, plus(life.absoluteMs))).toBeNull();
		expect(await t.db.select().from(sessions).where(eq(sessions.id, s.id))).toHaveLength(0);
	});

	test('invalidateSession ends one session, not the others', async () => {
		const org = await makeOrg(t.db);
		const base = { userId: org.users.manager.id, organisationId: org.organisationId, method: 'password' as const };
		const a = await createSession(t.db, base, T0);
		const b = await createSession(t.db, base, T0);
		await invalidateSession(t.db, a.id);
		expect(await validateSessionToken(t.db, a.token, plus(1000))).toBeNull();
		expect(await validateSessionToken(t.db, b.token, plus(1000))).not.toBeNull();
	});

	test('invalidateUserSessions signs a person out everywhere, and nobody else', async () => {
		const org = await makeOrg(t.db);
		const { device } = await makeDevice(t.db, org);
		const op = org.users.operator;
		const mine = [
			await createSession(t.db, { userId: op.id, organisationId: org.organisationId, method: 'password' }, T0),
			await createSession(t.db, { userId: op.id, organisationId: org.organisationId, method: 'pin', deviceId: device.id }, T0),
			await createSession(t.db, { userId: op.id, organisationId: org.organisationId, method: 'badge', deviceId: device.id }, T0)
		];
		const other = await createSession(t.db, { userId: org.users.supervisor.id, organisationId: org.organisationId, method: 'pin', deviceId: device.id }, T0);
		expect(await invalidateUserSessions(t.db, op.id)).toBe(3);
		for (const s of mine) expect(await validateSessionToken(t.db, s.token, plus(1000), device.id)).toBeNull();
		expect(await validateSessionToken(t.db, other.token, plus(1000), device.id)).not.toBeNull();
		expect(await invalidateUserSessions(t.db, op.id)).toBe(0);
	});

	test("a deactivated person's session is refused (and deleted)", async () => {
		const org = await makeOrg(t.db);
		const { user } = await addUser(t.db, org, ['social_worker']);
		const s = await createSession(t.db, { userId: user.id, organisationId: org.organisationId, method: 'password' }, T0);
		expect(await validateSessionToken(t.db, s.token, plus(1000))).not.toBeNull();
		// Deactivated behind the service's back: the check at validation is what stops it.
		await t.db.update(users).set({ active: false }).where(eq(users.id, user.id));
		expect(await validateSessionToken(t.db, s.token, plus(2000))).toBeNull();
		expect(await t.db.select().from(sessions).where(eq(sessions.id, s.id))).toHaveLength(0);
		// Reactivating does not bring the session back.
		await t.db.update(users).set({ active: true }).where(eq(users.id, user.id));
		expect(await validateSessionToken(t.db, s.token, plus(3000))).toBeNull();
	});

	test('deactivating through the people service ends every session of that person at once', async () => {
		const org = await makeOrg(t.db);
		const { user } = await addUser(t.db, org, ['operator']);
		const s = await createSession(t.db, { userId: user.id, organisationId: org.organisationId, method: 'password' });
		await setPersonActive(t.db, org.actors.manager, user.id, false);
		expect(await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
		expect(await validateSessionToken(t.db, s.token)).toBeNull();
	});

	test('roles come from the database at each request (a role removed takes effect at once)', async () => {
		const org = await makeOrg(t.db);
		const { user } = await addUser(t.db, org, ['supervisor', 'operator']);
		const s = await createSession(t.db, { userId: user.id, organisationId: org.organisationId, method: 'password' }, T0);
		expect((await validateSessionToken(t.db, s.token, plus(1000)))!.actor.roles.sort()).toEqual(['operator', 'supervisor']);
		await t.db.delete(memberships).where(and(eq(memberships.userId, user.id), eq(memberships.role, 'supervisor')));
		expect((await validateSessionToken(t.db, s.token, plus(2000)))!.actor.roles).toEqual(['operator']);
	});
});
