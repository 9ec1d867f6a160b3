import { getDb } from '$lib/server/db/app';
import { csvResponse } from '$lib/server/http/csv';
import { orHttpError } from '$lib/server/http/load';
import { exportContractsCsv } from '$lib/server/training/contracts';
import type { RequestHandler } from './$types';

/** The list of contracts as shown (same filter and order), every row, as a French CSV file. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const { csv, name, day } = await orHttpError(() =>
		exportContractsCsv(getDb(), locals.actor!, { filter: url.searchParams.get('filtre') ?? undefined, sort: url.searchParams.get('tri') ?? undefined })
	);
	return csvResponse(csv, name, day);
};
