import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { listLocations } from '$lib/server/places/places';
import { listCounts, startCount } from '$lib/server/stock/counts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	return { counts: await listCounts(db, locals.actor!), locations: await listLocations(db, locals.actor!) };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => startCount(getDb(), locals.actor!, form.locationId ?? ''));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		redirect(303, `/stock/inventaires/${r.id}`);
	}
};
