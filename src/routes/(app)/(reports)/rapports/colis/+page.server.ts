import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** Food parcels given, counted never named (server/reports/parcels.ts). */
export const load: PageServerLoad = reportPage('parcels');
