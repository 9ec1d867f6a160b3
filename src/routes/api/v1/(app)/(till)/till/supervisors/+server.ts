import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { overrideSupervisors } from '$lib/server/till/serve';
import type { RequestHandler } from './$types';

/** GET /till/supervisors — who may authorise going over a budget or a limit (a supervisor role and a PIN), as the till's panel lists them. */
export const GET: RequestHandler = ({ locals }) =>
	apiHandle(async () => json({ items: await overrideSupervisors(getDb(), locals.actor!) }, { headers: { 'cache-control': 'no-store' } }));
