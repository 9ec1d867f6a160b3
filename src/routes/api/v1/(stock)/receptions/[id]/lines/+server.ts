import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { receptionJson } from '$lib/server/stock/apiViews';
import { addLine, getReception } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

// The line of POST /receptions, one at a time. Shapes only: addLine checks the food-safety rules.
const body = z.object({
	productId: z.string().max(100),
	quantity: z.number(),
	expectedQuantity: z.number().nullable().optional(),
	date: z.string().max(40).nullable().optional(),
	dateType: z.enum(['dlc', 'ddm', 'none']).optional(),
	lotNumber: z.string().max(1000).nullable().optional(),
	locationId: z.string().max(100).nullable().optional()
});

/** POST /receptions/{id}/lines — adds a line to a draft reception (addLine, as the reception's line form). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await getReception(db, locals.actor!, params.id);
		const input = await readJson(request, body);
		const { id } = await addLine(db, locals.actor!, params.id, input);
		return json({ lineId: id, reception: receptionJson(await getReception(db, locals.actor!, params.id)) }, { status: 201 });
	});
