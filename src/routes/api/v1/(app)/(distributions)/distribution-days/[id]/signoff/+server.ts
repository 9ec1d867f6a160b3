import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { dayJson, signoffRowJson } from '$lib/server/parcels/apiViews';
import { signoffSheet } from '$lib/server/parcels/signoff';
import type { RequestHandler } from './$types';

/** GET /distribution-days/{id}/signoff — the sign-off sheet (FSE+ goods, signatures as data URLs); audited. */
export const GET: RequestHandler = ({ locals, params }) =>
	apiHandle(async () => {
		const s = await signoffSheet(getDb(), locals.actor!, params.id);
		return json({ day: dayJson(s.day), rows: s.rows.map(signoffRowJson) }, { headers: { 'cache-control': 'no-store' } });
	});
