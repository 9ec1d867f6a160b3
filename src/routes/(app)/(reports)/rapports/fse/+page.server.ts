import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** FSE+ by product (issue 12; server/reports/fse.ts). */
export const load: PageServerLoad = reportPage('fse');
