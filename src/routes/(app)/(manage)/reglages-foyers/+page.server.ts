import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { householdCounts } from '$lib/server/households/households';
import { getSettings, runRetention, updateSettings } from '$lib/server/households/privacy';
import { parseEuros, parsePercent } from '$lib/server/households/rules';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const [settings, counts] = await Promise.all([getSettings(db, locals.actor!), householdCounts(db, locals.actor!)]);
	return { settings, counts };
};

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const euros = (k: string) => parseEuros(form[k] ?? '');
		const pct = (k: string) => parsePercent(form[k] ?? '');
		const int = (k: string) => (/^\d{1,3}$/.test((form[k] ?? '').trim()) ? Number(form[k]) : null);
		const values = {
			thresholdCents: euros('threshold'),
			rateMinBp: pct('rateMin'),
			rateMaxBp: pct('rateMax'),
			rateDefaultBp: pct('rateDefault'),
			durationMonths: int('duration'),
			maxRenewals: int('maxRenewals'),
			grid: { singleCents: euros('single'), coupleCents: euros('couple'), perDependantCents: euros('perDependant'), capCents: euros('cap') },
			budgetBasis: form.budgetBasis as 'reference_value' | 'amount_paid',
			anonymousCommittee: form.anonymousCommittee === 'on',
			retentionMonths: int('retention')
		};
		const missing = Object.entries({ ...values, ...values.grid }).find(([, v]) => v === null);
		if (missing) return fail(400, { error: m.hh_settings_invalid(), field: missing[0] });
		const r = await attempt(() => updateSettings(getDb(), locals.actor!, values as never));
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, '/reglages-foyers?ok=saved');
	},
	retention: async ({ locals }) => {
		const r = await attempt(() => runRetention(getDb(), locals.actor!));
		if (isFailure(r)) return fail(r.status, r.data);
		return { retention: r.anonymised.length };
	}
};
