import { fail, redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { parseEuros } from '$lib/server/households/rules';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { tillOf } from '$lib/server/till/point';
import { openTill } from '$lib/server/till/sessions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const t = await orHttpError(() => tillOf(locals));
	if (t.session) redirect(303, resolve('/caisse'));
	return { deviceName: locals.device?.name ?? null };
};

export const actions: Actions = {
	/** Opens the till with the float counted in the drawer. */
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const floatCents = parseEuros(form.float ?? '');
		if (floatCents === null) return fail(400, { error: m.till_amount_invalid(), field: 'float', values: { float: form.float } });
		const r = await attempt(
			async () => {
				const { point } = await tillOf(locals);
				return openTill(getDb(), locals.actor!, point, { floatCents, note: form.note });
			},
			{ float: form.float }
		);
		if (isFailure(r)) return r;
		redirect(303, resolve('/caisse'));
	}
};
