import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { committeeSession } from '$lib/server/households/rights';
import { apiHandle } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The committee session: applications waiting, oldest first, without names if the organisation chose an anonymous committee. Audited like the screen. */
export const GET: RequestHandler = ({ locals }) =>
	apiHandle(async () => json(await committeeSession(getDb(), locals.actor!), { headers: { 'cache-control': 'no-store' } }));
