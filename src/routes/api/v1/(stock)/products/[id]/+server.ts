import { json } from '@sveltejs/kit';
import { MANAGE_CATALOGUE } from '$lib/permissions';
import { productBody } from '$lib/server/api/bodies';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { requireProduct, updateProduct } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** One product with its barcodes (GTIN-14). */
export const GET: RequestHandler = ({ locals, params }) => apiHandle(async () => json(await requireProduct(getDb(), locals.actor!, params.id)));

/** Replaces a product, its barcodes included (managers: the catalogue's product form). */
export const PUT: RequestHandler = ({ locals, params, request }) =>
	apiHandle(async () => {
		requireRole(locals.actor!, MANAGE_CATALOGUE);
		const db = getDb();
		// Another organisation's id: 404 before the body is judged.
		await requireProduct(db, locals.actor!, params.id);
		const input = await readJson(request, productBody);
		await updateProduct(db, locals.actor!, params.id, input as never);
		return json(await requireProduct(db, locals.actor!, params.id));
	});
