import { getDb } from '$lib/server/db/app';
import { searchHouseholds, socialDesk } from '$lib/server/households/households';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = (url.searchParams.get('q') ?? '').slice(0, 80);
	const db = getDb();
	const [desk, results] = await Promise.all([socialDesk(db, locals.actor!), q ? searchHouseholds(db, locals.actor!, q) : Promise.resolve(null)]);
	return { q, desk, results };
};
