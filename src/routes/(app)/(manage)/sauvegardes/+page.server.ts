import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { backupOnRequest, backupsOverview } from '$lib/server/backup/requests';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ overview: backupsOverview(locals.actor!) });

export const actions: Actions = {
	now: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const r = await attempt(() => backupOnRequest(getDb(), locals.actor!));
		if (isFailure(r)) return r;
		// A backup that failed is reported beside the button (503: the service could not do it), never as a crash.
		if (r.state !== 'ok') return fail(503, { error: m.backups_failed({ error: r.error ?? '' }) });
		return { done: m.backups_done() };
	}
};
