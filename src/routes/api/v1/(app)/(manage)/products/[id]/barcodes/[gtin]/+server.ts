import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { changeProductGtin } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** Takes a barcode off a product; answers the product. */
export const DELETE: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => json(await changeProductGtin(getDb(), locals.actor!, params.id, { remove: params.gtin })));
