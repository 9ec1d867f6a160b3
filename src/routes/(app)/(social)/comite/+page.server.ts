import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { m } from '$lib/paraglide/messages';
import { getSettings } from '$lib/server/households/privacy';
import { parseEuros, parsePercent, todayIso } from '$lib/server/households/rules';
import { committeeSession, decideApplication } from '$lib/server/households/rights';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const [session, settings] = await Promise.all([committeeSession(db, locals.actor!), getSettings(db, locals.actor!)]);
	return { session, settings, today: todayIso() };
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
		const r = await attempt(() =>
			decideApplication(getDb(), locals.actor!, form.applicationId ?? '', {
				outcome: form.outcome ?? '',
				decidedOn: form.decidedOn ?? '',
				reason: form.reason ?? '',
				right: { validFrom: form.validFrom ?? '', rateBp, monthlyBudgetCents: budgetCents, overrideReason: form.overrideReason ?? '' }
			})
		);
		if (isFailure(r)) return fail(r.status, { ...r.data, applicationId: form.applicationId });
		redirect(303, '/comite?ok=decided');
	}
};
