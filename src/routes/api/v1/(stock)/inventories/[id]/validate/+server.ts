import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { VALIDATE_STOCK } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { getCount, validateCount } from '$lib/server/stock/counts';
import type { RequestHandler } from './$types';

const body = z.object({ reason: z.string().max(1000).optional() });

/**
 * POST /inventories/{id}/validate — a supervisor validates the count (validateCount): a count movement
 * per counted lot; a large difference needs `reason` (409 reason_required, nothing changes).
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		// Validating is the supervisors' (the service checks it too): an operator is refused before the body is read.
		requireRole(locals.actor!, VALIDATE_STOCK);
		const db = getDb();
		await getCount(db, locals.actor!, params.id);
		const input = await readJson(request, body);
		return json(await validateCount(db, locals.actor!, params.id, { reason: input.reason }));
	});
