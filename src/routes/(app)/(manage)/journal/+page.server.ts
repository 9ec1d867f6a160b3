import { auditActionFamilies, listAudit } from '$lib/server/audit';
import { getDb } from '$lib/server/db/app';
import { pageParam } from '$lib/server/http/paging';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const query = {
		q: (url.searchParams.get('q') ?? '').slice(0, 100),
		action: (url.searchParams.get('action') ?? '').slice(0, 60),
		page: pageParam(url)
	};
	const result = await listAudit(db, actor, query);
	return { query: { q: query.q, action: query.action }, families: await auditActionFamilies(db, actor), ...result };
};
