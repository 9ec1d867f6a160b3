import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { addExitLine, checkExit, getExit, type ExitLineInput } from '$lib/server/reuse/exits';
import { exitLineBody } from '$lib/server/reuse/exitsApi';
import type { RequestHandler } from './$types';

/** POST /reuse/exits/{id}/lines — a line weighed, counted, or an item by its label's code. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		// The exit first (404 for another organisation's), then the body (400).
		await checkExit(db, locals.actor!, params.id);
		const body = await readJson(request, exitLineBody);
		const line = await addExitLine(db, locals.actor!, params.id, body as ExitLineInput);
		return json({ line, exit: await getExit(db, locals.actor!, params.id) }, { status: 201 });
	});
