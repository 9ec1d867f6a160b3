import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { pageParam } from '$lib/server/http/paging';
import { listIntakes, openIntake } from '$lib/server/reuse/intakes';
import { ressourcerieSites } from '$lib/server/reuse/sites';
import type { Actions, PageServerLoad } from './$types';

/** The intakes (today's first) and the form that opens one: where the objects come from, the commune. */
export const load: PageServerLoad = ({ locals, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const [list, sites] = await Promise.all([listIntakes(db, locals.actor!, { page: pageParam(url) }), ressourcerieSites(db, locals.actor!)]);
		return { ...list, sites };
	});

export const actions: Actions = {
	open: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { source: form.source ?? '', commune: form.commune ?? '', partner: form.partner ?? '', siteId: form.siteId ?? '' };
		const r = await attempt(() => openIntake(getDb(), locals.actor!, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/ressourcerie/arrivages/${r.id}`);
	}
};
