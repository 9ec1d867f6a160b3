import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { MANAGE_SKILLS } from '$lib/permissions';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, many, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { addOwnSkill, listSkills, updateSkill } from '$lib/server/training/framework';
import type { Actions, PageServerLoad } from './$types';

/** The skills framework (issue 13): read by supervisors and managers, adapted by managers (server/training/framework.ts). */
export const load: PageServerLoad = async ({ locals }) => ({
	skills: await orHttpError(() => listSkills(getDb(), locals.actor!)),
	canManage: hasAnyRole(locals.actor!.roles, MANAGE_SKILLS)
});

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { name: form.name ?? '', block: form.block ?? '', description: form.description ?? '', events: many(form.events) };
		const r = await attempt(() => addOwnSkill(getDb(), locals.actor!, values), values);
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'create' as const });
		return { ok: m.training_fw_created({ name: values.name.trim(), code: r.code }), action: 'create' as const };
	},
	/** The events of any skill; the name, block and description of the organisation's own. */
	update: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const id = form.id ?? '';
		const values = { name: form.name, block: form.block, description: form.description, events: many(form.events) };
		const r = await attempt(() => updateSkill(getDb(), locals.actor!, id, values), values);
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'update' as const, id });
		return { ok: m.training_fw_updated(), action: 'update' as const, id };
	},
	/** First post asks to confirm; the second (confirm=yes) deactivates or reactivates. */
	toggle: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const id = form.id ?? '';
		const active = form.active === 'yes';
		// Only managers are asked to confirm: a supervisor is refused at once.
		if (!hasAnyRole(locals.actor!.roles, MANAGE_SKILLS)) return fail(403, { error: m.error_forbidden(), action: 'toggle' as const });
		if (form.confirm !== 'yes') return { confirmToggle: id, action: 'toggle' as const };
		const r = await attempt(async () => {
			await updateSkill(getDb(), locals.actor!, id, { active });
			return (await listSkills(getDb(), locals.actor!)).find((s) => s.id === id);
		});
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'toggle' as const });
		return { ok: active ? m.training_fw_reactivated({ name: r?.name ?? '' }) : m.training_fw_deactivated({ name: r?.name ?? '' }), action: 'toggle' as const };
	}
};
