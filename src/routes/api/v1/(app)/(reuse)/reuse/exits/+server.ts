import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import { createExit, getExit, listExits } from '$lib/server/reuse/exits';
import { exitBody } from '$lib/server/reuse/exitsApi';
import type { RequestHandler } from './$types';

/** GET /reuse/exits — the organisation's exits, newest first (`?channel=`, `?page=`). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await listExits(getDb(), locals.actor!, { channel: url.searchParams.get('channel'), page: pageParam(url) });
		return json({ items: r.rows, page: r.page, pages: r.pages, total: r.total });
	});

/** POST /reuse/exits — opens an exit (channel, recipient, note; the site when there are several). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const body = await readJson(request, exitBody);
		const db = getDb();
		const { id } = await createExit(db, locals.actor!, body);
		return json(await getExit(db, locals.actor!, id), { status: 201 });
	});
