import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { RUN_TILL } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { cashMovement, tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';

// Shapes only: cashMovement checks the kind, the amount and the reason.
const body = z.object({ kind: z.string().max(10), amountCents: z.number(), reason: z.string().max(1000) });

/**
 * POST /till/cash-movements — cash put in or taken out of the drawer of this till point's open till,
 * with its reason (cashMovement, as /caisse/especes); counted in the Z report.
 */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, RUN_TILL);
		const input = await readJson(request, body);
		const actor = locals.actor!;
		const r = await cashMovement(getDb(), actor, tillPointOf(actor, locals.device), input as { kind: 'in' | 'out'; amountCents: number; reason: string });
		return json(r, { status: 201, headers: { 'cache-control': 'no-store' } });
	});
