import { exportAuditCsv, journalQuery } from '$lib/server/audit';
import { getDb } from '$lib/server/db/app';
import { csvResponse } from '$lib/server/http/csv';
import type { RequestHandler } from './$types';

/** The journal with the page's filters as a French spreadsheet file (times in the organisation's zone). */
export const GET: RequestHandler = async ({ locals, url }) => csvResponse(await exportAuditCsv(getDb(), locals.actor!, journalQuery(url).query), 'journal');
