import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { publicSaleJson } from '$lib/server/till/apiViews';
import { getPublicSale } from '$lib/server/till/publicSale';
import type { RequestHandler } from './$types';

/** GET /public-sales/{id} — a public sale by its id or number (V-000123): lines with weights and discounts, payments, returns. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () =>
		json(publicSaleJson(await getPublicSale(getDb(), locals.actor!, params.id, { device: locals.device })), { headers: { 'cache-control': 'no-store' } })
	);
