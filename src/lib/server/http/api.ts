import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { AppError, isAppError, isDatabaseUnavailable } from '../errors';

/** The JSON error every /api/v1 endpoint answers with: `{ "error": { "code", "message" } }`. */
export function apiError(status: number, code: string, message: string, field?: string): Response {
	return json({ error: { code, message, ...(field ? { field } : {}) } }, { status });
}

/** Runs an API handler, turning service errors into JSON errors (never a stack trace). */
export async function apiHandle(fn: () => Promise<Response>): Promise<Response> {
	try {
		return await fn();
	} catch (e) {
		if (isAppError(e)) return apiError(e.status, e.code, e.message, e.field);
		if (isDatabaseUnavailable(e)) return apiError(503, 'db_unavailable', m.error_db_unavailable());
		if (e && typeof e === 'object' && 'status' in e && 'body' in e) throw e;
		console.error(e);
		return apiError(500, 'internal', m.error_internal());
	}
}

/** Reads and validates a JSON body (at most 1 MB). */
export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
	const length = Number(request.headers.get('content-length') ?? '0');
	if (length > 1_000_000) throw new AppError('too_large', m.error_too_large(), 413);
	if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
		throw new AppError('unsupported_media_type', m.api_json_required(), 415);
	}
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		throw new AppError('invalid_json', m.api_invalid_json(), 400);
	}
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new AppError('invalid_input', m.api_invalid_field({ field: issue?.path.join('.') || '(corps)' }), 400, issue?.path.join('.'));
	}
	return parsed.data;
}
