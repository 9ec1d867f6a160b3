import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { listSales } from '$lib/server/till/sales';
import { getSession } from '$lib/server/till/sessions';
import { pageParam } from '$lib/server/http/paging';
import type { PageServerLoad } from './$types';

/** The sales list: newest first; ?q= a sale number or a household reference; ?session= one till's sales; ?page=. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 40);
	const sessionId = url.searchParams.get('session') ?? '';
	const session = sessionId ? await orHttpError(() => getSession(db, actor, sessionId)) : null;
	const list = await listSales(db, actor, { q, sessionId: session?.id, page: pageParam(url) });
	return {
		q,
		session: session ? { id: session.id, openedAt: session.openedAt, zNumber: session.zNumber, deviceName: session.deviceName } : null,
		rows: list.rows,
		total: list.total,
		page: list.page,
		pages: Math.max(1, Math.ceil(list.total / list.pageSize))
	};
};
