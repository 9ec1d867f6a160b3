import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { passwordSignIn } from '$lib/server/auth/login';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { clientAddress } from '$lib/server/http/client';
import { setSessionCookie } from '$lib/server/http/cookies';
import { safeRedirect } from '$lib/server/http/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	return { onTablet: !!locals.device, expired: url.searchParams.has('expire') };
};

const schema = z.object({
	username: z.string().trim().min(1).max(100),
	password: z.string().min(1).max(200)
});

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url, locals } = event;
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const parsed = schema.safeParse(form);
		if (!parsed.success) {
			return fail(400, { error: m.login_missing_fields(), username: (form.username ?? '').slice(0, 100) });
		}
		const result = await attempt(
			() =>
				passwordSignIn(getDb(), {
					username: parsed.data.username,
					password: parsed.data.password,
					ip: clientAddress(event),
					device: locals.device,
					userAgent: request.headers.get('user-agent')
				}),
			{ username: parsed.data.username }
		);
		if (isFailure(result)) return fail(result.status, { error: result.data.error, username: parsed.data.username });
		setSessionCookie(cookies, url, result.token, result.expiresAt);
		redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	}
};
