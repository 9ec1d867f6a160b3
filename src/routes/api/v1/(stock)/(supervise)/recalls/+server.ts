import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { lotJson } from '$lib/server/stock/apiViews';
import { recallLots } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

const body = z.object({ lotNumber: z.string().max(200), productId: z.string().max(100).nullable().optional() });

/**
 * POST /recalls — a recall by supplier lot number (and product): every matching lot is blocked and
 * listed with its place (recallLots, as /stock/rappels; route group (supervise) inside (stock)).
 */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const hit = await recallLots(getDb(), locals.actor!, { lotNumber: input.lotNumber, productId: input.productId || null });
		return json({ items: hit.map(lotJson) });
	});
