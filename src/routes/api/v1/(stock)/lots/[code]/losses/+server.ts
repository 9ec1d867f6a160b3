import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { lotJson } from '$lib/server/stock/apiViews';
import { recordLoss, type LossReason } from '$lib/server/stock/lots';
import { getLotByCode } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

// Shapes only: recordLoss checks the quantity (base units), the reason and the balance.
const body = z.object({ quantity: z.number(), reason: z.string().max(40), note: z.string().max(1000).optional() });

/** POST /lots/{code}/losses — a loss with its reason (recordLoss, as the lot's page): a negative movement. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		// The path first: another organisation's lot is a 404 whatever the body.
		const lot = await getLotByCode(db, locals.actor!, params.code);
		const input = await readJson(request, body);
		const r = await recordLoss(db, locals.actor!, { lotId: lot.id, quantity: input.quantity, reason: input.reason as LossReason, note: input.note });
		return json({ movementId: r.movementId, lot: lotJson(await getLotByCode(db, locals.actor!, lot.code)) }, { status: 201 });
	});
