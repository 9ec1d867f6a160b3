import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { activeBody } from '$lib/server/api/bodies';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { siteJson } from '$lib/server/places/apiViews';
import { getSite, setSiteActive, updateSite } from '$lib/server/places/places';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(siteJson(await getSite(getDb(), locals.actor!, params.id))));

const body = z.object({ name: z.string().max(200), kind: z.string().max(40), address: z.string().max(400).optional(), active: z.boolean().optional() });

/** Replaces a site's name, kind and address (and its state when `active` is given): the site's form. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await getSite(db, locals.actor!, params.id);
		const input = await readJson(request, body);
		await updateSite(db, locals.actor!, params.id, input as never);
		return json(siteJson(await getSite(db, locals.actor!, params.id)));
	});

/** Puts a site in or out of use (the places page's button): {"active": false}. Its locations and history stay. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await getSite(db, locals.actor!, params.id);
		const { active } = await readJson(request, activeBody);
		await setSiteActive(db, locals.actor!, params.id, active);
		return json(siteJson(await getSite(db, locals.actor!, params.id)));
	});
