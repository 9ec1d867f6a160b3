import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import { PIN_MAX_FAILURES } from '../config';
import type { Tx } from '../db';
import { users } from '../db/schema';
import { AppError } from '../errors';
import { throttledError } from './login';
import { verifySecret } from './password';
import { checkThrottle, clearThrottle, overrideKey, pinKey, recordFailure } from './throttle';

/** Why a PIN is typed: to take the till on a tablet, or to authorise an override at the till. */
export type PinPurpose = 'sign_in' | 'override';

export type PinCheck = { ok: true } | { ok: false; error: AppError };

/** The person's row as the check needs it, read with FOR UPDATE by the caller. */
export interface PinHolder {
	id: string;
	organisationId: string;
	pinHash: string | null;
	pinFailedCount: number;
	pinLockedAt: Date | null;
}

/** The "wrong PIN" answer: how many tries are left only once the lock is near. */
function wrongPin(left: number, field?: string): AppError {
	return new AppError('wrong_pin', left <= 5 ? m.pin_wrong({ left }) : m.pin_wrong_retry(), 400, field);
}

/**
 * The one place a PIN is checked (tablet sign-in and the till's override panel), inside the caller's
 * transaction, with the person's row locked. Failures are written and audited even though the caller
 * then refuses: it returns the refusal instead of throwing, so the transaction commits.
 *
 * - A locked PIN (PIN_MAX_FAILURES wrong PINs in a row at sign-in) is refused until a supervisor unlocks it.
 * - Each (person, tablet) pair is slowed after a few failures (PIN_POLICY, OVERRIDE_POLICY): a try during
 *   the delay is refused (429) without being checked, and audited.
 * - Only sign-in failures count toward the hard lock; override-panel failures are counted apart (per
 *   supervisor and tablet) and only delay the panel.
 */
export async function checkPin(
	tx: Tx,
	input: {
		user: PinHolder;
		/** Where it is typed: the tablet, or (for an override through the API) the till's API token. */
		place: { deviceId?: string | null; apiTokenId?: string | null };
		pin: string;
		purpose: PinPurpose;
		field?: string;
	},
	now: Date
): Promise<PinCheck> {
	const { user, place, purpose, field } = input;
	const deviceId = place.deviceId ?? null;
	const placeKey = deviceId ?? `token:${place.apiTokenId ?? 'none'}`;
	if (user.pinLockedAt) return { ok: false, error: new AppError('pin_locked', m.pin_locked(), 423, field) };
	if (!user.pinHash) return { ok: false, error: new AppError('no_pin', m.pin_not_set(), 400, field) };
	const who = { organisationId: user.organisationId, userId: user.id, deviceId, apiTokenId: place.apiTokenId ?? null };
	const entity = { type: 'user', id: user.id };
	const extra = purpose === 'override' ? { for: 'till.override' } : {};
	const key = purpose === 'sign_in' ? pinKey(user.id, placeKey) : overrideKey(user.id, placeKey);

	const locked = await checkThrottle(tx, [key], now);
	if (locked) {
		await audit(tx, who, 'auth.pin_failed', entity, { reason: 'throttled', ...extra });
		return { ok: false, error: throttledError(locked, now, field) };
	}
	if (await verifySecret(user.pinHash, input.pin)) {
		if (purpose === 'sign_in' && user.pinFailedCount > 0) await tx.update(users).set({ pinFailedCount: 0 }).where(eq(users.id, user.id));
		await clearThrottle(tx, key);
		return { ok: true };
	}

	const delayed = await recordFailure(tx, [key], now);
	if (purpose === 'override') {
		await audit(tx, who, 'auth.pin_failed', entity, { reason: 'wrong_pin', ...extra });
		return { ok: false, error: delayed ? throttledError(delayed, now, field) : new AppError('wrong_pin', m.pin_wrong_retry(), 400, field) };
	}
	const failures = user.pinFailedCount + 1;
	const lock = failures >= PIN_MAX_FAILURES;
	await tx
		.update(users)
		.set({ pinFailedCount: failures, pinLockedAt: lock ? now : null })
		.where(eq(users.id, user.id));
	await audit(tx, who, lock ? 'auth.pin_locked' : 'auth.pin_failed', entity, { reason: 'wrong_pin', failures });
	if (lock) return { ok: false, error: new AppError('pin_locked', m.pin_locked(), 423, field) };
	const left = PIN_MAX_FAILURES - failures;
	// Close to the lock, the warning matters more than the wait (the next try tells the wait).
	if (delayed && left > 5) return { ok: false, error: throttledError(delayed, now, field) };
	return { ok: false, error: wrongPin(left, field) };
}
