import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { createOrigin, listOrigins, toggleOrigin } from '$lib/server/stock/catalogue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	origins: await listOrigins(getDb(), locals.actor!, { includeInactive: true })
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { name: form.name ?? '', kind: (form.kind ?? '') as never };
		const r = await attempt(() => createOrigin(getDb(), locals.actor!, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.origin_created({ name: values.name.trim() }) };
	},
	toggle: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => toggleOrigin(getDb(), locals.actor!, form.id ?? ''));
		if (isFailure(r)) return fail(r.status, { error: r.data.error });
		return { ok: r.active ? m.origin_reactivated({ name: r.name }) : m.origin_deactivated({ name: r.name }) };
	}
};
