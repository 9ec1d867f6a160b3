import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { getSite, updateSite } from '$lib/server/places/places';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const s = await orHttpError(() => getSite(getDb(), locals.actor!, params.id));
	return { site: { id: s.id, name: s.name, kind: s.kind, address: s.address ?? '', active: s.active } };
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { name: form.name ?? '', kind: (form.kind ?? '') as never, address: form.address ?? '', active: form.active === 'on' };
		const r = await attempt(() => updateSite(getDb(), locals.actor!, params.id, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, '/lieux?ok=site_saved');
	}
};
