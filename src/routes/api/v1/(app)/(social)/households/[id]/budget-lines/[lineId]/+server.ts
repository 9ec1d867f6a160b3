import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { removeBudgetLine } from '$lib/server/households/households';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Removes a resource or a charge ("line_remove"). */
export const DELETE: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		await removeBudgetLine(getDb(), locals.actor!, params.id, params.lineId);
		return json({ ok: true });
	});
