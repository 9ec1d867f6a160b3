import { getDb } from '$lib/server/db/app';
import { csvResponse } from '$lib/server/http/csv';
import { orHttpError } from '$lib/server/http/load';
import { signoffCsv } from '$lib/server/parcels/signoff';
import type { RequestHandler } from './$types';

/** The day's sign-off sheet as a spreadsheet (FSE+ lines, signed or why not); the read is audited. */
export const GET: RequestHandler = async ({ locals, params }) =>
	orHttpError(async () => {
		const r = await signoffCsv(getDb(), locals.actor!, params.id);
		return csvResponse(r.csv, 'emargement', r.day);
	});
