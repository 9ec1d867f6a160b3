import { redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit';
import { invalidateSession, invalidateUserSessions } from '$lib/server/auth/sessions';
import { getDb } from '$lib/server/db/app';
import { clearSessionCookie } from '$lib/server/http/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	redirect(303, locals.actor ? '/' : locals.device ? '/tablette' : '/connexion');
};

export const actions: Actions = {
	/** Signs out of this browser. */
	out: async ({ locals, cookies, url }) => {
		const a = locals.actor;
		if (a?.sessionId) {
			const db = getDb();
			await db.transaction(async (tx) => {
				await invalidateSession(tx, a.sessionId!);
				await audit(tx, a, 'auth.logout');
			});
		}
		clearSessionCookie(cookies, url);
		redirect(303, locals.device ? '/tablette' : '/connexion');
	},
	/** On a shared tablet: hand over to the next person (two taps: this button, then their name). */
	switch: async ({ locals, cookies, url }) => {
		const a = locals.actor;
		if (a?.sessionId) {
			await getDb().transaction(async (tx) => {
				await invalidateSession(tx, a.sessionId!);
				await audit(tx, a, 'auth.switch');
			});
		}
		clearSessionCookie(cookies, url);
		redirect(303, '/tablette');
	},
	/** Signs the person out of every browser and tablet. */
	everywhere: async ({ locals, cookies, url }) => {
		const a = locals.actor;
		if (a) {
			await getDb().transaction(async (tx) => {
				const n = await invalidateUserSessions(tx, a.userId);
				await audit(tx, a, 'auth.logout_everywhere', { type: 'user', id: a.userId }, { sessions: n });
			});
		}
		clearSessionCookie(cookies, url);
		redirect(303, locals.device ? '/tablette' : '/connexion');
	}
};
