import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { CORRECT_REUSE } from '$lib/permissions';
import { hasAnyRole, requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { changeItemPrice, correctItemStock, getItem, itemPlaces, moveItem } from '$lib/server/reuse/items';
import type { Actions, PageServerLoad } from './$types';

/** An item's page: its facts and movements; change its price, move it, correct its stock (supervisors, after a confirmation). */
export const load: PageServerLoad = ({ locals, params, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const item = await getItem(db, locals.actor!, params.code);
		const places = (await itemPlaces(db, locals.actor!)).filter((s) => s.id === item.siteId).flatMap((s) => s.locations);
		return { item, places, canCorrect: hasAnyRole(locals.actor!.roles, CORRECT_REUSE), created: url.searchParams.get('nouveau') === '1' };
	});

export const actions: Actions = {
	price: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const typed = form.price?.trim();
		const grid = form.gridPrice?.trim() ?? '';
		const price = typed ? typed : /^\d{1,9}$/.test(grid) ? Number(grid) : '';
		const r = await attempt(() => changeItemPrice(getDb(), locals.actor!, params.code, price), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.rit_price_changed() };
	},
	move: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => moveItem(getDb(), locals.actor!, params.code, form.locationId), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.rit_moved() };
	},
	/** Two steps: the first post shows what will change (nothing saved), the second (`confirm=1`) saves. */
	correct: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const input = { onHand: form.onHand ?? '', reason: form.reason ?? '' };
		if (form.confirm !== '1') {
			const r = await attempt(async () => {
				requireRole(locals.actor!, CORRECT_REUSE);
				const item = await getItem(getDb(), locals.actor!, params.code);
				return { confirm: { from: item.onHand, to: input.onHand.trim(), reason: input.reason.trim() } };
			}, form);
			if (isFailure(r)) return fail(r.status, r.data);
			return r;
		}
		const r = await attempt(() => correctItemStock(getDb(), locals.actor!, params.code, input), form);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.rit_corrected() };
	}
};
