import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { lotJson } from '$lib/server/stock/apiViews';
import { productLots } from '$lib/server/stock/views';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => json({ items: (await productLots(getDb(), locals.actor!, params.id, { mustExist: true })).map(lotJson) }));
