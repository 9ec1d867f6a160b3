import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { isAppError, isBadInputError } from '../errors';

/**
 * Runs a service call in a page's load: an AppError (not found, forbidden…) becomes an HTTP error with
 * its own status and French message. Without it SvelteKit answers 500 to anything thrown in a load, so
 * a file of another organisation would look like a crash instead of "not found".
 */
export async function orHttpError<T>(fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (isAppError(e)) error(e.status, { message: e.message, code: e.code });
		if (isBadInputError(e)) error(400, { message: m.error_invalid_input(), code: 'invalid_input' });
		throw e;
	}
}
