import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { activeBody } from '$lib/server/api/bodies';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { locationJson } from '$lib/server/places/apiViews';
import { getLocation, setLocationActive, updateLocation } from '$lib/server/places/places';
import type { RequestHandler } from './$types';

/** One location, active or not. */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(locationJson(await getLocation(getDb(), locals.actor!, params.id))));

const body = z.object({
	siteId: z.string().max(100),
	name: z.string().max(200),
	kind: z.string().max(40),
	zone: z.string().max(20).optional(),
	active: z.boolean().optional()
});

/** Replaces a location's site, name, kind and zone (and its state when `active` is given): the location's form. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await getLocation(db, locals.actor!, params.id);
		const input = await readJson(request, body);
		await updateLocation(db, locals.actor!, params.id, input as never);
		return json(locationJson(await getLocation(db, locals.actor!, params.id)));
	});

/** Puts a location in or out of use (the places page's button): {"active": false}. Its code is never reused. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await getLocation(db, locals.actor!, params.id);
		const { active } = await readJson(request, activeBody);
		await setLocationActive(db, locals.actor!, params.id, active);
		return json(locationJson(await getLocation(db, locals.actor!, params.id)));
	});
