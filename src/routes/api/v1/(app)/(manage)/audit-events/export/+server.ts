import { m } from '$lib/paraglide/messages';
import { exportAuditCsv, journalQuery } from '$lib/server/audit';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle } from '$lib/server/http/api';
import { csvResponse } from '$lib/server/http/csv';
import type { RequestHandler } from './$types';

/** The journal with the same filters as GET /audit-events, as the journal page's spreadsheet (French CSV, times in the organisation's zone). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const { query, badDate } = journalQuery(url);
		if (badDate) throw new AppError('invalid_input', m.api_invalid_field({ field: 'from/to' }), 400, 'from');
		return csvResponse(await exportAuditCsv(getDb(), locals.actor!, query), 'journal');
	});
