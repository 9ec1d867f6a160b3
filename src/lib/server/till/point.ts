import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import { getDb } from '../db/app';
import { tillPointOf, currentSession } from './sessions';
import type { TillPoint } from './access';

/** The till point of a page request (the enrolled tablet) and its open session, for the till's pages. */
export async function tillOf(locals: App.Locals): Promise<{ point: TillPoint; session: Awaited<ReturnType<typeof currentSession>> }> {
	const point = tillPointOf(locals.actor!, locals.device);
	return { point, session: await currentSession(getDb(), locals.actor!, point) };
}

/** For the pages that need an open till: its session, or a redirect to the opening page. */
export async function requireOpenTill(locals: App.Locals) {
	const t = await tillOf(locals);
	if (!t.session) redirect(303, resolve('/caisse/ouverture'));
	return { point: t.point, session: t.session };
}
