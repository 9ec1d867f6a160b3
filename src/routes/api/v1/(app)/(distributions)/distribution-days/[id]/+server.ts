import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { dayViewJson } from '$lib/server/parcels/apiViews';
import { dayView } from '$lib/server/parcels/days';
import type { RequestHandler } from './$types';

/** GET /distribution-days/{id} — the day, its parcels (reference and first name only), counts, summary. */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(dayViewJson(await dayView(getDb(), locals.actor!, params.id))));
