import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** Losses by reason, category, origin and month (issue 12; server/reports/losses.ts). */
export const load: PageServerLoad = reportPage('losses');
