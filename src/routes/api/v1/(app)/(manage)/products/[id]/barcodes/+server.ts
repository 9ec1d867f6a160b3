import { json } from '@sveltejs/kit';
import { gtinBody } from '$lib/server/api/bodies';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { changeProductGtin, requireProduct } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** Adds a barcode to a product (EAN-13, EAN-8, UPC-A or GTIN-14); answers the product. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await requireProduct(db, locals.actor!, params.id);
		const { gtin } = await readJson(request, gtinBody);
		return json(await changeProductGtin(db, locals.actor!, params.id, { add: gtin }));
	});
