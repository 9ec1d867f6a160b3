import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** Stock at the end of a day, rebuilt from the ledger (issue 12; server/reports/stock.ts). */
export const load: PageServerLoad = reportPage('stock');
