import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { linesFromRows, rowsFromForm, rowsFromLines } from '$lib/parcels/templateForm';
import { getTemplate, updateTemplate } from '$lib/server/parcels/templates';
import { listCategories } from '$lib/server/stock/catalogue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params, url }) =>
	orHttpError(async () => {
		const db = getDb();
		const t = await getTemplate(db, locals.actor!, params.id);
		return {
			template: { id: t.id, name: t.name, note: t.note ?? '', active: t.active, plannedDays: t.plannedDays },
			rows: rowsFromLines(t.lines),
			categories: await listCategories(db, locals.actor!),
			created: url.searchParams.has('cree'),
			copied: url.searchParams.has('copie')
		};
	});

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const rows = rowsFromForm(form);
		const { lines, formErrors } = linesFromRows(rows);
		const values = { name: form.name ?? '', note: form.note ?? '', rows };
		const r = await attempt(() => updateTemplate(getDb(), locals.actor!, params.id, { name: values.name, note: values.note, lines, formErrors }), values);
		if (isFailure(r)) return fail(r.status, r.data);
		return { ok: m.pt_saved() };
	}
};
