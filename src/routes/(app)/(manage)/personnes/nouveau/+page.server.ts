import { fail, redirect } from '@sveltejs/kit';
import { assignableRoles } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, many, readForm } from '$lib/server/http/forms';
import { createPerson } from '$lib/server/people/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({ assignable: assignableRoles(locals.actor!.roles) });

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = {
			username: form.username ?? '',
			firstName: form.firstName ?? '',
			lastName: form.lastName ?? '',
			email: form.email ?? '',
			roles: many(form.roles) as never[],
			password: form.password ?? '',
			pin: form.pin ?? ''
		};
		const r = await attempt(() => createPerson(getDb(), locals.actor!, values), { ...values, password: '', pin: '' });
		if (isFailure(r)) return fail(r.status, r.data);
		redirect(303, `/personnes/${r.id}?cree=1`);
	}
};
