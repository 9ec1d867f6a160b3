import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { AppError, isAppError, isBadInputError, isDatabaseUnavailable } from '../errors';
import { badCharacterError, hasBadCharacterDeep, MAX_BODY_BYTES, readBody } from './input';

/** The JSON error every /api/v1 endpoint answers with: `{ "error": { "code", "message" } }`. */
export function apiError(status: number, code: string, message: string, field?: string, errors?: Record<string, string>): Response {
	return json({ error: { code, message, ...(field ? { field } : {}), ...(errors ? { errors } : {}) } }, { status });
}

/** Runs an API handler, turning service errors into JSON errors (never a stack trace). */
export async function apiHandle(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (isAppError(e)) return apiError(e.status, e.code, e.message, e.field, e.errors);
		if (isDatabaseUnavailable(e)) return apiError(503, 'db_unavailable', m.error_db_unavailable());
		if (isBadInputError(e)) {
			console.warn('Donnée refusée par la base :', (e as Error).message);
			return apiError(400, 'invalid_input', m.error_invalid_input());
		}
		if (e && typeof e === 'object' && 'status' in e && 'body' in e) throw e;
		console.error(e);
		return apiError(500, 'internal', m.error_internal());
	}
}

/**
 * Reads and validates a JSON body: at most 1 MB (413, also when streamed without Content-Length), JSON
 * content type (415), valid UTF-8 JSON (400), no NUL or lone surrogate in any string or key (400), then the
 * zod schema (400 naming the field).
 */
export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
	const length = Number(request.headers.get('content-length') ?? '0');
	if (length > MAX_BODY_BYTES) throw new AppError('too_large', m.error_too_large(), 413);
	if (!(request.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) {
		throw new AppError('unsupported_media_type', m.api_json_required(), 415);
	}
	const bytes = await readBody(request);
	let body: unknown;
	try {
		body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
	} catch {
		throw new AppError('invalid_json', m.api_invalid_json(), 400);
	}
	if (hasBadCharacterDeep(body)) throw badCharacterError();
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new AppError('invalid_input', m.api_invalid_field({ field: issue?.path.join('.') || '(corps)' }), 400, issue?.path.join('.'));
	}
	return parsed.data;
}

/**
 * The idempotency key of a write (sales, returns): the `Idempotency-Key` header and/or the body's
 * `idempotencyKey` — both given, they must be equal (400 `idempotency_key_mismatch`); neither: null.
 */
export function idempotencyKeyOf(request: Request, inBody: string | null | undefined): string | null {
	const header = request.headers.get('idempotency-key')?.trim() || null;
	const body = inBody?.trim() || null;
	if (header && body && header !== body) throw new AppError('idempotency_key_mismatch', m.api_idempotency_key_mismatch(), 400, 'idempotencyKey');
	return header ?? body;
}
