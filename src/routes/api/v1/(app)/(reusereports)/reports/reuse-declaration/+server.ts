import { reportApi } from '$lib/server/reports/routes';
import type { RequestHandler } from './$types';

/** GET /reports/reuse-declaration — The quarterly eco-organism declaration (server/reports/ecoDeclaration.ts), as JSON. */
export const GET: RequestHandler = reportApi('reuse-declaration');
