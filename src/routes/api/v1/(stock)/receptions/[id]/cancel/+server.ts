import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { receptionJson } from '$lib/server/stock/apiViews';
import { cancelReception, getReception } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

/** POST /receptions/{id}/cancel — gives up a draft reception (cancelReception): no lot, no movement. No body. */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const db = getDb();
		await cancelReception(db, locals.actor!, params.id);
		return json(receptionJson(await getReception(db, locals.actor!, params.id)));
	});
