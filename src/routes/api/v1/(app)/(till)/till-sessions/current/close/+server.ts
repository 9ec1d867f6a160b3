import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { sessionJson } from '$lib/server/till/apiViews';
import { closeTill, pointSession, tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';

const body = z.object({
	counted: z.object({ cash: z.number().optional(), card: z.number().optional(), cheque: z.number().optional() }),
	note: z.string().max(500).optional()
});

/** POST /till-sessions/current/close — closes the open till with the amounts counted: the Z report. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const actor = locals.actor!;
		const db = getDb();
		const point = tillPointOf(actor, locals.device);
		const { id } = await closeTill(db, actor, point, input);
		// The closer gets the Z report of the till they closed (other Z reports: supervisors and admins).
		return json(sessionJson(await pointSession(db, actor, point, id)));
	});
