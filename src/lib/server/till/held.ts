import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { MAX_QUANTITY } from '$lib/stock/units';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Tx } from '../db';
import { heldBaskets, households, lots, products, users } from '../db/schema';
import { AppError } from '../errors';
import { resolveCustomer } from '../households/rights';
import { type TillPoint } from './access';
import { MAX_SALE_LINES } from './sales';
import { lockOpenSession } from './sessions';
import { RUN_TILL } from '$lib/permissions';

/**
 * Baskets put aside (the household went to fetch something) and resumed later, on this till or
 * another of the organisation; and baskets given up. Only the lots and quantities are kept: the till
 * prices them again from its catalogue on resume. Every step is audited (training records see it).
 */

const isUuid = (v: unknown): v is string => typeof v === 'string' && z.uuid().safeParse(v).success;

export interface HeldLine {
	lotId: string;
	quantity: number;
}

/** Checks basket lines: 1 to 100, each a lot of the organisation with a positive quantity it could hold. */
async function readLines(tx: Tx, actor: Actor, raw: unknown): Promise<HeldLine[]> {
	if (!Array.isArray(raw) || raw.length === 0) throw new AppError('invalid_input', m.till_basket_empty(), 400, 'lines');
	if (raw.length > MAX_SALE_LINES) throw new AppError('invalid_input', m.till_too_many_lines({ max: MAX_SALE_LINES }), 400, 'lines');
	const lines: HeldLine[] = [];
	for (const l of raw as unknown[]) {
		const line = l as Partial<HeldLine> | null;
		if (!line || !isUuid(line.lotId)) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404, 'lines');
		if (typeof line.quantity !== 'number' || !Number.isSafeInteger(line.quantity) || line.quantity <= 0 || line.quantity > MAX_QUANTITY.kg)
			throw new AppError('invalid_input', m.stock_quantity_invalid(), 400, 'quantity');
		lines.push({ lotId: line.lotId, quantity: line.quantity });
	}
	const ids = [...new Set(lines.map((l) => l.lotId))];
	const found = await tx
		.select({ id: lots.id, unit: products.unit })
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.where(and(eq(lots.organisationId, actor.organisationId), inArray(lots.id, ids)));
	if (found.length !== ids.length) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404, 'lines');
	const unit = new Map(found.map((f) => [f.id, f.unit]));
	if (lines.some((l) => l.quantity > MAX_QUANTITY[unit.get(l.lotId)!])) throw new AppError('invalid_input', m.stock_quantity_invalid(), 400, 'quantity');
	return lines;
}

/** Puts the basket aside for the household, on the open till of this tablet. */
export async function holdBasket(db: Database, actor: Actor, point: TillPoint, input: { customer: string; lines: HeldLine[] }): Promise<{ id: string }> {
	requireRole(actor, RUN_TILL);
	return db.transaction(async (tx) => {
		const session = await lockOpenSession(tx, actor, point, 'share');
		const customer = await resolveCustomer(tx, actor, input.customer);
		const lines = await readLines(tx, actor, input.lines);
		const [row] = await tx
			.insert(heldBaskets)
			.values({ organisationId: actor.organisationId, sessionId: session.id, householdId: customer.householdId, lines, heldBy: actor.userId })
			.returning({ id: heldBaskets.id });
		await audit(tx, actor, 'till.basket_hold', { type: 'held_basket', id: row!.id }, { household: customer.reference, lines: lines.length });
		return { id: row!.id };
	});
}

export interface HeldView {
	id: string;
	firstName: string;
	reference: string;
	lines: number;
	heldAt: Date;
	heldBy: string;
}

/** The baskets waiting in the organisation, newest first: first name, number of lines, time. */
export async function listHeld(db: Database, actor: Actor): Promise<HeldView[]> {
	requireRole(actor, RUN_TILL);
	const rows = await db
		.select({
			id: heldBaskets.id,
			firstName: households.firstName,
			anonymisedAt: households.anonymisedAt,
			reference: households.reference,
			lines: heldBaskets.lines,
			heldAt: heldBaskets.heldAt,
			heldBy: users.firstName
		})
		.from(heldBaskets)
		.innerJoin(households, eq(households.id, heldBaskets.householdId))
		.innerJoin(users, eq(users.id, heldBaskets.heldBy))
		.where(and(eq(heldBaskets.organisationId, actor.organisationId), eq(heldBaskets.status, 'held')))
		.orderBy(desc(heldBaskets.heldAt))
		.limit(50);
	return rows.map((r) => ({
		id: r.id,
		firstName: r.anonymisedAt ? '' : r.firstName,
		reference: r.reference,
		lines: r.lines.length,
		heldAt: r.heldAt,
		heldBy: r.heldBy
	}));
}

async function endHeld(tx: Tx, actor: Actor, id: unknown, status: 'resumed' | 'cancelled') {
	if (!isUuid(id)) throw new AppError('not_found', m.till_held_not_found(), 404);
	const [h] = await tx
		.select({ id: heldBaskets.id, status: heldBaskets.status, lines: heldBaskets.lines, reference: households.reference })
		.from(heldBaskets)
		.innerJoin(households, eq(households.id, heldBaskets.householdId))
		.where(and(eq(heldBaskets.id, id), eq(heldBaskets.organisationId, actor.organisationId)))
		.for('update', { of: heldBaskets });
	if (!h) throw new AppError('not_found', m.till_held_not_found(), 404);
	if (h.status !== 'held') throw new AppError('held_gone', m.till_held_gone(), 409);
	await tx.update(heldBaskets).set({ status, endedBy: actor.userId, endedAt: new Date() }).where(eq(heldBaskets.id, h.id));
	return h;
}

/**
 * Takes a held basket back on this tablet's open till: it is marked resumed (no other till can take
 * it) and its household and lines are returned, for the till to price them again.
 */
export async function resumeBasket(db: Database, actor: Actor, point: TillPoint, id: string): Promise<{ customer: string; lines: HeldLine[] }> {
	requireRole(actor, RUN_TILL);
	return db.transaction(async (tx) => {
		await lockOpenSession(tx, actor, point, 'share');
		const h = await endHeld(tx, actor, id, 'resumed');
		await audit(tx, actor, 'till.basket_resume', { type: 'held_basket', id: h.id }, { household: h.reference, lines: h.lines.length });
		return { customer: h.reference, lines: h.lines };
	});
}

/** Gives up a held basket (the household did not come back): nothing was sold, the goods stay on the shelves. */
export async function cancelHeld(db: Database, actor: Actor, id: string): Promise<void> {
	requireRole(actor, RUN_TILL);
	await db.transaction(async (tx) => {
		const h = await endHeld(tx, actor, id, 'cancelled');
		await audit(tx, actor, 'till.held_cancel', { type: 'held_basket', id: h.id }, { household: h.reference, lines: h.lines.length });
	});
}

/**
 * The current basket given up at the till (before payment): nothing to undo, since nothing was
 * recorded, but the journal keeps it so that training records and supervisors see it.
 */
export async function cancelBasket(db: Database, actor: Actor, point: TillPoint, input: { customer: string | null; lines: number }): Promise<void> {
	requireRole(actor, RUN_TILL);
	const count = Number.isSafeInteger(input.lines) && input.lines >= 0 ? Math.min(input.lines, MAX_SALE_LINES) : 0;
	await db.transaction(async (tx) => {
		const session = await lockOpenSession(tx, actor, point, 'share');
		const customer = input.customer ? await resolveCustomer(tx, actor, input.customer) : null;
		await audit(tx, actor, 'till.basket_cancel', { type: 'till_session', id: session.id }, { household: customer?.reference ?? null, lines: count });
	});
}
