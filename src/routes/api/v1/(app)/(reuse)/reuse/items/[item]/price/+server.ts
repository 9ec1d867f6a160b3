import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { changeItemPrice, getItem } from '$lib/server/reuse/items';
import { itemDetailJson, priceBody } from '$lib/server/reuse/itemsApi';
import type { RequestHandler } from './$types';

/** A new unit price (refused once no piece is left): work event `reuse.price`. The item is found first (another organisation's: 404), then the body is judged. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		const item = await getItem(db, locals.actor!, params.item);
		const body = await readJson(request, priceBody);
		await changeItemPrice(db, locals.actor!, item.id, body.priceCents);
		return json(itemDetailJson(await getItem(db, locals.actor!, item.id)));
	});
