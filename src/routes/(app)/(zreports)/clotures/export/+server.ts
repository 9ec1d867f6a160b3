import { getDb } from '$lib/server/db/app';
import { csvResponse } from '$lib/server/http/csv';
import { exportZCsv } from '$lib/server/till/zreports';
import type { RequestHandler } from './$types';

/** Every till session's Z figures as a French spreadsheet file (`;`, decimal comma, UTF-8 with BOM). */
export const GET: RequestHandler = async ({ locals }) => csvResponse(await exportZCsv(getDb(), locals.actor!), 'rapports-z');
