import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { shopToday } from '$lib/stock/dates';
import { actorZone } from '$lib/server/timeZone';
import { isDlcPast } from '$lib/stock/expiry';
import { zoneAccepts } from '$lib/stock/fefo';
import { MAX_QUANTITY } from '$lib/stock/units';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Tx } from '../db';
import { locations, lots, movementKind, products, stockCounters, stockMovements } from '../db/schema';
import { AppError } from '../errors';
import { WORK_STOCK } from '$lib/permissions';

export const MOVEMENT_KINDS = movementKind.enumValues;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface MovementInput {
	lotId: string;
	/** Signed, in the product's base unit; 0 for a put-away that only changes the location. */
	quantity: number;
	kind: MovementKind;
	reason?: string | null;
	note?: string | null;
	/** Puts the lot in this location (checked against the product's zone); undefined: stays where it is. */
	toLocationId?: string | null;
	/** The movement this one reverses (kind correction). */
	correctionOf?: number | null;
	/**
	 * Set only by the parcels' services (server/parcels): a lot in a prepared-parcels place (a location of
	 * kind `colis`) moves only with them — picked in, handed over, returned. Anything else is refused.
	 */
	parcel?: boolean;
}

export interface LockedLot {
	id: string;
	code: string;
	productId: string;
	onHand: number;
	locationId: string | null;
	blocked: boolean;
	productZone: 'ambient' | 'chilled' | 'frozen';
	unit: 'piece' | 'kg' | 'litre';
	date: string | null;
	dateType: 'dlc' | 'ddm' | 'none';
	/** The lot sits in a prepared-parcels place (location kind `colis`): only the parcels' services move it. */
	inParcelPlace: boolean;
}

/** The columns recordMovement reads of a locked lot (with its product's zone and unit). */
const lockedLotColumns = {
	id: lots.id,
	code: lots.code,
	productId: lots.productId,
	onHand: lots.onHand,
	locationId: lots.locationId,
	blocked: lots.blocked,
	productZone: products.zone,
	unit: products.unit,
	date: lots.date,
	dateType: lots.dateType,
	inParcelPlace: sql<boolean>`coalesce(${locations.kind} = 'colis', false)`
};

/** As a column of a query on `lots`: the lot sits in a prepared-parcels place (location kind `colis`). */
export const lotInParcelPlace = sql<boolean>`exists (select 1 from ${locations} pl where pl.id = ${lots.locationId} and pl.kind = 'colis')`;

/** A lot in a prepared-parcels place is refused to anything but the parcels' services (see MovementInput.parcel). */
function refuseParcelLot(lot: LockedLot, parcel: boolean | undefined) {
	if (lot.inParcelPlace && !parcel) throw new AppError('lot_in_parcel', m.stock_lot_in_parcel({ code: lot.code }), 409);
}

/** Locks a lot of the actor's organisation (SELECT … FOR UPDATE) until the transaction ends. */
export async function lockLot(tx: Tx, actor: Actor, lotId: string): Promise<LockedLot> {
	if (!z.uuid().safeParse(lotId).success) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404);
	const [lot] = await tx
		.select(lockedLotColumns)
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.leftJoin(locations, eq(locations.id, lots.locationId))
		.where(and(eq(lots.id, lotId), eq(lots.organisationId, actor.organisationId)))
		.for('update', { of: lots });
	if (!lot) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404);
	return lot;
}

/** Checks a location of the actor's organisation can take a product of this zone; returns it. */
export async function requireLocationFor(tx: Tx, actor: Actor, locationId: string, productZone: LockedLot['productZone']) {
	if (!z.uuid().safeParse(locationId).success) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
	const [loc] = await tx
		.select({ id: locations.id, code: locations.code, name: locations.name, zone: locations.zone, active: locations.active })
		.from(locations)
		.where(and(eq(locations.id, locationId), eq(locations.organisationId, actor.organisationId)));
	if (!loc || !loc.active) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
	if (!zoneAccepts(loc.zone, productZone)) throw new AppError('zone_mismatch', m.stock_zone_mismatch({ location: loc.code }), 409, 'locationId');
	return loc;
}

/**
 * The only way stock changes. Inside the caller's transaction: locks the lot, refuses a balance below
 * zero with a French message, updates the lot's balance (and location) and appends the movement, who
 * and which tablet included. The lot's balance thus always equals the sum of its movements.
 */
export async function recordMovement(tx: Tx, actor: Actor, input: MovementInput): Promise<{ id: number; onHand: number; lot: LockedLot }> {
	requireRole(actor, WORK_STOCK);
	const lot = await lockLot(tx, actor, input.lotId);
	refuseParcelLot(lot, input.parcel);
	const q = input.quantity;
	if (!Number.isSafeInteger(q) || Math.abs(q) > MAX_QUANTITY[lot.unit]) throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
	const onHand = lot.onHand + q;
	if (onHand < 0) throw new AppError('insufficient_stock', m.stock_insufficient({ code: lot.code }), 409, 'quantity');
	// Food safety, whatever the screen: a recalled lot or a passed DLC never leaves to a household or a customer.
	if (input.kind === 'sale' || input.kind === 'distribution') {
		if (lot.blocked) throw new AppError('lot_blocked', m.stock_lot_blocked({ code: lot.code }), 409);
		if (isDlcPast(lot, shopToday(new Date(), actorZone(actor)))) throw new AppError('dlc_past', m.stock_lot_dlc_past({ code: lot.code }), 409);
	}
	let locationId = lot.locationId;
	if (input.toLocationId !== undefined && input.toLocationId !== lot.locationId) {
		if (input.toLocationId !== null) await requireLocationFor(tx, actor, input.toLocationId, lot.productZone);
		locationId = input.toLocationId;
	}
	await tx.update(lots).set({ onHand, locationId }).where(eq(lots.id, lot.id));
	const [row] = await tx
		.insert(stockMovements)
		.values({
			organisationId: actor.organisationId,
			lotId: lot.id,
			quantity: q,
			kind: input.kind,
			reason: input.reason ?? null,
			note: input.note ?? null,
			fromLocationId: lot.locationId,
			toLocationId: locationId,
			userId: actor.userId,
			deviceId: actor.deviceId,
			correctionOf: input.correctionOf ?? null
		})
		.returning({ id: stockMovements.id });
	return { id: row!.id, onHand, lot: { ...lot, onHand, locationId } };
}

/**
 * Reserves `n` ids of the ledger's sequence for recordMovements, so that rows referring to the
 * movements (a sale's lines) can be sent in the same round trip. Sent at once.
 */
export function reserveMovementIds(tx: Tx, n: number): Promise<number[]> {
	return tx
		.select({ id: sql<number>`nextval(pg_get_serial_sequence('stock_movements', 'id'))::int8` })
		.from(sql`generate_series(1, ${n}::int)`)
		.execute()
		.then((rows) => rows.map((r) => Number(r.id)));
}

/**
 * Locks several lots of the actor's organisation at once (SELECT … FOR UPDATE, in id order so that
 * two callers never deadlock), for recordMovements. Sent at once.
 */
export function lockLots(tx: Tx, actor: Actor, lotIds: readonly string[]): Promise<Map<string, LockedLot>> {
	const ids = [...new Set(lotIds)];
	if (ids.some((id) => !z.uuid().safeParse(id).success)) return Promise.reject(new AppError('lot_not_found', m.stock_lot_not_found(), 404));
	if (ids.length === 0) return Promise.resolve(new Map());
	return tx
		.select(lockedLotColumns)
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.leftJoin(locations, eq(locations.id, lots.locationId))
		.where(and(inArray(lots.id, ids), eq(lots.organisationId, actor.organisationId)))
		.orderBy(asc(lots.id))
		.for('update', { of: lots })
		.execute()
		.then((rows) => new Map(rows.map((r) => [r.id, r])));
}

/** A movement of recordMovements: as recordMovement's, without a change of location or a correction. */
export interface BatchMovement {
	/** Reserved with reserveMovementIds. */
	id: number;
	lotId: string;
	quantity: number;
	kind: MovementKind;
	reason?: string | null;
	/** Text, or an SQL expression evaluated when the movement is written (e.g. a sale's number). */
	note?: string | SQL | null;
	/** As MovementInput.parcel: only the parcels' services (a handover) move lots in a prepared-parcels place. */
	parcel?: boolean;
}

/** recordMovements' checks alone, sending nothing: each lot's balance after the movements, or the AppError. */
export function checkMovements(actor: Actor, inputs: readonly BatchMovement[], locked: ReadonlyMap<string, LockedLot>): Map<string, number> {
	requireRole(actor, WORK_STOCK);
	const onHand = new Map<string, number>();
	const today = shopToday(new Date(), actorZone(actor));
	for (const input of inputs) {
		const lot = locked.get(input.lotId);
		if (!lot) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404);
		refuseParcelLot(lot, input.parcel);
		const q = input.quantity;
		if (!Number.isSafeInteger(q) || Math.abs(q) > MAX_QUANTITY[lot.unit] || !Number.isSafeInteger(input.id))
			throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
		const balance = (onHand.get(lot.id) ?? lot.onHand) + q;
		if (balance < 0) throw new AppError('insufficient_stock', m.stock_insufficient({ code: lot.code }), 409, 'quantity');
		if (input.kind === 'sale' || input.kind === 'distribution') {
			if (lot.blocked) throw new AppError('lot_blocked', m.stock_lot_blocked({ code: lot.code }), 409);
			if (isDlcPast(lot, today)) throw new AppError('dlc_past', m.stock_lot_dlc_past({ code: lot.code }), 409);
		}
		onHand.set(lot.id, balance);
	}
	return onHand;
}

/**
 * Several movements at once (a sale's lines), with recordMovement's guarantees. `locked`: the lots
 * as this transaction locked them (lockLots). Checks everything recordMovement checks — lot of the
 * organisation, quantity, a balance never below zero (all the batch's movements of a lot together;
 * the database CHECK refuses it too), food safety for sales and distributions — and throws the
 * AppError before sending anything. Then sends, without waiting, the new balances and the movements
 * (one statement each), so that the caller's next statements (rows referring to these movements,
 * the commit) follow on the same connection in the same round trip. Each lot's balance stays the sum
 * of its movements. The promise settles when both statements have run.
 */
export function recordMovements(
	tx: Tx,
	actor: Actor,
	inputs: readonly BatchMovement[],
	locked: ReadonlyMap<string, LockedLot>
): Promise<{ onHand: Map<string, number> }> {
	const onHand = checkMovements(actor, inputs, locked);
	if (inputs.length === 0) return Promise.resolve({ onHand });
	const org = actor.organisationId;
	const balances = sql.join(
		[...onHand].map(([id, n]) => sql`(${id}::uuid, ${n}::int)`),
		sql`, `
	);
	const update = tx
		.execute(
			sql`update ${lots} set on_hand = v.on_hand from (values ${balances}) as v(id, on_hand) where ${lots}.id = v.id and ${lots}.organisation_id = ${org}`
		)
		.execute();
	const rows = sql.join(
		inputs.map((i) => {
			const lot = locked.get(i.lotId)!;
			return sql`(${i.id}::int8, ${org}::uuid, ${lot.id}::uuid, ${i.quantity}::int, ${i.kind}::movement_kind, ${i.reason ?? null}::text, ${i.note ?? null}::text, ${lot.locationId}::uuid, ${lot.locationId}::uuid, ${actor.userId}::uuid, ${actor.deviceId}::uuid)`;
		}),
		sql`, `
	);
	const insert = tx
		.execute(
			sql`insert into ${stockMovements} (id, organisation_id, lot_id, quantity, kind, reason, note, from_location_id, to_location_id, user_id, device_id) values ${rows}`
		)
		.execute();
	return Promise.all([update, insert]).then(() => ({ onHand }));
}

/** Next lot code of the organisation (L-000001…), from its counter row, in the caller's transaction. */
export async function nextLotCode(tx: Tx, organisationId: string): Promise<string> {
	const [row] = await tx
		.insert(stockCounters)
		.values({ organisationId, lastLot: 1 })
		.onConflictDoUpdate({ target: stockCounters.organisationId, set: { lastLot: sql`${stockCounters.lastLot} + 1` } })
		.returning({ n: stockCounters.lastLot });
	return 'L-' + String(row!.n).padStart(6, '0');
}
