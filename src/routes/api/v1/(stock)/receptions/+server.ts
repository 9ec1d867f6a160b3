import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { receptionJson } from '$lib/server/stock/apiViews';
import { createReceptionWithLines, getReception } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

const body = z.object({
	originId: z.string(),
	deliveryNote: z.string().optional(),
	deliveredWeightGrams: z.number().nullable().optional(),
	lines: z
		.array(
			z.object({
				productId: z.string().optional(),
				gtin: z.string().max(20).optional(),
				quantity: z.number(),
				expectedQuantity: z.number().nullable().optional(),
				date: z.string().nullable().optional(),
				dateType: z.enum(['dlc', 'ddm', 'none']).optional(),
				lotNumber: z.string().nullable().optional(),
				locationId: z.string().nullable().optional()
			})
		)
		.max(500)
});

export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const db = getDb();
		const { id } = await createReceptionWithLines(db, locals.actor!, input);
		return json(receptionJson(await getReception(db, locals.actor!, id)), { status: 201 });
	});
