import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { removeRightLimit, setRightLimit } from '$lib/server/households/rights';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

// perMonth is checked by the service (after the right: another organisation's right is a 404 whatever the body).
const body = z.object({ perMonth: z.number().optional() });

/** Sets one category's quantity a month on a right ("limit_set"). */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const { perMonth } = await readJson(request, body);
		await setRightLimit(getDb(), locals.actor!, params.id, params.categoryId, perMonth ?? NaN);
		return json({ ok: true });
	});

/** Removes one category's limit from a right ("limit_remove"). */
export const DELETE: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		await removeRightLimit(getDb(), locals.actor!, params.id, params.categoryId);
		return json({ ok: true });
	});
