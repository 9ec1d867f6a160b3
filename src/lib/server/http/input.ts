import { m } from '$lib/paraglide/messages';
import { AppError } from '../errors';

/**
 * Rules every piece of text from outside obeys before it reaches a service or the database, checked once
 * where forms (readForm), JSON bodies (readJson), URLs (hooks.server.ts) and uploaded files are read.
 */

/** A NUL character (PostgreSQL text cannot hold it) or a lone UTF-16 surrogate (not valid Unicode: JSON and UTF-8 cannot carry it). */
// eslint-disable-next-line no-control-regex
const BAD_CHARACTER = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text holds a character no field can store: NUL or a lone surrogate. */
export const hasBadCharacter = (s: string): boolean => BAD_CHARACTER.test(s);

/** True when any string (value or key) anywhere in a parsed JSON value holds a bad character. */
export function hasBadCharacterDeep(value: unknown, depth = 0): boolean {
	if (typeof value === 'string') return hasBadCharacter(value);
	if (!value || typeof value !== 'object' || depth > 64) return false;
	if (Array.isArray(value)) return value.some((v) => hasBadCharacterDeep(v, depth + 1));
	for (const [k, v] of Object.entries(value)) if (hasBadCharacter(k) || hasBadCharacterDeep(v, depth + 1)) return true;
	return false;
}

/** The AppError for a bad character (400, French message). */
export const badCharacterError = () => new AppError('invalid_characters', m.error_invalid_characters(), 400);

/** Largest body read from a form or a JSON request (an upload of the catalogue has its own bound). */
export const MAX_BODY_BYTES = 1_000_000;

const tooLarge = () => new AppError('too_large', m.error_too_large(), 413);

/**
 * Reads a request's body, at most `limit` bytes: a larger Content-Length, or a streamed body (no
 * Content-Length) that grows past the limit, is refused with 413 as soon as it is known. The server's own
 * bound (adapter-node BODY_SIZE_LIMIT, 512 kB by default) also answers 413 here, not a crash.
 */
export async function readBody(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
	const declared = request.headers.get('content-length');
	if (declared !== null && declared.trim() !== '' && !(Number(declared) <= limit)) throw tooLarge();
	if (!request.body) return new Uint8Array(0);
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size > limit) {
				void reader.cancel().catch(() => {});
				throw tooLarge();
			}
			chunks.push(value);
		}
	} catch (e) {
		if (e instanceof AppError) throw e;
		// adapter-node's BODY_SIZE_LIMIT errors the stream with a SvelteKitError of status 413.
		if (e && typeof e === 'object' && 'status' in e && (e as { status: unknown }).status === 413) throw tooLarge();
		throw new AppError('invalid_body', m.error_invalid_input(), 400);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out;
}

/** UUID shape as PostgreSQL reads it (any version): checked before a query, so a malformed id is "not found", not a database error. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `v` is a well-formed UUID: anything else can be answered "not found" without asking the database. */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
