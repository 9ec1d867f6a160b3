import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { createHousehold } from '$lib/server/households/households';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { householdValues } from '../values';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = householdValues(form);
		const r = await attempt(() => createHousehold(getDb(), locals.actor!, values, { ignoreDuplicates: form.ignoreDuplicates === '1' }), { ...values });
		if (isFailure(r)) return fail(r.status, r.data);
		if ('duplicates' in r) return fail(409, { duplicates: r.duplicates, values });
		redirect(303, `/foyers/${r.created.id}?ok=created`);
	}
};
