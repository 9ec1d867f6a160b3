import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { openHouseholdFile } from '$lib/server/households/households';
import { issueCard } from '$lib/server/households/rights';
import { apiHandle } from '$lib/server/http/api';
import { qrSvg } from '$lib/server/labels/qr';
import type { RequestHandler } from './$types';

/** Whether the household has a working card, and since when (its code is never kept: only its hash). Audited as an opening. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const f = await openHouseholdFile(getDb(), locals.actor!, params.id);
		return json({ card: f.card }, { headers: { 'cache-control': 'no-store' } });
	});

/** Issues the card, or a new one (the previous stops working at once). Its code is answered this once, as the screen shows it once. */
export const POST: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const r = await issueCard(getDb(), locals.actor!, params.id);
		return json(
			{ code: r.token, qrSvg: await qrSvg(r.token), reference: r.reference, firstName: r.firstName },
			{ status: 201, headers: { 'cache-control': 'no-store' } }
		);
	});
