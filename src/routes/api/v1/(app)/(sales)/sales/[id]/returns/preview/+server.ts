import { randomUUID } from 'node:crypto';
import { json } from '@sveltejs/kit';
import { AUTHORISE_AT_TILL } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, idempotencyKeyOf, readJson } from '$lib/server/http/api';
import { previewReturn, type ReturnInput } from '$lib/server/till/returns';
import { getSale } from '$lib/server/till/sales';
import { tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';
import { returnBody } from '../body';

/**
 * POST /sales/{id}/returns/preview — what the return would give back (previewReturn, as "Vérifier" on
 * the sale's page), with every check of the real one; nothing is recorded. The key is optional here.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, AUTHORISE_AT_TILL);
		const db = getDb();
		const actor = locals.actor!;
		const sale = await getSale(db, actor, params.id, { device: locals.device });
		const input = await readJson(request, returnBody);
		const idempotencyKey = idempotencyKeyOf(request, input.idempotencyKey) ?? randomUUID();
		const point = tillPointOf(actor, locals.device);
		const p = await previewReturn(db, actor, point, { saleId: sale.id, idempotencyKey, reason: input.reason, lines: input.lines as ReturnInput['lines'] });
		return json(
			{ refundCents: p.refundCents, referenceCents: p.referenceCents, budgetRestoredCents: p.budgetRestoredCents, refunds: p.refunds, lines: p.lines },
			{ headers: { 'cache-control': 'no-store' } }
		);
	});
