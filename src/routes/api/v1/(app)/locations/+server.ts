import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { MANAGE_ORGANISATION } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle, readJson } from '$lib/server/http/api';
import { locationJson } from '$lib/server/places/apiViews';
import { createLocation, getLocation, listLocations } from '$lib/server/places/places';
import type { RequestHandler } from './$types';

/** The organisation's active locations (?site=<uuid> for one site). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const site = url.searchParams.get('site');
		if (site !== null && !z.uuid().safeParse(site).success) throw new AppError('invalid_input', m.api_invalid_field({ field: 'site' }), 400, 'site');
		const rows = await listLocations(getDb(), locals.actor!, { siteId: site ?? undefined });
		return json({ items: rows.map(locationJson) });
	});

const body = z.object({ siteId: z.string().max(100), name: z.string().max(200), kind: z.string().max(40), zone: z.string().max(20).optional() });

/** Creates a location (managers: the places page); it gets the next label code (EMP-0007). Everyone reads, managers write. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_ORGANISATION);
		const input = await readJson(request, body);
		const db = getDb();
		const { id } = await createLocation(db, locals.actor!, input as never);
		return json(locationJson(await getLocation(db, locals.actor!, id)), { status: 201 });
	});
