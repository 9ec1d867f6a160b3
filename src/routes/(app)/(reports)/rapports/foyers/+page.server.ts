import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** Households served, counted never named (server/reports/households.ts). */
export const load: PageServerLoad = reportPage('households');
