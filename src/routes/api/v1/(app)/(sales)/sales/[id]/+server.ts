import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { saleJson } from '$lib/server/till/apiViews';
import { getSale } from '$lib/server/till/sales';
import type { RequestHandler } from './$types';

/** GET /sales/{id} — a sale by its id or its number (V-000123), with lines, payments and returns. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => json(saleJson(await getSale(getDb(), locals.actor!, params.id, { device: locals.device }))));
