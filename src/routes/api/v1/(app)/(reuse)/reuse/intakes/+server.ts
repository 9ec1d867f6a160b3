import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle, readJson } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import { intakeBody, intakeJson, intakeSummaryJson } from '$lib/server/reuse/apiViews';
import { getIntake, listIntakes, openIntake } from '$lib/server/reuse/intakes';
import type { RequestHandler } from './$types';

/** The intakes, newest first, 20 a page (`?page=`). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const r = await listIntakes(getDb(), locals.actor!, { page: pageParam(url) });
		return json({ items: r.rows.map(intakeSummaryJson), total: r.total, page: r.page, pages: r.pages });
	});

/** Opens an intake at a ressourcerie site. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const body = await readJson(request, intakeBody);
		const db = getDb();
		const { id } = await openIntake(db, locals.actor!, body);
		return json(intakeJson(await getIntake(db, locals.actor!, id)), { status: 201 });
	});
