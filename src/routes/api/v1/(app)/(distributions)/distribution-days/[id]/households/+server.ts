import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { addHousehold, findDay } from '$lib/server/parcels/days';
import type { RequestHandler } from './$types';

const body = z.object({ code: z.string().max(200) });

/** POST /distribution-days/{id}/households — adds a household by card or reference (addHousehold). */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		await findDay(getDb(), locals.actor!, params.id);
		const input = await readJson(request, body);
		return json(await addHousehold(getDb(), locals.actor!, params.id, input.code), { status: 201 });
	});
