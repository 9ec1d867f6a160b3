import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { dummyVerify, hashSecret, passwordProblem, PASSWORD_MAX, PASSWORD_MIN, pinProblem, verifySecret } from './password';

describe('hashSecret / verifySecret (argon2id)', () => {
	const secret = 'Pâte à crêpes 2025';
	let hashed = '';
	beforeAll(async () => {
		hashed = await hashSecret(secret);
	});

	test('writes an argon2id PHC string with the OWASP minimum parameters', () => {
		expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
		expect(hashed).not.toContain(secret);
	});

	test('verifies the right secret and refuses a wrong one', async () => {
		expect(await verifySecret(hashed, secret)).toBe(true);
		expect(await verifySecret(hashed, secret + ' ')).toBe(false);
		expect(await verifySecret(hashed, 'pâte à crêpes 2025')).toBe(false);
		expect(await verifySecret(hashed, '')).toBe(false);
	});

	test('salts: the same secret hashes differently each time, and both verify', async () => {
		const again = await hashSecret(secret);
		expect(again).not.toBe(hashed);
		expect(await verifySecret(again, secret)).toBe(true);
	});

	test('a missing or malformed hash is refused, never thrown', async () => {
		for (const bad of [
			null,
			undefined,
			'',
			'not-a-hash',
			'$argon2id$',
			'$argon2id$v=19$m=19456,t=2,p=1$AAAA',
			hashed.slice(0, -10),
			'$2b$10$abcdefghijklmnopqrstuv'
		]) {
			await expect(verifySecret(bad, secret)).resolves.toBe(false);
		}
	});

	test('dummyVerify never accepts anything', async () => {
		expect(await dummyVerify(secret)).toBe(false);
		expect(await dummyVerify('')).toBe(false);
	});
});

describe('passwordProblem', () => {
	test('examples', () => {
		expect(passwordProblem('')).toBe('too_short');
		expect(passwordProblem('abc123xyz')).toBe('too_short');
		expect(passwordProblem('abc123xyzw')).toBeNull();
		expect(passwordProblem('aaaaaaaaaaaa')).toBe('too_simple');
		expect(passwordProblem('abcabcabcabc')).toBe('too_simple');
		expect(passwordProblem('abcdabcdabcd')).toBeNull();
		expect(passwordProblem('x'.repeat(PASSWORD_MAX - 3) + 'abc')).toBeNull();
		expect(passwordProblem('x'.repeat(PASSWORD_MAX + 1))).toBe('too_long');
		expect(passwordProblem('quatre-saisons')).toBeNull();
	});

	test('shorter than the minimum is always too short', () => {
		fc.assert(fc.property(fc.string({ maxLength: PASSWORD_MIN - 1 }), (p) => passwordProblem(p) === 'too_short'));
	});

	test('longer than the maximum is always too long', () => {
		fc.assert(fc.property(fc.string({ minLength: PASSWORD_MAX + 1, maxLength: PASSWORD_MAX + 50 }), (p) => passwordProblem(p) === 'too_long'));
	});

	test('within bounds: accepted exactly when it has at least 4 different characters', () => {
		fc.assert(
			fc.property(fc.string({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', '1', '!') }), (p) => {
				const distinct = new Set(p).size;
				expect(passwordProblem(p)).toBe(distinct >= 4 ? null : 'too_simple');
			})
		);
	});
});

describe('pinProblem', () => {
	test('examples', () => {
		for (const ok of ['2580', '4826', '1397', '13579', '120398', '0101', '9870']) expect(pinProblem(ok), ok).toBeNull();
		for (const simple of ['0000', '1111', '999999', '1234', '123456', '4321', '98765', '7890', '8901', '9012', '1098', '0987']) {
			expect(pinProblem(simple), simple).toBe('too_simple');
		}
		for (const bad of ['', '123', '1234567', '12a4', ' 2580', '2580 ', '25 80', '٢٥٨٠', '-258']) expect(pinProblem(bad), bad).toBe('format');
	});

	test('anything but 4 to 6 ASCII digits is a format problem', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 10 }), (s) => {
				if (!/^[0-9]{4,6}$/.test(s)) expect(pinProblem(s)).toBe('format');
			})
		);
	});

	// Independent statement of the rule: a PIN is too simple when all its digits are the same or when it
	// reads along the dial 0123456789 (either way, wrapping round).
	const UP = '0123456789012345';
	const DOWN = '9876543210987654';
	test('4-6 digits: refused exactly when one repeated digit or a straight run', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 6 }), (digits) => {
				const pin = digits.join('');
				const simple = new Set(digits).size === 1 || UP.includes(pin) || DOWN.includes(pin);
				expect(pinProblem(pin)).toBe(simple ? 'too_simple' : null);
			})
		);
	});

	test('every straight run of every length is refused', () => {
		for (let len = 4; len <= 6; len++) {
			for (let start = 0; start < 10; start++) {
				expect(pinProblem(UP.slice(start, start + len))).toBe('too_simple');
				expect(pinProblem(DOWN.slice(start, start + len))).toBe('too_simple');
			}
		}
	});
});
