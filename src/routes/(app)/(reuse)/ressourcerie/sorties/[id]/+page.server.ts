import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { fluxLabel } from '$lib/reuse/flux';
import { kgText, readKilograms } from '$lib/reuse/weighing';
import { numberMessage, readWhole } from '$lib/numbers';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { listReuseCategories, listReuseContainers } from '$lib/server/reuse/categories';
import { addExitLine, cancelExitLine, checkExit, getExit } from '$lib/server/reuse/exits';
import { reuseSettings } from '$lib/server/reuse/settings';
import { hasAnyRole } from '$lib/server/auth/roles';
import { CORRECT_REUSE } from '$lib/permissions';
import type { Actions, PageServerLoad } from './$types';

/** The largest number the kg field reads: heavier is the service's refusal (the scale's maximum, in words). */
const READ_MAX_GRAMS = 1_000_000_000;

/** An exit's weighing screen: flux tiles, container, keypad in kg (or a count), a scan field, the lines. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const exit = await orHttpError(() => getExit(db, actor, params.id));
	const [categories, containers, settings] = await orHttpError(() =>
		Promise.all([listReuseCategories(db, actor), listReuseContainers(db, actor), reuseSettings(db, actor)])
	);
	return {
		exit,
		categories: categories.map((c) => ({ id: c.id, flux: c.flux, name: c.name, averageWeightGrams: c.averageWeightGrams })),
		containers: containers.map((c) => ({ id: c.id, name: c.name, tareGrams: c.tareGrams })),
		scaleMaxGrams: settings.scaleMaxGrams,
		mode: url.searchParams.get('mode') === 'count' ? ('count' as const) : ('weigh' as const),
		canCancel: hasAnyRole(actor.roles, CORRECT_REUSE)
	};
};

/** The exit first (another organisation's: 404), then the form. */
const exitOf = (locals: App.Locals, id: string) => attempt(() => checkExit(getDb(), locals.actor!, id));

const added = (netGrams: number, flux: string) => m.rx_line_added({ weight: kgText(netGrams), flux: fluxLabel(flux) });

export const actions: Actions = {
	/** A weighing: the flux's tile, the container's tile, the gross weight in kg from the keypad. */
	weigh: async ({ request, locals, params }) => {
		const seen = await exitOf(locals, params.id);
		if (isFailure(seen)) return seen;
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { flux: form.flux ?? '', containerId: form.containerId ?? '', kg: form.kg ?? '' };
		const kg = readKilograms(values.kg, READ_MAX_GRAMS);
		if (!kg.ok) return fail(400, { error: numberMessage(kg.problem), field: 'kg', values });
		const r = await attempt(
			() =>
				addExitLine(getDb(), locals.actor!, params.id, { method: 'weighed', flux: values.flux, containerId: values.containerId || null, grossGrams: kg.value }),
			values
		);
		if (isFailure(r)) return r;
		return { ok: added(r.netGrams, r.flux), keep: { flux: values.flux, containerId: values.containerId } };
	},
	/** A count where weighing is impossible: the category and how many (× its average weight). */
	count: async ({ request, locals, params }) => {
		const seen = await exitOf(locals, params.id);
		if (isFailure(seen)) return seen;
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { categoryId: form.categoryId ?? '', count: form.count ?? '' };
		const n = readWhole(values.count, 10_000);
		if (!n.ok) return fail(400, { error: numberMessage(n.problem), field: 'count', values });
		const r = await attempt(
			() => addExitLine(getDb(), locals.actor!, params.id, { method: 'counted', categoryId: values.categoryId || null, count: n.value }),
			values
		);
		if (isFailure(r)) return r;
		return { ok: added(r.netGrams, r.flux) };
	},
	/** An item's label scanned (keystrokes then Enter): it leaves the stock. */
	scan: async ({ request, locals, params }) => {
		const seen = await exitOf(locals, params.id);
		if (isFailure(seen)) return seen;
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const code = (form.code ?? '').slice(0, 40);
		const r = await attempt(() => addExitLine(getDb(), locals.actor!, params.id, { method: 'item', code }), { code });
		if (isFailure(r)) return r;
		return { ok: m.rx_item_added({ code: r.itemCode ?? code, weight: kgText(r.netGrams) }) };
	},
	/** Cancels a line (supervisors and managers), after a confirmation (confirm=yes). */
	cancel: async ({ request, locals, params }) => {
		const seen = await exitOf(locals, params.id);
		if (isFailure(seen)) return seen;
		const form = await readForm(request);
		if (isFailure(form)) return form;
		if (!hasAnyRole(locals.actor!.roles, CORRECT_REUSE)) return fail(403, { error: m.error_forbidden() });
		if (form.confirm !== 'yes') return { confirmCancel: form.lineId ?? '' };
		const r = await attempt(() => cancelExitLine(getDb(), locals.actor!, params.id, form.lineId ?? ''));
		if (isFailure(r)) return r;
		return { ok: m.rx_line_cancelled_done() };
	}
};
