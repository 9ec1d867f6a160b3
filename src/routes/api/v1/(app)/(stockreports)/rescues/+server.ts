import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { READ_STOCK_REPORTS } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { lotJson } from '$lib/server/stock/apiViews';
import { rescueLot } from '$lib/server/stock/rescue';
import { getLotByCode } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

// Shapes only: rescueLot checks the action, the place, the partner, the quantity and the lot's dates.
const body = z.object({
	lot: z.string().max(20),
	action: z.string().max(40),
	locationId: z.string().max(100).nullish(),
	quantity: z.number().nullish(),
	partner: z.string().max(1000).nullish()
});

/** POST /rescues — a lot close to its date to the free shelf, a partner or a parcel (rescueLot, as the expiry report's page). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, READ_STOCK_REPORTS);
		const db = getDb();
		const input = await readJson(request, body);
		const lot = await getLotByCode(db, locals.actor!, input.lot);
		const r = await rescueLot(db, locals.actor!, {
			lotId: lot.id,
			action: input.action,
			locationId: input.locationId,
			quantity: input.quantity,
			partner: input.partner
		});
		return json(
			{ movementId: r.movementId, action: r.action, quantity: r.quantity, lot: lotJson(await getLotByCode(db, locals.actor!, lot.code)) },
			{ status: 201 }
		);
	});
