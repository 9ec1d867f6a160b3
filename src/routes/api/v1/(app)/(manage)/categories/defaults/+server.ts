import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { ensureDefaultCategories, listCategories } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** Creates the usual tree of categories when the organisation has none yet (the catalogue's button); else changes nothing. */
export const POST: RequestHandler = ({ locals }) =>
	apiHandle(async () => {
		const db = getDb();
		await ensureDefaultCategories(db, locals.actor!);
		return json({ items: await listCategories(db, locals.actor!) });
	});
