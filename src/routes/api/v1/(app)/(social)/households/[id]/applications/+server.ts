import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { checkHousehold } from '$lib/server/households/households';
import { submitApplication } from '$lib/server/households/rights';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const body = z.object({ assessment: z.string().max(4000) });

/** Sends the file to the committee ("apply"), with the social worker's assessment. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkHousehold(db, locals.actor!, params.id);
		const b = await readJson(request, body);
		return json(await submitApplication(db, locals.actor!, params.id, b), { status: 201 });
	});
