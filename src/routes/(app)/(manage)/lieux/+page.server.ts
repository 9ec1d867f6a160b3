import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { listPlaces, setLocationActive, setSiteActive } from '$lib/server/places/places';
import type { Actions, PageServerLoad } from './$types';

/** Confirmations shown after a redirect from the create and edit pages (?ok=…). */
const DONE: Record<string, (code: string) => string> = {
	site_created: () => m.site_created(),
	site_saved: () => m.site_saved(),
	location_created: (code) => m.location_created({ code }),
	location_saved: () => m.location_saved()
};

export const load: PageServerLoad = async ({ locals, url }) => {
	const q = (url.searchParams.get('q') ?? '').slice(0, 100);
	const inactive = url.searchParams.get('inactifs') === '1';
	const ok = url.searchParams.get('ok') ?? '';
	const code = url.searchParams.get('code') ?? '';
	return {
		query: { q, inactive },
		sites: await listPlaces(getDb(), locals.actor!, { q, inactive }),
		done: DONE[ok]?.(/^[A-Z0-9-]{1,20}$/.test(code) ? code : '') ?? null
	};
};

async function toggle(request: Request, set: (id: string, active: boolean) => Promise<void>, messages: { on: string; off: string }) {
	const form = await readForm(request);
	if (isFailure(form)) return form;
	const active = form.active === 'true';
	const r = await attempt(() => set(form.id ?? '', active));
	if (isFailure(r)) return fail(r.status, { error: r.data.error });
	return { ok: active ? messages.on : messages.off };
}

export const actions: Actions = {
	site: async ({ request, locals }) =>
		toggle(request, (id, active) => setSiteActive(getDb(), locals.actor!, id, active), { on: m.site_reactivated(), off: m.site_deactivated() }),
	location: async ({ request, locals }) =>
		toggle(request, (id, active) => setLocationActive(getDb(), locals.actor!, id, active), {
			on: m.location_reactivated(),
			off: m.location_deactivated()
		})
};
