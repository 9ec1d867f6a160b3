import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { shopToday } from '$lib/stock/dates';
import { actorZone } from '$lib/server/timeZone';
import { isDlcPast } from '$lib/stock/expiry';
import { formatQuantity, MAX_QUANTITY, type ProductUnit } from '$lib/stock/units';
import type { Method } from '$lib/till/pricing';
import { planReturn, refundByMethod, type Disposition, type PlannedLine, type ReturnPlan, type ReturnRequestLine, type SoldLine } from '$lib/till/returns';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { hasAnyRole, requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { lots, products, reuseCategories, reuseItems, saleLines, salePayments, saleReturnLines, saleReturns, sales, tillSessions, users } from '../db/schema';
import { AppError, isUniqueViolation } from '../errors';
import { restoreBudget } from '../households/rights';
import { lockLot, recordMovement } from '../stock/ledger';
import { lockItem, recordItemMovement } from '../reuse/ledger';
import { type TillPoint } from './access';
import { IDEMPOTENCY_KEY, MAX_SALE_LINES, returnedQuantity } from './sales';
import { lockOpenSession, tillPointOf } from './sessions';
import { AUTHORISE_AT_TILL, READ_SALES } from '$lib/permissions';

/**
 * Returns of sold goods (issue 5, item 7): a supervisor, on the till's tablet with the till open,
 * takes back items of a completed sale. One transaction: stock movements (back to stock, or in then
 * out as a loss), the refund by the sale's own methods (negative payments in this till's session:
 * cash comes out of this drawer), the budget given back in the sale's month, the return's rows and
 * the audit row. The sale itself is never edited. See docs/till.md, "Retours".
 */

const isUuid = (v: string) => z.uuid().safeParse(v).success;
const DISPOSITIONS: readonly Disposition[] = ['stock', 'loss'];

export interface ReturnInput {
	/** The sale's id (or its number, V-000123). */
	saleId: string;
	/** Made by the client once per return, before the first try: retries answer the same return. */
	idempotencyKey: string;
	reason: string;
	lines: ReturnRequestLine[];
}

export interface ReturnResult {
	id: string;
	saleId: string;
	saleNumber: string;
	/** True when this answer replays a return already recorded with the same idempotency key. */
	replayed: boolean;
	at: Date;
	reason: string;
	by: string;
	refundCents: number;
	referenceCents: number;
	budgetRestoredCents: number;
	/** What to hand back, by method, in the order the sale was paid. */
	refunds: { method: Method; amountCents: number }[];
	lines: {
		saleLineId: string;
		product: string;
		unit: ProductUnit;
		quantity: number;
		disposition: Disposition;
		refundCents: number;
		referenceCents: number;
		budgetCents: number;
	}[];
}

const bad = (message: string, field?: string) => new AppError('invalid_input', message, 400, field);

function readInput(input: ReturnInput): ReturnInput {
	if (!input || typeof input !== 'object') throw bad(m.ret_nothing());
	if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(input.idempotencyKey))
		throw new AppError('idempotency_key_required', m.till_idempotency_key_required(), 400, 'idempotencyKey');
	if (typeof input.saleId !== 'string' || !(isUuid(input.saleId) || /^V-\d{1,12}$/i.test(input.saleId.trim())))
		throw new AppError('not_found', m.till_sale_not_found(), 404, 'saleId');
	const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
	if (reason.length < 3 || reason.length > 300) throw new AppError('invalid_input', m.till_reason_required(), 400, 'reason');
	if (!Array.isArray(input.lines) || input.lines.length === 0) throw bad(m.ret_nothing(), 'lines');
	if (input.lines.length > MAX_SALE_LINES) throw bad(m.till_too_many_lines({ max: MAX_SALE_LINES }), 'lines');
	for (const l of input.lines) {
		if (!l || typeof l.saleLineId !== 'string' || !isUuid(l.saleLineId)) throw new AppError('line_unknown', m.ret_line_unknown(), 404, 'lines');
		if (typeof l.quantity !== 'number' || !Number.isSafeInteger(l.quantity) || l.quantity <= 0 || l.quantity > MAX_QUANTITY.kg)
			throw bad(m.stock_quantity_invalid(), 'quantity');
		if (!DISPOSITIONS.includes(l.disposition)) throw bad(m.ret_disposition_invalid(), 'disposition');
	}
	return {
		saleId: input.saleId.trim(),
		idempotencyKey: input.idempotencyKey,
		reason,
		lines: input.lines.map((l) => ({ saleLineId: l.saleLineId, quantity: l.quantity, disposition: l.disposition }))
	};
}

const saleWhere = (organisationId: string, idOrNumber: string) =>
	and(eq(sales.organisationId, organisationId), isUuid(idOrNumber) ? eq(sales.id, idOrNumber) : eq(sales.number, idOrNumber.toUpperCase()));

/** A sale line's name and unit for returns: the product (épicerie), or the public line's description or category. */
const lineProduct = sql<string>`coalesce(${products.name}, ${saleLines.description}, ${reuseCategories.name}, '')`;
const lineUnit = sql<ProductUnit>`coalesce(${products.unit}, 'piece')`;

type LockedSaleLine = SoldLine & { lotId: string | null; itemId: string | null };

/**
 * What a return does beyond the refund, by the sale's policy (issue 15): the épicerie gives back the
 * budget and puts goods back on their lot (or to loss); the public sale has no budget, and an item line
 * returned to stock puts the item back on its own ledger — a quick-key line has nothing to put back.
 */
interface ReturnPolicy {
	plan(sale: typeof sales.$inferSelect, sold: LockedSaleLine[], requests: ReturnRequestLine[]): ReturnPlan;
	/** Locks and checks what comes back; answers the writes to run once the return's row exists. */
	check(tx: Tx, actor: Actor, lines: PlannedLine[], lineOf: Map<string, LockedSaleLine>, today: string): Promise<(saleNumber: string) => Promise<void>>;
}

const EPICERIE_RETURNS: ReturnPolicy = {
	plan: (sale, sold, requests) => planReturn(sale.budgetBasis === 'amount_paid' ? 'amount_paid' : 'reference_value', sold, requests),
	async check(tx, actor, lines, lineOf, today) {
		// Lots locked in one order (as sales do) so that two returns never wait on each other in a circle.
		const lotIds = [...new Set(lines.map((l) => lineOf.get(l.saleLineId)!.lotId!))].sort();
		const lotRows = new Map<string, Awaited<ReturnType<typeof lockLot>>>();
		for (const id of lotIds) lotRows.set(id, await lockLot(tx, actor, id));
		for (const l of lines) {
			if (l.disposition !== 'stock') continue;
			const lot = lotRows.get(lineOf.get(l.saleLineId)!.lotId!)!;
			if (lot.blocked) throw new AppError('lot_blocked', m.ret_lot_blocked({ code: lot.code }), 409, 'disposition');
			if (isDlcPast(lot, today)) throw new AppError('dlc_past', m.ret_lot_dlc_past({ code: lot.code }), 409, 'disposition');
		}
		return async (saleNumber) => {
			const note = `${saleNumber} retour`;
			for (const l of lines) {
				const lotId = lineOf.get(l.saleLineId)!.lotId!;
				await recordMovement(tx, actor, { lotId, quantity: l.quantity, kind: 'return', note });
				if (l.disposition === 'loss') await recordMovement(tx, actor, { lotId, quantity: -l.quantity, kind: 'loss', reason: 'return', note });
			}
		};
	}
};

const PUBLIC_RETURNS: ReturnPolicy = {
	plan(_sale, sold, requests) {
		const plan = planReturn('reference_value', sold, requests);
		// No budget on a public sale.
		return plan.ok ? { ...plan, budgetCents: 0, lines: plan.lines.map((l) => ({ ...l, budgetCents: 0 })) } : plan;
	},
	async check(tx, actor, lines, lineOf) {
		const back = lines.filter((l) => l.disposition === 'stock' && lineOf.get(l.saleLineId)!.itemId);
		const itemIds = [...new Set(back.map((l) => lineOf.get(l.saleLineId)!.itemId!))].sort();
		const items = new Map<string, Awaited<ReturnType<typeof lockItem>>>();
		for (const id of itemIds) items.set(id, await lockItem(tx, actor, id, 'lines'));
		return async (saleNumber) => {
			for (const l of back) {
				const item = items.get(lineOf.get(l.saleLineId)!.itemId!)!;
				await recordItemMovement(tx, actor, item, {
					kind: 'return',
					quantity: l.quantity,
					saleLineId: l.saleLineId,
					reason: `${saleNumber} retour`,
					field: 'lines'
				});
			}
		};
	}
};

/** The same lines (whatever their order) as a recorded return: a retry, not another return. */
const sameLines = (a: readonly ReturnRequestLine[], b: readonly ReturnRequestLine[]) => {
	const key = (l: ReturnRequestLine) => `${l.saleLineId}:${l.quantity}:${l.disposition}`;
	return a.length === b.length && a.map(key).sort().join('|') === b.map(key).sort().join('|');
};

async function replay(ex: Executor, organisationId: string, input: ReturnInput): Promise<ReturnResult | null> {
	const [r] = await ex
		.select({ id: saleReturns.id, saleId: saleReturns.saleId })
		.from(saleReturns)
		.where(and(eq(saleReturns.organisationId, organisationId), eq(saleReturns.idempotencyKey, input.idempotencyKey)));
	if (!r) return null;
	const result = await returnResult(ex, organisationId, r.id, true);
	if ((result.saleId !== input.saleId && result.saleNumber !== input.saleId.toUpperCase()) || !sameLines(result.lines, input.lines)) {
		throw new AppError('idempotency_conflict', m.ret_idempotency_conflict(), 409, 'idempotencyKey');
	}
	return result;
}

/** A recorded return with its lines and refunds by method. */
async function returnResult(ex: Executor, organisationId: string, returnId: string, replayed: boolean): Promise<ReturnResult> {
	const [r] = await ex
		.select({ ret: saleReturns, saleNumber: sales.number, by: users.firstName })
		.from(saleReturns)
		.innerJoin(sales, eq(sales.id, saleReturns.saleId))
		.innerJoin(users, eq(users.id, saleReturns.userId))
		.where(and(eq(saleReturns.id, returnId), eq(saleReturns.organisationId, organisationId)));
	if (!r) throw new AppError('not_found', m.till_sale_not_found(), 404);
	const lines = await ex
		.select({
			saleLineId: saleReturnLines.saleLineId,
			product: lineProduct,
			unit: lineUnit,
			quantity: saleReturnLines.quantity,
			disposition: saleReturnLines.disposition,
			refundCents: saleReturnLines.refundCents,
			referenceCents: saleReturnLines.referenceCents,
			budgetCents: saleReturnLines.budgetCents
		})
		.from(saleReturnLines)
		.innerJoin(saleLines, eq(saleLines.id, saleReturnLines.saleLineId))
		.leftJoin(products, eq(products.id, saleLines.productId))
		.leftJoin(reuseCategories, eq(reuseCategories.id, saleLines.reuseCategoryId))
		.where(eq(saleReturnLines.returnId, returnId))
		.orderBy(asc(saleLines.lineNo), asc(saleReturnLines.id));
	const pays = await ex
		.select({ method: salePayments.method, amountCents: salePayments.amountCents })
		.from(salePayments)
		.where(eq(salePayments.returnId, returnId))
		.orderBy(asc(salePayments.seq));
	return {
		id: r.ret.id,
		saleId: r.ret.saleId,
		saleNumber: r.saleNumber,
		replayed,
		at: r.ret.at,
		reason: r.ret.reason,
		by: r.by,
		refundCents: r.ret.refundCents,
		referenceCents: r.ret.referenceCents,
		budgetRestoredCents: r.ret.budgetRestoredCents,
		refunds: pays.map((p) => ({ method: p.method, amountCents: -p.amountCents })),
		lines
	};
}

/** The sale's lines locked for the return, with what earlier returns took back. */
async function lockedLines(tx: Tx, saleId: string) {
	const rows = await tx
		.select({
			id: saleLines.id,
			lotId: saleLines.lotId,
			itemId: saleLines.itemId,
			quantity: saleLines.quantity,
			referenceCents: saleLines.referenceCents,
			paidCents: saleLines.paidCents,
			fse: saleLines.fse,
			product: lineProduct,
			unit: lineUnit
		})
		.from(saleLines)
		.leftJoin(products, eq(products.id, saleLines.productId))
		.leftJoin(reuseCategories, eq(reuseCategories.id, saleLines.reuseCategoryId))
		.where(eq(saleLines.saleId, saleId))
		.orderBy(asc(saleLines.lineNo))
		.for('update', { of: saleLines });
	const returned = await tx
		.select({ id: saleReturnLines.saleLineId, n: sql<number>`sum(${saleReturnLines.quantity})::int` })
		.from(saleReturnLines)
		.innerJoin(saleLines, eq(saleLines.id, saleReturnLines.saleLineId))
		.where(eq(saleLines.saleId, saleId))
		.groupBy(saleReturnLines.saleLineId);
	const done = new Map(returned.map((r) => [r.id, r.n]));
	return rows.map((r) => ({ ...r, returned: done.get(r.id) ?? 0 }));
}

/** Thrown to roll a return back once computed: what it would do, with every check made, nothing kept. */
class DryRun {
	constructor(readonly result: ReturnResult) {}
}

/**
 * Takes back items of a completed sale (supervisors, on the till's tablet with the till open). Each
 * line gives back its share of what was paid, of the reference value and of the budget spent, so
 * that returning every unit, in one return or in several, gives back exactly the line's amounts.
 * 'stock': a return movement (+q) on the original lot — refused for a blocked or DLC-past lot, which
 * must go to loss; 'loss': a return movement (+q) then a loss (−q, reason 'return'). The refund goes
 * back by the sale's methods in the order paid, less what earlier returns gave back by each; the
 * budget comes back in the sale's month. The idempotency key makes retries answer the same return.
 */
export async function returnSale(
	db: Database,
	actor: Actor,
	point: TillPoint,
	raw: ReturnInput,
	opts: { now?: Date; dryRun?: boolean } = {}
): Promise<ReturnResult> {
	requireRole(actor, AUTHORISE_AT_TILL);
	const input = readInput(raw);
	const done = await replay(db, actor.organisationId, input);
	if (done) return done;
	const now = opts.now ?? new Date();
	const today = shopToday(now, actorZone(actor));
	try {
		return await db.transaction(async (tx) => {
			const session = await lockOpenSession(tx, actor, point, 'share');
			const [sale] = await tx.select().from(sales).where(saleWhere(actor.organisationId, input.saleId)).for('no key update');
			if (!sale) throw new AppError('not_found', m.till_sale_not_found(), 404, 'saleId');
			// Same key sent twice at once: the second waited on the sale's lock; answer the first.
			const again = await replay(tx, actor.organisationId, input);
			if (again) return again;

			const sold = await lockedLines(tx, sale.id);
			const policy = sale.kind === 'public' ? PUBLIC_RETURNS : EPICERIE_RETURNS;
			const plan = policy.plan(sale, sold, input.lines);
			if (!plan.ok) {
				if (plan.code === 'line_unknown') throw new AppError('line_unknown', m.ret_line_unknown(), 404, 'lines');
				const line = sold.find((l) => l.id === plan.saleLineId)!;
				throw new AppError('over_return', m.ret_too_many({ name: line.product, left: formatQuantity(line.unit, plan.left) }), 409, 'quantity');
			}
			const lineOf = new Map(sold.map((l) => [l.id, l]));

			// What comes back to stock (checked before anything is written).
			const restock = await policy.check(tx, actor, plan.lines, lineOf, today);
			const paid = await tx
				.select({ method: salePayments.method, amountCents: salePayments.amountCents })
				.from(salePayments)
				.where(and(eq(salePayments.saleId, sale.id), isNull(salePayments.returnId)))
				.orderBy(asc(salePayments.seq), asc(salePayments.at));
			const refunded = await tx
				.select({ method: salePayments.method, amountCents: sql<number>`(-sum(${salePayments.amountCents}))::int` })
				.from(salePayments)
				.where(and(eq(salePayments.saleId, sale.id), isNotNull(salePayments.returnId)))
				.groupBy(salePayments.method);
			const refunds = refundByMethod(plan.refundCents, paid, refunded);

			const [ret] = await tx
				.insert(saleReturns)
				.values({
					organisationId: actor.organisationId,
					saleId: sale.id,
					sessionId: session.id,
					idempotencyKey: input.idempotencyKey,
					reason: input.reason,
					refundCents: plan.refundCents,
					referenceCents: plan.referenceCents,
					budgetRestoredCents: plan.budgetCents,
					userId: actor.userId,
					deviceId: actor.deviceId ?? point.deviceId ?? null,
					at: now
				})
				.returning({ id: saleReturns.id });
			await restock(sale.number);
			await tx.insert(saleReturnLines).values(
				plan.lines.map((l) => ({
					organisationId: actor.organisationId,
					returnId: ret!.id,
					saleLineId: l.saleLineId,
					quantity: l.quantity,
					disposition: l.disposition,
					refundCents: l.refundCents,
					referenceCents: l.referenceCents,
					budgetCents: l.budgetCents
				}))
			);
			if (refunds.length > 0) {
				await tx.insert(salePayments).values(
					refunds.map((r, i) => ({
						organisationId: actor.organisationId,
						sessionId: session.id,
						saleId: sale.id,
						returnId: ret!.id,
						method: r.method,
						amountCents: -r.amountCents,
						seq: i + 1,
						at: now
					}))
				);
			}
			if (sale.rightId)
				await restoreBudget(tx, actor, { rightId: sale.rightId, month: sale.day, amountCents: plan.budgetCents, source: `retour:${input.idempotencyKey}` });
			await audit(
				tx,
				actor,
				'till.return',
				{ type: 'sale', id: sale.id },
				{ number: sale.number, returnId: ret!.id, lines: plan.lines.length, refundCents: plan.refundCents, budgetCents: plan.budgetCents, reason: input.reason }
			);
			const result = await returnResult(tx, actor.organisationId, ret!.id, false);
			if (opts.dryRun) throw new DryRun(result);
			return result;
		});
	} catch (e) {
		if (e instanceof DryRun) return e.result;
		if (isUniqueViolation(e, 'sale_returns_org_idempotency_key')) {
			const again = await replay(db, actor.organisationId, input);
			if (again) return again;
		}
		throw e;
	}
}

/**
 * What a return would do — refund by method, budget given back — with every check of the real one
 * (open till, quantities left, lots that cannot go back to stock), in a transaction rolled back: the
 * confirmation step shows exactly what confirming will record.
 */
export function previewReturn(db: Database, actor: Actor, point: TillPoint, input: ReturnInput, opts: { now?: Date } = {}): Promise<ReturnResult> {
	return returnSale(db, actor, point, input, { ...opts, dryRun: true });
}

/** Every return of a sale, oldest first, with lines and refunds (the sale's page). */
export async function returnsOfSale(db: Executor, actor: Actor, saleId: string): Promise<ReturnResult[]> {
	requireRole(actor, READ_SALES);
	if (!isUuid(saleId)) return [];
	const ids = await db
		.select({ id: saleReturns.id })
		.from(saleReturns)
		.where(and(eq(saleReturns.organisationId, actor.organisationId), eq(saleReturns.saleId, saleId)))
		.orderBy(asc(saleReturns.at), asc(saleReturns.id));
	const out: ReturnResult[] = [];
	for (const r of ids) out.push(await returnResult(db, actor.organisationId, r.id, false));
	return out;
}

export type ReturnDesk = { ok: true; point: TillPoint; sessionId: string } | { ok: false; why: 'role' | 'tablet' | 'closed' };

/**
 * Whether this person, on this device, can take a return now: a supervisor (or manager, admin), on an
 * enrolled tablet of the organisation whose till is open (the refund comes out of its drawer).
 */
export async function returnDesk(db: Database, actor: Actor, device: { id: string; organisationId: string } | null): Promise<ReturnDesk> {
	if (!hasAnyRole(actor.roles, AUTHORISE_AT_TILL)) return { ok: false, why: 'role' };
	let point: TillPoint;
	try {
		point = tillPointOf(actor, device);
	} catch (e) {
		if (e instanceof AppError) return { ok: false, why: 'tablet' };
		throw e;
	}
	const [s] = await db
		.select({ id: tillSessions.id })
		.from(tillSessions)
		.where(
			and(
				eq(tillSessions.organisationId, actor.organisationId),
				eq(tillSessions.status, 'open'),
				point.deviceId ? eq(tillSessions.deviceId, point.deviceId) : eq(tillSessions.apiTokenId, point.apiTokenId!)
			)
		);
	return s ? { ok: true, point, sessionId: s.id } : { ok: false, why: 'closed' };
}

export interface ReturnableLine {
	saleLineId: string;
	product: string;
	lotCode: string;
	unit: ProductUnit;
	sold: number;
	returnable: number;
	/** Why the lot cannot go back to stock (blocked, DLC past): such a line can only go to loss. */
	noRestock: 'blocked' | 'dlc_past' | null;
}

/** The return form's lines: what can still be returned, and whether it may go back to stock. */
export async function returnableLines(db: Database, actor: Actor, saleId: string, now = new Date()): Promise<ReturnableLine[]> {
	requireRole(actor, AUTHORISE_AT_TILL);
	if (!isUuid(saleId)) throw new AppError('not_found', m.till_sale_not_found(), 404);
	const today = shopToday(now, actorZone(actor));
	const rows = await db
		.select({
			saleLineId: saleLines.id,
			product: lineProduct,
			lotCode: sql<string>`coalesce(${lots.code}, ${reuseItems.code}, '')`,
			unit: lineUnit,
			sold: saleLines.quantity,
			returned: returnedQuantity(),
			blocked: lots.blocked,
			date: lots.date,
			dateType: lots.dateType
		})
		.from(saleLines)
		.innerJoin(sales, eq(sales.id, saleLines.saleId))
		.leftJoin(lots, eq(lots.id, saleLines.lotId))
		.leftJoin(products, eq(products.id, saleLines.productId))
		.leftJoin(reuseItems, eq(reuseItems.id, saleLines.itemId))
		.leftJoin(reuseCategories, eq(reuseCategories.id, saleLines.reuseCategoryId))
		.where(and(eq(sales.organisationId, actor.organisationId), eq(sales.id, saleId)))
		.orderBy(asc(saleLines.lineNo));
	return rows.map((r) => ({
		saleLineId: r.saleLineId,
		product: r.product,
		lotCode: r.lotCode,
		unit: r.unit,
		sold: r.sold,
		returnable: r.sold - r.returned,
		noRestock: r.blocked ? 'blocked' : r.dateType && isDlcPast({ date: r.date, dateType: r.dateType }, today) ? 'dlc_past' : null
	}));
}
