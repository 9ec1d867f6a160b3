import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { markPrepared } from '$lib/server/parcels/prepare';
import type { RequestHandler } from './$types';

/** POST /parcels/{id}/ready — "Colis prêt" (lines may be short: the journal says what is missing). */
export const POST: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await markPrepared(getDb(), locals.actor!, params.id)));
