import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { shelveByScan, shelvingContext } from '$lib/server/stock/shelving';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const raw = (url.searchParams.get('lot') ?? '').trim();
	if (!raw) return { context: null, error: null };
	const r = await attempt(() => shelvingContext(getDb(), locals.actor!, raw));
	if (isFailure(r)) return { context: null, error: r.data.error };
	return { context: r, error: null };
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(
			() =>
				shelveByScan(getDb(), locals.actor!, {
					lot: form.lot ?? '',
					location: form.location ?? '',
					quantity: form.quantity,
					confirmCold: form.confirmCold === 'yes'
				}),
			form
		);
		// 409 on confirmColdForAmbient: an ambient product into the cold — the page asks to confirm.
		if (isFailure(r)) return fail(r.status, { error: r.data.error, field: r.data.field, values: form, confirmCold: r.data.field === 'confirmColdForAmbient' });
		return {
			ok: r.split
				? m.shelving_split_done({ code: r.code, from: r.from, location: r.locationCode })
				: m.shelving_done({ code: r.code, location: r.locationCode }),
			done: r.code,
			split: r.split
		};
	}
};
