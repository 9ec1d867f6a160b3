import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/workshop — The insertion workshop, counted never named (server/reports/workshop.ts), as JSON. */
export const GET: RequestHandler = reportApi('workshop');
