import { hash, verify } from '@node-rs/argon2';

/** argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane). */
const ARGON2 = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

export function hashSecret(secret: string): Promise<string> {
	return hash(secret, ARGON2);
}

/** False (never throws) when the hash is missing or malformed. */
export async function verifySecret(hashed: string | null | undefined, secret: string): Promise<boolean> {
	if (!hashed) return false;
	try {
		return await verify(hashed, secret);
	} catch {
		return false;
	}
}

/** A hash of a random secret: comparing against it costs the same as a real check (no user enumeration by timing). */
let dummyHash: Promise<string> | null = null;
export function dummyVerify(secret: string): Promise<boolean> {
	dummyHash ??= hashSecret('not-a-real-password-' + Math.random());
	return dummyHash.then((h) => verifySecret(h, secret));
}

export type PasswordProblem = 'too_short' | 'too_long' | 'too_simple';

/** Checks a new password; null when acceptable. */
export function passwordProblem(password: string): PasswordProblem | null {
	if (password.length < PASSWORD_MIN) return 'too_short';
	if (password.length > PASSWORD_MAX) return 'too_long';
	if (new Set(password).size < 4) return 'too_simple';
	return null;
}

export type PinProblem = 'format' | 'too_simple';

/**
 * A PIN is 4 to 6 digits. Refused: all the same digit (1111) and straight runs (1234, 98765),
 * the first ones anybody tries.
 */
export function pinProblem(pin: string): PinProblem | null {
	if (!/^[0-9]{4,6}$/.test(pin)) return 'format';
	const d = [...pin].map(Number);
	const same = d.every((x) => x === d[0]);
	const up = d.every((x, i) => i === 0 || x === (d[i - 1]! + 1) % 10);
	const down = d.every((x, i) => i === 0 || x === (d[i - 1]! + 9) % 10);
	return same || up || down ? 'too_simple' : null;
}
