import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { listReuseCategories, reuseCategoryOf } from '$lib/server/reuse/categories';
import { createItem, itemPlaces } from '$lib/server/reuse/items';
import { reuseSettings } from '$lib/server/reuse/settings';
import type { Actions, PageServerLoad } from './$types';

/**
 * "Nouvel objet" on the tablet: first a category (tiles by flux, links: ?categorie=…), then its form —
 * price from the category's grid or typed, weighed or the average weight, one object or a batch, a
 * description, a location. Saved: the item's page, which offers to print its label.
 */
export const load: PageServerLoad = ({ locals, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const actor = locals.actor!;
		const chosen = url.searchParams.get('categorie');
		// ?arrivage=<intake id>: objects sorted from an intake (the intake's page may link here); checked on save.
		const intakeId = url.searchParams.get('arrivage') ?? '';
		const [categories, places, settings] = await Promise.all([listReuseCategories(db, actor), itemPlaces(db, actor), reuseSettings(db, actor)]);
		const category = chosen ? await reuseCategoryOf(db, actor, chosen, 'categorie') : null;
		return {
			categories: categories.map((c) => ({ id: c.id, name: c.name, flux: c.flux, averageWeightGrams: c.averageWeightGrams })),
			category: category && {
				id: category.id,
				name: category.name,
				flux: category.flux,
				averageWeightGrams: category.averageWeightGrams,
				priceGrid: category.priceGrid
			},
			places,
			scaleMaxGrams: settings.scaleMaxGrams,
			intakeId: /^[0-9a-f-]{36}$/i.test(intakeId) ? intakeId : ''
		};
	});

/** A grid button's value is in cents ("500"); a typed price in euros ("5" or "4,50") wins over it. */
const priceOf = (form: Record<string, string>): unknown => {
	const typed = form.price?.trim();
	if (typed) return typed;
	const grid = form.gridPrice?.trim() ?? '';
	return /^\d{1,9}$/.test(grid) ? Number(grid) : '';
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(
			() =>
				createItem(getDb(), locals.actor!, {
					categoryId: form.categoryId,
					description: form.description,
					price: priceOf(form),
					quantity: form.batch === '1' ? (form.quantity ?? '') : 1,
					weight: form.weightMode === 'weighed' ? (form.weight ?? '') : null,
					locationId: form.locationId,
					intakeId: form.intakeId
				}),
			form
		);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/ressourcerie/objets/${r.code}?nouveau=1`);
	}
};
