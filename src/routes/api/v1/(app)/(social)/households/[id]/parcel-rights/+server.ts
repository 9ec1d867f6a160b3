import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { checkHousehold } from '$lib/server/households/households';
import { issueParcelRight, listParcelRights } from '$lib/server/households/parcelRights';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** The household's parcel rights, latest first. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => json({ items: await listParcelRights(getDb(), locals.actor!, params.id) }, { headers: { 'cache-control': 'no-store' } }));

const body = z.object({
	validFrom: z.string().max(20).optional(),
	frequency: z.string().max(20).optional(),
	persons: z.number().int().nullable().optional(),
	free: z.boolean().optional()
});

/** Issues a parcel right (the household file's "parcel_issue"): period from the settings, defaults from the parcels settings. */
export const POST: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		const db = getDb();
		await checkHousehold(db, locals.actor!, params.id);
		return json(await issueParcelRight(db, locals.actor!, params.id, await readJson(request, body)), { status: 201 });
	});
