import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { siteJson } from '$lib/server/places/apiViews';
import { createSite, getSite, listSites } from '$lib/server/places/places';
import type { RequestHandler } from './$types';

/** The organisation's sites, by name (French order), with their number of active locations; ?inactive=1 adds those out of use. */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const rows = await listSites(getDb(), locals.actor!, { includeInactive: url.searchParams.get('inactive') === '1' });
		return json({ items: rows.map(siteJson).sort((a, b) => a.name.localeCompare(b.name, 'fr')) });
	});

const body = z.object({ name: z.string().max(200), kind: z.string().max(40), address: z.string().max(400).optional() });

/** Creates a site (the places page's "Nouveau site"). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const db = getDb();
		const { id } = await createSite(db, locals.actor!, input as never);
		return json(siteJson(await getSite(db, locals.actor!, id)), { status: 201 });
	});
