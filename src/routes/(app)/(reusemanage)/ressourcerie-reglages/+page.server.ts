import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { numberMessage, readWhole } from '$lib/numbers';
import { fluxLabel } from '$lib/reuse/flux';
import { MAX_SCALE_GRAMS } from '$lib/reuse/weighing';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { kgField, kgInput } from '$lib/server/reuse/forms';
import {
	createReuseContainer,
	MAX_TARE_GRAMS,
	reuseManagement,
	setReuseCategoryActive,
	setReuseContainerActive,
	updateReuseContainer,
	updateReuseSettings
} from '$lib/server/reuse/manage';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) =>
	orHttpError(async () => {
		const r = await reuseManagement(getDb(), locals.actor!);
		return {
			categories: r.categories.map((c) => ({ ...c, fluxName: fluxLabel(c.flux) })),
			containers: r.containers.map((c) => ({ ...c, tare: kgInput(c.tareGrams) })),
			settings: { scaleMax: kgInput(r.settings.scaleMaxGrams), maxDiscountPercent: String(r.settings.maxDiscountPercent) }
		};
	});

const yes = (v: string | undefined) => v === 'true';

export const actions: Actions = {
	settings: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { scaleMax: form.scaleMax ?? '', maxDiscountPercent: form.maxDiscountPercent ?? '' };
		const errors: Record<string, string> = {};
		const scaleMaxGrams = kgField(values.scaleMax, MAX_SCALE_GRAMS, 'scaleMaxGrams', errors);
		const pct = readWhole(values.maxDiscountPercent, 100, { allowZero: true });
		if (!pct.ok) errors.maxDiscountPercent = numberMessage(pct.problem);
		const r = await attempt(
			() => updateReuseSettings(getDb(), locals.actor!, { scaleMaxGrams, maxDiscountPercent: pct.ok ? pct.value : null }, errors),
			values
		);
		if (isFailure(r)) return fail(r.status, { ...r.data, form: 'settings' });
		return { form: 'settings', ok: m.saved() };
	},
	container_create: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { name: form.name ?? '', tare: form.tare ?? '' };
		const errors: Record<string, string> = {};
		const tareGrams = kgField(values.tare, MAX_TARE_GRAMS, 'tareGrams', errors, { allowZero: true });
		const r = await attempt(() => createReuseContainer(getDb(), locals.actor!, { name: values.name, tareGrams }, errors), values);
		if (isFailure(r)) return fail(r.status, { ...r.data, form: 'container_create' });
		return { form: 'container_create', ok: m.ri_container_created({ name: r.name }) };
	},
	container_update: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const id = form.id ?? '';
		const values = { name: form.name ?? '', tare: form.tare ?? '' };
		const errors: Record<string, string> = {};
		const tareGrams = kgField(values.tare, MAX_TARE_GRAMS, 'tareGrams', errors, { allowZero: true });
		const r = await attempt(() => updateReuseContainer(getDb(), locals.actor!, id, { name: values.name, tareGrams }, errors), values);
		if (isFailure(r)) return fail(r.status, { ...r.data, form: `container_${id}` });
		return { form: `container_${id}`, ok: m.saved() };
	},
	container_active: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => setReuseContainerActive(getDb(), locals.actor!, form.id ?? '', yes(form.active)));
		if (isFailure(r)) return fail(r.status, { error: r.data.error, form: 'containers' });
		return { form: 'containers', ok: r.active ? m.ri_reactivated({ name: r.name }) : m.ri_deactivated({ name: r.name }) };
	},
	category_active: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => setReuseCategoryActive(getDb(), locals.actor!, form.id ?? '', yes(form.active)));
		if (isFailure(r)) return fail(r.status, { error: r.data.error, form: 'categories' });
		return { form: 'categories', ok: r.active ? m.ri_reactivated({ name: r.name }) : m.ri_deactivated({ name: r.name }) };
	}
};
