import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { runTrainingRetention, setTrainingRetention, trainingRetention } from '$lib/server/training/erase';
import type { Actions, PageServerLoad } from './$types';

/** How long training records are kept after the last contract, and erasing those past it (managers). */
export const load: PageServerLoad = async ({ locals }) => ({ retention: await orHttpError(() => trainingRetention(getDb(), locals.actor!)) });

export const actions: Actions = {
	save: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => setTrainingRetention(getDb(), locals.actor!, form.months ?? ''), form);
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'save' });
		return { action: 'save', saved: r.months };
	},
	/** Two steps: the first post asks to confirm, the second (confirm=yes) erases. */
	run: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		if (form.confirm !== 'yes') {
			const r = await attempt(() => trainingRetention(getDb(), locals.actor!));
			if (isFailure(r)) return fail(r.status, { ...r.data, action: 'run' });
			return { action: 'run', confirmRun: r.due };
		}
		const r = await attempt(() => runTrainingRetention(getDb(), locals.actor!));
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'run' });
		return { action: 'run', erased: r.erased };
	}
};
