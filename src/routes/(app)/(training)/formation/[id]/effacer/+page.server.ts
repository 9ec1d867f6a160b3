import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { erasePerson, erasePreview } from '$lib/server/training/erase';
import type { Actions, PageServerLoad } from './$types';

/** Erasing a person from the training record (managers): type their name to confirm. */
export const load: PageServerLoad = async ({ locals, params }) => ({ person: await orHttpError(() => erasePreview(getDb(), locals.actor!, params.id)) });

export const actions: Actions = {
	erase: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => erasePerson(getDb(), locals.actor!, params.id, { reason: form.reason ?? '', confirm: form.confirm ?? '' }), {
			reason: form.reason
		});
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/formation/contrats?ok=erased`);
	}
};
