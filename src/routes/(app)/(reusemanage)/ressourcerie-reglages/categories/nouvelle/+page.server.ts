import { fail, redirect } from '@sveltejs/kit';
import { MANAGE_REUSE } from '$lib/permissions';
import { requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { categoryInputOf, categoryValues } from '$lib/server/reuse/forms';
import { createReuseCategory } from '$lib/server/reuse/manage';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) =>
	orHttpError(async () => {
		requireRole(locals.actor!, MANAGE_REUSE);
		return { values: { ...categoryValues(null), flux: url.searchParams.get('flux') ?? '' } };
	});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const { input, errors, values } = categoryInputOf(form);
		const r = await attempt(() => createReuseCategory(getDb(), locals.actor!, input, errors), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/ressourcerie-reglages/categories/${r.id}?created=1`);
	}
};
