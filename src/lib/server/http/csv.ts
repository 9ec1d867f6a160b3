/** A spreadsheet file to download, named `<name>-YYYY-MM-DD.csv`, never cached. */
export function csvResponse(csv: string, name: string): Response {
	const day = new Date().toISOString().slice(0, 10);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
}
