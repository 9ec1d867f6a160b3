import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { cancelExitLine, getExit } from '$lib/server/reuse/exits';
import type { RequestHandler } from './$types';

/** POST /reuse/exits/{id}/lines/{lineId}/cancel — cancels a line by a reversing line (supervisors and managers), as intakes do. */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const db = getDb();
		await cancelExitLine(db, locals.actor!, params.id, params.lineId);
		return json(await getExit(db, locals.actor!, params.id));
	});
