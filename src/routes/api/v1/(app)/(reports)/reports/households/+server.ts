import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/households — Households served, counted never named (server/reports/households.ts), as JSON. */
export const GET: RequestHandler = reportApi('households');
