import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/annual — The annual report for the food bank and the network (server/reports/annual.ts), as JSON. */
export const GET: RequestHandler = reportApi('annual');
