import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** The annual report for the food bank and the network (server/reports/annual.ts). */
export const load: PageServerLoad = reportPage('annual');
