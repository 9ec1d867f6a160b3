import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** Flows by origin (issue 12; server/reports/flows.ts). */
export const load: PageServerLoad = reportPage('flows');
