import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { countLot, getCount, validateCount } from '$lib/server/stock/counts';
import type { Actions, PageServerLoad } from './$types';
import { VALIDATE_STOCK } from '$lib/permissions';

export const load: PageServerLoad = ({ locals, params }) =>
	orHttpError(async () => ({
		count: await getCount(getDb(), locals.actor!, params.id),
		canValidate: hasAnyRole(locals.actor!.roles, VALIDATE_STOCK)
	}));

export const actions: Actions = {
	count: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const moveHere = form.moveHere === 'yes';
		const r = await attempt(() => countLot(getDb(), locals.actor!, params.id, { lot: form.lot ?? '', quantity: form.quantity ?? '', moveHere }), form);
		// 409 on the lot field: "rangé ailleurs" — the page asks whether it is really here.
		if (isFailure(r)) return fail(r.status, { error: r.data.error, field: r.data.field, values: form, elsewhere: r.status === 409 && r.data.field === 'lot' });
		return { ok: r.moved ? m.count_line_moved_saved({ code: r.code }) : m.count_line_saved({ code: r.code }) };
	},
	validate: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => validateCount(getDb(), locals.actor!, params.id, { reason: form.reason }), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.count_validated({ count: r.adjusted }) };
	}
};
