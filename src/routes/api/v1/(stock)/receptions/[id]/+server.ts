import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { receptionJson } from '$lib/server/stock/apiViews';
import { getReception, setDeliveredWeight } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(receptionJson(await getReception(getDb(), locals.actor!, params.id))));

/** The delivered weight of a draft reception, in grams (null clears it); the service checks it. */
const body = z.object({ deliveredWeightGrams: z.number().nullable() });

export const PATCH: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		// Another organisation's (or an unknown) reception is a 404 before its body is judged.
		await getReception(db, locals.actor!, params.id);
		const input = await readJson(request, body);
		await setDeliveredWeight(db, locals.actor!, params.id, input.deliveredWeightGrams);
		return json(receptionJson(await getReception(db, locals.actor!, params.id)));
	});
