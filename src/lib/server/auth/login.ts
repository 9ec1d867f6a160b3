import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Database } from '../db';
import { users } from '../db/schema';
import { AppError } from '../errors';
import { dummyVerify, verifySecret } from './password';
import { createSession, type IssuedSession } from './sessions';
import { checkThrottle, clearThrottle, ipKey, recordFailure, userKey } from './throttle';

export const normaliseUsername = (u: string) => u.trim().toLowerCase();

export function throttledError(until: Date, now: Date): AppError {
	const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
	return new AppError('throttled', m.auth_throttled({ minutes }), 429);
}

/**
 * Staff sign-in with a name and a password. The same message answers an unknown name and a wrong
 * password (nobody learns which names exist), and the same time is spent on both.
 */
export async function passwordSignIn(
	db: Database,
	input: { username: string; password: string; ip: string; userAgent?: string | null },
	now = new Date()
): Promise<IssuedSession & { userId: string; organisationId: string }> {
	const username = normaliseUsername(input.username);
	const keys = [userKey(username), ipKey(input.ip)];
	const locked = await checkThrottle(db, keys, now);
	if (locked) throw throttledError(locked, now);

	const [user] = await db.select().from(users).where(eq(users.username, username));
	// An account without a password (PIN-only operators) costs the same work as an unknown name.
	const ok = user?.passwordHash ? await verifySecret(user.passwordHash, input.password) : await dummyVerify(input.password);
	if (user && ok && !user.active) throw new AppError('account_disabled', m.auth_account_disabled(), 403);
	if (!user || !ok) {
		await recordFailure(db, keys, now);
		if (user) await audit(db, { organisationId: user.organisationId, userId: user.id }, 'auth.login_failed');
		const after = await checkThrottle(db, keys, now);
		if (after) throw throttledError(after, now);
		throw new AppError('invalid_credentials', m.auth_invalid_credentials(), 400);
	}
	const session = await db.transaction(async (tx) => {
		const s = await createSession(tx, { userId: user.id, organisationId: user.organisationId, method: 'password', userAgent: input.userAgent }, now);
		await audit(tx, { organisationId: user.organisationId, userId: user.id }, 'auth.login', null, { method: 'password' });
		return s;
	});
	await clearThrottle(db, userKey(username));
	return { ...session, userId: user.id, organisationId: user.organisationId };
}
