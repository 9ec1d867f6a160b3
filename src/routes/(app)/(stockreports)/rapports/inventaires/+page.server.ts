import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** The counts report (issue 12; server/reports/counts.ts: differences found by the inventory counts). */
export const load: PageServerLoad = reportPage('counts');
