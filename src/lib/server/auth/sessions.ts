import { zoneOrDefault } from '$lib/format';
import { and, eq, sql } from 'drizzle-orm';
import { SESSION } from '../config';
import type { Database, Executor } from '../db';
import { memberships, organisations, sessions, users } from '../db/schema';
import type { Actor } from './actor';
import { isRole } from './roles';
import { generateToken, hashToken } from './tokens';

export type SessionMethod = 'password' | 'pin' | 'badge';

export interface NewSession {
	userId: string;
	organisationId: string;
	method: SessionMethod;
	deviceId?: string | null;
	userAgent?: string | null;
}

export interface IssuedSession {
	/** Goes in the cookie; never stored. */
	token: string;
	id: string;
	expiresAt: Date;
	idleExpiresAt: Date;
}

/** Creates a session and returns its token (the database keeps only the token's hash). */
export async function createSession(ex: Executor, s: NewSession, now = new Date()): Promise<IssuedSession> {
	const token = generateToken();
	const id = hashToken(token);
	const life = SESSION[s.method];
	const expiresAt = new Date(now.getTime() + life.absoluteMs);
	const idleExpiresAt = new Date(Math.min(now.getTime() + life.idleMs, expiresAt.getTime()));
	await ex.insert(sessions).values({
		id,
		userId: s.userId,
		organisationId: s.organisationId,
		method: s.method,
		deviceId: s.deviceId ?? null,
		createdAt: now,
		expiresAt,
		idleExpiresAt,
		userAgent: s.userAgent?.slice(0, 300) ?? null
	});
	return { token, id, expiresAt, idleExpiresAt };
}

export interface ValidSession {
	actor: Actor;
	expiresAt: Date;
	idleExpiresAt: Date;
}

/**
 * The session a cookie's token opens, or null when it is unknown, expired (absolute or idle) or its
 * person deactivated. Activity pushes the idle expiry forward (at most once a minute).
 *
 * A session opened on a tablet (PIN or badge: `deviceId` set) lives on that tablet: it opens only when
 * the request also carries that tablet's valid device cookie, whose device id the caller passes as
 * `deviceId` (null when the request has none). A copied session cookie alone is worth nothing on
 * another machine. Such a request is not signed in, but the session is left alone (the copy must not
 * be able to sign the operator out either).
 */
export async function validateSessionToken(db: Database, token: string, now = new Date(), deviceId: string | null = null): Promise<ValidSession | null> {
	if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
	const id = hashToken(token);
	const [row] = await db
		.select({
			session: sessions,
			user: {
				id: users.id,
				username: users.username,
				firstName: users.firstName,
				lastName: users.lastName,
				active: users.active,
				mustChangePassword: users.mustChangePassword
			},
			organisation: {
				id: organisations.id,
				name: organisations.name,
				active: organisations.active,
				timeZone: sql<string | null>`${organisations.settings}->>'timeZone'`
			},
			// The roles come with the session in the same query: this runs on every request.
			roles: sql<
				string[]
			>`array(select ${memberships.role}::text from ${memberships} where ${memberships.organisationId} = ${sessions.organisationId} and ${memberships.userId} = ${sessions.userId})`
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.innerJoin(organisations, eq(organisations.id, sessions.organisationId))
		.where(eq(sessions.id, id));
	if (!row) return null;
	const { session, user, organisation } = row;
	if (session.deviceId !== null && session.deviceId !== deviceId) return null;
	if (!user.active || !organisation.active || now >= session.expiresAt || now >= session.idleExpiresAt) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return null;
	}
	let idleExpiresAt = session.idleExpiresAt;
	const life = SESSION[session.method];
	const wanted = new Date(Math.min(now.getTime() + life.idleMs, session.expiresAt.getTime()));
	if (wanted.getTime() - idleExpiresAt.getTime() >= SESSION.touchEveryMs) {
		await db.update(sessions).set({ idleExpiresAt: wanted }).where(eq(sessions.id, id));
		idleExpiresAt = wanted;
	}
	const roles = row.roles.filter(isRole);
	return {
		actor: {
			kind: 'user',
			userId: user.id,
			organisationId: organisation.id,
			organisationName: organisation.name,
			timeZone: zoneOrDefault(organisation.timeZone),
			username: user.username,
			firstName: user.firstName,
			lastName: user.lastName,
			roles,
			deviceId: session.deviceId,
			sessionId: session.id,
			apiTokenId: null,
			method: session.method,
			// Only the password is temporary: a PIN or badge session at the tablet goes on.
			mustChangePassword: session.method === 'password' && user.mustChangePassword
		},
		expiresAt: session.expiresAt,
		idleExpiresAt
	};
}

export async function invalidateSession(ex: Executor, sessionId: string): Promise<void> {
	await ex.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Ends the sessions a person opened with a badge (their badge was replaced or revoked): whoever held
 * the old badge is signed out of every tablet. Sessions opened with a password or a PIN stay.
 */
export async function endBadgeSessions(ex: Executor, userId: string): Promise<number> {
	const gone = await ex
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), eq(sessions.method, 'badge')))
		.returning({ id: sessions.id });
	return gone.length;
}

/** Signs a person out everywhere: every session of theirs, on every device. */
export async function invalidateUserSessions(ex: Executor, userId: string): Promise<number> {
	const gone = await ex.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id });
	return gone.length;
}
