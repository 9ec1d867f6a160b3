import { json } from '@sveltejs/kit';
import { activeBody } from '$lib/server/api/bodies';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { getOrigin, setOriginActive } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await getOrigin(getDb(), locals.actor!, params.id)));

/** Puts an origin in or out of use (the origins page's toggle, with the state said): {"active": false}. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await getOrigin(db, locals.actor!, params.id);
		const { active } = await readJson(request, activeBody);
		await setOriginActive(db, locals.actor!, params.id, active);
		return json(await getOrigin(db, locals.actor!, params.id));
	});
