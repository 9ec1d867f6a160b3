import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { AUTHORISE_AT_TILL } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle, idempotencyKeyOf, readJson } from '$lib/server/http/api';
import { returnJson } from '$lib/server/till/apiViews';
import { returnSale, returnsOfSale, type ReturnInput } from '$lib/server/till/returns';
import { getSale } from '$lib/server/till/sales';
import { tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';
import { returnBody } from './body';

/** GET /sales/{id}/returns — every return of the sale, oldest first, with lines, refunds by method and budget given back. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const db = getDb();
		const sale = await getSale(db, locals.actor!, params.id, { device: locals.device });
		return json({ items: (await returnsOfSale(db, locals.actor!, sale.id)).map(returnJson) }, { headers: { 'cache-control': 'no-store' } });
	});

/**
 * POST /sales/{id}/returns — takes back items of the sale (returnSale, as "Confirmer le retour" on the
 * sale's page): a supervisor (or manager, admin) on this till point's open till — the refund comes out
 * of its drawer. Idempotent like POST /sales: 201 the first time, 200 with the same body (and
 * Idempotent-Replayed: true) when the key was already used for this return.
 */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		// Returns are authorised at the till (the service checks it too): refused before the body is read.
		requireRole(locals.actor!, AUTHORISE_AT_TILL);
		const db = getDb();
		const actor = locals.actor!;
		// The path first: another organisation's sale is a 404 whatever the body.
		const sale = await getSale(db, actor, params.id, { device: locals.device });
		const input = await readJson(request, returnBody);
		const idempotencyKey = idempotencyKeyOf(request, input.idempotencyKey);
		if (!idempotencyKey) throw new AppError('idempotency_key_required', m.till_idempotency_key_required(), 400, 'idempotencyKey');
		const point = tillPointOf(actor, locals.device);
		const r = await returnSale(db, actor, point, { saleId: sale.id, idempotencyKey, reason: input.reason, lines: input.lines as ReturnInput['lines'] });
		const headers: Record<string, string> = { location: `/api/v1/sales/${r.saleId}/returns`, 'cache-control': 'no-store' };
		if (r.replayed) headers['idempotent-replayed'] = 'true';
		return json(returnJson(r), { status: r.replayed ? 200 : 201, headers });
	});
