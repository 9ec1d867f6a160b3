import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/counts — the counts report as JSON (server/reports/counts.ts). */
export const GET: RequestHandler = reportApi('counts');
