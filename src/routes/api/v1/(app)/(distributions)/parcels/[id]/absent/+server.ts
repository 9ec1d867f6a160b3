import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { markAbsent } from '$lib/server/parcels/days';
import type { RequestHandler } from './$types';

/** POST /parcels/{id}/absent — the household marked absent (markAbsent). */
export const POST: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await markAbsent(getDb(), locals.actor!, params.id)));
