import { fail, type ActionFailure } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { isAppError, isBadInputError, isDatabaseUnavailable } from '../errors';
import { hasBadCharacter, readBody } from './input';

/** Longest value accepted in any single form field; beyond it the request is refused whole. */
export const MAX_FIELD = 2000;

export type FormText = Record<string, string>;

/**
 * Reads a posted form as plain strings. A body over 1 MB (MAX_BODY_BYTES, also when streamed), files,
 * oversized fields and text no field can hold (NUL, lone surrogates: see ./input) are refused with a
 * French message, so that services only ever see bounded, storable text.
 */
export async function readForm(
	request: Request,
	/** Fields allowed to be longer than MAX_FIELD, with their own limit (a signature drawn on the tablet, as a PNG data URL). */
	opts: { long?: Record<string, number> } = {}
): Promise<FormText | ActionFailure<{ error: string }>> {
	let data: FormData;
	try {
		const bytes = await readBody(request);
		data = await new Response(bytes, { headers: { 'content-type': request.headers.get('content-type') ?? '' } }).formData();
	} catch (e) {
		if (isAppError(e)) return fail(e.status, { error: e.message });
		return fail(400, { error: m.error_invalid_input() });
	}
	const out: FormText = {};
	for (const [key, value] of data) {
		if (typeof value !== 'string' || value.length > (opts.long?.[key] ?? MAX_FIELD) || key.length > 100) {
			return fail(413, { error: m.error_field_too_long() });
		}
		if (hasBadCharacter(key) || hasBadCharacter(value)) return fail(400, { error: m.error_invalid_characters() });
		out[key] = key in out ? `${out[key]}\n${value}` : value;
	}
	return out;
}

export const isFailure = (v: unknown): v is ActionFailure<{ error: string }> => !!v && typeof v === 'object' && 'status' in v && 'data' in v && !('then' in v);

/** Several values of one field (checkboxes): readForm joins them with newlines. */
export const many = (v: string | undefined): string[] => (v ? v.split('\n').filter(Boolean) : []);

/**
 * Runs a form action's service call; a service error becomes `fail(status, { error, field })` which the
 * page shows beside the form, and nothing was changed (the service's transaction rolled back).
 */
export async function attempt<T>(
	fn: () => Promise<T>,
	values?: Record<string, unknown>
): Promise<T | ActionFailure<{ error: string; field?: string; errors?: Record<string, string>; values?: Record<string, unknown> }>> {
	try {
		return await fn();
	} catch (e) {
		// `errors`: every invalid field and its message, shown beside each field (issue 10, item 11).
		if (isAppError(e)) return fail(e.status, { error: e.message, field: e.field, errors: e.errors, values });
		if (isDatabaseUnavailable(e)) return fail(503, { error: m.error_db_unavailable(), values });
		if (isBadInputError(e)) {
			console.warn('Donnée refusée par la base :', (e as Error).message);
			return fail(400, { error: m.error_invalid_input(), values });
		}
		throw e;
	}
}
