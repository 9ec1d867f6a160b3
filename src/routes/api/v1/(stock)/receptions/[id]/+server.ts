import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { receptionJson } from '$lib/server/stock/apiViews';
import { getReception } from '$lib/server/stock/receptions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(receptionJson(await getReception(getDb(), locals.actor!, params.id))));
