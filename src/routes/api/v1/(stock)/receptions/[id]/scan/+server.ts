import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { scanJson } from '$lib/server/stock/apiViews';
import { getReception, resolveProductScan } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

/**
 * GET /receptions/{id}/scan?code= — what a scanned code means for the reception's next line
 * (resolveProductScan, as the reception's scan field): a known product with what a GS1 code says of its
 * lot, date and weight, or an unknown code with the guesses for creating the product. Nothing is saved.
 */
export const GET: RequestHandler = ({ locals, params, url }) =>
	apiHandle(async () => {
		const db = getDb();
		await getReception(db, locals.actor!, params.id);
		return json(scanJson(await resolveProductScan(db, locals.actor!, url.searchParams.get('code') ?? '')));
	});
