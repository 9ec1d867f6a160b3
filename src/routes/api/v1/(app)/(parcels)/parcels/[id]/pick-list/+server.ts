import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { pickList } from '$lib/server/parcels/prepare';
import type { RequestHandler } from './$types';

/** GET /parcels/{id}/pick-list — as the picking screen shows it. */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await pickList(getDb(), locals.actor!, params.id)));
