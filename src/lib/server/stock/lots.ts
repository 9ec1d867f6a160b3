import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { actorZone } from '$lib/server/timeZone';
import { shopToday } from '$lib/stock/dates';
import { isDlcPast } from '$lib/stock/expiry';
import { movementDocument } from '$lib/stock/movements';
import { zoneLabel } from '$lib/labels';
import { needsColdConfirm } from '$lib/stock/fefo';
import { MAX_QUANTITY, quantityProblem } from '$lib/stock/units';
import { audit } from '../audit';
import { recordWork } from '../training/events';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Tx } from '../db';
import { lots, products, stockMovements } from '../db/schema';
import { AppError } from '../errors';
import { VALIDATE_STOCK, WORK_STOCK } from '$lib/permissions';
import { lockLot, nextLotCode, recordMovement, requireLocationFor } from './ledger';
import { hasControlCharacter } from '$lib/text';

export const LOSS_REASONS = ['dlc_passed', 'broken', 'spoiled', 'theft', 'recall', 'other'] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

export interface NewLot {
	productId: string;
	originId: string;
	receptionId?: string | null;
	date: string | null;
	dateType: 'dlc' | 'ddm' | 'none';
	lotNumber?: string | null;
	locationId?: string | null;
	quantity: number;
	parentLotId?: string | null;
}

/**
 * Creates a lot with its human code and its first movement (reception, or move for a split part),
 * inside the caller's transaction. Callers check the product, origin and dates first.
 */
export async function createLot(tx: Tx, actor: Actor, input: NewLot, kind: 'reception' | 'move' = 'reception'): Promise<{ id: string; code: string }> {
	requireRole(actor, WORK_STOCK);
	const code = await nextLotCode(tx, actor.organisationId);
	const [row] = await tx
		.insert(lots)
		.values({
			organisationId: actor.organisationId,
			code,
			productId: input.productId,
			originId: input.originId,
			receptionId: input.receptionId ?? null,
			parentLotId: input.parentLotId ?? null,
			date: input.dateType === 'none' ? null : input.date,
			dateType: input.dateType,
			lotNumber: input.lotNumber ?? null,
			locationId: null,
			onHand: 0
		})
		.returning({ id: lots.id });
	await recordMovement(tx, actor, { lotId: row!.id, quantity: input.quantity, kind, toLocationId: input.locationId ?? null });
	return { id: row!.id, code };
}

/**
 * Splits `quantity` off a lot into a new lot (same product, origin, date, lot number, blocked state,
 * `parentLotId` = the lot) put in `locationId`: a `move` of −quantity on the lot (note `split`) and the
 * new lot's first `move` movement, both on the ledger, in the caller's transaction. Shelving part of a
 * lot and picking into a parcel (server/parcels/prepare.ts: `parcel` set, the only caller that may split
 * a lot sitting in a prepared-parcels place) share it. The ledger refuses a balance below zero.
 */
export async function splitLot(
	tx: Tx,
	actor: Actor,
	lotId: string,
	quantity: number,
	locationId: string | null,
	opts: { parcel?: boolean; note?: string } = {}
): Promise<{ id: string; code: string }> {
	await recordMovement(tx, actor, { lotId, quantity: -quantity, kind: 'move', note: opts.note ?? 'split', parcel: opts.parcel });
	const [full] = await tx.select().from(lots).where(eq(lots.id, lotId));
	const child = await createLot(
		tx,
		actor,
		{
			productId: full!.productId,
			originId: full!.originId,
			receptionId: full!.receptionId,
			date: full!.date,
			dateType: full!.dateType,
			lotNumber: full!.lotNumber,
			locationId,
			quantity,
			parentLotId: lotId
		},
		'move'
	);
	if (full!.blocked) await tx.update(lots).set({ blocked: true }).where(eq(lots.id, child.id));
	return child;
}

const moveSchema = z.object({
	lotId: z.string(),
	locationId: z.string(),
	/** Omitted or the whole balance: the lot moves; less: a new lot is split off and moves. */
	quantity: z.number().int().positive().optional(),
	/** An ambient product into a chilled or frozen location: refused unless confirmed (needsColdConfirm). */
	confirmColdForAmbient: z.boolean().optional()
});

/**
 * Shelving (mise en rayon): puts a lot away in a location of a matching zone (chilled or frozen goods
 * into ambient: refused). An ambient product into a cold location is refused (409 `cold_confirm`,
 * nothing changes) unless `confirmColdForAmbient`. Moving part of a lot splits it: a new lot (same
 * product, origin, date, lot number) takes that part, both on the ledger.
 */
export async function moveLot(db: Database, actor: Actor, input: z.input<typeof moveSchema>): Promise<{ lotId: string; code: string; split: boolean }> {
	requireRole(actor, WORK_STOCK);
	const parsed = moveSchema.safeParse(input);
	if (!parsed.success) throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
	const { lotId, locationId, quantity, confirmColdForAmbient } = parsed.data;
	return db.transaction(async (tx) => {
		const lot = await lockLot(tx, actor, lotId);
		if (lot.onHand === 0) throw new AppError('lot_empty', m.stock_lot_empty({ code: lot.code }), 409);
		const loc = await requireLocationFor(tx, actor, locationId, lot.productZone);
		if (needsColdConfirm(loc.zone, lot.productZone) && !confirmColdForAmbient) {
			const message = m.shelving_ambient_into_cold({ code: lot.code, location: loc.code, zone: zoneLabel(loc.zone) });
			throw new AppError('cold_confirm', message, 409, 'confirmColdForAmbient');
		}
		if (quantity === undefined || quantity === lot.onHand) {
			await recordMovement(tx, actor, { lotId, quantity: 0, kind: 'move', toLocationId: locationId });
			await audit(tx, actor, 'stock.move', { type: 'lot', id: lotId }, { code: lot.code, from: lot.locationId, to: locationId });
			return { lotId, code: lot.code, split: false };
		}
		if (quantity > lot.onHand) throw new AppError('insufficient_stock', m.stock_insufficient({ code: lot.code }), 409, 'quantity');
		const child = await splitLot(tx, actor, lotId, quantity, locationId);
		await audit(tx, actor, 'stock.split', { type: 'lot', id: child.id }, { from: lot.code, code: child.code, quantity, to: locationId });
		return { lotId: child.id, code: child.code, split: true };
	});
}

const lossSchema = z.object({
	lotId: z.string(),
	quantity: z.number().int().positive(),
	reason: z.enum(LOSS_REASONS),
	note: z.string().trim().max(200).optional()
});

/** Records a loss (DLC passed, broken, spoiled, theft, recall, other): a negative movement with its reason. */
export async function recordLoss(db: Database, actor: Actor, input: z.input<typeof lossSchema>): Promise<{ movementId: number }> {
	requireRole(actor, WORK_STOCK);
	const parsed = lossSchema.safeParse(input);
	if (!parsed.success) {
		const field = String(parsed.error.issues[0]?.path[0] ?? '');
		throw field === 'reason'
			? new AppError('reason_invalid', m.stock_loss_reason_invalid(), 400, 'reason')
			: new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
	}
	const l = parsed.data;
	return db.transaction(async (tx) => {
		const r = await recordMovement(tx, actor, { lotId: l.lotId, quantity: -l.quantity, kind: 'loss', reason: l.reason, note: l.note || null });
		await audit(tx, actor, 'stock.loss', { type: 'lot', id: l.lotId }, { code: r.lot.code, quantity: l.quantity, reason: l.reason });
		return { movementId: r.id };
	});
}

/**
 * "DLC passée — à retirer": a supervisor takes a lot whose DLC is past off the stock in one tap — a
 * loss of its whole balance, reason dlc_passed. Refused (nothing changes) when the DLC is not past.
 */
export async function writeOffExpiredLot(db: Database, actor: Actor, lotId: string, now = new Date()): Promise<{ code: string; quantity: number }> {
	requireRole(actor, VALIDATE_STOCK);
	return db.transaction(async (tx) => {
		const lot = await lockLot(tx, actor, lotId);
		if (!isDlcPast(lot, shopToday(now, actorZone(actor)))) throw new AppError('dlc_not_past', m.stock_writeoff_not_past({ code: lot.code }), 409);
		if (lot.onHand <= 0) throw new AppError('insufficient_stock', m.stock_insufficient({ code: lot.code }), 409);
		await recordMovement(tx, actor, { lotId: lot.id, quantity: -lot.onHand, kind: 'loss', reason: 'dlc_passed' });
		await audit(tx, actor, 'stock.loss', { type: 'lot', id: lot.id }, { code: lot.code, quantity: lot.onHand, reason: 'dlc_passed' });
		return { code: lot.code, quantity: lot.onHand };
	});
}

/**
 * Sets a lot's balance to what was counted (a count movement of the difference; none when equal).
 * Inside the caller's transaction; the count validation calls it for each counted lot.
 */
export async function adjustToCount(tx: Tx, actor: Actor, lotId: string, counted: number, note?: string): Promise<{ delta: number }> {
	requireRole(actor, VALIDATE_STOCK);
	const lot = await lockLot(tx, actor, lotId);
	if (!Number.isSafeInteger(counted) || counted < 0 || counted > MAX_QUANTITY[lot.unit])
		throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
	const delta = counted - lot.onHand;
	if (delta !== 0) await recordMovement(tx, actor, { lotId, quantity: delta, kind: 'count', note: note ?? null });
	return { delta };
}

/** What `correctMovement` says about a movement that belongs to a document: where to reverse it. */
const WHERE_TO_REVERSE = {
	sale: () => m.movement_of_sale(),
	return: () => m.movement_of_return(),
	reception: () => m.movement_of_reception(),
	count: () => m.movement_of_count(),
	distribution: () => m.movement_of_distribution()
} as const;

/**
 * Reverses a movement by a correcting one (never by editing or deleting it): the opposite quantity,
 * and for a put-away the previous location back, with the supervisor's reason (required, shown in the
 * lot's history). A movement is corrected at most once; a correction is not itself corrected (record
 * the right movement instead); a movement of a document (sale, return, reception, count,
 * distribution) is reversed only through that document (`movementDocument`), with a message saying
 * where.
 */
export async function correctMovement(
	db: Database,
	actor: Actor,
	movementId: number,
	reason: string,
	opts: { lotId?: string } = {}
): Promise<{ movementId: number }> {
	requireRole(actor, VALIDATE_STOCK);
	if (!Number.isSafeInteger(movementId) || movementId <= 0) throw new AppError('movement_not_found', m.stock_movement_not_found(), 404);
	const why = (reason ?? '').trim();
	return db.transaction(async (tx) => {
		const [mv] = await tx
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.id, movementId), eq(stockMovements.organisationId, actor.organisationId)));
		// Named through a lot (the API's /lots/{code}/corrections): a movement of another lot is not found.
		if (!mv || (opts.lotId !== undefined && mv.lotId !== opts.lotId)) throw new AppError('movement_not_found', m.stock_movement_not_found(), 404);
		if (mv.kind === 'correction') throw new AppError('correction_of_correction', m.stock_correction_of_correction(), 409);
		const doc = movementDocument(mv);
		if (doc) throw new AppError('movement_of_document', WHERE_TO_REVERSE[doc](), 409);
		if (!why || why.length > 200 || hasControlCharacter(why)) throw new AppError('reason_required', m.movement_reason_required(), 400, 'reason');
		const lot = await lockLot(tx, actor, mv.lotId);
		const [already] = await tx.select({ id: stockMovements.id }).from(stockMovements).where(eq(stockMovements.correctionOf, movementId));
		if (already) throw new AppError('already_corrected', m.stock_already_corrected(), 409);
		// The location goes back only if the lot is still where that movement put it.
		const back = mv.fromLocationId !== mv.toLocationId && lot.locationId === mv.toLocationId ? mv.fromLocationId : undefined;
		const r = await recordMovement(tx, actor, {
			lotId: mv.lotId,
			quantity: -mv.quantity,
			kind: 'correction',
			correctionOf: movementId,
			toLocationId: back,
			note: why
		});
		await audit(tx, actor, 'stock.correct', { type: 'lot', id: mv.lotId }, { code: lot.code, movement: movementId, quantity: -mv.quantity, reason: why });
		// A quality fact in the training record of the person whose movement it was (not of the corrector).
		if (mv.userId !== actor.userId) {
			await recordWork(
				tx,
				{ organisationId: actor.organisationId, userId: mv.userId },
				{ type: 'stock.corrected', entity: { type: 'lot', id: mv.lotId }, details: { code: lot.code, movement: movementId } }
			);
		}
		return { movementId: r.id };
	});
}

/** The lot's unit, for reading what a person typed. */
async function unitOf(db: Database, actor: Actor, lotId: string): Promise<'piece' | 'kg' | 'litre'> {
	if (!z.uuid().safeParse(lotId).success) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404);
	const [row] = await db
		.select({ unit: products.unit })
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.where(and(eq(lots.id, lotId), eq(lots.organisationId, actor.organisationId)));
	if (!row) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404);
	return row.unit;
}

/** A loss from a posted form: quantity typed in pieces, kg or L (decimal comma). */
export async function recordLossFromForm(db: Database, actor: Actor, lotId: string, f: Record<string, string | undefined>) {
	requireRole(actor, WORK_STOCK);
	const read = quantityProblem(await unitOf(db, actor, lotId), f.quantity ?? '');
	if (read.error !== null) throw new AppError('quantity_invalid', read.error, 400, 'quantity');
	const quantity = read.value;
	return recordLoss(db, actor, { lotId, quantity, reason: (f.reason ?? '') as LossReason, note: f.note });
}

/** Shelving from a posted form: an empty quantity moves the whole lot; a smaller one splits it. */
export async function moveLotFromForm(db: Database, actor: Actor, lotId: string, f: Record<string, string | undefined>) {
	requireRole(actor, WORK_STOCK);
	let quantity: number | undefined;
	if (f.quantity?.trim()) {
		const read = quantityProblem(await unitOf(db, actor, lotId), f.quantity);
		if (read.error !== null) throw new AppError('quantity_invalid', read.error, 400, 'quantity');
		const q = read.value;
		quantity = q;
	}
	return moveLot(db, actor, { lotId, locationId: f.locationId ?? '', quantity, confirmColdForAmbient: f.confirmCold === 'yes' });
}
