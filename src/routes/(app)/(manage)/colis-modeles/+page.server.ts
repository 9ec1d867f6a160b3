import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { duplicateTemplate, listTemplates, setTemplateActive } from '$lib/server/parcels/templates';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) =>
	orHttpError(async () => {
		const sort = url.searchParams.get('tri') === 'modifie' ? 'updated' : 'name';
		return { sort, templates: await listTemplates(getDb(), locals.actor!, { includeInactive: true, sort }) };
	});

export const actions: Actions = {
	/** Takes a template out of use or back; the button says the state wanted. */
	active: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const active = form.active === 'true';
		const r = await attempt(() => setTemplateActive(getDb(), locals.actor!, form.id ?? '', active));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		return { ok: r.active ? m.pt_reactivated({ name: r.name }) : m.pt_deactivated({ name: r.name }) };
	},
	duplicate: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => duplicateTemplate(getDb(), locals.actor!, form.id ?? ''));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		redirect(303, `/colis-modeles/${r.id}?copie=1`);
	}
};
