import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Database } from '../db';
import { users } from '../db/schema';
import { AppError } from '../errors';
import type { DeviceInfo } from './devices';
import { dummyVerify, verifySecret } from './password';
import { createSession, type IssuedSession } from './sessions';
import { checkThrottle, clearThrottle, pairKey, recordFailure, signInKeys } from './throttle';

export const normaliseUsername = (u: string) => u.trim().toLowerCase();

/** "Wait N seconds" under a minute, "N min" beyond: the answer to a try made during a delay (429). */
export function throttledError(until: Date, now: Date, field?: string): AppError {
	const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
	const message = seconds < 60 ? m.auth_throttled_seconds({ seconds }) : m.auth_throttled({ minutes: Math.ceil(seconds / 60) });
	return new AppError('throttled', message, 429, field);
}

export type SignInFailure = 'wrong_password' | 'throttled';

/**
 * Every refused sign-in is audited. A known name: in its organisation's log, with the person and the
 * address. An unknown name belongs to no organisation: on an enrolled tablet it goes to the tablet's
 * organisation, without any name; elsewhere to the server's log only, with a hash of the name (people
 * sometimes type their password in the name field: the text itself is never written down).
 */
async function auditFailure(
	db: Database,
	user: { id: string; organisationId: string } | undefined,
	reason: SignInFailure,
	input: { username: string; ip: string; device?: DeviceInfo | null }
): Promise<void> {
	const details = { reason, address: input.ip };
	if (user) return audit(db, { organisationId: user.organisationId, userId: user.id }, 'auth.login_failed', { type: 'user', id: user.id }, details);
	if (input.device) {
		const where = { organisationId: input.device.organisationId, deviceId: input.device.id };
		return audit(db, where, 'auth.login_failed', null, { ...details, unknownName: true });
	}
	const nameHash = createHash('sha256').update(input.username).digest('hex').slice(0, 16);
	console.warn(`auth.login_failed ${JSON.stringify({ ...details, unknownName: true, nameHash })}`);
}

/**
 * Staff sign-in with a name and a password. The same message answers an unknown name and a wrong
 * password (nobody learns which names exist), and the same time is spent on both.
 *
 * Throttling (auth/throttle.ts) slows guessing without locking the person out: delays grow per (name,
 * address) pair, a short one per name from anywhere, and a ceiling per address. A try during a delay is
 * refused (429, "wait N seconds") before the password is checked; it is audited too.
 */
export async function passwordSignIn(
	db: Database,
	input: { username: string; password: string; ip: string; userAgent?: string | null; device?: DeviceInfo | null },
	now = new Date()
): Promise<IssuedSession & { userId: string; organisationId: string }> {
	const username = normaliseUsername(input.username);
	const keys = signInKeys(username, input.ip);
	const [user] = await db.select().from(users).where(eq(users.username, username));
	const who = user ? { id: user.id, organisationId: user.organisationId } : undefined;
	const locked = await checkThrottle(db, keys, now);
	if (locked) {
		await auditFailure(db, who, 'throttled', { ...input, username });
		throw throttledError(locked, now);
	}

	// An account without a password (PIN-only operators) costs the same work as an unknown name.
	const ok = user?.passwordHash ? await verifySecret(user.passwordHash, input.password) : await dummyVerify(input.password);
	if (user && ok && !user.active) throw new AppError('account_disabled', m.auth_account_disabled(), 403);
	if (!user || !ok) {
		const after = await recordFailure(db, keys, now);
		await auditFailure(db, who, 'wrong_password', { ...input, username });
		if (after) throw throttledError(after, now);
		throw new AppError('invalid_credentials', m.auth_invalid_credentials(), 400);
	}
	const session = await db.transaction(async (tx) => {
		const s = await createSession(tx, { userId: user.id, organisationId: user.organisationId, method: 'password', userAgent: input.userAgent }, now);
		await audit(tx, { organisationId: user.organisationId, userId: user.id }, 'auth.login', null, { method: 'password' });
		return s;
	});
	// The right password from this address clears this address's count for the name only.
	await clearThrottle(db, pairKey(username, input.ip));
	return { ...session, userId: user.id, organisationId: user.organisationId };
}
