import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/expiry — the expiry report as JSON (server/reports/expiry.ts). */
export const GET: RequestHandler = reportApi('expiry');
