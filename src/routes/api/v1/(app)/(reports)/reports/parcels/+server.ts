import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/parcels — Food parcels given, counted never named (server/reports/parcels.ts), as JSON. */
export const GET: RequestHandler = reportApi('parcels');
