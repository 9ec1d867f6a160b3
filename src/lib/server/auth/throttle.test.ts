import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { afterFailure, IP_POLICY, lockedUntil, USER_POLICY, type ThrottlePolicy, type ThrottleState } from './throttle';

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
	test('the user policy: 5 tries, then 30 s, 1 min, 2 min… capped at 15 min', () => {
		const states = fail(12, USER_POLICY, 10);
		expect(states.slice(0, 4).map((s) => s.lockedUntil)).toEqual([null, null, null, null]);
		const locks = states.slice(4).map((s, i) => s.lockedUntil!.getTime() - at((i + 4) * 10).getTime());
		expect(locks).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000]);
		expect(states.map((s) => s.failures)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
	});

	test('the address policy allows 49 failures without a lock', () => {
		const states = fail(50, IP_POLICY, 10);
		expect(states.slice(0, 49).every((s) => s.lockedUntil === null)).toBe(true);
		expect(states[49]!.lockedUntil).not.toBeNull();
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
			fc.property(policyArb.filter((p) => p.freeFailures >= 2), fc.integer({ min: 1, max: 1_000_000 }), (policy, late) => {
				const n = policy.freeFailures - 1;
				const before = fail(n, policy, 0).at(-1)!;
				expect(before.lockedUntil).toBeNull();
				const later = at(policy.windowMs + late);
				const next = afterFailure(before, later, policy);
				expect(next.failures).toBe(1);
				expect(next.windowStartedAt).toEqual(later);
				expect(next.lockedUntil).toBeNull();
			})
		);
	});

	test('within the window the count goes on and the window start is kept', () => {
		const s1 = afterFailure(null, T0, USER_POLICY);
		const s2 = afterFailure(s1, at(USER_POLICY.windowMs), USER_POLICY);
		expect(s2.failures).toBe(2);
		expect(s2.windowStartedAt).toEqual(T0);
	});

	test('a failure while still locked keeps counting even past the window', () => {
		const locked: ThrottleState = { failures: 10, windowStartedAt: T0, lockedUntil: at(USER_POLICY.windowMs + 60_000) };
		const next = afterFailure(locked, at(USER_POLICY.windowMs + 1000), USER_POLICY);
		expect(next.failures).toBe(11);
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
