import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { shopToday } from '$lib/stock/dates';
import { actorZone } from '$lib/server/timeZone';
import type { Customer } from '$lib/till/basket';
import type { OverrideSupervisor } from '$lib/till/state';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { categories, memberships, users } from '../db/schema';
import { recordTillLookup } from '../households/lookups';
import { lookupKind, resolveCustomer, tillViewOf } from '../households/rights';
import { monthUsage } from './sales';
import { AUTHORISE_AT_TILL, RUN_TILL } from '$lib/permissions';

/**
 * The household being served, as the serving screen needs it: the till lookup (first name, right in
 * plain words, rate, budget used and left, limits), its reference, and what it took this month (so
 * that the tablet checks the monthly limits itself, at each scan). Nothing else of the file. The
 * lookup is recorded and, by typed reference, limited per person (lookups.ts); reading again the
 * household being served (the basket's steps) counts once.
 */
export async function tillCustomer(db: Database, actor: Actor, code: string, opts: { now?: Date } = {}): Promise<Customer> {
	requireRole(actor, RUN_TILL);
	const today = shopToday(opts.now ?? new Date(), actorZone(actor));
	const who = await resolveCustomer(db, actor, code);
	await recordTillLookup(db, actor, who, lookupKind(code));
	const { rightId: _rightId, ...view } = await tillViewOf(db, actor, who.householdId, who.firstName, today);
	let usage: Customer['usage'] = { productMonth: {}, categoryMonth: {} };
	if (view.canShop) {
		// Counted as completeSale counts it: a category's usage includes its sub-categories'.
		const cats = await db
			.select({ id: categories.id, parentId: categories.parentId })
			.from(categories)
			.where(eq(categories.organisationId, actor.organisationId));
		usage = await monthUsage(db, actor.organisationId, who.householdId, today, Object.fromEntries(cats.map((c) => [c.id, c.parentId])));
	}
	return { ...view, reference: who.reference, usage };
}

/** The people who may authorise going over a budget or a limit at the till: a supervisor role and a PIN. */
export async function overrideSupervisors(db: Database, actor: Actor): Promise<OverrideSupervisor[]> {
	requireRole(actor, RUN_TILL);
	const rows = await db
		.selectDistinct({ id: users.id, firstName: users.firstName, lastName: users.lastName, locked: sql<boolean>`${users.pinLockedAt} is not null` })
		.from(users)
		.innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organisationId, users.organisationId)))
		.where(
			and(eq(users.organisationId, actor.organisationId), eq(users.active, true), isNotNull(users.pinHash), inArray(memberships.role, [...AUTHORISE_AT_TILL]))
		)
		.orderBy(asc(users.firstName), asc(users.lastName));
	return rows.map((r) => ({ id: r.id, firstName: r.firstName, initial: r.lastName.slice(0, 1).toUpperCase(), locked: r.locked }));
}
