import { getDb } from '$lib/server/db/app';
import { listLocations } from '$lib/server/places/places';
import { locationLots, productLots, stockAlerts, stockByProduct } from '$lib/server/stock/views';
import { pageParam } from '$lib/server/http/paging';
import type { PageServerLoad } from './$types';

/** Stock: ?vue=produits (default, ?q=, ?page=, ?produit= for its lots), ?vue=lieux (&lieu=), ?vue=alertes. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const view = (['produits', 'lieux', 'alertes'] as const).find((v) => v === url.searchParams.get('vue')) ?? 'produits';
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const productId = url.searchParams.get('produit') ?? '';
	const locationId = url.searchParams.get('lieu') ?? '';
	return {
		view,
		q,
		productId,
		locationId,
		byProduct: view === 'produits' ? await stockByProduct(db, actor, { q, page: pageParam(url) }) : null,
		lots: view === 'produits' && productId ? await productLots(db, actor, productId) : view === 'lieux' && locationId ? await locationLots(db, actor, locationId) : [],
		locations: view === 'lieux' ? await listLocations(db, actor) : [],
		alerts: view === 'alertes' ? await stockAlerts(db, actor) : null
	};
};
