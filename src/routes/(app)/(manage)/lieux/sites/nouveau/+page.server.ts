import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { createSite } from '$lib/server/places/places';
import type { Actions } from './$types';

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { name: form.name ?? '', kind: (form.kind ?? '') as never, address: form.address ?? '' };
		const r = await attempt(() => createSite(getDb(), locals.actor!, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, '/lieux?ok=site_created');
	}
};
