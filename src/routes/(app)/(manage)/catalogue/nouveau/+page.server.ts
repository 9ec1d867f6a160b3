import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { createProduct, listCategories, productInputFromForm } from '$lib/server/stock/catalogue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => ({
	categories: await listCategories(getDb(), locals.actor!),
	/** Pre-filled from a link that carries a code (?code=…). */
	code: (url.searchParams.get('code') ?? '').replace(/\D/g, '').slice(0, 14)
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => createProduct(getDb(), locals.actor!, productInputFromForm(form)), form);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, '/catalogue?ok=created');
	}
};
