import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle } from '$lib/server/http/api';
import { sessionJson } from '$lib/server/till/apiViews';
import { currentSession, pointSession, tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';

/** GET /till-sessions/current — the open till of the caller's till point, with its figures so far. */
export const GET: RequestHandler = ({ locals }) =>
	apiHandle(async () => {
		const actor = locals.actor!;
		const db = getDb();
		const point = tillPointOf(actor, locals.device);
		const s = await currentSession(db, actor, point);
		if (!s) throw new AppError('no_open_session', m.till_no_open_session(), 404);
		return json(sessionJson(await pointSession(db, actor, point, s.id)), { headers: { 'cache-control': 'no-store' } });
	});
