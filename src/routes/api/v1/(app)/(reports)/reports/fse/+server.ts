import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/fse — the report as JSON (server/reports/fse.ts). */
export const GET: RequestHandler = reportApi('fse');
