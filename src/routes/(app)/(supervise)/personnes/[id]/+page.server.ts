import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { MANAGE_ORGANISATION } from '$lib/permissions';
import { assignableRoles, canManagePerson, hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { attempt, isFailure, many, readForm } from '$lib/server/http/forms';
import { qrSvg } from '$lib/server/labels/qr';
import { getPerson, issueBadge, personHistory, revokeBadge, setPassword, setPersonActive, setPin, unlockPin, updatePerson } from '$lib/server/people/people';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const db = getDb();
	const actor = locals.actor!;
	const person = await orHttpError(() => getPerson(db, actor, params.id));
	// May the actor change this person's account at all (every role of theirs among the actor's: canManagePerson)?
	const canChange = canManagePerson(actor.roles, person.roles);
	const canManage = canChange && hasAnyRole(actor.roles, MANAGE_ORGANISATION);
	return {
		person,
		history: await personHistory(db, actor, params.id),
		canChange,
		canManage,
		isSelf: person.id === actor.userId,
		assignable: assignableRoles(actor.roles),
		created: url.searchParams.has('cree')
	};
};

type Done = { ok: string; action: string };
async function run(action: string, fn: () => Promise<unknown>, ok: () => string) {
	const r = await attempt(fn);
	if (isFailure(r)) return fail(r.status, { ...r.data, action });
	return { ok: ok(), action } satisfies Done;
}

export const actions: Actions = {
	update: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const input = { firstName: form.firstName ?? '', lastName: form.lastName ?? '', email: form.email ?? '', roles: many(form.roles) as never[] };
		return run('update', () => updatePerson(getDb(), locals.actor!, params.id, input), m.person_saved);
	},
	password: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		// On one's own account the current password is asked (form.current), as on the account page.
		const self = params.id === locals.actor!.userId;
		return run(
			'password',
			() => setPassword(getDb(), locals.actor!, params.id, form.password ?? '', form.current ?? ''),
			self ? m.account_password_changed : m.person_password_set
		);
	},
	pin: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		return run('pin', () => setPin(getDb(), locals.actor!, params.id, form.pin ?? '', form.current ?? ''), m.person_pin_set);
	},
	unlock: async ({ locals, params }) => run('unlock', () => unlockPin(getDb(), locals.actor!, params.id), m.person_pin_unlocked),
	badge: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const person = await attempt(() => getPerson(getDb(), locals.actor!, params.id));
		if (isFailure(person)) return fail(person.status, { ...person.data, action: 'badge' });
		if (person.hasBadge && form.confirm !== 'yes') return { confirmBadge: true, action: 'badge' };
		const r = await attempt(() => issueBadge(getDb(), locals.actor!, params.id));
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'badge' });
		return {
			ok: m.person_badge_issued(),
			action: 'badge',
			badge: { qr: await qrSvg(r.code), code: r.code, firstName: r.person.firstName, lastName: r.person.lastName }
		};
	},
	revokeBadge: async ({ locals, params }) => run('revokeBadge', () => revokeBadge(getDb(), locals.actor!, params.id), m.person_badge_revoked),
	active: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const active = form.active === 'true';
		if (!active && form.confirm !== 'yes') return { confirmDeactivate: true, action: 'active' };
		return run('active', () => setPersonActive(getDb(), locals.actor!, params.id, active), active ? m.person_reactivated : m.person_deactivated);
	}
};
