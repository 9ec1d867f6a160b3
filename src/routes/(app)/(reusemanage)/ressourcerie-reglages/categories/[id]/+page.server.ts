import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { fluxLabel } from '$lib/reuse/flux';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { categoryInputOf, categoryValues } from '$lib/server/reuse/forms';
import { getReuseCategory, updateReuseCategory } from '$lib/server/reuse/manage';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	orHttpError(async () => {
		const c = await getReuseCategory(getDb(), locals.actor!, params.id);
		return {
			category: { id: c.id, name: c.name, active: c.active, fluxName: fluxLabel(c.flux) },
			values: categoryValues(c),
			created: url.searchParams.has('created')
		};
	});

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const { input, errors, values } = categoryInputOf(form);
		const db = getDb();
		// The category is found first (another organisation's: 404), then the form is judged.
		const r = await attempt(async () => {
			await getReuseCategory(db, locals.actor!, params.id);
			return updateReuseCategory(db, locals.actor!, params.id, input, errors);
		}, values);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.saved(), values: categoryValues(r) };
	}
};
