import { fail } from '@sveltejs/kit';
import { centsInput } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { numberMessage, readEuros, readWhole } from '$lib/numbers';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { MAX_NEAR_DAYS, MAX_PARTICIPATION_CENTS } from '$lib/server/parcels/settings';
import { getParcelSettings, updateParcelSettings } from '$lib/server/parcels/settingsService';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) =>
	orHttpError(async () => {
		const s = await getParcelSettings(getDb(), locals.actor!);
		return { settings: s, values: { participation: centsInput(s.participationCents), nearDays: String(s.nearDays), defaultFrequency: s.defaultFrequency } };
	});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { participation: form.participation ?? '', nearDays: form.nearDays ?? '', defaultFrequency: form.defaultFrequency ?? '' };
		const formErrors: Record<string, string> = {};
		const euros = readEuros(values.participation, { allowZero: true, max: MAX_PARTICIPATION_CENTS });
		if (!euros.ok) formErrors.participationCents = numberMessage(euros.problem);
		const days = readWhole(values.nearDays, MAX_NEAR_DAYS, { allowZero: true });
		if (!days.ok) formErrors.nearDays = numberMessage(days.problem);
		const input = { participationCents: euros.ok ? euros.value : null, nearDays: days.ok ? days.value : null, defaultFrequency: values.defaultFrequency };
		const r = await attempt(() => updateParcelSettings(getDb(), locals.actor!, input, formErrors), values);
		if (isFailure(r)) return fail(r.status, r.data);
		return { saved: m.saved() };
	}
};
