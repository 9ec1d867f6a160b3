import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { AUTHORISE_AT_TILL } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle, idempotencyKeyOf, readJson } from '$lib/server/http/api';
import { returnJson } from '$lib/server/till/apiViews';
import { getPublicSale } from '$lib/server/till/publicSale';
import { returnSale, type ReturnInput } from '$lib/server/till/returns';
import { tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';
import { returnBody } from '../../../sales/[id]/returns/body';

/**
 * POST /public-sales/{id}/returns — takes back lines of a public sale (returnSale, the same service as
 * the épicerie's returns): an item line back to stock puts the item back on its ledger; a quick-key line
 * has nothing to put back. Refunded by the methods paid. Idempotent like POST /sales/{id}/returns.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, AUTHORISE_AT_TILL);
		const db = getDb();
		const actor = locals.actor!;
		// The path first: an unknown sale, an épicerie sale or another organisation's is a 404 whatever the body.
		const sale = await getPublicSale(db, actor, params.id, { device: locals.device });
		const input = await readJson(request, returnBody);
		const idempotencyKey = idempotencyKeyOf(request, input.idempotencyKey);
		if (!idempotencyKey) throw new AppError('idempotency_key_required', m.till_idempotency_key_required(), 400, 'idempotencyKey');
		const point = tillPointOf(actor, locals.device);
		const r = await returnSale(db, actor, point, { saleId: sale.id, idempotencyKey, reason: input.reason, lines: input.lines as ReturnInput['lines'] });
		const headers: Record<string, string> = { location: `/api/v1/public-sales/${r.saleId}`, 'cache-control': 'no-store' };
		if (r.replayed) headers['idempotent-replayed'] = 'true';
		return json(returnJson(r), { status: r.replayed ? 200 : 201, headers });
	});
