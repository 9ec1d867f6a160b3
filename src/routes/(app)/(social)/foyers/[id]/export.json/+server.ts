import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { exportHousehold } from '$lib/server/households/privacy';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The household's data as a JSON file to hand over (RGPD right of access); audited. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const data = await exportHousehold(getDb(), locals.actor!, params.id);
		return json(data, { headers: { 'content-disposition': `attachment; filename="${data.file.household.reference}.json"`, 'cache-control': 'no-store' } });
	});
