import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import { sessionJson, sessionListItemJson } from '$lib/server/till/apiViews';
import { listSessions, openTill, pointSession, tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';

/** GET /till-sessions?page= — the organisation's till sessions, newest first, with their Z figures (Z readers: listSessions). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await listSessions(getDb(), locals.actor!, { page: pageParam(url) });
		return json({ items: r.rows.map(sessionListItemJson), total: r.total, page: r.page, pages: r.pages });
	});

const body = z.object({ floatCents: z.number(), note: z.string().max(500).optional() });

/** POST /till-sessions — opens the till of the caller's till point (the API token, or the tablet) with its float. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const actor = locals.actor!;
		const db = getDb();
		const point = tillPointOf(actor, locals.device);
		const { id } = await openTill(db, actor, point, input);
		return json(sessionJson(await pointSession(db, actor, point, id)), { status: 201, headers: { location: `/api/v1/till-sessions/${id}` } });
	});
