import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle } from '$lib/server/http/api';
import { hasBadCharacter, readBody } from '$lib/server/http/input';
import { CATALOGUE_FILE_MAX, importCatalogueCsv } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/**
 * Imports a catalogue file, the body being the CSV itself (Content-Type: text/csv, UTF-8, 2 MB at most):
 * the same service and limits as the catalogue screen. All or nothing: with any bad line, 400 and the
 * list of lines (`report`), nothing saved.
 */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('text/csv')) {
			throw new AppError('unsupported_media_type', m.api_csv_required(), 415);
		}
		const bytes = await readBody(request, CATALOGUE_FILE_MAX);
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		} catch {
			throw new AppError('invalid_input', m.csv_not_utf8(), 400);
		}
		if (text.trim() === '') throw new AppError('invalid_input', m.csv_no_file(), 400);
		if (hasBadCharacter(text)) throw new AppError('invalid_characters', m.error_invalid_characters(), 400);
		const r = await importCatalogueCsv(getDb(), locals.actor!, text);
		if (r.errors.length > 0) {
			return json(
				{ error: { code: 'import_refused', message: m.csv_import_refused({ count: r.errors.length }) }, report: r.errors.slice(0, 200) },
				{ status: 400 }
			);
		}
		return json({ created: r.created, updated: r.updated });
	});
