import { getDb } from '$lib/server/db/app';
import { exportZCsv } from '$lib/server/till/zreports';
import type { RequestHandler } from './$types';

/** Every till session's Z figures as a French spreadsheet file (`;`, decimal comma, UTF-8 with BOM). */
export const GET: RequestHandler = async ({ locals }) => {
	const csv = await exportZCsv(getDb(), locals.actor!);
	const day = new Date().toISOString().slice(0, 10);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="rapports-z-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
