import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { addHousehold, closeDay, daySummary, dayView, markAbsent, unmarkAbsent } from '$lib/server/parcels/days';
import type { Actions, PageServerLoad } from './$types';

/** A distribution day: the households expected (reference, first name), added, absent; closing and its summary. */
export const load: PageServerLoad = async ({ locals, params, url }) =>
	orHttpError(async () => {
		const v = await dayView(getDb(), locals.actor!, params.id);
		return { ...v, summary: daySummary(v.day), confirmClose: url.searchParams.has('fermer') && v.day.status === 'planned' };
	});

export const actions: Actions = {
	add: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => addHousehold(getDb(), locals.actor!, params.id, form.code ?? ''), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.dd_added({ reference: r.reference, firstName: r.firstName, code: r.code }) };
	},
	absent: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => markAbsent(getDb(), locals.actor!, form.parcelId ?? ''));
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.dd_marked_absent() };
	},
	present: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => unmarkAbsent(getDb(), locals.actor!, form.parcelId ?? ''));
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.dd_marked_present() };
	},
	close: async ({ locals, params }) => {
		const r = await attempt(() => closeDay(getDb(), locals.actor!, params.id));
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.dd_closed_ok({ returned: r.returned }) };
	}
};
