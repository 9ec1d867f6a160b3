import { fail, redirect } from '@sveltejs/kit';
import { centsToText } from '$lib/server/stock/csv';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { listCategories, productInputFromForm, requireProduct, updateProduct } from '$lib/server/stock/catalogue';
import { displayGtin } from '$lib/stock/gs1';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) =>
	orHttpError(async () => {
		const db = getDb();
		const p = await requireProduct(db, locals.actor!, params.id);
		const num = (n: number | null) => (n === null ? '' : String(n));
		return {
			categories: await listCategories(db, locals.actor!),
			name: p.name,
			needsReview: p.needsReview,
			values: {
				name: p.name,
				categoryId: p.categoryId ?? '',
				unit: p.unit,
				referencePrice: centsToText(p.referencePriceCents),
				netWeightGrams: num(p.netWeightGrams),
				zone: p.zone,
				dateType: p.dateType,
				limitPerVisit: num(p.limitPerVisit),
				limitPerMonth: num(p.limitPerMonth),
				gtins: p.gtins.map(displayGtin).join(' '),
				active: String(p.active)
			}
		};
	});

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		// The checkbox posts "false" (hidden) then "true" when ticked: readForm joins them.
		const f = { ...form, active: form.active?.split('\n').at(-1) ?? 'false' };
		const r = await attempt(() => updateProduct(getDb(), locals.actor!, params.id, productInputFromForm(f)), f);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, '/catalogue?ok=saved');
	}
};
