import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/losses — the losses report as JSON (server/reports/losses.ts). */
export const GET: RequestHandler = reportApi('losses');
