import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { SELL_PUBLIC, WORK_REUSE } from '$lib/permissions';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Tx } from '../db';
import { locations, reuseCategories, reuseCounters, reuseItemMovements, reuseItems } from '../db/schema';
import { AppError } from '../errors';

/**
 * The ressourcerie items' ledger (issue 15): the only way an item's stock changes. Like the stock
 * ledger (server/stock/ledger.ts): inside the caller's transaction, the item row is locked, a balance
 * below zero (an item sold twice, an exit of an item already sold) is refused in French, the balance
 * and location are updated and the movement appended — who and which tablet included.
 */

/** An item's code on its QR label: O-000123. */
export const ITEM_CODE = /^O-\d{6,9}$/;

/** Next human code of the organisation: item O-000123, intake A-000123, exit S-000123 (one atomic upsert). */
export async function nextReuseCode(tx: Tx, organisationId: string, what: 'item' | 'intake' | 'exit'): Promise<string> {
	const col = { item: reuseCounters.lastItem, intake: reuseCounters.lastIntake, exit: reuseCounters.lastExit }[what];
	const key = { item: 'lastItem', intake: 'lastIntake', exit: 'lastExit' }[what] as 'lastItem' | 'lastIntake' | 'lastExit';
	const [row] = await tx
		.insert(reuseCounters)
		.values({ organisationId, [key]: 1 })
		.onConflictDoUpdate({ target: reuseCounters.organisationId, set: { [key]: sql`${col} + 1` } })
		.returning({ n: col });
	return { item: 'O-', intake: 'A-', exit: 'S-' }[what] + String(row!.n).padStart(6, '0');
}

const lockedItemColumns = {
	id: reuseItems.id,
	code: reuseItems.code,
	siteId: reuseItems.siteId,
	locationId: reuseItems.locationId,
	categoryId: reuseItems.categoryId,
	flux: reuseCategories.flux,
	categoryName: reuseCategories.name,
	description: reuseItems.description,
	quantity: reuseItems.quantity,
	onHand: reuseItems.onHand,
	priceCents: reuseItems.priceCents,
	unitWeightGrams: reuseItems.unitWeightGrams,
	createdAt: reuseItems.createdAt
};
export type LockedItem = {
	[K in keyof typeof lockedItemColumns]: (typeof reuseItems.$inferSelect & { flux: typeof reuseCategories.$inferSelect.flux; categoryName: string })[K];
};

/**
 * Locks an item of the actor's organisation by its id or its label's code (trimmed, any case). An
 * unknown code, or one of another organisation, is "not found" on `field` — never a hint it exists.
 */
export async function lockItem(tx: Tx, actor: Actor, idOrCode: unknown, field = 'item'): Promise<LockedItem> {
	const raw = typeof idOrCode === 'string' ? idOrCode.trim() : '';
	const code = raw.toUpperCase();
	const isId = z.uuid().safeParse(raw).success;
	if (!isId && !ITEM_CODE.test(code)) throw new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, field);
	const [item] = await tx
		.select(lockedItemColumns)
		.from(reuseItems)
		.innerJoin(reuseCategories, eq(reuseCategories.id, reuseItems.categoryId))
		.where(and(eq(reuseItems.organisationId, actor.organisationId), isId ? eq(reuseItems.id, raw) : eq(reuseItems.code, code)))
		.for('update', { of: reuseItems });
	if (!item) throw new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, field);
	return item as LockedItem;
}

export interface ItemMovementInput {
	kind: 'creation' | 'sale' | 'return' | 'exit' | 'move' | 'correction';
	/** Signed pieces: − out (sale, exit), + in (creation, return), 0 for a move. */
	quantity: number;
	/** A new location (move), or undefined to keep it. */
	toLocationId?: string | null;
	saleLineId?: string;
	exitLineId?: number;
	reason?: string;
	/** The field a refusal names (the screen's). */
	field?: string;
}

/**
 * Appends a movement of a locked item and updates its balance (0 ≤ on hand ≤ pieces made) and location.
 * Refuses "already sold or gone" in French when the pieces are not there any more.
 */
export async function recordItemMovement(tx: Tx, actor: Actor, item: LockedItem, input: ItemMovementInput): Promise<{ id: number; onHand: number }> {
	requireRole(actor, [...new Set([...WORK_REUSE, ...SELL_PUBLIC])]);
	const q = input.quantity;
	if (!Number.isSafeInteger(q) || Math.abs(q) > 10_000) throw new AppError('quantity_invalid', m.reuse_quantity_invalid(), 400, input.field ?? 'quantity');
	const onHand = item.onHand + q;
	if (onHand < 0) {
		throw new AppError(
			'reuse_item_gone',
			item.onHand === 0 ? m.reuse_item_gone({ code: item.code }) : m.reuse_item_not_enough({ code: item.code, left: item.onHand }),
			409,
			input.field ?? 'item'
		);
	}
	if (onHand > item.quantity) throw new AppError('reuse_item_over', m.reuse_item_over({ code: item.code }), 409, input.field ?? 'quantity');
	let locationId = item.locationId;
	if (input.toLocationId !== undefined && input.toLocationId !== item.locationId) {
		if (input.toLocationId !== null) {
			const [loc] = await tx
				.select({ id: locations.id, active: locations.active })
				.from(locations)
				.where(and(eq(locations.id, input.toLocationId), eq(locations.organisationId, actor.organisationId)));
			if (!loc || !loc.active) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
		}
		locationId = input.toLocationId;
	}
	await tx.update(reuseItems).set({ onHand, locationId, updatedAt: new Date() }).where(eq(reuseItems.id, item.id));
	const [row] = await tx
		.insert(reuseItemMovements)
		.values({
			organisationId: actor.organisationId,
			itemId: item.id,
			kind: input.kind,
			quantity: q,
			fromLocationId: item.locationId,
			toLocationId: locationId,
			saleLineId: input.saleLineId ?? null,
			exitLineId: input.exitLineId ?? null,
			reason: input.reason ?? null,
			userId: actor.userId,
			deviceId: actor.deviceId
		})
		.returning({ id: reuseItemMovements.id });
	item.onHand = onHand;
	item.locationId = locationId;
	return { id: row!.id, onHand };
}
