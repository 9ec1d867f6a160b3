import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { pageParam } from '$lib/server/http/paging';
import { listExits } from '$lib/server/reuse/exits';
import { actorZone } from '$lib/server/timeZone';
import type { PageServerLoad } from './$types';

/** The exits, newest first, filtered by channel (`?channel=`), 20 a page. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const channel = url.searchParams.get('channel');
	const list = await orHttpError(() => listExits(getDb(), locals.actor!, { channel, page: pageParam(url) }));
	const zone = actorZone(locals.actor);
	return { ...list, rows: list.rows.map((r) => ({ ...r, at: formatDateTime(r.createdAt, zone) })), channel };
};
