import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { productStockJson } from '$lib/server/stock/apiViews';
import { stockByProduct } from '$lib/server/stock/views';
import { pageParam } from '$lib/server/http/paging';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await stockByProduct(getDb(), locals.actor!, { q: url.searchParams.get('q') ?? '', page: pageParam(url) });
		return json({ items: r.rows.map(productStockJson), total: r.total, page: r.page, pages: r.pages });
	});
