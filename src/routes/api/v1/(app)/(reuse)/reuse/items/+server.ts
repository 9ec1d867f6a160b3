import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import { createItem, getItem, listItems } from '$lib/server/reuse/items';
import { itemDetailJson, itemJson, itemQueryOf, newItemBody } from '$lib/server/reuse/itemsApi';
import type { RequestHandler } from './$types';

/** The ressourcerie's items: ?q=&flux=&category=&state=stock|gone|all&sort=&page= (the list page's filters). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await listItems(getDb(), locals.actor!, itemQueryOf(url, pageParam(url)));
		return json({ items: r.rows.map(itemJson), total: r.total, page: r.page, pages: r.pages });
	});

/** Makes an item (one object or a batch): createItem judges every value. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const body = await readJson(request, newItemBody);
		const db = getDb();
		const { id } = await createItem(db, locals.actor!, {
			categoryId: body.categoryId,
			description: body.description,
			price: body.priceCents,
			quantity: body.quantity,
			weight: body.weightGrams,
			siteId: body.siteId,
			locationId: body.locationId,
			intakeId: body.intakeId
		});
		return json(itemDetailJson(await getItem(db, locals.actor!, id)), { status: 201 });
	});
