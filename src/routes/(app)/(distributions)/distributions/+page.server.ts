import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { pageParam } from '$lib/server/http/paging';
import { listDays, planChoices, planDay } from '$lib/server/parcels/days';
import { actorZone } from '$lib/server/timeZone';
import { shopToday } from '$lib/stock/dates';
import type { Actions, PageServerLoad } from './$types';

/** Distribution days, latest first (?page=, ?status=planned|closed), and the form to plan one. */
export const load: PageServerLoad = async ({ locals, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const status = url.searchParams.get('status');
		const [list, choices] = await Promise.all([listDays(db, locals.actor!, { status, page: pageParam(url) }), planChoices(db, locals.actor!)]);
		return { ...list, status: status === 'planned' || status === 'closed' ? status : null, ...choices, today: shopToday(new Date(), actorZone(locals.actor!)) };
	});

export const actions: Actions = {
	plan: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(
			() => planDay(getDb(), locals.actor!, { siteId: form.siteId ?? '', day: form.day ?? '', templateId: form.templateId ?? '', slots: form.slots ?? '' }),
			form
		);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/distributions/${r.id}`);
	}
};
