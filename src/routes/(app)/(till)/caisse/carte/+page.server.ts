import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { tillLookup } from '$lib/server/households/rights';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import type { Actions } from './$types';

export const actions: Actions = {
	/** A scanned card (or a typed reference): what the till may know, nothing more. */
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => tillLookup(getDb(), locals.actor!, form.code ?? ''));
		if (isFailure(r)) return fail(r.status, r.data);
		const { rightId: _r, ...view } = r;
		return { view };
	}
};
