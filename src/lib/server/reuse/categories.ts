import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { WORK_REUSE, MANAGE_REUSE, READ_REUSE_REPORTS, SELL_PUBLIC } from '$lib/permissions';
import { DEFAULT_REUSE_CATEGORIES, REUSE_FLUXES, type ReuseFlux } from '$lib/reuse/flux';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Executor } from '../db';
import { reuseCategories, reuseContainers } from '../db/schema';
import { AppError } from '../errors';

/**
 * The ressourcerie's object categories by flux (issue 15): read here by intakes, items, the till's quick
 * keys, exits and reports. An organisation starts with DEFAULT_REUSE_CATEGORIES (`ensureReuseCategories`,
 * idempotent, only when it has none); managers edit them afterwards (categories' service).
 */

export type ReuseCategory = typeof reuseCategories.$inferSelect;
export type ReuseContainer = typeof reuseContainers.$inferSelect;

/** Seeds the default categories of an organisation that has none (safe when two requests do it at once). */
export async function ensureReuseCategories(ex: Executor, organisationId: string): Promise<void> {
	const [has] = await ex
		.select({ n: sql<number>`count(*)::int` })
		.from(reuseCategories)
		.where(eq(reuseCategories.organisationId, organisationId));
	if ((has?.n ?? 0) > 0) return;
	await ex
		.insert(reuseCategories)
		.values(DEFAULT_REUSE_CATEGORIES.map((c, i) => ({ organisationId, ...c, position: i })))
		.onConflictDoNothing();
}

const READERS = [...new Set([...WORK_REUSE, ...MANAGE_REUSE, ...READ_REUSE_REPORTS, ...SELL_PUBLIC])];

/** The organisation's categories in flux order, then their position (active only unless asked). */
export async function listReuseCategories(ex: Executor, actor: Actor, opts: { includeInactive?: boolean } = {}): Promise<ReuseCategory[]> {
	requireRole(actor, READERS);
	await ensureReuseCategories(ex, actor.organisationId);
	const rows = await ex
		.select()
		.from(reuseCategories)
		.where(and(eq(reuseCategories.organisationId, actor.organisationId), opts.includeInactive ? undefined : eq(reuseCategories.active, true)))
		.orderBy(asc(reuseCategories.position), asc(reuseCategories.name));
	const fluxOrder = (f: ReuseFlux) => REUSE_FLUXES.indexOf(f);
	return rows.sort((a, b) => fluxOrder(a.flux) - fluxOrder(b.flux) || a.position - b.position || a.name.localeCompare(b.name, 'fr'));
}

/** One category of the actor's organisation (active or not), or a French 404 on `field`. */
export async function reuseCategoryOf(ex: Executor, actor: Actor, id: unknown, field = 'categoryId'): Promise<ReuseCategory> {
	const parsed = z.uuid().safeParse(id);
	if (!parsed.success) throw new AppError('reuse_category_not_found', m.reuse_category_not_found(), 404, field);
	const [row] = await ex
		.select()
		.from(reuseCategories)
		.where(and(eq(reuseCategories.id, parsed.data), eq(reuseCategories.organisationId, actor.organisationId)));
	if (!row) throw new AppError('reuse_category_not_found', m.reuse_category_not_found(), 404, field);
	return row;
}

/** The organisation's containers with their tare (active only unless asked), by name. */
export async function listReuseContainers(ex: Executor, actor: Actor, opts: { includeInactive?: boolean } = {}): Promise<ReuseContainer[]> {
	requireRole(actor, READERS);
	return ex
		.select()
		.from(reuseContainers)
		.where(and(eq(reuseContainers.organisationId, actor.organisationId), opts.includeInactive ? undefined : eq(reuseContainers.active, true)))
		.orderBy(asc(reuseContainers.tareGrams), asc(reuseContainers.name));
}

/** One active container of the actor's organisation, or a French 404 on `field`. */
export async function reuseContainerOf(ex: Executor, actor: Actor, id: unknown, field = 'containerId'): Promise<ReuseContainer> {
	const parsed = z.uuid().safeParse(id);
	if (!parsed.success) throw new AppError('reuse_container_not_found', m.reuse_container_not_found(), 404, field);
	const [row] = await ex
		.select()
		.from(reuseContainers)
		.where(and(eq(reuseContainers.id, parsed.data), eq(reuseContainers.organisationId, actor.organisationId), eq(reuseContainers.active, true)));
	if (!row) throw new AppError('reuse_container_not_found', m.reuse_container_not_found(), 404, field);
	return row;
}
