import { getDb } from '$lib/server/db/app';
import { csvResponse } from '$lib/server/http/csv';
import { exportCatalogueCsv } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** The catalogue as a French spreadsheet file (`;`, decimal comma, UTF-8 with BOM). */
export const GET: RequestHandler = async ({ locals }) => csvResponse(await exportCatalogueCsv(getDb(), locals.actor!), 'catalogue');
