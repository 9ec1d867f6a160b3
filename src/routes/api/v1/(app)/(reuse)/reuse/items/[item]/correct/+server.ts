import { json } from '@sveltejs/kit';
import { CORRECT_REUSE } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { correctItemStock, getItem } from '$lib/server/reuse/items';
import { itemDetailJson, correctBody } from '$lib/server/reuse/itemsApi';
import type { RequestHandler } from './$types';

/** A supervisor sets the pieces really there (0 to the pieces made) with a reason. The item is found first (another organisation's: 404), then the body is judged. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, CORRECT_REUSE);
		const db = getDb();
		const item = await getItem(db, locals.actor!, params.item);
		const body = await readJson(request, correctBody);
		await correctItemStock(db, locals.actor!, item.id, body);
		return json(itemDetailJson(await getItem(db, locals.actor!, item.id)));
	});
