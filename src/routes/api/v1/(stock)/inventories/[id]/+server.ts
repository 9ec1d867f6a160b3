import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { inventoryJson } from '$lib/server/stock/apiViews';
import { getCount } from '$lib/server/stock/counts';
import type { RequestHandler } from './$types';

/** GET /inventories/{id} — a count with its lines (getCount, as /stock/inventaires/[id]). */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(inventoryJson(await getCount(getDb(), locals.actor!, params.id))));
