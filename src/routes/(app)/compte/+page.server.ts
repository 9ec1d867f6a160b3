import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { changeOwnPassword, changeOwnPin } from '$lib/server/people/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ method: locals.actor!.method, mustChangePassword: !!locals.actor!.mustChangePassword });

export const actions: Actions = {
	password: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		if ((form.next ?? '') !== (form.confirm ?? '')) return fail(400, { error: m.account_confirm_mismatch(), field: 'confirm', action: 'password' as const });
		const r = await attempt(() => changeOwnPassword(getDb(), locals.actor!, form.current ?? '', form.next ?? ''));
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'password' as const });
		// The temporary password is gone: the person goes on to the home page.
		if (locals.actor!.mustChangePassword) redirect(303, '/');
		return { ok: m.account_password_changed(), action: 'password' as const };
	},
	pin: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		if ((form.next ?? '') !== (form.confirm ?? '')) return fail(400, { error: m.account_confirm_mismatch(), field: 'confirm', action: 'pin' as const });
		const r = await attempt(() => changeOwnPin(getDb(), locals.actor!, form.current ?? '', form.next ?? ''));
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'pin' as const });
		return { ok: m.account_pin_changed(), action: 'pin' as const };
	}
};
