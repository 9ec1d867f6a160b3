import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { linesFromRows, rowsFromForm } from '$lib/parcels/templateForm';
import { createTemplate } from '$lib/server/parcels/templates';
import { listCategories } from '$lib/server/stock/catalogue';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => orHttpError(async () => ({ categories: await listCategories(getDb(), locals.actor!) }));

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const rows = rowsFromForm(form);
		const { lines, formErrors } = linesFromRows(rows);
		const values = { name: form.name ?? '', note: form.note ?? '', rows };
		const r = await attempt(() => createTemplate(getDb(), locals.actor!, { name: values.name, note: values.note, lines, formErrors }), values);
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/colis-modeles/${r.id}?cree=1`);
	}
};
