import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/flows — the report as JSON (server/reports/flows.ts). */
export const GET: RequestHandler = reportApi('flows');
