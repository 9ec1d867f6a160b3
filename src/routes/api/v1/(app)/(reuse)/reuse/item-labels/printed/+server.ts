import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { recordItemLabelPrint } from '$lib/server/reuse/itemLabels';
import { labelsPrintedBody } from '$lib/server/reuse/itemsApi';
import type { RequestHandler } from './$types';

/** The labels of these items were printed: journal and work event `reuse.labels` with their number. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const body = await readJson(request, labelsPrintedBody);
		return json(await recordItemLabelPrint(getDb(), locals.actor!, { codes: body.items, perPiece: body.perPiece }));
	});
