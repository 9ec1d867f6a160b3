import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { moveItem, getItem } from '$lib/server/reuse/items';
import { itemDetailJson, moveBody } from '$lib/server/reuse/itemsApi';
import type { RequestHandler } from './$types';

/** Moves the item to another location of its site. The item is found first (another organisation's: 404), then the body is judged. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		const item = await getItem(db, locals.actor!, params.item);
		const body = await readJson(request, moveBody);
		await moveItem(db, locals.actor!, item.id, body.locationId);
		return json(itemDetailJson(await getItem(db, locals.actor!, item.id)));
	});
