import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { inventoryJson, inventorySummaryJson } from '$lib/server/stock/apiViews';
import { getCount, listCounts, startCount } from '$lib/server/stock/counts';
import type { RequestHandler } from './$types';

/** GET /inventories — the last 30 counts (inventaires), newest first, as the screen lists them. */
export const GET: RequestHandler = ({ locals }) => apiHandle(async () => json({ items: (await listCounts(getDb(), locals.actor!)).map(inventorySummaryJson) }));

const body = z.object({ locationId: z.string().max(100) });

/** POST /inventories — starts counting a location (startCount, as /stock/inventaires). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const db = getDb();
		const { id } = await startCount(db, locals.actor!, input.locationId);
		return json(inventoryJson(await getCount(db, locals.actor!, id)), { status: 201, headers: { location: `/api/v1/inventories/${id}` } });
	});
