import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { findParcelsForHandover } from '$lib/server/parcels/handover';
import type { RequestHandler } from './$types';

/** GET /handover/lookup?code=CARTE-…|FOY-0001 — the household's parcels of today (lookup recorded like the till's). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await findParcelsForHandover(getDb(), locals.actor!, url.searchParams.get('code') ?? '');
		return json(
			{ ...r, parcels: r.parcels.map((p) => ({ ...p, handedAt: p.handedAt ? new Date(p.handedAt).toISOString() : null })) },
			{ headers: { 'cache-control': 'no-store' } }
		);
	});
