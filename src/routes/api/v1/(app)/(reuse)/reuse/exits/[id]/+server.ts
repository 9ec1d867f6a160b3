import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { getExit } from '$lib/server/reuse/exits';
import type { RequestHandler } from './$types';

/** GET /reuse/exits/{id} — an exit, its lines and its totals by flux. */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await getExit(getDb(), locals.actor!, params.id)));
