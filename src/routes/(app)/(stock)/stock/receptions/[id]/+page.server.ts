import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { listLocations } from '$lib/server/places/places';
import { listCategories, quickCreateProduct, quickProductInputFromForm, requireProduct, searchProducts, type ProductRow } from '$lib/server/stock/catalogue';
import {
	addLineFromForm,
	cancelReception,
	getReception,
	removeLine,
	resolveProductScan,
	setDeliveredWeightFromForm,
	validateReception
} from '$lib/server/stock/receptions';
import { gs1FromHiddenFields, quickProductGuess, receptionPrefill, type Gs1Data } from '$lib/stock/gs1';
import type { Actions, PageServerLoad } from './$types';
import { VALIDATE_STOCK } from '$lib/permissions';

/** The product chosen for the next line, with what a GS1 code said about it (receptionPrefill). */
function pick(p: ProductRow, gs1: Gs1Data | null) {
	return { productId: p.id, name: p.name, unit: p.unit, zone: p.zone, ...receptionPrefill(p, gs1) };
}

export const load: PageServerLoad = ({ locals, params, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const actor = locals.actor!;
		const reception = await getReception(db, actor, params.id);
		const q = (url.searchParams.get('q') ?? '').slice(0, 100);
		const chosen = url.searchParams.get('produit');
		return {
			reception,
			locations: await listLocations(db, actor),
			canValidate: hasAnyRole(actor.roles, VALIDATE_STOCK),
			/** For the quick creation of an unknown product. */
			categories: reception.status === 'draft' ? await listCategories(db, actor) : [],
			q,
			results: q && reception.status === 'draft' ? (await searchProducts(db, actor, { q, limit: 10 })).rows : [],
			chosen: chosen && reception.status === 'draft' ? pick(await requireProduct(db, actor, chosen), null) : null
		};
	});

export const actions: Actions = {
	scan: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => resolveProductScan(getDb(), locals.actor!, form.code ?? ''));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		if (r.kind === 'unknown') return fail(404, { error: m.scan_unknown_product(), quick: quickProductGuess(r.gtin, r.gs1) });
		return { pick: pick(r.product, r.gs1) };
	},
	/** An unknown code: creates the product, then the line form opens with it (quantity to type). */
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => quickCreateProduct(getDb(), locals.actor!, quickProductInputFromForm(form)));
		if (isFailure(r)) return fail(r.status, { error: r.data.error, field: r.data.field, errors: r.data.errors, quick: form });
		return { ok: m.quick_product_created({ name: r.name }), pick: pick(r, gs1FromHiddenFields(form)) };
	},
	add: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const db = getDb();
		const r = await attempt(() => addLineFromForm(db, locals.actor!, params.id, form), form);
		if (isFailure(r)) {
			const p = await requireProduct(db, locals.actor!, form.productId ?? '').catch(() => null);
			return fail(r.status, { ...r.data, pick: p ? { ...pick(p, null), ...form, name: p.name, unit: p.unit, zone: p.zone } : null });
		}
		return { ok: m.reception_line_added() };
	},
	remove: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => removeLine(getDb(), locals.actor!, params.id, form.lineId ?? ''));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		return { ok: m.reception_line_removed() };
	},
	/** The delivered weight (kg, decimal comma; empty clears it) of the draft. */
	weight: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => setDeliveredWeightFromForm(getDb(), locals.actor!, params.id, form.deliveredWeight ?? ''));
		if (isFailure(r)) return fail(r.status, { error: r.data.error, field: r.data.field, weight: form.deliveredWeight ?? '' });
		return { ok: m.reception_weight_saved() };
	},
	validate: async ({ locals, params }) => {
		const r = await attempt(() => validateReception(getDb(), locals.actor!, params.id));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		redirect(303, `/stock/etiquettes?reception=${params.id}`);
	},
	cancel: async ({ locals, params }) => {
		const r = await attempt(() => cancelReception(getDb(), locals.actor!, params.id));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		redirect(303, '/stock/receptions');
	}
};
