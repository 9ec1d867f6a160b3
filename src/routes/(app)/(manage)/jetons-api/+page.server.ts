import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { createApiToken, listApiTokens, revokeApiToken, tokenRolesFor } from '$lib/server/auth/apiTokens';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, many, readForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor!;
	return { tokens: await listApiTokens(getDb(), actor), assignable: tokenRolesFor(actor.roles) };
};

export const actions: Actions = {
	/** Creates a token; the full token is in this response only (never stored, never shown again). */
	create: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const values = { name: form.name ?? '', roles: many(form.roles) as never[] };
		const r = await attempt(() => createApiToken(getDb(), locals.actor!, values), values);
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'create' as const });
		return { action: 'create' as const, created: { name: values.name.trim(), token: r.token } };
	},
	/** First post asks to confirm; the second (confirm=yes) revokes. */
	revoke: async ({ request, locals }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const id = z.uuid().safeParse(form.id);
		if (!id.success) return fail(404, { error: m.api_token_not_found(), action: 'revoke' as const });
		if (form.confirm !== 'yes') return { confirmRevoke: id.data, action: 'revoke' as const };
		const r = await attempt(() => revokeApiToken(getDb(), locals.actor!, id.data));
		if (isFailure(r)) return fail(r.status, { ...r.data, action: 'revoke' as const });
		return { ok: m.api_token_revoked(), action: 'revoke' as const };
	}
};
