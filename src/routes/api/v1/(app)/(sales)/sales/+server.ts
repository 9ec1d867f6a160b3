import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { requireRole } from '$lib/server/auth/roles';
import { apiHandle, idempotencyKeyOf, readJson } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import { saleListItemJson, saleResultJson } from '$lib/server/till/apiViews';
import { completeSale, listSales, type SaleInput } from '$lib/server/till/sales';
import { tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';
import { RUN_TILL } from '$lib/permissions';

/**
 * GET /sales?page=&session=&q= — sales, newest first (30 a page): the organisation's for supervisors,
 * managers and admins; for operators, those of their till point's open session only (listSales).
 */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await listSales(getDb(), locals.actor!, {
			page: pageParam(url),
			sessionId: url.searchParams.get('session') ?? undefined,
			q: url.searchParams.get('q') ?? undefined,
			device: locals.device
		});
		return json({ items: r.rows.map(saleListItemJson), total: r.total, page: r.page, pages: r.pages });
	});

// Shapes only: the service checks every value and says what is wrong in French.
const body = z.object({
	idempotencyKey: z.string().max(200).optional(),
	customer: z.string().max(200),
	lines: z.array(z.object({ lot: z.string().max(100), quantity: z.number() })).max(1000),
	payments: z.array(z.object({ method: z.string().max(20), amountCents: z.number(), tenderedCents: z.number().nullable().optional() })).max(20),
	overrideId: z.string().max(100).nullable().optional()
});

/**
 * POST /sales — completes a sale with the same service as the till screen, on the open till
 * session of the caller's till point (the API token, or the tablet). The idempotency key is
 * required (header Idempotency-Key and/or body idempotencyKey): 201 for a new sale, 200 with the
 * same body (and Idempotent-Replayed: true) when the key was already used for this basket.
 */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		// Selling is the till's (the service checks it too): a reader's token is refused before its body is read.
		requireRole(locals.actor!, RUN_TILL);
		const input = await readJson(request, body);
		const idempotencyKey = idempotencyKeyOf(request, input.idempotencyKey);
		if (!idempotencyKey) throw new AppError('idempotency_key_required', m.api_idempotency_key_required(), 400, 'idempotencyKey');
		const actor = locals.actor!;
		const point = tillPointOf(actor, locals.device);
		const r = await completeSale(getDb(), actor, point, { ...input, idempotencyKey } as SaleInput);
		const headers: Record<string, string> = { location: `/api/v1/sales/${r.id}`, 'cache-control': 'no-store' };
		if (r.replayed) headers['idempotent-replayed'] = 'true';
		return json(saleResultJson(r), { status: r.replayed ? 200 : 201, headers });
	});
