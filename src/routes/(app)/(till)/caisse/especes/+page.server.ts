import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { parseEuros } from '$lib/server/households/rules';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { requireOpenTill } from '$lib/server/till/point';
import { cashMovement } from '$lib/server/till/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	await orHttpError(() => requireOpenTill(locals));
	return {};
};

export const actions: Actions = {
	/** Cash put in or taken out of the drawer, with its reason. */
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { kind: form.kind, amount: form.amount, reason: form.reason };
		const amountCents = parseEuros(form.amount ?? '');
		if (amountCents === null || amountCents === 0) return fail(400, { error: m.till_amount_invalid(), field: 'amount', values });
		const r = await attempt(async () => {
			const { point } = await requireOpenTill(locals);
			await cashMovement(getDb(), locals.actor!, point, {
				kind: form.kind === 'out' ? 'out' : form.kind === 'in' ? 'in' : ('' as 'in'),
				amountCents,
				reason: form.reason ?? ''
			});
		}, values);
		if (isFailure(r)) return r;
		return { done: form.kind === 'out' ? m.till_cash_out_done({ amount: form.amount ?? '' }) : m.till_cash_in_done({ amount: form.amount ?? '' }) };
	}
};
