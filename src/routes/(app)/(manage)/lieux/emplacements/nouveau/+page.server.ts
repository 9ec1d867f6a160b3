import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { createLocation, listSites } from '$lib/server/places/places';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const sites = (await listSites(getDb(), locals.actor!)).map((s) => ({ id: s.id, name: s.name })).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	const wanted = url.searchParams.get('site');
	const siteId = sites.find((s) => s.id === wanted)?.id ?? (sites.length === 1 ? sites[0]!.id : '');
	return { sites, siteId };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { siteId: form.siteId ?? '', name: form.name ?? '', kind: (form.kind ?? '') as never, zone: (form.zone || undefined) as never };
		const r = await attempt(() => createLocation(getDb(), locals.actor!, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/lieux?ok=location_created&code=${encodeURIComponent(r.code)}`);
	}
};
