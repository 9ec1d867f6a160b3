import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { listLocations } from '$lib/server/places/places';
import { listCategories, quickCreateProduct, quickProductInputFromForm, requireProduct, searchProducts, type ProductRow } from '$lib/server/stock/catalogue';
import { addLineFromForm, cancelReception, getReception, removeLine, resolveProductScan, validateReception } from '$lib/server/stock/receptions';
import { isIsoDate } from '$lib/stock/dates';
import { displayGtin, type Gs1Data } from '$lib/stock/gs1';
import { quantityNumber } from '$lib/stock/units';
import type { Actions, PageServerLoad } from './$types';
import { VALIDATE_STOCK } from '$lib/permissions';

/** The product chosen for the next line, with what a GS1 code said about it. */
function pick(p: ProductRow, gs1: Gs1Data | null) {
	const date = gs1?.useBy ?? gs1?.bestBefore ?? '';
	return {
		productId: p.id,
		name: p.name,
		unit: p.unit,
		zone: p.zone,
		dateType: gs1?.useBy ? 'dlc' : gs1?.bestBefore ? 'ddm' : p.dateType,
		date,
		lotNumber: gs1?.lot ?? '',
		quantity: gs1?.netWeightGrams && p.unit === 'kg' ? quantityNumber('kg', gs1.netWeightGrams) : ''
	};
}

/**
 * The quick-create form opened by an unknown code (all text, as posted): the code, guesses from the
 * GS1 parts (a weight: sold by the kg; a use-by date: DLC), and those parts in hidden fields.
 */
function quickValues(gtin: string, gs1: Gs1Data | null): Record<string, string> {
	return {
		gtin: displayGtin(gtin),
		unit: gs1?.netWeightGrams ? 'kg' : 'piece',
		zone: 'ambient',
		dateType: gs1?.useBy ? 'dlc' : 'ddm',
		gs1Lot: gs1?.lot ?? '',
		gs1UseBy: gs1?.useBy ?? '',
		gs1BestBefore: gs1?.bestBefore ?? '',
		gs1Weight: gs1?.netWeightGrams ? String(gs1.netWeightGrams) : ''
	};
}

/** The GS1 parts back from the hidden fields: only a pre-fill of the line, which is checked when added. */
function gs1FromForm(f: Record<string, string>): Gs1Data | null {
	const g: Gs1Data = {};
	const lot = f.gs1Lot?.trim() ?? '';
	if (lot && lot.length <= 20 && !/[\u0000-\u001f]/.test(lot)) g.lot = lot;
	if (f.gs1UseBy && isIsoDate(f.gs1UseBy)) g.useBy = f.gs1UseBy;
	else if (f.gs1BestBefore && isIsoDate(f.gs1BestBefore)) g.bestBefore = f.gs1BestBefore;
	const weight = Number(f.gs1Weight);
	if (/^\d{1,7}$/.test(f.gs1Weight ?? '') && weight > 0) g.netWeightGrams = weight;
	return Object.keys(g).length > 0 ? g : null;
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
		if (r.kind === 'unknown') return fail(404, { error: m.scan_unknown_product(), quick: quickValues(r.gtin, r.gs1) });
		return { pick: pick(r.product, r.gs1) };
	},
	/** An unknown code: creates the product, then the line form opens with it (quantity to type). */
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => quickCreateProduct(getDb(), locals.actor!, quickProductInputFromForm(form)));
		if (isFailure(r)) return fail(r.status, { error: r.data.error, field: r.data.field, quick: form });
		return { ok: m.quick_product_created({ name: r.name }), pick: pick(r, gs1FromForm(form)) };
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
