import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { searchProducts } from '$lib/server/stock/catalogue';
import { recallLots } from '$lib/server/stock/views';
import type { Actions, PageServerLoad } from './$types';

/** Recalls: route group (supervise) inside (stock), so supervisors, managers and admins only — operators get no page they cannot use. */
export const load: PageServerLoad = async ({ locals }) => ({
	products: (await searchProducts(getDb(), locals.actor!, { limit: 200 })).rows.map((p) => ({ id: p.id, name: p.name }))
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => recallLots(getDb(), locals.actor!, { lotNumber: form.lotNumber ?? '', productId: form.productId || null }), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.recall_done({ count: r.length }), lots: r };
	}
};
