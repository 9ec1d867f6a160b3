import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { tillCatalogue } from '$lib/server/till/sales';
import type { RequestHandler } from './$types';

/**
 * The catalogue the serving screen keeps on the tablet during a sale (products, codes, prices, lots
 * in stock): read once, then again after each sale, so that a scan shows its line at once.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const catalogue = await orHttpError(() => tillCatalogue(getDb(), locals.actor!));
	return json(catalogue, { headers: { 'cache-control': 'no-store' } });
};
