import { json } from '@sveltejs/kit';
import { MANAGE_REUSE } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { containerBody, containerJson } from '$lib/server/reuse/apiViews';
import { listReuseContainers } from '$lib/server/reuse/categories';
import { createReuseContainer } from '$lib/server/reuse/manage';
import type { RequestHandler } from './$types';

/** The containers and their tare (`?inactive=1`: those out of service too). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const rows = await listReuseContainers(getDb(), locals.actor!, { includeInactive: url.searchParams.get('inactive') === '1' });
		return json({ items: rows.map(containerJson) });
	});

/** Creates a container with its tare in grams (managers). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_REUSE);
		const body = await readJson(request, containerBody);
		return json(containerJson(await createReuseContainer(getDb(), locals.actor!, body)), { status: 201 });
	});
