import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { listOrigins } from '$lib/server/stock/catalogue';
import { createReception, listReceptions } from '$lib/server/stock/receptions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const [origins, drafts, validated] = await Promise.all([
		listOrigins(db, locals.actor!),
		listReceptions(db, locals.actor!, { status: 'draft' }),
		listReceptions(db, locals.actor!, { status: 'validated', limit: 10 })
	]);
	return { origins, drafts, validated };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { originId: form.originId ?? '', deliveryNote: form.deliveryNote ?? '' };
		const r = await attempt(() => createReception(getDb(), locals.actor!, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/stock/receptions/${r.id}`);
	}
};
