import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { lineJson } from '$lib/server/stock/apiViews';
import { quickCreateProduct, type QuickProductInput } from '$lib/server/stock/catalogue';
import { getReception } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

// Shapes only: quickCreateProduct checks every field and reports them all at once (errors).
const body = z.object({
	name: z.string().max(1000),
	gtin: z.string().max(100),
	unit: z.string().max(20),
	zone: z.string().max(20),
	dateType: z.string().max(20),
	categoryId: z.string().max(100).nullable().optional(),
	referencePriceCents: z.number().optional()
});

/**
 * POST /receptions/{id}/products — an unknown code during a reception: creates the product on the spot
 * (quickCreateProduct, as the reception's quick form), marked to be checked by a manager when its
 * creator does not keep the catalogue. Answers the product and the line it prefills.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		// The path first: another organisation's reception is a 404 whatever the body.
		await getReception(db, locals.actor!, params.id);
		const input = await readJson(request, body);
		const p = await quickCreateProduct(db, locals.actor!, input as QuickProductInput);
		return json({ product: p, line: lineJson(p, null) }, { status: 201 });
	});
