import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { SELL_PUBLIC } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle, idempotencyKeyOf, readJson } from '$lib/server/http/api';
import { publicSaleResultJson } from '$lib/server/till/apiViews';
import { completePublicSale, type PublicSaleInput } from '$lib/server/till/publicSale';
import { tillPointOf } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';

// Shapes only: the service checks every value and says what is wrong in French.
const body = z.object({
	idempotencyKey: z.string().max(200).optional(),
	lines: z
		.array(
			z.object({
				item: z.string().max(100).nullable().optional(),
				categoryId: z.string().max(100).nullable().optional(),
				priceCents: z.number().nullable().optional(),
				quantity: z.number().nullable().optional(),
				description: z.string().max(1000).nullable().optional(),
				discountCents: z.number().nullable().optional(),
				discountReason: z.string().max(1000).nullable().optional()
			})
		)
		.max(1000),
	payments: z.array(z.object({ method: z.string().max(20), amountCents: z.number(), tenderedCents: z.number().nullable().optional() })).max(20)
});

/**
 * POST /public-sales — the ressourcerie's sale to anyone (completePublicSale, as the ressourcerie's till
 * screen), on the open till session of the caller's till point. Idempotent like POST /sales: 201 for a
 * new sale, 200 with the same body (and Idempotent-Replayed: true) when the key was already used for
 * this basket, 409 for the same key with another basket.
 */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		// Selling is the till's (the service checks it too): a reader's token is refused before its body is read.
		requireRole(locals.actor!, SELL_PUBLIC);
		const input = await readJson(request, body);
		const idempotencyKey = idempotencyKeyOf(request, input.idempotencyKey);
		if (!idempotencyKey) throw new AppError('idempotency_key_required', m.api_idempotency_key_required(), 400, 'idempotencyKey');
		const actor = locals.actor!;
		const point = tillPointOf(actor, locals.device);
		const r = await completePublicSale(getDb(), actor, point, { ...input, idempotencyKey } as PublicSaleInput);
		const headers: Record<string, string> = { location: `/api/v1/public-sales/${r.id}`, 'cache-control': 'no-store' };
		if (r.replayed) headers['idempotent-replayed'] = 'true';
		return json(publicSaleResultJson(r), { status: r.replayed ? 200 : 201, headers });
	});
