import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { itemLabels } from '$lib/server/reuse/itemLabels';
import { itemLabelJson } from '$lib/server/reuse/itemsApi';
import type { RequestHandler } from './$types';

/** The labels of items: ?item=O-000123&item=…, &perPiece=0 for one label per batch. Nothing recorded (see /printed). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const labels = await itemLabels(getDb(), locals.actor!, { codes: url.searchParams.getAll('item'), perPiece: url.searchParams.get('perPiece') !== '0' });
		return json({ labels: labels.map(itemLabelJson) });
	});
