import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { receptionJson } from '$lib/server/stock/apiViews';
import { getReception, removeLine } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

/** DELETE /receptions/{id}/lines/{lineId} — removes a line of a draft reception (removeLine); answers the reception. */
export const DELETE: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const db = getDb();
		await removeLine(db, locals.actor!, params.id, params.lineId);
		return json(receptionJson(await getReception(db, locals.actor!, params.id)));
	});
