import { money } from '$lib/format';
import { and, asc, count, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { shopToday } from '$lib/stock/dates';
import { actorZone } from '$lib/server/timeZone';
import { expiryStatus } from '$lib/stock/expiry';
import { formatQuantity, MAX_QUANTITY, type ProductUnit } from '$lib/stock/units';
import { breachMessage } from '$lib/till/basket';
import { basketTotals, categoryChain, limitBreaches, linePrice, settle, type PaymentInput } from '$lib/till/pricing';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { checkPin } from '../auth/pin';
import { hasAnyRole, requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import {
	categories,
	devices,
	households,
	lots,
	memberships,
	organisations,
	origins,
	productGtins,
	products,
	reuseCategories,
	reuseItems,
	saleLines,
	salePayments,
	saleReturnLines,
	saleReturns,
	sales,
	tillCounters,
	tillOverrides,
	users
} from '../db/schema';
import { AppError, isUniqueViolation } from '../errors';
import { consumeBudget, resolveCustomer, rightForTill } from '../households/rights';
import { monthStart, tillStatus } from '../households/rules';
import { checkMovements, lockLots, recordMovements, reserveMovementIds, lotInParcelPlace, type LockedLot } from '../stock/ledger';
import { settled, valueOf, type Settled } from '../db/pipeline';
import { type TillPoint } from './access';
import { currentSession, lockOpenSession, tillPointOf } from './sessions';
import { readTillSettings, type TillSettings } from './settings';
import { AUTHORISE_AT_TILL, READ_ALL_SALES, READ_SALES, RUN_TILL } from '$lib/permissions';
import { pageOf } from '../db/lists';
import { existingSale, hashRequest, IDEMPOTENCY_KEY, paymentRows, replay, resultOf, type SaleResult } from './saleCore';

export { IDEMPOTENCY_KEY, type SaleResult } from './saleCore';

const isUuid = (v: string) => z.uuid().safeParse(v).success;
const LOT_CODE = /^L-\d{1,12}$/i;
export const MAX_SALE_LINES = 100;
const OVERRIDE_MINUTES = 15;

/* ------------------------------------------------------------------ input */

export interface SaleLineInput {
	/** The lot's id or its label code (L-000123). */
	lot: string;
	/** Base units: pieces, grams, millilitres. */
	quantity: number;
}

export interface SaleInput {
	/** Made by the client once per basket, before the first try: retries answer the same sale. */
	idempotencyKey: string;
	/** The beneficiary card code (CARTE-…) or the household reference (FOY-0001). */
	customer: string;
	lines: SaleLineInput[];
	payments: PaymentInput[];
	/** A supervisor's authorisation to go over the budget or a limit (requestOverride). */
	overrideId?: string | null;
}

const bad = (message: string, field?: string) => new AppError('invalid_input', message, 400, field);

function readInput(input: SaleInput): SaleInput {
	if (!input || typeof input !== 'object') throw bad(m.till_sale_invalid());
	if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(input.idempotencyKey))
		throw new AppError('idempotency_key_required', m.till_idempotency_key_required(), 400, 'idempotencyKey');
	if (typeof input.customer !== 'string' || !input.customer.trim()) throw new AppError('unknown_card', m.till_card_unknown(), 404, 'customer');
	if (!Array.isArray(input.lines) || input.lines.length === 0) throw bad(m.till_basket_empty(), 'lines');
	if (input.lines.length > MAX_SALE_LINES) throw bad(m.till_too_many_lines({ max: MAX_SALE_LINES }), 'lines');
	for (const l of input.lines) {
		if (!l || typeof l.lot !== 'string' || !(isUuid(l.lot) || LOT_CODE.test(l.lot.trim())))
			throw new AppError('lot_not_found', m.stock_lot_not_found(), 404, 'lines');
		if (typeof l.quantity !== 'number' || !Number.isSafeInteger(l.quantity) || l.quantity <= 0 || l.quantity > MAX_QUANTITY.kg)
			throw bad(m.stock_quantity_invalid(), 'quantity');
	}
	// The same code as settle() gives for a bad amount: one code for "this payment is not valid".
	const badPayment = () => new AppError('payment_invalid', m.till_payment_invalid(), 400, 'payments');
	if (!Array.isArray(input.payments) || input.payments.length > 5) throw badPayment();
	for (const p of input.payments) {
		if (!p || !['cash', 'card', 'cheque'].includes(p.method)) throw badPayment();
	}
	if (input.overrideId != null && (typeof input.overrideId !== 'string' || !isUuid(input.overrideId)))
		throw new AppError('override_invalid', m.till_override_invalid(), 409, 'overrideId');
	return input;
}

/** SHA-256 of what the sale is about: the same key with another basket is refused, not replayed. */
function requestHash(input: SaleInput): string {
	const canonical = JSON.stringify({
		c: input.customer.trim().toUpperCase(),
		l: input.lines.map((l) => [l.lot.trim().toUpperCase(), l.quantity]),
		p: input.payments.map((p) => [p.method, p.amountCents, p.tenderedCents ?? null]),
		o: input.overrideId ?? null
	});
	return hashRequest(canonical);
}

/** How much of a sale line has been returned so far, as a column of a query on sale_lines. */
export const returnedQuantity = () =>
	sql<number>`coalesce((select sum(${saleReturnLines.quantity}) from ${saleReturnLines} where ${saleReturnLines.saleLineId} = ${saleLines.id}), 0)::int`;

/* ------------------------------------------------------------------ limits */

/**
 * What a household took this month, sales less returns: by product (base units) and by category
 * (articles; each counted in its category and, given `parents`, in the categories above it).
 */
export async function monthUsage(
	ex: Executor,
	organisationId: string,
	householdId: string,
	today: string,
	parents: Readonly<Record<string, string | null>> = {}
) {
	const rows = await ex
		.select({
			productId: saleLines.productId,
			categoryId: saleLines.categoryId,
			unit: products.unit,
			lineId: saleLines.id,
			quantity: saleLines.quantity,
			returned: returnedQuantity()
		})
		.from(saleLines)
		.innerJoin(sales, eq(sales.id, saleLines.saleId))
		.innerJoin(products, eq(products.id, saleLines.productId))
		.where(and(eq(sales.organisationId, organisationId), eq(sales.householdId, householdId), gte(sales.day, monthStart(today))));
	const productMonth: Record<string, number> = {};
	const categoryMonth: Record<string, number> = {};
	for (const r of rows) {
		const q = r.quantity - r.returned;
		if (q <= 0) continue;
		if (!r.productId) continue;
		productMonth[r.productId] = (productMonth[r.productId] ?? 0) + q;
		for (const c of categoryChain(r.categoryId, parents)) categoryMonth[c] = (categoryMonth[c] ?? 0) + (r.unit === 'piece' ? q : 1);
	}
	return { productMonth, categoryMonth };
}

export { breachMessage } from '$lib/till/basket';

/* ------------------------------------------------------------------ override */

/**
 * A supervisor authorises, on the till's tablet with their PIN and a reason, going over the budget
 * or a limit for this household's next sale. The PIN is checked by checkPin (auth/pin.ts): wrong PINs
 * here delay the panel for that supervisor on that tablet, and never lock the supervisor's sign-in.
 * The authorisation is recorded (and audited) even if the sale is then given up.
 */
export async function requestOverride(
	db: Database,
	actor: Actor,
	point: TillPoint,
	input: { customer: string; supervisorId: string; pin: string; reason: string },
	now = new Date()
): Promise<{ ok: true; overrideId: string; supervisor: string } | { ok: false; error: AppError }> {
	requireRole(actor, RUN_TILL);
	const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
	if (reason.length < 3 || reason.length > 300) throw new AppError('invalid_input', m.till_reason_required(), 400, 'reason');
	if (typeof input.supervisorId !== 'string' || !isUuid(input.supervisorId))
		throw new AppError('unknown_user', m.till_supervisor_unknown(), 404, 'supervisorId');
	if (typeof input.pin !== 'string' || !/^\d{4,6}$/.test(input.pin)) throw new AppError('wrong_pin', m.till_override_pin_invalid(), 400, 'pin');
	return db.transaction(async (tx) => {
		const session = await lockOpenSession(tx, actor, point, 'share');
		const customer = await resolveCustomer(tx, actor, input.customer);
		const [sup] = await tx
			.select()
			.from(users)
			.where(and(eq(users.id, input.supervisorId), eq(users.organisationId, actor.organisationId), eq(users.active, true)))
			.for('update');
		const roles = sup
			? (
					await tx
						.select({ role: memberships.role })
						.from(memberships)
						.where(and(eq(memberships.userId, sup.id), eq(memberships.organisationId, actor.organisationId)))
				).map((r) => r.role)
			: [];
		if (!sup || !hasAnyRole(roles, AUTHORISE_AT_TILL))
			return { ok: false as const, error: new AppError('unknown_user', m.till_supervisor_unknown(), 404, 'supervisorId') };
		if (sup.id === actor.userId && !hasAnyRole(actor.roles, AUTHORISE_AT_TILL))
			return { ok: false as const, error: new AppError('unknown_user', m.till_supervisor_unknown(), 404, 'supervisorId') };
		// Counted apart from sign-in (per supervisor and tablet): wrong PINs here only delay this panel.
		const place = { deviceId: actor.deviceId ?? point.deviceId, apiTokenId: actor.apiTokenId ?? point.apiTokenId };
		const checked = await checkPin(tx, { user: sup, place, pin: input.pin, purpose: 'override', field: 'pin' }, now);
		if (!checked.ok) return checked;
		const [row] = await tx
			.insert(tillOverrides)
			.values({
				organisationId: actor.organisationId,
				sessionId: session.id,
				householdId: customer.householdId,
				supervisorId: sup.id,
				requestedBy: actor.userId,
				reason,
				expiresAt: new Date(now.getTime() + OVERRIDE_MINUTES * 60_000)
			})
			.returning({ id: tillOverrides.id });
		await audit(tx, actor, 'till.override', { type: 'till_override', id: row!.id }, { supervisorId: sup.id, reason, household: customer.reference });
		return { ok: true as const, overrideId: row!.id, supervisor: sup.firstName };
	});
}

async function usableOverride(tx: Tx, actor: Actor, overrideId: string, householdId: string, now: Date): Promise<string> {
	const [o] = await tx
		.select()
		.from(tillOverrides)
		.where(and(eq(tillOverrides.id, overrideId), eq(tillOverrides.organisationId, actor.organisationId)));
	if (!o || o.householdId !== householdId || o.expiresAt < now) throw new AppError('override_invalid', m.till_override_invalid(), 409, 'overrideId');
	const [used] = await tx.select({ id: sales.id }).from(sales).where(eq(sales.overrideId, o.id));
	if (used) throw new AppError('override_invalid', m.till_override_invalid(), 409, 'overrideId');
	return o.id;
}

/* ------------------------------------------------------------------ completion */

/** A lot as the sale reads it: the ledger's view (LockedLot) and what prices and limits need. */
interface LotRow extends LockedLot {
	id: string;
	code: string;
	onHand: number;
	blocked: boolean;
	date: string | null;
	dateType: 'dlc' | 'ddm' | 'none';
	productId: string;
	productName: string;
	unit: ProductUnit;
	priceCents: number;
	categoryId: string | null;
	limitPerVisit: number | null;
	limitPerMonth: number | null;
	fse: boolean;
}

/** The sale's lots by id and by label code, read without a lock: writeMovements locks them and checks them again. */
async function readLots(tx: Tx, actor: Actor, refs: string[]): Promise<Map<string, LotRow>> {
	const ids = refs.filter(isUuid);
	const codes = refs.filter((r) => !isUuid(r)).map((r) => r.trim().toUpperCase());
	const cond = [];
	if (ids.length) cond.push(inArray(lots.id, ids));
	if (codes.length) cond.push(inArray(lots.code, codes));
	const rows = await tx
		.select({
			id: lots.id,
			code: lots.code,
			onHand: lots.onHand,
			blocked: lots.blocked,
			date: lots.date,
			dateType: lots.dateType,
			locationId: lots.locationId,
			productZone: products.zone,
			productId: products.id,
			productName: products.name,
			unit: products.unit,
			priceCents: products.referencePriceCents,
			categoryId: products.categoryId,
			limitPerVisit: products.limitPerVisit,
			limitPerMonth: products.limitPerMonth,
			fse: origins.fse,
			inParcelPlace: lotInParcelPlace
		})
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.innerJoin(origins, eq(origins.id, lots.originId))
		.where(and(eq(lots.organisationId, actor.organisationId), cond.length === 1 ? cond[0] : sql`(${cond[0]} or ${cond[1]})`));
	const map = new Map<string, LotRow>();
	for (const r of rows) {
		map.set(r.id, r);
		map.set(r.code, r);
	}
	return map;
}

/** Checks the basket's lines against its lots (as read, then as locked): each refusal with its reason. */
function checkLines(input: SaleInput, lotOf: (ref: string) => LotRow | undefined, today: string, settings: TillSettings) {
	const taken = new Map<string, number>();
	return input.lines.map((l) => {
		const lot = lotOf(isUuid(l.lot) ? l.lot : l.lot.trim().toUpperCase());
		if (!lot) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404, 'lines');
		if (l.quantity > MAX_QUANTITY[lot.unit]) throw bad(m.stock_quantity_invalid(), 'quantity');
		if (lot.blocked) throw new AppError('lot_blocked', m.stock_lot_blocked({ code: lot.code }), 409, 'lines');
		if (lot.inParcelPlace) throw new AppError('lot_in_parcel', m.stock_lot_in_parcel({ code: lot.code }), 409, 'lines');
		const { state } = expiryStatus(lot, today, settings.ddmGraceMonths);
		if (state === 'dlc_past') throw new AppError('dlc_past', m.till_dlc_past({ name: lot.productName, code: lot.code }), 409, 'lines');
		const ddmPast = state === 'ddm_past';
		if (state === 'ddm_too_old') {
			throw new AppError('ddm_too_old', m.till_ddm_too_old({ name: lot.productName, code: lot.code, months: settings.ddmGraceMonths }), 409, 'lines');
		}
		const already = taken.get(lot.id) ?? 0;
		if (already + l.quantity > lot.onHand)
			throw new AppError(
				'insufficient_stock',
				m.till_insufficient({ name: lot.productName, code: lot.code, left: formatQuantity(lot.unit, Math.max(0, lot.onHand - already)) }),
				409,
				'quantity'
			);
		taken.set(lot.id, already + l.quantity);
		return { lot, quantity: l.quantity, ddmPast };
	});
}

/**
 * Completes a sale: one transaction for the sale, its lines, its payments, the stock movements (FEFO
 * lots chosen by the till, checked again here) and the budget spent. The idempotency key makes it
 * safe to retry: the same key answers the same sale, recorded once. Prices, limits and the budget
 * are computed here, never taken from the client.
 *
 * Round trips to the database are what a sale costs, and the counter of sale numbers is one row per
 * organisation that every sale holds until it commits. So (see db/pipeline.ts): one round trip for
 * what can be read at once, one to lock the household's right and the lots, every check on what is
 * locked; then the writes, the counter first, sent together with the commit — the counter is held
 * only while the server runs them, never across a round trip. A write that fails makes the commit a
 * rollback; the outcome is read from the writes once the transaction has ended.
 */
export async function completeSale(db: Database, actor: Actor, point: TillPoint, raw: SaleInput, opts: { now?: Date } = {}): Promise<SaleResult> {
	requireRole(actor, RUN_TILL);
	const input = readInput(raw);
	const hash = requestHash(input);
	const now = opts.now ?? new Date();
	const today = shopToday(now, actorZone(actor));
	// The writes, as they are sent (each already awaited by `settled`, so that none goes unobserved).
	const sent: Promise<Settled<unknown>>[] = [];
	const send = <T>(p: Promise<T>): void => void sent.push(settled(p));
	try {
		let outcome: { replayOf: string } | { result: Omit<SaleResult, 'number' | 'budgetLeftCents'> };
		try {
			outcome = await db.transaction(async (tx) => {
				const [existing, session, customer, org, found, movementIds] = await Promise.all([
					settled(existingSale(tx, actor.organisationId, input.idempotencyKey)),
					settled(lockOpenSession(tx, actor, point, 'share')),
					settled(resolveCustomer(tx, actor, input.customer)),
					settled(tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).execute()),
					settled(
						readLots(
							tx,
							actor,
							input.lines.map((l) => l.lot)
						)
					),
					settled(reserveMovementIds(tx, input.lines.length))
				]);
				// Already recorded with this key (a retry): answer that sale, even if the till closed since.
				const before = valueOf(existing);
				if (before) {
					if (before.requestHash !== hash) throw new AppError('idempotency_conflict', m.till_idempotency_conflict(), 409, 'idempotencyKey');
					return { replayOf: before.id };
				}
				const sessionRow = valueOf(session);
				const household = valueOf(customer);
				const settings = readTillSettings(valueOf(org)[0]?.settings);
				const lotRows = valueOf(found);
				// Refused on what was read (nothing locked yet), then checked again on what is locked.
				checkLines(input, (ref) => lotRows.get(ref), today, settings);

				const [rightRead, lockedRead] = await Promise.all([
					settled(rightForTill(tx, actor, household.householdId, today, { lock: true })),
					settled(lockLots(tx, actor, [...new Set([...lotRows.values()].map((l) => l.id))]))
				]);
				const right = valueOf(rightRead);
				const locked = valueOf(lockedRead);
				const status = tillStatus(right, today);
				if (!right || !status.canShop) throw new AppError('right_not_valid', m.till_right_not_valid(), 409, 'customer');

				// The lots as locked now (another till may have sold the last units meanwhile).
				const lotNow = (ref: string): LotRow | undefined => {
					const read = lotRows.get(ref);
					const now = read && locked.get(read.id);
					return read && now
						? { ...read, onHand: now.onHand, blocked: now.blocked, date: now.date, dateType: now.dateType, locationId: now.locationId }
						: undefined;
				};
				const priced = checkLines(input, lotNow, today, settings).map((p) => ({
					...p,
					...linePrice({ unit: p.lot.unit, quantity: p.quantity, unitPriceCents: p.lot.priceCents, rateBp: right.rateBp, fse: p.lot.fse }),
					fse: p.lot.fse
				}));
				const totals = basketTotals(right.budgetBasis, priced);

				// Limits and budget: refused with the reason, unless a supervisor authorised this sale.
				const overrideId = input.overrideId ? await usableOverride(tx, actor, input.overrideId, household.householdId, now) : null;
				const hasLimits =
					priced.some((p) => p.lot.limitPerVisit !== null || p.lot.limitPerMonth !== null) || Object.keys(right.categoryLimits ?? {}).length > 0;
				if (hasLimits && !overrideId) {
					// The right is locked (above): the household's other sales in flight at another till are
					// counted, and two tills cannot pass a limit together. A category's limit counts its
					// sub-categories: the organisation's tree, when the right has such limits.
					const cats = Object.keys(right.categoryLimits ?? {}).length
						? await tx
								.select({ id: categories.id, name: categories.name, parentId: categories.parentId })
								.from(categories)
								.where(eq(categories.organisationId, actor.organisationId))
						: [];
					const parents = Object.fromEntries(cats.map((c) => [c.id, c.parentId]));
					const usage = await monthUsage(tx, actor.organisationId, household.householdId, today, parents);
					const breaches = limitBreaches(
						priced.map((p) => ({
							productId: p.lot.productId,
							productName: p.lot.productName,
							categoryId: p.lot.categoryId,
							unit: p.lot.unit,
							quantity: p.quantity,
							limitPerVisit: p.lot.limitPerVisit,
							limitPerMonth: p.lot.limitPerMonth
						})),
						usage,
						right.categoryLimits,
						Object.fromEntries(cats.map((c) => [c.id, c.name])),
						parents
					);
					if (breaches.length > 0) throw new AppError('limit_reached', breaches.map(breachMessage).join(' — '), 409, 'lines');
				}
				const left = right.monthlyBudgetCents - right.usedCents;
				// Nothing to spend (FSE+ goods only) is never over budget, even for a household already past it.
				if (totals.budgetCents > 0 && totals.budgetCents > left && !overrideId) {
					throw new AppError('budget_exceeded', m.till_budget_over({ left: euros(Math.max(0, left)), wanted: euros(totals.budgetCents) }), 409, 'lines');
				}
				const paid = settle(totals.paidCents, input.payments);
				if (!paid.ok)
					throw new AppError(
						paid.code,
						paid.code === 'payment_total' ? m.till_payment_total({ due: euros(totals.paidCents) }) : m.till_payment_invalid(),
						400,
						'payments'
					);
				const ids = valueOf(movementIds);
				const saleId = crypto.randomUUID();
				const moves = priced.map((p, i) => ({
					id: ids[i]!,
					lotId: p.lot.id,
					quantity: -p.quantity,
					kind: 'sale' as const,
					reason: 'sale',
					note: numberSql(saleId)
				}));
				checkMovements(actor, moves, locked);
				// Everything is checked. The writes, in the order they must run: the counter first.
				send(
					tx
						.insert(tillCounters)
						.values({ organisationId: actor.organisationId, lastSale: 1 })
						.onConflictDoUpdate({ target: tillCounters.organisationId, set: { lastSale: sql`${tillCounters.lastSale} + 1` } })
						.returning({ n: tillCounters.lastSale })
						.execute()
				);
				send(
					tx
						.insert(sales)
						.values({
							id: saleId,
							organisationId: actor.organisationId,
							// The number the counter just gave (the statement before, same transaction).
							number: sql`'V-' || lpad((select ${tillCounters.lastSale} from ${tillCounters} where ${tillCounters.organisationId} = ${actor.organisationId})::text, 6, '0')`,
							sessionId: sessionRow.id,
							idempotencyKey: input.idempotencyKey,
							requestHash: hash,
							householdId: household.householdId,
							rightId: right.id,
							day: today,
							rateBp: right.rateBp,
							budgetBasis: right.budgetBasis,
							referenceCents: totals.referenceCents,
							paidCents: totals.paidCents,
							fseCents: totals.fseCents,
							budgetCents: totals.budgetCents,
							budgetLeftCents: Math.max(0, left - totals.budgetCents),
							overrideId,
							userId: actor.userId,
							deviceId: actor.deviceId ?? point.deviceId ?? null,
							apiTokenId: actor.apiTokenId,
							at: now
						})
						.returning({ number: sales.number, budgetLeftCents: sales.budgetLeftCents })
						.execute()
				);
				send(recordMovements(tx, actor, moves, locked));
				send(
					tx
						.insert(saleLines)
						.values(
							priced.map((p, i) => ({
								organisationId: actor.organisationId,
								saleId,
								lineNo: i + 1,
								lotId: p.lot.id,
								productId: p.lot.productId,
								categoryId: p.lot.categoryId,
								quantity: p.quantity,
								unitPriceCents: p.lot.priceCents,
								referenceCents: p.referenceCents,
								paidCents: p.paidCents,
								fse: p.fse,
								ddmPast: p.ddmPast,
								movementId: ids[i]!
							}))
						)
						.execute()
				);
				const pays = paymentRows(actor.organisationId, sessionRow.id, saleId, input.payments, now);
				if (pays.length) send(tx.insert(salePayments).values(pays).execute());
				send(
					consumeBudget(
						tx,
						actor,
						{ rightId: right.id, amountCents: totals.budgetCents, source: `vente:${input.idempotencyKey}`, today, allowOver: overrideId !== null },
						right
					)
				);
				send(
					audit(
						tx,
						actor,
						'till.sale',
						{ type: 'sale', id: saleId },
						sql`jsonb_build_object('number', ${numberSql(saleId)}, 'lines', ${priced.length}::int, 'paidCents', ${totals.paidCents}::int, 'overrideId', ${overrideId}::uuid)`
					)
				);
				// Not awaited: the commit goes right behind the writes.
				return {
					result: {
						id: saleId,
						replayed: false,
						referenceCents: totals.referenceCents,
						paidCents: totals.paidCents,
						savedCents: totals.savedCents,
						fseCents: totals.fseCents,
						budgetCents: totals.budgetCents,
						changeCents: paid.changeCents
					}
				};
			});
		} catch (e) {
			// A write that failed made the commit fail (PGlite says so): the first failure says why.
			for (const r of await Promise.all(sent)) valueOf(r);
			throw e;
		}
		if ('replayOf' in outcome) return await resultOf(db, actor.organisationId, outcome.replayOf, true);
		// On PostgreSQL a failed write turns the commit into a rollback without an error: read them all.
		const results = await Promise.all(sent);
		for (const r of results) valueOf(r);
		const [c, inserted] = results;
		const n = (valueOf(c!) as { n: number }[])[0]!.n;
		const row = (valueOf(inserted!) as { number: string; budgetLeftCents: number }[])[0]!;
		if (row.number !== 'V-' + String(n).padStart(6, '0')) throw new Error(`sale number ${row.number} does not match the counter ${n}`);
		return { ...outcome.result, number: row.number, budgetLeftCents: row.budgetLeftCents };
	} catch (e) {
		// The same key sent again while the first try was running: the later try waited on the first's
		// locks (the key, but also the lot, the right…) and then failed (no stock or budget left once
		// the first had taken them); answer the first sale, as if the retry came after it.
		let again: SaleResult | null;
		try {
			again = await replay(db, actor.organisationId, input.idempotencyKey, hash);
		} catch (r) {
			throw r instanceof AppError ? r : e;
		}
		if (again) return again;
		// Two sales given one supervisor's authorisation at once: it goes to the first.
		if (isUniqueViolation(e, 'sales_override_key')) throw new AppError('override_invalid', m.till_override_invalid(), 409, 'overrideId');
		await noteRefusal(db, actor, e);
		throw e;
	}
}

/**
 * The till's rules about the goods and the budget that refuse a sale: each refusal is a fact of the
 * operator's training record. A card or a right that is not valid is about the household, not the work.
 */
export const TILL_RULE_REFUSALS: ReadonlySet<string> = new Set(['dlc_past', 'ddm_too_old', 'lot_blocked', 'limit_reached', 'budget_exceeded']);

/**
 * A sale the till's rules refused (the sale's own transaction was rolled back): journal and work event
 * `till.refused`, in a transaction of its own. Never hides the refusal itself.
 */
async function noteRefusal(db: Database, actor: Actor, e: unknown): Promise<void> {
	if (!(e instanceof AppError) || !TILL_RULE_REFUSALS.has(e.code) || actor.kind !== 'user') return;
	const reason = e.code;
	await db.transaction((tx) => audit(tx, actor, 'till.refused', null, { reason })).catch((err: unknown) => console.warn('till.refused not recorded', err));
}

/** The number of a sale written earlier in the same transaction, for the statements sent with it. */
const numberSql = (saleId: string) => sql`(select ${sales.number} from ${sales} where ${sales.id} = ${saleId})`;

const euros = (cents: number) => money(cents);

/* ------------------------------------------------------------------ reading */

export interface SaleView {
	id: string;
	number: string;
	at: Date;
	day: string;
	sessionId: string;
	/** The household's first name and reference: all a receipt shows (empty once the file is anonymised). */
	firstName: string;
	reference: string;
	operator: string;
	deviceName: string | null;
	rateBp: number;
	budgetBasis: string;
	referenceCents: number;
	paidCents: number;
	savedCents: number;
	fseCents: number;
	budgetCents: number;
	budgetLeftCents: number;
	override: { supervisor: string; reason: string } | null;
	/** 'public': the ressourcerie's sale to anyone (no household: firstName and reference are empty). */
	kind: 'epicerie' | 'public';
	lines: {
		id: string;
		lineNo: number;
		/** The lot's code (épicerie) or the item's label code (public; empty for a quick key). */
		lotCode: string;
		product: string;
		unit: ProductUnit;
		quantity: number;
		returned: number;
		unitPriceCents: number;
		referenceCents: number;
		paidCents: number;
		fse: boolean;
		ddmPast: boolean;
		/** Public lines: the discount and its reason, the weight sold. */
		discountCents: number;
		discountReason: string | null;
		weightGrams: number | null;
	}[];
	payments: { method: 'cash' | 'card' | 'cheque'; amountCents: number; tenderedCents: number | null; changeCents: number | null; refund: boolean }[];
	returns: { id: string; at: Date; refundCents: number; reason: string }[];
}

/** The tablet a request comes from (signed in with a password on it), for the sales scope. */
export type RequestDevice = { id: string; organisationId: string } | null | undefined;

/**
 * Which sales a person reads (RGPD: operators see what the till needs). Supervisors, managers and
 * admins: every sale of the organisation. Others (operators): only the sales of the open session of
 * their till point (the tablet they are on, or their API token); none without an open till.
 */
export async function salesScope(ex: Executor, actor: Actor, device?: RequestDevice): Promise<{ all: true } | { all: false; sessionId: string | null }> {
	requireRole(actor, READ_SALES);
	if (hasAnyRole(actor.roles, READ_ALL_SALES)) return { all: true };
	let point: TillPoint;
	try {
		point = tillPointOf(actor, device ?? null);
	} catch {
		return { all: false, sessionId: null };
	}
	const session = await currentSession(ex, actor, point);
	return { all: false, sessionId: session?.id ?? null };
}

/**
 * A sale with its lines, payments and returns, for the receipt, the sales list and the API. An
 * operator reads only a sale of their till's open session (see salesScope); any other is "not found".
 */
export async function getSale(db: Executor, actor: Actor, idOrNumber: string, opts: { device?: RequestDevice } = {}): Promise<SaleView> {
	requireRole(actor, READ_SALES);
	const scope = await salesScope(db, actor, opts.device);
	const key = typeof idOrNumber === 'string' ? idOrNumber.trim() : '';
	const where = isUuid(key) ? eq(sales.id, key) : /^V-\d{1,12}$/i.test(key) ? eq(sales.number, key.toUpperCase()) : null;
	if (!where) throw new AppError('not_found', m.till_sale_not_found(), 404);
	const [s] = await db
		.select({
			sale: sales,
			firstName: households.firstName,
			reference: households.reference,
			anonymisedAt: households.anonymisedAt,
			opFirst: users.firstName,
			deviceName: devices.name
		})
		.from(sales)
		.leftJoin(households, eq(households.id, sales.householdId))
		.innerJoin(users, eq(users.id, sales.userId))
		.leftJoin(devices, eq(devices.id, sales.deviceId))
		.where(and(eq(sales.organisationId, actor.organisationId), where));
	if (!s || (!scope.all && s.sale.sessionId !== scope.sessionId)) throw new AppError('not_found', m.till_sale_not_found(), 404);
	const lines = await db
		.select({
			id: saleLines.id,
			lineNo: saleLines.lineNo,
			lotCode: sql<string>`coalesce(${lots.code}, ${reuseItems.code}, '')`,
			product: sql<string>`coalesce(${products.name}, ${saleLines.description}, ${reuseCategories.name}, '')`,
			unit: sql<ProductUnit>`coalesce(${products.unit}, 'piece')`,
			quantity: saleLines.quantity,
			returned: returnedQuantity(),
			unitPriceCents: saleLines.unitPriceCents,
			referenceCents: saleLines.referenceCents,
			paidCents: saleLines.paidCents,
			fse: saleLines.fse,
			ddmPast: saleLines.ddmPast,
			discountCents: saleLines.discountCents,
			discountReason: saleLines.discountReason,
			weightGrams: saleLines.weightGrams
		})
		.from(saleLines)
		.leftJoin(lots, eq(lots.id, saleLines.lotId))
		.leftJoin(products, eq(products.id, saleLines.productId))
		.leftJoin(reuseItems, eq(reuseItems.id, saleLines.itemId))
		.leftJoin(reuseCategories, eq(reuseCategories.id, saleLines.reuseCategoryId))
		.where(eq(saleLines.saleId, s.sale.id))
		.orderBy(asc(saleLines.lineNo));
	const payments = await db
		.select({
			method: salePayments.method,
			amountCents: salePayments.amountCents,
			tenderedCents: salePayments.tenderedCents,
			changeCents: salePayments.changeCents,
			returnId: salePayments.returnId
		})
		.from(salePayments)
		.where(eq(salePayments.saleId, s.sale.id))
		.orderBy(asc(salePayments.at), asc(salePayments.seq));
	const returns = await db
		.select({ id: saleReturns.id, at: saleReturns.at, refundCents: saleReturns.refundCents, reason: saleReturns.reason })
		.from(saleReturns)
		.where(eq(saleReturns.saleId, s.sale.id))
		.orderBy(asc(saleReturns.at));
	let override: SaleView['override'] = null;
	if (s.sale.overrideId) {
		const [o] = await db
			.select({ reason: tillOverrides.reason, first: users.firstName })
			.from(tillOverrides)
			.innerJoin(users, eq(users.id, tillOverrides.supervisorId))
			.where(eq(tillOverrides.id, s.sale.overrideId));
		if (o) override = { supervisor: o.first, reason: o.reason };
	}
	return {
		id: s.sale.id,
		number: s.sale.number,
		at: s.sale.at,
		day: s.sale.day,
		sessionId: s.sale.sessionId,
		kind: s.sale.kind,
		firstName: s.anonymisedAt || !s.firstName ? '' : s.firstName,
		reference: s.reference ?? '',
		operator: s.opFirst,
		deviceName: s.deviceName,
		rateBp: s.sale.rateBp,
		budgetBasis: s.sale.budgetBasis,
		referenceCents: s.sale.referenceCents,
		paidCents: s.sale.paidCents,
		savedCents: s.sale.referenceCents - s.sale.paidCents,
		fseCents: s.sale.fseCents,
		budgetCents: s.sale.budgetCents,
		budgetLeftCents: s.sale.budgetLeftCents,
		override,
		lines,
		payments: payments.map((p) => ({
			method: p.method,
			amountCents: p.amountCents,
			tenderedCents: p.tenderedCents,
			changeCents: p.changeCents,
			refund: p.returnId !== null
		})),
		returns
	};
}

export const SALES_PAGE_SIZE = 30;

/**
 * Sales, newest first: by till session, household reference or sale number. Supervisors, managers,
 * admins: the organisation's (`scope: 'all'`); operators: their till's open session's only (`'till'`;
 * `'none'` without an open till), see salesScope.
 */
export async function listSales(db: Database, actor: Actor, opts: { page?: number; sessionId?: string; q?: string; device?: RequestDevice } = {}) {
	requireRole(actor, READ_SALES);
	const sc = await salesScope(db, actor, opts.device);
	const scope: 'all' | 'till' | 'none' = sc.all ? 'all' : sc.sessionId ? 'till' : 'none';
	if (!sc.all && (!sc.sessionId || (opts.sessionId && opts.sessionId !== sc.sessionId))) return { total: 0, page: 1, pages: 1, rows: [], scope };
	const conds = [eq(sales.organisationId, actor.organisationId)];
	if (!sc.all) conds.push(eq(sales.sessionId, sc.sessionId!));
	if (opts.sessionId) {
		if (!isUuid(opts.sessionId)) return { total: 0, page: 1, pages: 1, rows: [], scope };
		conds.push(eq(sales.sessionId, opts.sessionId));
	}
	const q = (opts.q ?? '').trim().toUpperCase().slice(0, 40);
	if (q) conds.push(sql`(${sales.number} = ${q} or ${households.reference} = ${q})`);
	const where = and(...conds);
	const [{ n }] = (await db.select({ n: count() }).from(sales).leftJoin(households, eq(households.id, sales.householdId)).where(where)) as [{ n: number }];
	const { page, pages, limit, offset } = pageOf(n, opts.page, SALES_PAGE_SIZE);
	const rows = await db
		.select({
			id: sales.id,
			number: sales.number,
			at: sales.at,
			reference: sql<string>`coalesce(${households.reference}, '')`,
			kind: sales.kind,
			operator: users.firstName,
			referenceCents: sales.referenceCents,
			paidCents: sales.paidCents,
			fseCents: sales.fseCents,
			returned: sql<boolean>`exists (select 1 from sale_returns r where r.sale_id = ${sales.id})`
		})
		.from(sales)
		.leftJoin(households, eq(households.id, sales.householdId))
		.innerJoin(users, eq(users.id, sales.userId))
		.where(where)
		.orderBy(desc(sales.at), desc(sales.number))
		.limit(limit)
		.offset(offset);
	return { total: n, page, pages, rows, scope };
}

/* ------------------------------------------------------------------ the device's catalogue */

export interface TillCatalogue {
	today: string;
	ddmGraceMonths: number;
	categories: { id: string; name: string; parentId: string | null }[];
	products: {
		id: string;
		name: string;
		unit: ProductUnit;
		priceCents: number;
		categoryId: string | null;
		limitPerVisit: number | null;
		limitPerMonth: number | null;
		gtins: string[];
	}[];
	/** Lots with stock, not blocked (the till picks FEFO among them; the server checks again). */
	lots: {
		id: string;
		code: string;
		productId: string;
		date: string | null;
		dateType: 'dlc' | 'ddm' | 'none';
		onHand: number;
		fse: boolean;
		blocked: boolean;
	}[];
}

/**
 * What the till keeps on the tablet during a sale, so that a scan shows its line at once: active
 * products with their codes and prices, and the lots in stock. The server decides at completion.
 */
export async function tillCatalogue(db: Database, actor: Actor, now = new Date()): Promise<TillCatalogue> {
	requireRole(actor, RUN_TILL);
	const [org] = await db.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId));
	const cats = await db
		.select({ id: categories.id, name: categories.name, parentId: categories.parentId })
		.from(categories)
		.where(and(eq(categories.organisationId, actor.organisationId), eq(categories.active, true)))
		.orderBy(asc(categories.name));
	const prods = await db
		.select({
			id: products.id,
			name: products.name,
			unit: products.unit,
			priceCents: products.referencePriceCents,
			categoryId: products.categoryId,
			limitPerVisit: products.limitPerVisit,
			limitPerMonth: products.limitPerMonth,
			gtins: sql<string[]>`coalesce((select array_agg(g.gtin order by g.gtin) from ${productGtins} g where g.product_id = ${products.id}), '{}')`
		})
		.from(products)
		.where(and(eq(products.organisationId, actor.organisationId), eq(products.active, true)))
		.orderBy(asc(products.name));
	const lotRows = await db
		.select({
			id: lots.id,
			code: lots.code,
			productId: lots.productId,
			date: lots.date,
			dateType: lots.dateType,
			onHand: lots.onHand,
			fse: origins.fse,
			blocked: lots.blocked
		})
		.from(lots)
		.innerJoin(origins, eq(origins.id, lots.originId))
		.where(and(eq(lots.organisationId, actor.organisationId), sql`${lots.onHand} > 0`, isNotNull(lots.productId), sql`not ${lotInParcelPlace}`));
	return {
		today: shopToday(now, actorZone(actor)),
		ddmGraceMonths: readTillSettings(org?.settings).ddmGraceMonths,
		categories: cats,
		products: prods,
		lots: lotRows
	};
}
