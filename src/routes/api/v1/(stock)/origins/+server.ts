import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { MANAGE_CATALOGUE } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { createOrigin, getOrigin, listOrigins } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** The origins of goods (what a reception names), by name; ?inactive=1 adds those out of use. */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => json({ items: await listOrigins(getDb(), locals.actor!, { includeInactive: url.searchParams.get('inactive') === '1' }) }));

const body = z.object({ name: z.string().max(200), kind: z.string().max(40), active: z.boolean().optional() });

/** Creates an origin (managers: the origins page). FSE+ follows the kind. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_CATALOGUE);
		const input = await readJson(request, body);
		const db = getDb();
		const { id } = await createOrigin(db, locals.actor!, input as never);
		return json(await getOrigin(db, locals.actor!, id), { status: 201 });
	});
