import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/sales — the report as JSON (server/reports/sales.ts). */
export const GET: RequestHandler = reportApi('sales');
