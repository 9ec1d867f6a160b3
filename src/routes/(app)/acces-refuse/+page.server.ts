import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

/**
 * The in-app "no access" page (issue 10, item 10): the route guard (hooks.server.ts, `forbiddenPage`)
 * renders it for a signed-in person who opens a page their roles do not open. Always a 403, shown by
 * (app)/+error.svelte inside the app's layout (header, pictogram, a button home).
 */
export const load: PageServerLoad = () => error(403, { message: m.error_forbidden_page(), code: 'forbidden' });

/**
 * Served at the refused page's own address (the guard renders it there): no client router on it, whose
 * idea of the route would be this one's. Its links and forms (home, language, sign out) work without JavaScript.
 */
export const csr = false;
