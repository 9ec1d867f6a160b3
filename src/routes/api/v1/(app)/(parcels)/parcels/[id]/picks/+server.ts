import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { checkParcel, scanForParcel } from '$lib/server/parcels/prepare';
import type { RequestHandler } from './$types';

// Shapes only: scanForParcel checks the parcel, the lot, its category, its dates and the quantity.
const body = z.object({
	code: z.string().max(300),
	quantity: z.number().nullish(),
	templateLineId: z.string().max(100).nullish()
});

/** POST /parcels/{id}/picks — a scanned lot into the parcel (as a scan on the picking screen). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		// The parcel first (404 for another organisation's), then the body (400).
		await checkParcel(getDb(), locals.actor!, params.id);
		const input = await readJson(request, body);
		const r = await scanForParcel(getDb(), locals.actor!, params.id, input.code, { quantity: input.quantity, templateLineId: input.templateLineId });
		return json(r, { status: 201 });
	});
