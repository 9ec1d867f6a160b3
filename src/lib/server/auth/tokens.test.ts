import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { generateToken, hashToken, timingSafeEqualString } from './tokens';

describe('generateToken', () => {
	test('20 random bytes give 32 lower-case base32 characters', () => {
		const token = generateToken();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
	});

	test('length follows the byte count (8 bits a byte, 5 bits a character, no padding)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 64 }), (bytes) => {
				const token = generateToken(bytes);
				expect(token).toHaveLength(Math.ceil((bytes * 8) / 5));
				expect(token).toMatch(/^[a-z2-7]+$/);
			})
		);
	});

	test('never repeats (1000 draws)', () => {
		const seen = new Set(Array.from({ length: 1000 }, () => generateToken()));
		expect(seen.size).toBe(1000);
	});

	test('uses the whole alphabet (not a constant or a narrow generator)', () => {
		const chars = new Set(Array.from({ length: 200 }, () => generateToken()).join(''));
		expect(chars.size).toBe(32);
	});
});

describe('hashToken', () => {
	test('is the hex SHA-256 of the token (known vectors)', () => {
		expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
		expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
	});

	test('hashes the UTF-8 bytes of the text', () => {
		// sha256(c3 a9), the UTF-8 encoding of "é"
		expect(hashToken('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
	});

	test('is deterministic, 64 hex characters, and differs for different tokens', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				const ha = hashToken(a);
				expect(ha).toMatch(/^[0-9a-f]{64}$/);
				expect(hashToken(a)).toBe(ha);
				if (a !== b) expect(hashToken(b)).not.toBe(ha);
			})
		);
	});
});

describe('timingSafeEqualString', () => {
	test('agrees with === on any pair of strings', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				expect(timingSafeEqualString(a, b)).toBe(a === b);
				expect(timingSafeEqualString(a, a)).toBe(true);
			})
		);
	});

	test('tells apart strings that differ in one character only', () => {
		expect(timingSafeEqualString('abcdef', 'abcdeg')).toBe(false);
		expect(timingSafeEqualString('abc', 'abcd')).toBe(false);
	});
});
