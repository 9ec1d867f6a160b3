import { redirect } from '@sveltejs/kit';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { readForm, isFailure } from '$lib/server/http/forms';
import { safeRedirect } from '$lib/server/http/redirect';
import type { Actions } from './$types';

export const actions: Actions = {
	/** Switches the interface language (French or English); works without JavaScript. */
	default: async ({ request, cookies }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const locale = form.locale;
		if (locale && isLocale(locale)) {
			// Read by Paraglide in the browser too, so not HttpOnly; it holds only "fr" or "en".
			cookies.set(cookieName, locale, { path: '/', maxAge: cookieMaxAge, sameSite: 'lax', httpOnly: false, secure: false });
		}
		redirect(303, safeRedirect(form.back));
	}
};
