import { json } from '@sveltejs/kit';
import { MANAGE_REUSE } from '$lib/permissions';
import { activeBody } from '$lib/server/api/bodies';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { containerBody, containerJson } from '$lib/server/reuse/apiViews';
import { getReuseContainer, setReuseContainerActive, updateReuseContainer } from '$lib/server/reuse/manage';
import type { RequestHandler } from './$types';

/** Renames a container or changes its tare (managers). */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_REUSE);
		const db = getDb();
		await getReuseContainer(db, locals.actor!, params.id);
		const body = await readJson(request, containerBody);
		return json(containerJson(await updateReuseContainer(db, locals.actor!, params.id, body)));
	});

/** Takes a container out of service or back: {"active": false}. */
export const PATCH: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_REUSE);
		const db = getDb();
		await getReuseContainer(db, locals.actor!, params.id);
		const { active } = await readJson(request, activeBody);
		return json(containerJson(await setReuseContainerActive(db, locals.actor!, params.id, active)));
	});
