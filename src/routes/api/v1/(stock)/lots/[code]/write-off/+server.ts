import { json } from '@sveltejs/kit';
import { VALIDATE_STOCK } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { writeOffExpiredLot } from '$lib/server/stock/lots';
import { getLotByCode } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

/**
 * POST /lots/{code}/write-off — a supervisor takes a DLC-past lot off the stock (writeOffExpiredLot, as
 * "DLC passée — à retirer" on the alerts): a loss of its whole balance. No body.
 */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, VALIDATE_STOCK);
		const db = getDb();
		const lot = await getLotByCode(db, locals.actor!, params.code);
		return json(await writeOffExpiredLot(db, locals.actor!, lot.id));
	});
