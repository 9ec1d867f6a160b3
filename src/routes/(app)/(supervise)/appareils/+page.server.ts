import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { enrolDevice, listDevices, revokeDevice } from '$lib/server/auth/devices';
import { getDb } from '$lib/server/db/app';
import { clearSessionCookie, setDeviceCookie } from '$lib/server/http/cookies';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { listSites } from '$lib/server/places/places';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const actor = locals.actor!;
	return {
		devices: await listDevices(db, actor),
		sites: (await listSites(db, actor)).map((s) => ({ id: s.id, name: s.name })),
		thisDevice: locals.device ? { id: locals.device.id, name: locals.device.name } : null
	};
};

export const actions: Actions = {
	/** Enrols this browser's tablet, then signs the enrolling person out so that operators can take the till. */
	enrol: async ({ request, locals, cookies, url }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const actor = locals.actor!;
		const r = await attempt(() => enrolDevice(getDb(), actor, { name: form.name ?? '', siteId: form.siteId || null }, { signOut: true }), { name: form.name });
		if (isFailure(r)) return fail(r.status, { enrolError: r.data.error });
		setDeviceCookie(cookies, url, r.token);
		clearSessionCookie(cookies, url);
		redirect(303, '/tablette');
	},
	revoke: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const id = z.uuid().safeParse(form.id);
		if (!id.success) return fail(404, { error: m.device_not_found(), action: 'revoke' as const });
		if (form.confirm !== 'yes') return { confirmRevoke: id.data, action: 'revoke' as const };
		const r = await attempt(() => revokeDevice(getDb(), locals.actor!, id.data));
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'revoke' as const });
		return { ok: m.device_revoked(), action: 'revoke' as const };
	}
};
