import { getDb } from '$lib/server/db/app';
import { exportCatalogueCsv } from '$lib/server/stock/catalogue';
import type { RequestHandler } from './$types';

/** The catalogue as a French spreadsheet file (`;`, decimal comma, UTF-8 with BOM). */
export const GET: RequestHandler = async ({ locals }) => {
	const csv = await exportCatalogueCsv(getDb(), locals.actor!);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="catalogue-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
