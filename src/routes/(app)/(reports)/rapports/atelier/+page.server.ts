import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** The insertion workshop, counted never named (server/reports/workshop.ts). */
export const load: PageServerLoad = reportPage('workshop');
