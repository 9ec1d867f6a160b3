import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { pageParam } from '$lib/server/http/paging';
import { listReuseCategories } from '$lib/server/reuse/categories';
import { listItems } from '$lib/server/reuse/items';
import { itemQueryOf } from '$lib/server/reuse/itemsApi';
import type { PageServerLoad } from './$types';

/** The ressourcerie's items: search (code, description), flux, category, in stock / gone, sort, pages. */
export const load: PageServerLoad = ({ locals, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const query = itemQueryOf(url, pageParam(url));
		const [list, categories] = await Promise.all([listItems(db, locals.actor!, query), listReuseCategories(db, locals.actor!, { includeInactive: true })]);
		return {
			...list,
			query: { q: query.q ?? '', flux: query.flux ?? '', category: query.categoryId ?? '', state: query.state!, sort: query.sort! },
			categories: categories.map((c) => ({ id: c.id, name: c.name, flux: c.flux }))
		};
	});
