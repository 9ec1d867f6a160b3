import { json } from '@sveltejs/kit';
import { MANAGE_CATALOGUE } from '$lib/permissions';
import { productBody } from '$lib/server/api/bodies';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { createProduct, requireProduct, searchProducts } from '$lib/server/stock/catalogue';
import { pageParam } from '$lib/server/http/paging';
import type { RequestHandler } from './$types';

/** The catalogue, 50 a page: ?q= (part of the name or of a barcode), ?inactive=1, ?review=1 (as the catalogue screen). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await searchProducts(getDb(), locals.actor!, {
			q: url.searchParams.get('q') ?? '',
			page: pageParam(url),
			includeInactive: url.searchParams.get('inactive') === '1',
			needsReview: url.searchParams.get('review') === '1'
		});
		return json({ items: r.rows, total: r.total, page: r.page, pages: r.pages });
	});

/** Creates a product (managers: the catalogue's "Nouveau produit"). The stockroom reads here, only managers write. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_CATALOGUE);
		const input = await readJson(request, productBody);
		const db = getDb();
		const { id } = await createProduct(db, locals.actor!, input as never);
		return json(await requireProduct(db, locals.actor!, id), { status: 201 });
	});
