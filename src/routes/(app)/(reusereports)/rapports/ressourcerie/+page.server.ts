import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** The ressourcerie's tonnage by flux and channel, rates, stock by age, takings (issue 15; server/reports/reuse.ts). */
export const load: PageServerLoad = reportPage('reuse');
