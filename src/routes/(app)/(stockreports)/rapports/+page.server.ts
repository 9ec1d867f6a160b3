import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { listSites } from '$lib/server/places/places';
import { runDashboard } from '$lib/server/reports/dashboard';
import { reportsFor } from '$lib/server/reports/registry';
import type { PageServerLoad } from './$types';

/** The dashboard (issue 12; server/reports/dashboard.ts) and the reports this person may open. */
export const load: PageServerLoad = ({ locals, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const actor = locals.actor!;
		const report = await runDashboard(db, actor, url.searchParams);
		const sites = (await listSites(db, actor)).map((s) => ({ id: s.id, name: s.name }));
		const reports = reportsFor(actor.roles).map((r) => ({ path: r.path, title: r.title() }));
		return { report, sites, reports };
	});
