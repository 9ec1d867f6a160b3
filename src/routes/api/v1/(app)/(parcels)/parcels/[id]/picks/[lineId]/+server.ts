import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { unpick } from '$lib/server/parcels/prepare';
import type { RequestHandler } from './$types';

/** DELETE /parcels/{id}/picks/{lineId} — the whole picked line back where it was taken from. */
export const DELETE: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await unpick(getDb(), locals.actor!, params.id, params.lineId)));
