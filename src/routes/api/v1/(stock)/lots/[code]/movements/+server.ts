import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { movementJson } from '$lib/server/stock/apiViews';
import { getLotByCode, lotHistory } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

/** GET /lots/{code}/movements — the lot's whole history, oldest first (the lot's page). */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const db = getDb();
		const lot = await getLotByCode(db, locals.actor!, params.code);
		return json({ items: (await lotHistory(db, locals.actor!, lot.id)).map(movementJson) });
	});
