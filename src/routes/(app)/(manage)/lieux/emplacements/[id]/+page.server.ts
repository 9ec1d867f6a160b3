import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { getLocation, listSites, updateLocation } from '$lib/server/places/places';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const db = getDb();
	const loc = await orHttpError(() => getLocation(db, locals.actor!, params.id));
	// Active sites, plus the location's own site even when it is deactivated.
	const sites = (await listSites(db, locals.actor!, { includeInactive: true }))
		.filter((s) => s.active || s.id === loc.siteId)
		.map((s) => ({ id: s.id, name: s.name }))
		.sort((a, b) => a.name.localeCompare(b.name, 'fr'));
	return {
		location: { id: loc.id, code: loc.code, siteId: loc.siteId, name: loc.name, kind: loc.kind, zone: loc.zone, active: loc.active },
		sites
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = {
			siteId: form.siteId ?? '',
			name: form.name ?? '',
			kind: (form.kind ?? '') as never,
			zone: (form.zone || undefined) as never,
			active: form.active === 'on'
		};
		const r = await attempt(() => updateLocation(getDb(), locals.actor!, params.id, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, '/lieux?ok=location_saved');
	}
};
