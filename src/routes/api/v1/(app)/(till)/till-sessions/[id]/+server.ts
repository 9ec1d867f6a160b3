import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { sessionJson } from '$lib/server/till/apiViews';
import { getSession } from '$lib/server/till/sessions';
import type { RequestHandler } from './$types';

/** GET /till-sessions/{id} — a till session and its Z report (as printed once closed). */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(sessionJson(await getSession(getDb(), locals.actor!, params.id))));
