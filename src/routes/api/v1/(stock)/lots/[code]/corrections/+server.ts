import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { VALIDATE_STOCK } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { lotJson } from '$lib/server/stock/apiViews';
import { correctMovement } from '$lib/server/stock/lots';
import { getLotByCode } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

const body = z.object({ movementId: z.number(), reason: z.string().max(1000) });

/**
 * POST /lots/{code}/corrections — a supervisor reverses one of the lot's movements by a correcting one
 * (correctMovement, as "Annuler ce mouvement" on the lot's page), with a reason (required).
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, VALIDATE_STOCK);
		const db = getDb();
		const lot = await getLotByCode(db, locals.actor!, params.code);
		const input = await readJson(request, body);
		const r = await correctMovement(db, locals.actor!, input.movementId, input.reason, { lotId: lot.id });
		return json({ movementId: r.movementId, lot: lotJson(await getLotByCode(db, locals.actor!, lot.code)) }, { status: 201 });
	});
