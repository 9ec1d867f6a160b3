import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { inventoryJson } from '$lib/server/stock/apiViews';
import { countLot, getCount } from '$lib/server/stock/counts';
import type { RequestHandler } from './$types';

// Shapes only: countLot checks the lot, the quantity (base units) and where the lot is.
const body = z.object({ lot: z.string().max(200), quantity: z.number(), moveHere: z.boolean().optional() });

/**
 * POST /inventories/{id}/lines — what is on the shelf for a lot (countLot, as the count's screen);
 * counting a lot again replaces the number. A lot recorded elsewhere: 409 lot_elsewhere unless moveHere.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		// The path first: another organisation's count is a 404 whatever the body.
		await getCount(db, locals.actor!, params.id);
		const input = await readJson(request, body);
		const r = await countLot(db, locals.actor!, params.id, { lot: input.lot, quantity: input.quantity, moveHere: input.moveHere === true });
		return json({ lot: r.code, moved: r.moved, inventory: inventoryJson(await getCount(db, locals.actor!, params.id)) });
	});
