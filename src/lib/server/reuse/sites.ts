import { and, asc, eq } from 'drizzle-orm';
import { WORK_REUSE } from '$lib/permissions';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Executor } from '../db';
import { sites } from '../db/schema';

export interface RessourcerieSite {
	id: string;
	name: string;
}

/** The organisation's active ressourcerie sites, by name (where an intake or an exit is made). */
export async function ressourcerieSites(ex: Executor, actor: Actor): Promise<RessourcerieSite[]> {
	requireRole(actor, WORK_REUSE);
	return ex
		.select({ id: sites.id, name: sites.name })
		.from(sites)
		.where(and(eq(sites.organisationId, actor.organisationId), eq(sites.kind, 'ressourcerie'), eq(sites.active, true)))
		.orderBy(asc(sites.name));
}

/**
 * The site a ressourcerie record is made at: the one given (one of `all`), or, when none is given, the
 * organisation's only ressourcerie. `none`: it has no ressourcerie; `required`: it has several and none
 * was given; `invalid`: the one given is not one of them (another organisation's, closed, not a uuid).
 */
export function pickRessourcerieSite(
	all: readonly RessourcerieSite[],
	siteId: unknown
): { ok: true; site: RessourcerieSite } | { ok: false; why: 'none' | 'required' | 'invalid' } {
	if (siteId === undefined || siteId === null || siteId === '') {
		if (all.length === 1) return { ok: true, site: all[0]! };
		return { ok: false, why: all.length === 0 ? 'none' : 'required' };
	}
	const site = all.find((s) => s.id === siteId);
	return site ? { ok: true, site } : { ok: false, why: all.length === 0 ? 'none' : 'invalid' };
}
