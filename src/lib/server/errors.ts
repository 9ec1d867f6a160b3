/**
 * An error a person can act on: a stable code for programs, a French (or English) message for people,
 * the HTTP status to answer with, and optionally the form field it concerns.
 * Services throw it; routes turn it into a form failure, an error page or a JSON error.
 */
export class AppError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status: number = 400,
		readonly field?: string,
		/** Every invalid field of a form and its message (issue 10: all reported at once); `field` is the first. */
		readonly errors?: Record<string, string>
	) {
		super(message);
		this.name = 'AppError';
	}
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** One AppError for several invalid fields (field → message); the first one is its message and field. */
export function fieldErrors(errors: Record<string, string>): AppError | null {
	const first = Object.keys(errors)[0];
	if (first === undefined) return null;
	return new AppError('invalid_input', errors[first]!, 400, first, errors);
}

/** PostgreSQL unique-violation, whichever driver reported it. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
	const err = findPgError(e);
	if (!err || err.code !== '23505') return false;
	return constraint === undefined || err.constraint === constraint || err.constraint_name === constraint;
}

interface PgErrorLike {
	code?: string;
	constraint?: string;
	constraint_name?: string;
}

function findPgError(e: unknown): PgErrorLike | null {
	let cur: unknown = e;
	for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
		const o = cur as PgErrorLike & { cause?: unknown };
		if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code)) return o;
		cur = o.cause;
	}
	return null;
}

/** True when the error means the database cannot be reached (down, refused, closed). */
export function isDatabaseUnavailable(e: unknown): boolean {
	let cur: unknown = e;
	for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
		const o = cur as { code?: string; message?: string; cause?: unknown };
		if (
			o.code &&
			[
				'ECONNREFUSED',
				'ECONNRESET',
				'ETIMEDOUT',
				'ENOTFOUND',
				'CONNECTION_CLOSED',
				'CONNECTION_ENDED',
				'CONNECT_TIMEOUT',
				'57P01',
				'57P03',
				'08006',
				'08001',
				'08003'
			].includes(o.code)
		)
			return true;
		if (o.message && /database is not ready|PGlite is closed/i.test(o.message)) return true;
		cur = o.cause;
	}
	return false;
}

/**
 * True for a PostgreSQL "data exception" (SQLSTATE class 22: a value the column cannot hold — out of range,
 * malformed uuid or date, NUL byte…). Input is checked before it reaches the database (see
 * $lib/server/http/input.ts and the services' bounds); this is the last net, so that a value missed there
 * is still a 400 "invalid data" and never a 500.
 */
export function isBadInputError(e: unknown): boolean {
	const err = findPgError(e);
	return !!err && typeof err.code === 'string' && err.code.startsWith('22');
}
