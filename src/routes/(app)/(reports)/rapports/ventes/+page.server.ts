import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** Sales (issue 12; server/reports/sales.ts). */
export const load: PageServerLoad = reportPage('sales');
