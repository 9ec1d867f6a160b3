import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { numberMessage, readWhole } from '$lib/numbers';
import { CORRECT_REUSE } from '$lib/permissions';
import { fluxLabel } from '$lib/reuse/flux';
import { kgText, MAX_COUNT, MAX_SCALE_GRAMS, readKilograms } from '$lib/reuse/weighing';
import { hasAnyRole, requireRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { listReuseCategories, listReuseContainers } from '$lib/server/reuse/categories';
import { addIntakeLine, cancelIntakeLine, getIntake } from '$lib/server/reuse/intakes';
import { reuseSettings } from '$lib/server/reuse/settings';
import type { Actions, PageServerLoad } from './$types';

/** The weighing screen of an intake: flux, category, container, gross weight on the keypad; its lines and totals. */
export const load: PageServerLoad = ({ locals, params, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const actor = locals.actor!;
		const [view, categories, containers, settings] = await Promise.all([
			getIntake(db, actor, params.id),
			listReuseCategories(db, actor),
			listReuseContainers(db, actor),
			reuseSettings(db, actor)
		]);
		return {
			intake: {
				id: view.intake.id,
				number: view.intake.number,
				source: view.intake.source,
				commune: view.intake.commune,
				partner: view.intake.partner,
				siteName: view.siteName,
				createdAt: view.intake.createdAt
			},
			lines: view.lines.map((l) => ({ ...l, fluxName: fluxLabel(l.flux) })),
			totals: view.totals.map((t) => ({ ...t, fluxName: fluxLabel(t.flux) })),
			totalGrams: view.totalGrams,
			categories: categories.map((c) => ({ id: c.id, flux: c.flux, name: c.name, averageWeightGrams: c.averageWeightGrams })),
			containers: containers.map((c) => ({ id: c.id, name: c.name, tareGrams: c.tareGrams })),
			scaleMaxGrams: settings.scaleMaxGrams,
			mode: url.searchParams.get('mode') === 'count' ? ('count' as const) : ('weigh' as const),
			canCancel: hasAnyRole(actor.roles, CORRECT_REUSE)
		};
	});

export const actions: Actions = {
	weigh: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const counted = form.method === 'counted';
		const values = {
			method: counted ? 'counted' : 'weighed',
			flux: form.flux ?? '',
			categoryId: form.categoryId ?? '',
			containerId: form.containerId ?? '',
			gross: form.gross ?? '',
			count: form.count ?? ''
		};
		const errors: Record<string, string> = {};
		let grossGrams: number | null = null;
		let count: number | null = null;
		if (counted) {
			const n = readWhole(values.count, MAX_COUNT);
			if (n.ok) count = n.value;
			else errors.count = numberMessage(n.problem);
		} else {
			// Read up to the largest scale: the service says "over the scale's maximum" in its own words.
			const g = readKilograms(values.gross, MAX_SCALE_GRAMS);
			if (g.ok) grossGrams = g.value;
			else errors.grossGrams = g.problem.code === 'empty' ? m.ri_gross_missing() : numberMessage(g.problem);
		}
		const r = await attempt(
			() =>
				addIntakeLine(
					getDb(),
					locals.actor!,
					params.id,
					{ method: values.method, flux: values.flux, categoryId: values.categoryId || null, containerId: values.containerId || null, grossGrams, count },
					errors
				),
			values
		);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.ri_weighed({ net: kgText(r.netGrams), flux: fluxLabel(r.flux) }), values: { ...values, gross: '', count: '' } };
	},
	cancel: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const lineId = form.lineId ?? '';
		// Who may cancel, and which intake, are judged before the confirmation is asked.
		const allowed = await attempt(async () => {
			requireRole(locals.actor!, CORRECT_REUSE);
			await getIntake(getDb(), locals.actor!, params.id);
		});
		if (isFailure(allowed)) return fail(allowed.status, { error: allowed.data.error });
		if (form.confirm !== 'yes') return { confirmLine: Number(lineId) || null };
		const r = await attempt(() => cancelIntakeLine(getDb(), locals.actor!, params.id, lineId));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		return { ok: m.ri_line_cancel_done({ net: kgText(-r.netGrams), flux: fluxLabel(r.flux) }) };
	}
};
