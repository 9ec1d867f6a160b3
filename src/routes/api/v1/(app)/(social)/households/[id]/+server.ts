import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { openHouseholdFile } from '$lib/server/households/households';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The full file (audited as an opening). */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const { settings: _s, ...file } = await openHouseholdFile(getDb(), locals.actor!, params.id);
		return json(file, { headers: { 'cache-control': 'no-store' } });
	});
