import { reportPage } from '$lib/server/reports/routes';
import type { PageServerLoad } from './$types';

/** The quarterly eco-organism declaration (issue 15; server/reports/ecoDeclaration.ts). */
export const load: PageServerLoad = reportPage('reuse-declaration');
