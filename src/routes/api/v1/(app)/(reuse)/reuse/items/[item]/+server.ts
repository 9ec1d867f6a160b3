import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { getItem } from '$lib/server/reuse/items';
import { itemDetailJson } from '$lib/server/reuse/itemsApi';
import type { RequestHandler } from './$types';

/** One item by its code (O-000123) or id, with its movements. */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(itemDetailJson(await getItem(getDb(), locals.actor!, params.item))));
