import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { unmarkAbsent } from '$lib/server/parcels/days';
import type { RequestHandler } from './$types';

/** POST /parcels/{id}/present — the household marked present (unmarkAbsent). */
export const POST: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await unmarkAbsent(getDb(), locals.actor!, params.id)));
