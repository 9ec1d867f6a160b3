import { AUDIT_ACTIONS } from '$lib/auditEvents';
import { auditActionFamilies, journalQuery, listAudit } from '$lib/server/audit';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { pageParam } from '$lib/server/http/paging';
import { actorZone } from '$lib/server/timeZone';
import type { PageServerLoad } from './$types';

/** The journal: filters by person, kind of action and shop days (?q=&action=&from=&to=&page=). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const { query, badDate } = journalQuery(url);
	const result = await orHttpError(() => listAudit(db, actor, { ...query, page: pageParam(url) }));
	const families = await orHttpError(() => auditActionFamilies(db, actor));
	return { query, badDate, families, actions: AUDIT_ACTIONS, zone: actorZone(actor), ...result };
};
