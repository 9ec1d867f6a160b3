import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { csvResponse } from '$lib/server/http/csv';
import { exportCatalogueCsv } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** The catalogue file, as the catalogue page downloads it: what POST /products/import reads back. */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => csvResponse(await exportCatalogueCsv(getDb(), locals.actor!), 'catalogue'));
