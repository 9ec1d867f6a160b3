import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/stock — the stock report as JSON (server/reports/stock.ts). */
export const GET: RequestHandler = reportApi('stock');
