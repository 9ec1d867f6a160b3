import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, idempotencyKeyOf, readJson } from '$lib/server/http/api';
import { handOver } from '$lib/server/parcels/handover';
import { checkParcel } from '$lib/server/parcels/prepare';
import type { RequestHandler } from './$types';

// Shapes only: handOver checks the PNG (magic bytes, size, dimensions) or the reason.
const body = z.object({
	signaturePng: z.string().max(400_000).nullish(),
	noSignatureReason: z.string().max(1000).nullish(),
	idempotencyKey: z.string().max(100).nullish()
});

/** POST /parcels/{id}/handover — hands a prepared parcel of today over, with the signature or the reason. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		// The parcel first (404 for another organisation's), then the body (400).
		await checkParcel(getDb(), locals.actor!, params.id);
		const input = await readJson(request, body);
		const r = await handOver(getDb(), locals.actor!, params.id, { ...input, idempotencyKey: idempotencyKeyOf(request, input.idempotencyKey) });
		return json({ id: r.id, code: r.code, handedAt: r.handedAt.toISOString(), participationCents: r.participationCents, replayed: r.replayed });
	});
