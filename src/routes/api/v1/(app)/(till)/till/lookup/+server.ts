import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { tillLookup } from '$lib/server/households/rights';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** GET /till/lookup?code=CARTE-…|FOY-0001 — what the till needs, nothing else. */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => json(await tillLookup(getDb(), locals.actor!, url.searchParams.get('code') ?? ''), { headers: { 'cache-control': 'no-store' } }));
