import { fail } from '@sveltejs/kit';
import { VALIDATE_SKILLS } from '$lib/permissions';
import { hasAnyRole } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { markReviewed, trainingRecord, validateSkill } from '$lib/server/training/record';
import type { Actions, PageServerLoad } from './$types';

/** One person's training record, read by a supervisor or a manager (audited `training.read`). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = locals.actor!;
	const record = await orHttpError(() => trainingRecord(getDb(), actor, params.id));
	return { record, canValidate: hasAnyRole(actor.roles, VALIDATE_SKILLS) };
};

export const actions: Actions = {
	/** A level for one skill (never automatic); a lower level needs a reason (the service says so). */
	validate: async ({ request, locals, params }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { skillId: form.skillId ?? '', level: form.level ?? '', day: form.day ?? '', comment: form.comment ?? '', reason: form.reason ?? '' };
		const r = await attempt(() => validateSkill(getDb(), locals.actor!, params.id, values), values);
		if (isFailure(r)) return fail(r.status, r.data);
		return { validated: values.skillId };
	},
	/** "J'ai fait le point avec cette personne": what is new since the last review starts again. */
	reviewed: async ({ locals, params }) => {
		const r = await attempt(() => markReviewed(getDb(), locals.actor!, params.id));
		if (isFailure(r)) return fail(r.status, r.data);
		return { reviewed: true };
	}
};
