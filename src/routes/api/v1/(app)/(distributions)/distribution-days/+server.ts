import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import { dayListJson } from '$lib/server/parcels/apiViews';
import { listDays, planDay } from '$lib/server/parcels/days';
import type { RequestHandler } from './$types';

/** GET /distribution-days — the days, latest first (?status=planned|closed, ?page=). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await listDays(getDb(), locals.actor!, { status: url.searchParams.get('status'), page: pageParam(url) });
		return json({ items: r.rows.map(dayListJson), total: r.total, page: r.page, pages: r.pages });
	});

// Shapes only: planDay checks the site, the day, the template and the slots.
const body = z.object({
	siteId: z.string().max(100),
	day: z.string().max(20),
	templateId: z.string().max(100),
	slots: z.union([z.string().max(1000), z.array(z.string().max(20)).max(100)])
});

/** POST /distribution-days — plans a day (planDay, as the page's form). */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const input = await readJson(request, body);
		const r = await planDay(getDb(), locals.actor!, input);
		return json(r, { status: 201 });
	});
