import { json } from '@sveltejs/kit';
import { MANAGE_REUSE } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { categoryBody, categoryJson } from '$lib/server/reuse/apiViews';
import { listReuseCategories } from '$lib/server/reuse/categories';
import { createReuseCategory } from '$lib/server/reuse/manage';
import type { RequestHandler } from './$types';

/** The ressourcerie's object categories by flux (`?inactive=1`: those out of service too). The tablet's people and managers read. */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const rows = await listReuseCategories(getDb(), locals.actor!, { includeInactive: url.searchParams.get('inactive') === '1' });
		return json({ items: rows.map(categoryJson) });
	});

/** Creates a category (managers). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_REUSE);
		const body = await readJson(request, categoryBody);
		return json(categoryJson(await createReuseCategory(getDb(), locals.actor!, body)), { status: 201 });
	});
