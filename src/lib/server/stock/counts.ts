import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { isLargeDifference } from '$lib/stock/counting';
import { MAX_QUANTITY, quantityProblem, type ProductUnit } from '$lib/stock/units';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { locations, lots, products, stockCountLines, stockCounts, users } from '../db/schema';
import { AppError } from '../errors';
import { recordMovement } from './ledger';
import { lotCodeFromScan } from './shelving';
import { stockSettings } from './settings';
import { getLotByCode } from './views';
import { VALIDATE_STOCK, WORK_STOCK } from '$lib/permissions';
import { hasControlCharacter } from '$lib/text';

/** Starts counting a location (inventaire partiel): only the lots scanned in it will be adjusted. */
export async function startCount(db: Database, actor: Actor, locationId: string): Promise<{ id: string }> {
	requireRole(actor, WORK_STOCK);
	if (!z.uuid().safeParse(locationId).success) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
	return db.transaction(async (tx) => {
		const [loc] = await tx
			.select()
			.from(locations)
			.where(and(eq(locations.id, locationId), eq(locations.organisationId, actor.organisationId)));
		if (!loc || !loc.active) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
		// Goods in a prepared-parcels place are counted by the parcels (prepared, handed over or returned), never by an inventory.
		if (loc.kind === 'colis') throw new AppError('count_parcel_place', m.count_parcel_place({ location: loc.code }), 409, 'locationId');
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
	const [c] = await tx
		.select()
		.from(stockCounts)
		.where(and(eq(stockCounts.id, id), eq(stockCounts.organisationId, actor.organisationId)))
		.for('update');
	if (!c) throw new AppError('not_found', m.count_not_found(), 404);
	if (c.status !== 'draft') throw new AppError('already_validated', m.count_already_validated(), 409);
	return c;
}

/**
 * What was counted: typed text in pieces, kg or L (the screen, decimal comma), or a whole number in the
 * product's base unit (the API: pieces, grams, millilitres). 0 is a count.
 */
function countedQuantity(unit: ProductUnit, quantity: string | number): number {
	if (typeof quantity === 'number') {
		if (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY[unit])
			throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
		return quantity;
	}
	const read = quantityProblem(unit, typeof quantity === 'string' ? quantity : '', { allowZero: true });
	if (read.error !== null) throw new AppError('quantity_invalid', read.error, 400, 'quantity');
	return read.value;
}

/**
 * Records what is on the shelf for a scanned lot (0 is a valid count). Counting the same lot again
 * replaces the number. The balance the app has now is kept to show the difference.
 *
 * A lot recorded at another location (or not shelved) is "rangé ailleurs": refused (409
 * `lot_elsewhere`, nothing saved) unless `moveHere` confirms it is really here; then it is first moved
 * here (a move movement, the cold chain checked) and its difference counted here. So counting one
 * shelf never silently empties a lot that sits on another.
 */
export async function countLot(
	db: Database,
	actor: Actor,
	countId: string,
	input: { lot: string; quantity: string | number; moveHere?: boolean }
): Promise<{ code: string; moved: boolean }> {
	requireRole(actor, WORK_STOCK);
	return db.transaction(async (tx) => {
		const c = await lockDraft(tx, actor, countId);
		const code = lotCodeFromScan(input.lot);
		const found = await getLotByCode(tx, actor, code);
		if (found.inParcelPlace) throw new AppError('lot_in_parcel', m.stock_lot_in_parcel({ code: found.code }), 409, 'lot');
		const counted = countedQuantity(found.unit, input.quantity);
		let lot = found;
		let moved = false;
		if (found.locationId !== c.locationId) {
			if (!input.moveHere) {
				const location = found.locationCode ?? m.lot_no_location();
				throw new AppError('lot_elsewhere', m.count_lot_elsewhere({ code: found.code, location }), 409, 'lot');
			}
			await recordMovement(tx, actor, { lotId: found.id, quantity: 0, kind: 'move', toLocationId: c.locationId, note: `count:${countId}` });
			await audit(tx, actor, 'count.move_here', { type: 'count', id: countId }, { lot: found.code, from: found.locationCode, quantity: found.onHand });
			lot = await getLotByCode(tx, actor, code);
			moved = true;
		}
		await tx
			.insert(stockCountLines)
			.values({ organisationId: actor.organisationId, countId, lotId: lot.id, counted, expected: lot.onHand, countedBy: actor.userId })
			.onConflictDoUpdate({
				target: [stockCountLines.countId, stockCountLines.lotId],
				set: { counted, expected: lot.onHand, countedBy: actor.userId, at: new Date() }
			});
		await audit(tx, actor, 'count.line', { type: 'count', id: countId }, { lot: lot.code, counted, expected: lot.onHand });
		return { code: lot.code, moved };
	});
}

/** A count with its lines, each flagged `large` when its difference needs the supervisor's reason (`isLargeDifference`). */
export async function getCount(ex: Executor, actor: Actor, id: string) {
	requireRole(actor, WORK_STOCK);
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.count_not_found(), 404);
	const [head] = await ex
		.select({
			id: stockCounts.id,
			status: stockCounts.status,
			locationId: stockCounts.locationId,
			locationCode: locations.code,
			locationName: locations.name,
			createdAt: stockCounts.createdAt
		})
		.from(stockCounts)
		.innerJoin(locations, eq(locations.id, stockCounts.locationId))
		.where(and(eq(stockCounts.id, id), eq(stockCounts.organisationId, actor.organisationId)));
	if (!head) throw new AppError('not_found', m.count_not_found(), 404);
	const lines = await ex
		.select({
			lotId: lots.id,
			code: lots.code,
			productName: products.name,
			unit: products.unit,
			counted: stockCountLines.counted,
			expected: stockCountLines.expected,
			onHand: lots.onHand
		})
		.from(stockCountLines)
		.innerJoin(lots, eq(lots.id, stockCountLines.lotId))
		.innerJoin(products, eq(products.id, lots.productId))
		.where(eq(stockCountLines.countId, id))
		.orderBy(asc(lots.code));
	const s = await stockSettings(ex, actor);
	const check = { percent: s.countCheckPercent, units: s.countCheckUnits };
	return { ...head, check, lines: lines.map((l) => ({ ...l, large: isLargeDifference(l, check) })) };
}

export async function listCounts(ex: Executor, actor: Actor) {
	requireRole(actor, WORK_STOCK);
	return ex
		.select({
			id: stockCounts.id,
			status: stockCounts.status,
			locationCode: locations.code,
			locationName: locations.name,
			createdAt: stockCounts.createdAt,
			createdBy: users.firstName
		})
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
 * alone. A large difference (`isLargeDifference`, settings stock.countCheckPercent / countCheckUnits)
 * needs `reason` (the supervisor's confirmation, kept on those movements and in the journal): without
 * it, refused (409 `reason_required`) and nothing changes. Once only; all in one transaction.
 */
export async function validateCount(db: Database, actor: Actor, id: string, opts: { reason?: string } = {}): Promise<{ adjusted: number }> {
	requireRole(actor, VALIDATE_STOCK);
	return db.transaction(async (tx) => {
		const c = await lockDraft(tx, actor, id);
		const lines = await tx
			.select({ lotId: stockCountLines.lotId, counted: stockCountLines.counted, expected: stockCountLines.expected, unit: products.unit, code: lots.code })
			.from(stockCountLines)
			.innerJoin(lots, eq(lots.id, stockCountLines.lotId))
			.innerJoin(products, eq(products.id, lots.productId))
			.where(eq(stockCountLines.countId, id))
			.orderBy(asc(stockCountLines.lotId));
		if (lines.length === 0) throw new AppError('empty', m.count_empty(), 409);
		const s = await stockSettings(tx, actor);
		const check = { percent: s.countCheckPercent, units: s.countCheckUnits };
		const large = lines.filter((l) => isLargeDifference(l, check));
		const reason = (opts.reason ?? '').trim();
		if (large.length > 0 && (!reason || reason.length > 200 || hasControlCharacter(reason))) {
			const message = m.count_large_needs_reason({ lots: large.map((l) => l.code).join(', '), percent: check.percent, units: check.units });
			throw new AppError('reason_required', message, 409, 'reason');
		}
		let adjusted = 0;
		for (const l of lines) {
			const delta = l.counted - l.expected;
			if (delta === 0) continue;
			const big = large.includes(l);
			await recordMovement(tx, actor, { lotId: l.lotId, quantity: delta, kind: 'count', note: `count:${id}`, reason: big ? reason : null });
			adjusted++;
		}
		await tx.update(stockCounts).set({ status: 'validated', validatedBy: actor.userId, validatedAt: new Date() }).where(eq(stockCounts.id, c.id));
		const confirmed = large.length ? { large: large.map((l) => l.code), reason } : {};
		await audit(tx, actor, 'count.validate', { type: 'count', id }, { lines: lines.length, adjusted, ...confirmed });
		return { adjusted };
	});
}
