import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/reuse — The ressourcerie's tonnage, rates, stock by age and takings (server/reports/reuse.ts), as JSON. */
export const GET: RequestHandler = reportApi('reuse');
