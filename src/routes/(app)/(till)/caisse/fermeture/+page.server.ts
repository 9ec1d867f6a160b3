import { fail, redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { m } from '$lib/paraglide/messages';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { parseEuros } from '$lib/server/households/rules';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { requireOpenTill } from '$lib/server/till/point';
import { closeTill, computeTotals } from '$lib/server/till/sessions';
import type { Actions, PageServerLoad } from './$types';
import { READ_Z_REPORTS } from '$lib/permissions';

export const load: PageServerLoad = async ({ locals }) => {
	const { session } = await orHttpError(() => requireOpenTill(locals));
	const totals = await computeTotals(getDb(), locals.actor!.organisationId, session);
	return { sales: totals.sales, floatCents: session.floatCents, openedAt: session.openedAt };
};

export const actions: Actions = {
	/** Closes the till with what was counted per payment method; shows the Z report (operators: their closing's figures). */
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { cash: form.cash, card: form.card, cheque: form.cheque, note: form.note };
		const counted: Partial<Record<'cash' | 'card' | 'cheque', number>> = {};
		for (const k of ['cash', 'card', 'cheque'] as const) {
			const text = (form[k] ?? '').trim();
			if (text === '') continue;
			const v = parseEuros(text);
			if (v === null) return fail(400, { error: m.till_amount_invalid(), field: k, values });
			counted[k] = v;
		}
		const r = await attempt(async () => {
			const { point } = await requireOpenTill(locals);
			return closeTill(getDb(), locals.actor!, point, { counted, note: form.note, requireCounted: true });
		}, values);
		if (isFailure(r)) return r;
		// Z readers get the printable Z report; an operator the figures of the till they just closed.
		redirect(303, hasAnyRole(locals.actor!.roles, READ_Z_REPORTS) ? resolve(`/clotures/${r.id}`) : resolve(`/caisse/fermeture/${r.id}`));
	}
};
