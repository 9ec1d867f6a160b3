import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { m } from '$lib/paraglide/messages';
import { getSettings } from '$lib/server/households/privacy';
import { parseEuros, parsePercent, todayIso } from '$lib/server/households/rules';
import { committeeSession, decideApplication } from '$lib/server/households/rights';
import { parcelSettings } from '$lib/server/parcels/settings';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const [session, settings, parcels] = await Promise.all([
		committeeSession(db, locals.actor!),
		getSettings(db, locals.actor!),
		parcelSettings(db, locals.actor!)
	]);
	return { session, settings, parcels: { frequency: parcels.defaultFrequency, participationCents: parcels.participationCents }, today: todayIso() };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const rate = (form.rate ?? '').trim();
		const budget = (form.budget ?? '').trim();
		const rateBp = rate ? parsePercent(rate) : null;
		const budgetCents = budget ? parseEuros(budget) : null;
		if (rate && rateBp === null) return fail(400, { error: m.hh_rate_invalid(), applicationId: form.applicationId });
		if (budget && budgetCents === null) return fail(400, { error: m.hh_amount_invalid(), applicationId: form.applicationId });
		// The form's "what is granted" checkboxes (issue 14); a form without them (older page): the épicerie right only.
		const persons = (form.parcelPersons ?? '').trim();
		if (form.grantParcel === 'on' && persons && !/^\d{1,3}$/.test(persons))
			return fail(400, { error: m.prt_persons_not_number(), applicationId: form.applicationId });
		const grants =
			form.grants === '1'
				? {
						epicerie: form.grantEpicerie === 'on',
						parcel:
							form.grantParcel === 'on'
								? { frequency: form.parcelFrequency ?? '', persons: persons ? Number(persons) : null, free: form.parcelFree === 'on' }
								: false
					}
				: undefined;
		const r = await attempt(() =>
			decideApplication(getDb(), locals.actor!, form.applicationId ?? '', {
				outcome: form.outcome ?? '',
				decidedOn: form.decidedOn ?? '',
				reason: form.reason ?? '',
				right: { validFrom: form.validFrom ?? '', rateBp, monthlyBudgetCents: budgetCents, overrideReason: form.overrideReason ?? '' },
				grants
			})
		);
		if (isFailure(r)) return fail(r.status, { ...r.data, applicationId: form.applicationId });
		redirect(303, '/comite?ok=decided');
	}
};
