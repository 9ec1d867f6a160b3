import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { RUN_TILL } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { tillPointOf } from '$lib/server/till/sessions';
import { requestOverride } from '$lib/server/till/sales';
import type { RequestHandler } from './$types';

const body = z.object({ customer: z.string().max(200), supervisorId: z.string().max(100), pin: z.string().max(20), reason: z.string().max(1000) });

/**
 * POST /till/overrides — a supervisor authorises, with their PIN and a reason, going over the budget or
 * a limit for one sale of this household (requestOverride, as the till's override panel). The answer's
 * `overrideId` goes in POST /sales. Wrong PINs are counted per supervisor and till point, as on the tablet.
 */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, RUN_TILL);
		const input = await readJson(request, body);
		const actor = locals.actor!;
		const r = await requestOverride(getDb(), actor, tillPointOf(actor, locals.device), input);
		if (!r.ok) throw r.error;
		return json({ overrideId: r.overrideId, supervisor: r.supervisor }, { status: 201, headers: { 'cache-control': 'no-store' } });
	});
