import { eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db';
import { authThrottle } from '../db/schema';

/**
 * Throttling slows whoever guesses; it must never become a way to lock the real person out. Each kind
 * of key has a policy: a few free failures within a window, then a delay before the next try that
 * doubles with each failure, up to a cap. A try during the delay is refused without being checked
 * (and does not count: waiting never gets longer than the cap).
 */
export interface ThrottlePolicy {
	/** Failures allowed within the window before a delay starts. */
	freeFailures: number;
	windowMs: number;
	/** First delay; each further failure doubles it, up to maxLockMs. */
	baseLockMs: number;
	maxLockMs: number;
}

/**
 * Password sign-in, per (user name, address) pair: the attacker's own address is slowed most. 5 tries,
 * then 2 s, 4 s… up to 1 min. The real person at another address is not concerned at all.
 */
export const PAIR_POLICY: ThrottlePolicy = { freeFailures: 5, windowMs: 15 * 60_000, baseLockMs: 2_000, maxLockMs: 60_000 };
/**
 * Per user name, whatever the address (guessing from many addresses): only slows. 10 tries, then 1 s,
 * 2 s… up to 30 s — the right password is never refused for longer than that.
 */
export const USER_POLICY: ThrottlePolicy = { freeFailures: 10, windowMs: 15 * 60_000, baseLockMs: 1_000, maxLockMs: 30_000 };
/**
 * Per address (the real client's with TRUST_PROXY=true): a ceiling against one address guessing many
 * names. High, because a whole shop may share one public address: 100 failures in 15 min, then 1 min
 * doubling to 15 min.
 */
export const IP_POLICY: ThrottlePolicy = { freeFailures: 100, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 15 * 60_000 };
/**
 * A PIN typed at tablet sign-in, per (person, tablet): 3 tries, then 5 s, 10 s… up to 1 min. A colleague
 * typing wrong PINs on one tablet delays that person on that tablet only, and at most 1 min; the hard
 * lock (PIN_MAX_FAILURES in a row, on any tablet) needs far more failures than a delay allows quickly.
 */
export const PIN_POLICY: ThrottlePolicy = { freeFailures: 3, windowMs: 15 * 60_000, baseLockMs: 5_000, maxLockMs: 60_000 };
/**
 * A supervisor's PIN typed into the till's override panel, per (supervisor, tablet), counted apart from
 * sign-in (it never locks the supervisor's PIN): 3 tries, then 5 s doubling to 5 min, counted over a
 * day so that the panel cannot be used to try every PIN.
 */
export const OVERRIDE_POLICY: ThrottlePolicy = { freeFailures: 3, windowMs: 24 * 3600_000, baseLockMs: 5_000, maxLockMs: 5 * 60_000 };

export interface ThrottleState {
	failures: number;
	windowStartedAt: Date;
	lockedUntil: Date | null;
}

/** The time until which the key is locked, or null when it may try now. */
export function lockedUntil(state: ThrottleState | null | undefined, now: Date): Date | null {
	return state?.lockedUntil && state.lockedUntil > now ? state.lockedUntil : null;
}

/** The latest lock among several keys' states, or null when none holds. */
export function latestLock(states: (ThrottleState | null | undefined)[], now: Date): Date | null {
	let latest: Date | null = null;
	for (const s of states) {
		const until = lockedUntil(s, now);
		if (until && (!latest || until > latest)) latest = until;
	}
	return latest;
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

/** Failures for one user name from anywhere (also wrong current passwords on "my account"). */
export const userKey = (username: string): ThrottleKey => ({ key: `user:${username}`, policy: USER_POLICY });
export const ipKey = (ip: string): ThrottleKey => ({ key: `ip:${ip}`, policy: IP_POLICY });
export const pairKey = (username: string, ip: string): ThrottleKey => ({ key: `pair:${ip}|${username}`, policy: PAIR_POLICY });
export const pinKey = (userId: string, deviceId: string): ThrottleKey => ({ key: `pin:${userId}@${deviceId}`, policy: PIN_POLICY });
export const overrideKey = (userId: string, deviceId: string): ThrottleKey => ({ key: `override:${userId}@${deviceId}`, policy: OVERRIDE_POLICY });

/** The keys a password sign-in counts against: the pair, the name, the address. */
export const signInKeys = (username: string, ip: string): ThrottleKey[] => [pairKey(username, ip), userKey(username), ipKey(ip)];

/** The latest lock among the keys, or null when none is locked. */
export async function checkThrottle(db: Executor, keys: ThrottleKey[], now: Date): Promise<Date | null> {
	if (keys.length === 0) return null;
	const rows = await db
		.select()
		.from(authThrottle)
		.where(
			inArray(
				authThrottle.key,
				keys.map((k) => k.key)
			)
		);
	return latestLock(rows, now);
}

/**
 * Counts one failure against each key (row-locked, so two tablets cannot lose a count). Returns the
 * latest lock the failure started, or null. Inside a transaction, pass it (a savepoint is used).
 */
export async function recordFailure(db: Executor, keys: ThrottleKey[], now: Date): Promise<Date | null> {
	return db.transaction(async (tx) => {
		const states: ThrottleState[] = [];
		for (const { key, policy } of keys) {
			const [row] = await tx.select().from(authThrottle).where(eq(authThrottle.key, key)).for('update');
			const next = afterFailure(row, now, policy);
			await tx
				.insert(authThrottle)
				.values({ key, ...next })
				.onConflictDoUpdate({ target: authThrottle.key, set: next });
			states.push(next);
		}
		return latestLock(states, now);
	});
}

export async function clearThrottle(db: Executor, key: ThrottleKey): Promise<void> {
	await db.delete(authThrottle).where(eq(authThrottle.key, key.key));
}
