import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { quantityProblem } from '$lib/stock/units';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { locations, lots, products, stockCountLines, stockCounts, users } from '../db/schema';
import { AppError } from '../errors';
import { STOCK_ROLES, STOCK_SUPERVISORS } from './access';
import { recordMovement } from './ledger';
import { lotCodeFromScan } from './shelving';
import { getLotByCode } from './views';

/** Starts counting a location (inventaire partiel): only the lots scanned in it will be adjusted. */
export async function startCount(db: Database, actor: Actor, locationId: string): Promise<{ id: string }> {
	requireRole(actor, STOCK_ROLES);
	if (!z.uuid().safeParse(locationId).success) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
	return db.transaction(async (tx) => {
		const [loc] = await tx.select().from(locations).where(and(eq(locations.id, locationId), eq(locations.organisationId, actor.organisationId)));
		if (!loc || !loc.active) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
		const [row] = await tx
			.insert(stockCounts)
			.values({ organisationId: actor.organisationId, locationId, createdBy: actor.userId, createdDeviceId: actor.deviceId })
			.returning({ id: stockCounts.id });
		await audit(tx, actor, 'count.start', { type: 'count', id: row!.id }, { location: loc.code });
		return row!;
	});
}

async function lockDraft(tx: Tx, actor: Actor, id: string) {
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.count_not_found(), 404);
	const [c] = await tx.select().from(stockCounts).where(and(eq(stockCounts.id, id), eq(stockCounts.organisationId, actor.organisationId))).for('update');
	if (!c) throw new AppError('not_found', m.count_not_found(), 404);
	if (c.status !== 'draft') throw new AppError('already_validated', m.count_already_validated(), 409);
	return c;
}

/**
 * Records what is on the shelf for a scanned lot (0 is a valid count). Counting the same lot again
 * replaces the number. The balance the app has now is kept to show the difference.
 */
export async function countLot(db: Database, actor: Actor, countId: string, input: { lot: string; quantity: string }): Promise<{ code: string }> {
	requireRole(actor, STOCK_ROLES);
	return db.transaction(async (tx) => {
		await lockDraft(tx, actor, countId);
		const lot = await getLotByCode(tx, actor, lotCodeFromScan(input.lot));
		const read = quantityProblem(lot.unit, input.quantity, { allowZero: true });
		if (read.error !== null) throw new AppError('quantity_invalid', read.error, 400, 'quantity');
		const counted = read.value;
		await tx
			.insert(stockCountLines)
			.values({ organisationId: actor.organisationId, countId, lotId: lot.id, counted, expected: lot.onHand, countedBy: actor.userId })
			.onConflictDoUpdate({ target: [stockCountLines.countId, stockCountLines.lotId], set: { counted, expected: lot.onHand, countedBy: actor.userId, at: new Date() } });
		await audit(tx, actor, 'count.line', { type: 'count', id: countId }, { lot: lot.code, counted, expected: lot.onHand });
		return { code: lot.code };
	});
}

export async function getCount(ex: Executor, actor: Actor, id: string) {
	requireRole(actor, STOCK_ROLES);
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.count_not_found(), 404);
	const [head] = await ex
		.select({ id: stockCounts.id, status: stockCounts.status, locationId: stockCounts.locationId, locationCode: locations.code, locationName: locations.name, createdAt: stockCounts.createdAt })
		.from(stockCounts)
		.innerJoin(locations, eq(locations.id, stockCounts.locationId))
		.where(and(eq(stockCounts.id, id), eq(stockCounts.organisationId, actor.organisationId)));
	if (!head) throw new AppError('not_found', m.count_not_found(), 404);
	const lines = await ex
		.select({ lotId: lots.id, code: lots.code, productName: products.name, unit: products.unit, counted: stockCountLines.counted, expected: stockCountLines.expected, onHand: lots.onHand })
		.from(stockCountLines)
		.innerJoin(lots, eq(lots.id, stockCountLines.lotId))
		.innerJoin(products, eq(products.id, lots.productId))
		.where(eq(stockCountLines.countId, id))
		.orderBy(asc(lots.code));
	return { ...head, lines };
}

export async function listCounts(ex: Executor, actor: Actor) {
	requireRole(actor, STOCK_ROLES);
	return ex
		.select({ id: stockCounts.id, status: stockCounts.status, locationCode: locations.code, locationName: locations.name, createdAt: stockCounts.createdAt, createdBy: users.firstName })
		.from(stockCounts)
		.innerJoin(locations, eq(locations.id, stockCounts.locationId))
		.innerJoin(users, eq(users.id, stockCounts.createdBy))
		.where(eq(stockCounts.organisationId, actor.organisationId))
		.orderBy(desc(stockCounts.createdAt))
		.limit(30);
}

/**
 * Validation by a supervisor: each counted lot gets a count movement of (counted − balance when
 * counted), so goods that moved in the meantime are not counted twice; lots not counted are left
 * alone. Once only; all in one transaction.
 */
export async function validateCount(db: Database, actor: Actor, id: string): Promise<{ adjusted: number }> {
	requireRole(actor, STOCK_SUPERVISORS);
	return db.transaction(async (tx) => {
		const c = await lockDraft(tx, actor, id);
		const lines = await tx.select().from(stockCountLines).where(eq(stockCountLines.countId, id)).orderBy(asc(stockCountLines.lotId));
		if (lines.length === 0) throw new AppError('empty', m.count_empty(), 409);
		let adjusted = 0;
		for (const l of lines) {
			const delta = l.counted - l.expected;
			if (delta === 0) continue;
			await recordMovement(tx, actor, { lotId: l.lotId, quantity: delta, kind: 'count', note: `count:${id}` });
			adjusted++;
		}
		await tx.update(stockCounts).set({ status: 'validated', validatedBy: actor.userId, validatedAt: new Date() }).where(eq(stockCounts.id, c.id));
		await audit(tx, actor, 'count.validate', { type: 'count', id }, { lines: lines.length, adjusted });
		return { adjusted };
	});
}
