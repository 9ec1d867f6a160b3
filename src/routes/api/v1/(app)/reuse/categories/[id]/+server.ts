import { json } from '@sveltejs/kit';
import { MANAGE_REUSE } from '$lib/permissions';
import { activeBody } from '$lib/server/api/bodies';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { categoryBody, categoryJson } from '$lib/server/reuse/apiViews';
import { getReuseCategory, setReuseCategoryActive, updateReuseCategory } from '$lib/server/reuse/manage';
import type { RequestHandler } from './$types';

/** Replaces a category's fields (managers). Another organisation's id: 404. */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_REUSE);
		const db = getDb();
		await getReuseCategory(db, locals.actor!, params.id);
		const body = await readJson(request, categoryBody);
		return json(categoryJson(await updateReuseCategory(db, locals.actor!, params.id, body)));
	});

/** Takes a category out of service or back: {"active": false}. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_REUSE);
		const db = getDb();
		await getReuseCategory(db, locals.actor!, params.id);
		const { active } = await readJson(request, activeBody);
		return json(categoryJson(await setReuseCategoryActive(db, locals.actor!, params.id, active)));
	});
