import { describe, expect, test } from 'vitest';
import { AppError, isAppError, isDatabaseUnavailable, isUniqueViolation } from './errors';

describe('AppError', () => {
	test('carries a code, a message for people, a status (400 by default) and a field', () => {
		const e = new AppError('name_taken', 'Ce nom est déjà pris.', 409, 'name');
		expect(e).toBeInstanceOf(Error);
		expect(isAppError(e)).toBe(true);
		expect([e.code, e.message, e.status, e.field, e.name]).toEqual(['name_taken', 'Ce nom est déjà pris.', 409, 'name', 'AppError']);
		expect(new AppError('x', 'y').status).toBe(400);
		expect(isAppError(new Error('x'))).toBe(false);
		expect(isAppError({ code: 'x', message: 'y', status: 400 })).toBe(false);
	});
});

describe('isUniqueViolation', () => {
	// PGlite puts the SQLSTATE on the error; postgres.js too; drizzle wraps either in a cause.
	const pglite = Object.assign(new Error('duplicate key'), { code: '23505', constraint: 'users_username_unique' });
	const postgresJs = Object.assign(new Error('duplicate key'), { code: '23505', constraint_name: 'users_username_unique' });
	const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: insert …'), { cause });

	test('finds SQLSTATE 23505 on the error or its causes, whichever driver', () => {
		for (const e of [pglite, postgresJs, wrapped(pglite), wrapped(wrapped(postgresJs))]) {
			expect(isUniqueViolation(e)).toBe(true);
			expect(isUniqueViolation(e, 'users_username_unique')).toBe(true);
			expect(isUniqueViolation(e, 'sites_org_name_key')).toBe(false);
		}
	});

	test('other errors are not unique violations', () => {
		expect(isUniqueViolation(Object.assign(new Error('fk'), { code: '23503' }))).toBe(false);
		expect(isUniqueViolation(new Error('boom'))).toBe(false);
		expect(isUniqueViolation(null)).toBe(false);
		expect(isUniqueViolation('23505')).toBe(false);
		expect(isUniqueViolation(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
	});
});

describe('isDatabaseUnavailable', () => {
	test('connection failures and shutdowns, on the error or its causes', () => {
		for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECTION_CLOSED', '57P01', '08006']) {
			expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
			expect(isDatabaseUnavailable(new Error('query failed', { cause: Object.assign(new Error('x'), { code }) })), code).toBe(true);
		}
		expect(isDatabaseUnavailable(new Error('database is not ready'))).toBe(true);
		expect(isDatabaseUnavailable(new Error('PGlite is closed'))).toBe(true);
	});

	test('ordinary errors are not', () => {
		expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
		expect(isDatabaseUnavailable(new Error('syntax error'))).toBe(false);
		expect(isDatabaseUnavailable(undefined)).toBe(false);
	});
});
