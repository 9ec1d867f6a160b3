import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PIN_MAX_FAILURES } from '../config';
import {
	afterFailure,
	IP_POLICY,
	latestLock,
	lockedUntil,
	OVERRIDE_POLICY,
	PAIR_POLICY,
	PIN_POLICY,
	signInKeys,
	USER_POLICY,
	type ThrottleKey,
	type ThrottlePolicy,
	type ThrottleState
} from './throttle';

const T0 = new Date('2025-03-01T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** Failures one after the other, `gapMs` apart, starting at T0; returns every state. */
function fail(times: number, policy: ThrottlePolicy, gapMs = 1000, start: ThrottleState | null = null): ThrottleState[] {
	const states: ThrottleState[] = [];
	let s = start;
	for (let i = 0; i < times; i++) {
		s = afterFailure(s, at(i * gapMs), policy);
		states.push(s);
	}
	return states;
}

const policyArb = fc.record({
	freeFailures: fc.integer({ min: 1, max: 60 }),
	windowMs: fc.integer({ min: 1000, max: 3_600_000 }),
	baseLockMs: fc.integer({ min: 1000, max: 120_000 }),
	maxLockMs: fc.integer({ min: 120_000, max: 3_600_000 })
});

describe('lockedUntil', () => {
	test('no state, no lock, or a lock in the past: free', () => {
		expect(lockedUntil(null, T0)).toBeNull();
		expect(lockedUntil(undefined, T0)).toBeNull();
		expect(lockedUntil({ failures: 3, windowStartedAt: T0, lockedUntil: null }, T0)).toBeNull();
		expect(lockedUntil({ failures: 9, windowStartedAt: T0, lockedUntil: at(-1) }, T0)).toBeNull();
		expect(lockedUntil({ failures: 9, windowStartedAt: T0, lockedUntil: T0 }, T0)).toBeNull();
	});

	test('a lock in the future is returned', () => {
		expect(lockedUntil({ failures: 9, windowStartedAt: T0, lockedUntil: at(1) }, T0)).toEqual(at(1));
	});
});

describe('afterFailure', () => {
	test('the pair policy: 5 tries, then 2 s, 4 s… capped at 1 min; the name policy: 10 tries, then 1 s… capped at 30 s', () => {
		const pair = fail(12, PAIR_POLICY, 10);
		expect(pair.slice(0, 4).map((s) => s.lockedUntil)).toEqual([null, null, null, null]);
		const pairLocks = pair.slice(4).map((s, i) => s.lockedUntil!.getTime() - at((i + 4) * 10).getTime());
		expect(pairLocks).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
		const user = fail(16, USER_POLICY, 10);
		expect(user.slice(0, 9).every((s) => s.lockedUntil === null)).toBe(true);
		expect(user.slice(9).map((s, i) => s.lockedUntil!.getTime() - at((i + 9) * 10).getTime())).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
	});

	test('the address policy allows 99 failures without a lock', () => {
		const states = fail(100, IP_POLICY, 10);
		expect(states.slice(0, 99).every((s) => s.lockedUntil === null)).toBe(true);
		expect(states[99]!.lockedUntil).not.toBeNull();
	});

	test('no lock before freeFailures failures within the window', () => {
		fc.assert(
			fc.property(policyArb, (policy) => {
				const gap = Math.floor(policy.windowMs / (policy.freeFailures + 1));
				const states = fail(policy.freeFailures - 1, policy, gap);
				expect(states.every((s) => s.lockedUntil === null)).toBe(true);
			})
		);
	});

	test('from freeFailures on, every failure locks; the lock never shrinks and never exceeds the cap', () => {
		fc.assert(
			fc.property(policyArb, fc.integer({ min: 1, max: 30 }), (policy, extra) => {
				const states = fail(policy.freeFailures + extra, policy, 0);
				let previous = 0;
				for (const s of states.slice(policy.freeFailures - 1)) {
					expect(s.lockedUntil).not.toBeNull();
					const lockMs = s.lockedUntil!.getTime() - T0.getTime();
					expect(lockMs).toBeGreaterThanOrEqual(previous);
					expect(lockMs).toBeGreaterThanOrEqual(Math.min(policy.baseLockMs, policy.maxLockMs));
					expect(lockMs).toBeLessThanOrEqual(policy.maxLockMs);
					previous = lockMs;
				}
				// The first lock is the base lock; the last reaches the cap when there were enough failures.
				expect(states[policy.freeFailures - 1]!.lockedUntil!.getTime() - T0.getTime()).toBe(Math.min(policy.baseLockMs, policy.maxLockMs));
				if (policy.baseLockMs * 2 ** extra >= policy.maxLockMs) expect(previous).toBe(policy.maxLockMs);
			})
		);
	});

	test('a failure after the window (and no lock running) starts a new count', () => {
		fc.assert(
			fc.property(
				policyArb.filter((p) => p.freeFailures >= 2),
				fc.integer({ min: 1, max: 1_000_000 }),
				(policy, late) => {
					const n = policy.freeFailures - 1;
					const before = fail(n, policy, 0).at(-1)!;
					expect(before.lockedUntil).toBeNull();
					const later = at(policy.windowMs + late);
					const next = afterFailure(before, later, policy);
					expect(next.failures).toBe(1);
					expect(next.windowStartedAt).toEqual(later);
					expect(next.lockedUntil).toBeNull();
				}
			)
		);
	});

	test('within the window the count goes on and the window start is kept', () => {
		const s1 = afterFailure(null, T0, USER_POLICY);
		const s2 = afterFailure(s1, at(USER_POLICY.windowMs), USER_POLICY);
		expect(s2.failures).toBe(2);
		expect(s2.windowStartedAt).toEqual(T0);
	});

	test('a failure while still locked keeps counting even past the window', () => {
		const locked: ThrottleState = { failures: 30, windowStartedAt: T0, lockedUntil: at(USER_POLICY.windowMs + 60_000) };
		const next = afterFailure(locked, at(USER_POLICY.windowMs + 1000), USER_POLICY);
		expect(next.failures).toBe(31);
		expect(next.windowStartedAt).toEqual(T0);
		expect(next.lockedUntil!.getTime()).toBe(at(USER_POLICY.windowMs + 1000).getTime() + USER_POLICY.maxLockMs);
	});

	test('is pure: the state passed in is not changed', () => {
		const s: ThrottleState = { failures: 4, windowStartedAt: T0, lockedUntil: null };
		const copy = structuredClone(s);
		afterFailure(s, at(1000), USER_POLICY);
		expect(s).toEqual(copy);
	});
});

/**
 * The services' rule, on the pure policy: a try while any of its keys is delayed is refused and not
 * counted; otherwise a wrong secret counts once on each key. Returns the keys' states.
 */
function run(tries: { at: number; keys: ThrottleKey[] }[]): Map<string, ThrottleState> {
	const states = new Map<string, ThrottleState>();
	for (const t of [...tries].sort((a, b) => a.at - b.at)) {
		const now = at(t.at);
		if (
			latestLock(
				t.keys.map((k) => states.get(k.key)),
				now
			)
		)
			continue;
		for (const k of t.keys) states.set(k.key, afterFailure(states.get(k.key), now, k.policy));
	}
	return states;
}
/** Some time after the last try (the person comes to sign in after the guessing). */
const after = (times: number[], offset: number) => Math.max(0, ...times) + offset;
const waitMs = (states: Map<string, ThrottleState>, keys: ThrottleKey[], now: number) => {
	const until = latestLock(
		keys.map((k) => states.get(k.key)),
		at(now)
	);
	return until ? until.getTime() - at(now).getTime() : 0;
};

describe('sign-in cannot be turned into a lockout (policy properties)', () => {
	const attackers = ['203.0.113.1', '203.0.113.2', '198.51.100.7'];
	const schedule = fc.array(fc.record({ at: fc.integer({ min: 0, max: 3_600_000 }), from: fc.constantFrom(...attackers) }), { maxLength: 200 });

	test('whatever wrong passwords others send for a name, the right one from a clean address waits at most the name’s cap (30 s)', () => {
		fc.assert(
			fc.property(schedule, fc.integer({ min: 0, max: 100_000 }), (tries, offset) => {
				const later = after(
					tries.map((t) => t.at),
					offset
				);
				const states = run(tries.map((t) => ({ at: t.at, keys: signInKeys('alice', t.from) })));
				expect(waitMs(states, signInKeys('alice', '192.0.2.50'), later)).toBeLessThanOrEqual(USER_POLICY.maxLockMs);
			})
		);
	});

	test('from the attacking address itself (below its ceiling), the right password waits at most 1 min', () => {
		fc.assert(
			fc.property(schedule, fc.integer({ min: 0, max: 100_000 }), (tries, offset) => {
				const later = after(
					tries.map((t) => t.at),
					offset
				);
				const states = run(tries.map((t) => ({ at: t.at, keys: signInKeys('alice', t.from) })));
				for (const a of attackers)
					expect(waitMs(states, signInKeys('alice', a), later)).toBeLessThanOrEqual(Math.max(PAIR_POLICY.maxLockMs, USER_POLICY.maxLockMs));
				expect(PAIR_POLICY.maxLockMs).toBe(60_000);
			})
		);
	});

	test('guessing one name from one address is slowed: at most about 80 tries an hour, however fast they come', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 2000 }), (times) => {
				const states = run(times.map((t) => ({ at: t, keys: signInKeys('alice', '203.0.113.1') })));
				// Counted (checked) tries: the free ones, then one per delay at most.
				expect(states.get(`pair:203.0.113.1|alice`)?.failures ?? 0).toBeLessThanOrEqual(PAIR_POLICY.freeFailures + 3_600_000 / 30_000 + 6);
			}),
			{ numRuns: 50 }
		);
	});
});

describe('a colleague cannot lock someone’s PIN (policy properties)', () => {
	const pin = (device: string): ThrottleKey => ({ key: `pin:op@${device}`, policy: PIN_POLICY });

	test('wrong PINs on one tablet delay that person there by at most 1 min, and not at all on another tablet', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 3_600_000 }), { maxLength: 300 }), fc.integer({ min: 0, max: 100_000 }), (times, offset) => {
				const later = after(times, offset);
				const states = run(times.map((t) => ({ at: t, keys: [pin('tablet-1')] })));
				expect(waitMs(states, [pin('tablet-1')], later)).toBeLessThanOrEqual(PIN_POLICY.maxLockMs);
				expect(waitMs(states, [pin('tablet-2')], later)).toBe(0);
			})
		);
	});

	test(`the hard lock (${PIN_MAX_FAILURES} wrong PINs in a row) takes a colleague at least a quarter of an hour of tapping on one tablet`, () => {
		// The fastest colleague: tries again the moment each delay ends.
		let state: ThrottleState | null = null;
		let now = 0;
		for (let i = 0; i < PIN_MAX_FAILURES; i++) {
			const until = lockedUntil(state, at(now));
			if (until) now = until.getTime() - T0.getTime();
			state = afterFailure(state, at(now), PIN_POLICY);
		}
		expect(now).toBeGreaterThanOrEqual(15 * 60_000);
		expect(PIN_MAX_FAILURES).toBeGreaterThanOrEqual(6 * PIN_POLICY.freeFailures);
	});

	test('the override panel is slowed too, and over a day: at most a few hundred tries per tablet', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 24 * 3_600_000 }), { maxLength: 3000 }), (times) => {
				const key = { key: 'override:sup@tablet-1', policy: OVERRIDE_POLICY };
				const states = run(times.map((t) => ({ at: t, keys: [key] })));
				expect(states.get(key.key)?.failures ?? 0).toBeLessThanOrEqual(OVERRIDE_POLICY.freeFailures + (24 * 3_600_000) / OVERRIDE_POLICY.maxLockMs + 10);
			}),
			{ numRuns: 30 }
		);
	});
});
