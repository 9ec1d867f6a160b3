import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { createExit } from '$lib/server/reuse/exits';
import { ressourcerieSites } from '$lib/server/reuse/sites';
import type { Actions, PageServerLoad } from './$types';

/** A new exit: the channel (big tiles), the recipient, the site when there are several. */
export const load: PageServerLoad = async ({ locals, url }) => ({
	sites: await orHttpError(() => ressourcerieSites(getDb(), locals.actor!)),
	channel: url.searchParams.get('channel')
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { channel: form.channel ?? '', recipient: form.recipient ?? '', note: form.note ?? '', siteId: form.siteId ?? '' };
		const r = await attempt(() => createExit(getDb(), locals.actor!, { ...values, siteId: values.siteId || null }), values);
		if (isFailure(r)) return r;
		redirect(303, `/ressourcerie/sorties/${r.id}`);
	}
};
