import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { m } from '$lib/paraglide/messages';
import { actorZone, organisationZone, updateTimeZone } from '$lib/server/timeZone';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	zone: await organisationZone(getDb(), locals.actor!.organisationId),
	sessionZone: actorZone(locals.actor)
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => updateTimeZone(getDb(), locals.actor!, form.timeZone ?? ''));
		if (isFailure(r)) return r;
		return { saved: m.saved() };
	}
};
