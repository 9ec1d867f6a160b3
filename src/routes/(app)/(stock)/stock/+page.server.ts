import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { STOCK_SUPERVISORS } from '$lib/server/stock/access';
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
		// The recalls page is for supervisors (route group (supervise)): no link for those who cannot open it.
		canRecall: hasAnyRole(actor.roles, STOCK_SUPERVISORS),
		q,
		productId,
		locationId,
		byProduct: view === 'produits' ? await stockByProduct(db, actor, { q, page: pageParam(url) }) : null,
		lots: view === 'produits' && productId ? await productLots(db, actor, productId) : view === 'lieux' && locationId ? await locationLots(db, actor, locationId) : [],
		locations: view === 'lieux' ? await listLocations(db, actor) : [],
		alerts: view === 'alertes' ? await stockAlerts(db, actor) : null
	};
};
