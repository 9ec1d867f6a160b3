import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { lotJson } from '$lib/server/stock/apiViews';
import { moveLot } from '$lib/server/stock/lots';
import { getLotByCode } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

// Shapes only: moveLot checks the quantity, the location and the cold chain.
const body = z.object({ locationId: z.string().max(100), quantity: z.number().optional(), confirmColdForAmbient: z.boolean().optional() });

/**
 * POST /lots/{code}/move — shelving (rangement): puts the lot, or part of it (a new lot is split off),
 * in a location (moveLot, the service behind /stock/rangement).
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		const lot = await getLotByCode(db, locals.actor!, params.code);
		const input = await readJson(request, body);
		const r = await moveLot(db, locals.actor!, { lotId: lot.id, ...input });
		return json({
			split: r.split,
			lot: lotJson(await getLotByCode(db, locals.actor!, r.code)),
			...(r.split ? { from: lotJson(await getLotByCode(db, locals.actor!, lot.code)) } : {})
		});
	});
