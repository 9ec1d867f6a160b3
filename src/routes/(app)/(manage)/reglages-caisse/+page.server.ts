import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { getTillSettings, updateTillSettings } from '$lib/server/till/settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({ settings: await getTillSettings(getDb(), locals.actor!) });

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const text = (form.ddmGraceMonths ?? '').trim();
		if (!/^\d{1,2}$/.test(text)) return fail(400, { error: m.till_settings_invalid(), field: 'ddmGraceMonths' });
		const r = await attempt(() => updateTillSettings(getDb(), locals.actor!, { ddmGraceMonths: Number(text) }));
		if (isFailure(r)) return r;
		return { saved: m.saved() };
	}
};
