import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { hasAnyRole } from '$lib/server/auth/roles';
import { listSales } from '$lib/server/till/sales';
import { getSession } from '$lib/server/till/sessions';
import { pageParam } from '$lib/server/http/paging';
import type { PageServerLoad } from './$types';
import { READ_Z_REPORTS } from '$lib/permissions';

/**
 * The sales list: newest first; ?q= a sale number or a household reference; ?session= one till's sales
 * (Z readers); ?page=. Operators see their till's open session's sales only (listSales).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 40);
	// One till session's sales (linked from the Z reports): for those who read Z reports.
	const sessionId = hasAnyRole(actor.roles, READ_Z_REPORTS) ? (url.searchParams.get('session') ?? '') : '';
	const session = sessionId ? await orHttpError(() => getSession(db, actor, sessionId)) : null;
	const list = await listSales(db, actor, { q, sessionId: session?.id, page: pageParam(url), device: locals.device });
	return {
		q,
		scope: list.scope,
		session: session ? { id: session.id, openedAt: session.openedAt, zNumber: session.zNumber, deviceName: session.deviceName } : null,
		rows: list.rows,
		total: list.total,
		page: list.page,
		pages: list.pages
	};
};
