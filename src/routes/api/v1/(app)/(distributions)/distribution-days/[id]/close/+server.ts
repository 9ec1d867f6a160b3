import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { closeDay } from '$lib/server/parcels/days';
import type { RequestHandler } from './$types';

/** POST /distribution-days/{id}/close — closes the day once: returns what was not collected, the summary. */
export const POST: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await closeDay(getDb(), locals.actor!, params.id)));
