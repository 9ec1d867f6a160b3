import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { invalidateSession } from '$lib/server/auth/sessions';
import { badgeSignIn, listTillOperators, pinSignIn } from '$lib/server/auth/tablet';
import { getDb } from '$lib/server/db/app';
import { setSessionCookie } from '$lib/server/http/cookies';
import { attempt, isFailure, readForm } from '$lib/server/http/forms';
import { safeRedirect } from '$lib/server/http/redirect';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const device = locals.device;
	const expired = url.searchParams.has('expire');
	if (!device) return { device: null, operators: [], selected: null, signedIn: !!locals.actor, expired };
	const operators = await listTillOperators(getDb(), device);
	const selectedId = url.searchParams.get('personne');
	const selected = operators.find((o) => o.id === selectedId) ?? null;
	return { device: { name: device.name }, operators, selected, signedIn: !!locals.actor, expired };
};

export const actions: Actions = {
	pin: async ({ request, locals, cookies, url }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const parsed = z.object({ userId: z.uuid(), pin: z.string().max(20) }).safeParse(form);
		if (!parsed.success) return fail(400, { error: m.tablet_choose_person(), action: 'pin' as const });
		const result = await attempt(() => pinSignIn(getDb(), locals.device, { ...parsed.data, userAgent: request.headers.get('user-agent') }));
		if (isFailure(result)) return fail(result.status, { error: result.data.error, action: 'pin' as const });
		if (!result.ok) return fail(result.error.status, { error: result.error.message, code: result.error.code, action: 'pin' as const });
		if (locals.actor?.sessionId) await invalidateSession(getDb(), locals.actor.sessionId);
		setSessionCookie(cookies, url, result.session.token, result.session.expiresAt);
		redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	},
	badge: async ({ request, locals, cookies, url }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const code = (form.code ?? '').slice(0, 200);
		const result = await attempt(() => badgeSignIn(getDb(), locals.device, { code, userAgent: request.headers.get('user-agent') }));
		if (isFailure(result)) return fail(result.status, { error: result.data.error, action: 'badge' as const });
		if (locals.actor?.sessionId) await invalidateSession(getDb(), locals.actor.sessionId);
		setSessionCookie(cookies, url, result.token, result.expiresAt);
		redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	}
};
