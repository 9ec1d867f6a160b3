import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../db';
import { authThrottle } from '../db/schema';

export interface ThrottlePolicy {
	/** Failures allowed within the window before a lock starts. */
	freeFailures: number;
	windowMs: number;
	/** First lock; each further failure doubles it, up to maxLockMs. */
	baseLockMs: number;
	maxLockMs: number;
}

/** Per sign-in name: 5 tries, then 30 s, 1 min, 2 min… up to 15 min. */
export const USER_POLICY: ThrottlePolicy = { freeFailures: 5, windowMs: 15 * 60_000, baseLockMs: 30_000, maxLockMs: 15 * 60_000 };
/** Per address: a whole shop shares one address, so it allows many more before it locks. */
export const IP_POLICY: ThrottlePolicy = { freeFailures: 50, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 15 * 60_000 };

export interface ThrottleState {
	failures: number;
	windowStartedAt: Date;
	lockedUntil: Date | null;
}

/** The time until which the key is locked, or null when it may try now. */
export function lockedUntil(state: ThrottleState | null | undefined, now: Date): Date | null {
	return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
}

/** The state after one more failure at `now`. Pure: the rule is tested without a database. */
export function afterFailure(state: ThrottleState | null | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
	const windowOver = !state || (now.getTime() - state.windowStartedAt.getTime() > policy.windowMs && !lockedUntil(state, now));
	const failures = windowOver ? 1 : state.failures + 1;
	const windowStartedAt = windowOver ? now : state.windowStartedAt;
	if (failures < policy.freeFailures) return { failures, windowStartedAt, lockedUntil: null };
	const lockMs = Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** (failures - policy.freeFailures));
	return { failures, windowStartedAt, lockedUntil: new Date(now.getTime() + lockMs) };
}

export interface ThrottleKey {
	key: string;
	policy: ThrottlePolicy;
}

export const userKey = (username: string): ThrottleKey => ({ key: `user:${username}`, policy: USER_POLICY });
export const ipKey = (ip: string): ThrottleKey => ({ key: `ip:${ip}`, policy: IP_POLICY });

/** The latest lock among the keys, or null when none is locked. */
export async function checkThrottle(db: Database, keys: ThrottleKey[], now: Date): Promise<Date | null> {
	if (keys.length === 0) return null;
	const rows = await db.select().from(authThrottle).where(inArray(authThrottle.key, keys.map((k) => k.key)));
	let latest: Date | null = null;
	for (const row of rows) {
		const until = lockedUntil(row, now);
		if (until && (!latest || until > latest)) latest = until;
	}
	return latest;
}

/** Counts one failure against each key (row-locked, so two tablets cannot lose a count). */
export async function recordFailure(db: Database, keys: ThrottleKey[], now: Date): Promise<void> {
	await db.transaction(async (tx) => {
		for (const { key, policy } of keys) {
			const [row] = await tx.select().from(authThrottle).where(eq(authThrottle.key, key)).for('update');
			const next = afterFailure(row, now, policy);
			await tx
				.insert(authThrottle)
				.values({ key, ...next })
				.onConflictDoUpdate({ target: authThrottle.key, set: next });
		}
	});
}

export async function clearThrottle(db: Database, key: ThrottleKey): Promise<void> {
	await db.delete(authThrottle).where(eq(authThrottle.key, key.key));
}
