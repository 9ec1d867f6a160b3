import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { SELL_PUBLIC } from '$lib/permissions';
import { shopToday } from '$lib/stock/dates';
import { settle, type PaymentInput } from '$lib/till/pricing';
import { MAX_DISCOUNT_REASON, lineWeight, publicLinePrice, publicTotals, type PublicLineProblem } from '$lib/till/publicBasket';
import { money } from '$lib/format';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { reuseCategories, reuseItems, saleLines, salePayments, sales } from '../db/schema';
import { AppError, isUniqueViolation } from '../errors';
import { reuseCategoryOf } from '../reuse/categories';
import { ITEM_CODE, lockItem, recordItemMovement, type LockedItem } from '../reuse/ledger';
import { reuseSettings } from '../reuse/settings';
import { actorZone } from '../timeZone';
import type { TillPoint } from './access';
import { existingSale, hashRequest, IDEMPOTENCY_KEY, nextSaleNumber, paymentRows, replay, resultOf, type SaleResult } from './saleCore';
import { getSale, MAX_SALE_LINES, type RequestDevice, type SaleView } from './sales';
import { lockOpenSession } from './sessions';

/**
 * The ressourcerie's public sale (issue 15): the second sale policy on the till's core (saleCore.ts).
 * An anonymous customer — no household, no right, no budget, no rate, no FSE+ —; each line is a scanned
 * item at its own price (the item's ledger records the sale: `recordItemMovement` kind 'sale', so an
 * item leaves once) or a quick key: a ressourcerie category with a typed unit price and a quantity,
 * whose weight is the category's average × the quantity. A line may carry a discount with a reason,
 * bounded by the setting `reuse.maxDiscountPercent`. Every line records the weight sold. Same till
 * session, same V-000123 numbers, same payments, same idempotency as the épicerie's sale; the audit
 * row (and work event) is `reuse.sale`.
 */

const isUuid = (v: string) => z.uuid().safeParse(v).success;

export interface PublicSaleLineInput {
	/** A scanned item: its id or its label's code (O-000123). */
	item?: string;
	/** A quick key: the ressourcerie category (id)… */
	categoryId?: string;
	/** …with the typed unit price (cents; ignored on an item line: the item's own price). */
	priceCents?: number;
	/** Pieces: 1 by default (a batch item may sell several). */
	quantity?: number;
	/** A quick key's short description (optional). */
	description?: string;
	discountCents?: number;
	discountReason?: string;
}

export interface PublicSaleInput {
	idempotencyKey: string;
	lines: PublicSaleLineInput[];
	payments: PaymentInput[];
}

const normaliseRef = (t: string) => (isUuid(t) ? t.toLowerCase() : t.toUpperCase());

const bad = (message: string, field = 'lines') => new AppError('invalid_input', message, 400, field);

const PROBLEM_MESSAGES: Record<PublicLineProblem, (maxPercent: number) => string> = {
	price_invalid: () => m.ps_price_invalid(),
	quantity_invalid: () => m.ps_quantity_invalid(),
	discount_invalid: () => m.ps_discount_invalid(),
	discount_over_price: () => m.ps_discount_over_price(),
	discount_over_max: (percent) => m.ps_discount_over_max({ percent }),
	discount_reason_required: () => m.ps_discount_reason_required()
};
const PROBLEM_FIELDS: Record<PublicLineProblem, string> = {
	price_invalid: 'priceCents',
	quantity_invalid: 'quantity',
	discount_invalid: 'discountCents',
	discount_over_price: 'discountCents',
	discount_over_max: 'discountCents',
	discount_reason_required: 'discountReason'
};

const optText = (v: unknown, max: number, field: string): string | null => {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'string' || v.trim().length > max) throw bad(m.ps_sale_invalid(), field);
	return v.trim() || null;
};
const optInt = (v: unknown, field: string, message: () => string): number | undefined => {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(message(), field);
	return v;
};

interface ReadLine {
	item: string | null;
	categoryId: string | null;
	priceCents: number | null;
	quantity: number;
	description: string | null;
	discountCents: number;
	discountReason: string | null;
}

function readInput(input: PublicSaleInput): { idempotencyKey: string; lines: ReadLine[]; payments: PaymentInput[] } {
	if (!input || typeof input !== 'object') throw bad(m.ps_sale_invalid(), 'lines');
	if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(input.idempotencyKey))
		throw new AppError('idempotency_key_required', m.till_idempotency_key_required(), 400, 'idempotencyKey');
	if (!Array.isArray(input.lines) || input.lines.length === 0) throw bad(m.till_basket_empty());
	if (input.lines.length > MAX_SALE_LINES) throw bad(m.till_too_many_lines({ max: MAX_SALE_LINES }));
	const lines = input.lines.map((l): ReadLine => {
		if (!l || typeof l !== 'object') throw bad(m.ps_line_invalid());
		const hasItem = l.item !== undefined && l.item !== null;
		const hasCategory = l.categoryId !== undefined && l.categoryId !== null;
		if (hasItem === hasCategory) throw bad(m.ps_line_invalid());
		if (hasItem && (typeof l.item !== 'string' || !(isUuid(l.item.trim()) || ITEM_CODE.test(l.item.trim().toUpperCase()))))
			throw new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, 'item');
		if (hasCategory && (typeof l.categoryId !== 'string' || !isUuid(l.categoryId)))
			throw new AppError('reuse_category_not_found', m.reuse_category_not_found(), 404, 'categoryId');
		const priceCents = hasCategory ? optInt(l.priceCents, 'priceCents', () => m.ps_price_invalid()) : undefined;
		if (hasCategory && priceCents === undefined) throw bad(m.ps_price_invalid(), 'priceCents');
		const quantity = optInt(l.quantity, 'quantity', () => m.ps_quantity_invalid()) ?? 1;
		return {
			item: hasItem ? normaliseRef((l.item as string).trim()) : null,
			categoryId: hasCategory ? (l.categoryId as string) : null,
			priceCents: priceCents ?? null,
			quantity,
			description: optText(l.description, 200, 'description'),
			discountCents: optInt(l.discountCents, 'discountCents', () => m.ps_discount_invalid()) ?? 0,
			discountReason: optText(l.discountReason, MAX_DISCOUNT_REASON, 'discountReason')
		};
	});
	const badPayment = () => new AppError('payment_invalid', m.till_payment_invalid(), 400, 'payments');
	if (!Array.isArray(input.payments) || input.payments.length > 5) throw badPayment();
	for (const p of input.payments) if (!p || typeof p !== 'object' || !['cash', 'card', 'cheque'].includes(p.method)) throw badPayment();
	return { idempotencyKey: input.idempotencyKey, lines, payments: input.payments };
}

/** What the sale is about, hashed: the same key with another basket is refused (an épicerie sale's hash never matches). */
function requestHash(input: ReturnType<typeof readInput>): string {
	return hashRequest(
		JSON.stringify({
			k: 'public',
			l: input.lines.map((l) => [l.item, l.categoryId, l.priceCents, l.quantity, l.description, l.discountCents, l.discountReason]),
			p: input.payments.map((p) => [p.method, p.amountCents, p.tenderedCents ?? null])
		})
	);
}

export interface PublicSaleResult extends SaleResult {
	weightGrams: number;
	discountCents: number;
}

async function publicResult(ex: Executor, organisationId: string, saleId: string, replayed: boolean): Promise<PublicSaleResult> {
	const r = await resultOf(ex, organisationId, saleId, replayed);
	const [w] = await ex
		.select({
			weight: sql<number>`coalesce(sum(${saleLines.weightGrams}), 0)::int`,
			discount: sql<number>`coalesce(sum(${saleLines.discountCents}), 0)::int`
		})
		.from(saleLines)
		.where(eq(saleLines.saleId, saleId));
	return { ...r, weightGrams: w?.weight ?? 0, discountCents: w?.discount ?? 0 };
}

async function replayPublic(ex: Executor, organisationId: string, key: string, hash: string): Promise<PublicSaleResult | null> {
	const r = await replay(ex, organisationId, key, hash);
	return r ? publicResult(ex, organisationId, r.id, true) : null;
}

/**
 * Completes a public sale in one transaction: the items locked (in one order, so that two tills never
 * wait on each other in a circle) and taken out of stock, the lines priced here (never by the client),
 * the payments and the audit row. An item already sold (by this till or another, even at the same
 * moment) is refused in French and nothing is recorded.
 */
export async function completePublicSale(
	db: Database,
	actor: Actor,
	point: TillPoint,
	raw: PublicSaleInput,
	opts: { now?: Date } = {}
): Promise<PublicSaleResult> {
	requireRole(actor, SELL_PUBLIC);
	const input = readInput(raw);
	const hash = requestHash(input);
	const now = opts.now ?? new Date();
	const today = shopToday(now, actorZone(actor));
	try {
		const out = await db.transaction(async (tx) => {
			const before = await existingSale(tx, actor.organisationId, input.idempotencyKey);
			if (before) {
				if (before.requestHash !== hash) throw new AppError('idempotency_conflict', m.till_idempotency_conflict(), 409, 'idempotencyKey');
				return { saleId: before.id, replayed: true };
			}
			const session = await lockOpenSession(tx, actor, point, 'share');
			const settings = await reuseSettings(tx, actor);
			const items = await lockItems(tx, actor, input.lines);
			const priced = [];
			for (const l of input.lines) {
				const item = l.item ? items.get(l.item)! : null;
				const category = item ? null : await reuseCategoryOf(tx, actor, l.categoryId, 'categoryId');
				if (category && !category.active) throw new AppError('reuse_category_not_found', m.reuse_category_not_found(), 404, 'categoryId');
				const unitPriceCents = item ? item.priceCents : l.priceCents!;
				const p = publicLinePrice(
					{ unitPriceCents, quantity: l.quantity, discountCents: l.discountCents, discountReason: l.discountReason },
					settings.maxDiscountPercent
				);
				if (!p.ok) throw bad(PROBLEM_MESSAGES[p.problem](settings.maxDiscountPercent), PROBLEM_FIELDS[p.problem]);
				priced.push({
					line: l,
					item,
					categoryId: item ? item.categoryId : category!.id,
					description: item ? item.description : (l.description ?? category!.name),
					unitPriceCents,
					weightGrams: lineWeight(item ? item.unitWeightGrams : category!.averageWeightGrams, l.quantity),
					...p.price
				});
			}
			const totals = publicTotals(priced);
			const paid = settle(totals.paidCents, input.payments);
			if (!paid.ok)
				throw new AppError(
					paid.code,
					paid.code === 'payment_total' ? m.till_payment_total({ due: money(totals.paidCents) }) : m.till_payment_invalid(),
					400,
					'payments'
				);
			const saleId = crypto.randomUUID();
			const number = await nextSaleNumber(tx, actor.organisationId);
			await tx.insert(sales).values({
				id: saleId,
				organisationId: actor.organisationId,
				number,
				sessionId: session.id,
				idempotencyKey: input.idempotencyKey,
				requestHash: hash,
				kind: 'public',
				householdId: null,
				rightId: null,
				day: today,
				rateBp: 10_000,
				budgetBasis: 'none',
				referenceCents: totals.referenceCents,
				paidCents: totals.paidCents,
				fseCents: 0,
				budgetCents: 0,
				budgetLeftCents: 0,
				userId: actor.userId,
				deviceId: actor.deviceId ?? point.deviceId ?? null,
				apiTokenId: actor.apiTokenId,
				at: now
			});
			const lineIds = priced.map(() => crypto.randomUUID());
			await tx.insert(saleLines).values(
				priced.map((p, i) => ({
					id: lineIds[i]!,
					organisationId: actor.organisationId,
					saleId,
					lineNo: i + 1,
					itemId: p.item?.id ?? null,
					reuseCategoryId: p.categoryId,
					weightGrams: p.weightGrams,
					description: p.description,
					discountCents: p.discountCents,
					discountReason: p.discountCents > 0 ? p.line.discountReason : null,
					quantity: p.line.quantity,
					unitPriceCents: p.unitPriceCents,
					referenceCents: p.referenceCents,
					paidCents: p.paidCents,
					fse: false
				}))
			);
			for (const [i, p] of priced.entries()) {
				if (p.item)
					await recordItemMovement(tx, actor, p.item, { kind: 'sale', quantity: -p.line.quantity, saleLineId: lineIds[i], reason: number, field: 'item' });
			}
			const pays = paymentRows(actor.organisationId, session.id, saleId, input.payments, now);
			if (pays.length) await tx.insert(salePayments).values(pays);
			await audit(
				tx,
				actor,
				'reuse.sale',
				{ type: 'sale', id: saleId },
				{ number, lines: priced.length, paidCents: totals.paidCents, discountCents: totals.discountCents, weightGrams: totals.weightGrams }
			);
			return { saleId, replayed: false };
		});
		return await publicResult(db, actor.organisationId, out.saleId, out.replayed);
	} catch (e) {
		// The same key sent again while the first try ran: it waited on the first's locks, then failed
		// (the items were gone, or the key's unique index refused it): answer the first sale.
		let again: PublicSaleResult | null;
		try {
			again = await replayPublic(db, actor.organisationId, input.idempotencyKey, hash);
		} catch (r) {
			throw r instanceof AppError ? r : e;
		}
		if (again) return again;
		if (isUniqueViolation(e, 'sales_org_idempotency_key')) throw new AppError('idempotency_conflict', m.till_idempotency_conflict(), 409, 'idempotencyKey');
		throw e;
	}
}

/** The basket's items, each locked once, in the order of their ids (no two tills wait on each other in a circle). */
async function lockItems(tx: Tx, actor: Actor, lines: readonly ReadLine[]): Promise<Map<string, LockedItem>> {
	const refs = [...new Set(lines.flatMap((l) => (l.item ? [l.item] : [])))];
	if (refs.length === 0) return new Map();
	// Resolve codes to ids without a lock, then lock by id in order.
	const ids = refs.filter(isUuid);
	const codes = refs.filter((r) => !isUuid(r));
	const found = await tx
		.select({ id: reuseItems.id, code: reuseItems.code })
		.from(reuseItems)
		.where(
			and(
				eq(reuseItems.organisationId, actor.organisationId),
				ids.length && codes.length
					? or(inArray(reuseItems.code, codes), inArray(reuseItems.id, ids))
					: ids.length
						? inArray(reuseItems.id, ids)
						: inArray(reuseItems.code, codes)
			)
		);
	const idOf = new Map<string, string>();
	for (const f of found) {
		idOf.set(f.id, f.id);
		idOf.set(f.code, f.id);
	}
	for (const r of refs) if (!idOf.has(r)) throw new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, 'item');
	const locked = new Map<string, LockedItem>();
	for (const id of [...new Set(refs.map((r) => idOf.get(r)!))].sort()) locked.set(id, await lockItem(tx, actor, id, 'item'));
	const out = new Map<string, LockedItem>();
	for (const r of refs) out.set(r, locked.get(idOf.get(r)!)!);
	return out;
}

/** A public sale's lines as the till, the receipt and returns read them: item code or category, weight, discount. */
export async function publicLines(ex: Executor, saleId: string) {
	return ex
		.select({
			id: saleLines.id,
			lineNo: saleLines.lineNo,
			itemId: saleLines.itemId,
			itemCode: reuseItems.code,
			category: reuseCategories.name,
			flux: reuseCategories.flux,
			description: saleLines.description,
			quantity: saleLines.quantity,
			unitPriceCents: saleLines.unitPriceCents,
			referenceCents: saleLines.referenceCents,
			discountCents: saleLines.discountCents,
			discountReason: saleLines.discountReason,
			paidCents: saleLines.paidCents,
			weightGrams: saleLines.weightGrams
		})
		.from(saleLines)
		.leftJoin(reuseItems, eq(reuseItems.id, saleLines.itemId))
		.leftJoin(reuseCategories, eq(reuseCategories.id, saleLines.reuseCategoryId))
		.where(eq(saleLines.saleId, saleId))
		.orderBy(asc(saleLines.lineNo));
}

/** A public sale by its id or number, as getSale reads it; an épicerie sale (or none) is "not found" here. */
export async function getPublicSale(db: Executor, actor: Actor, idOrNumber: string, opts: { device?: RequestDevice } = {}): Promise<SaleView> {
	const sale = await getSale(db, actor, idOrNumber, opts);
	if (sale.kind !== 'public') throw new AppError('not_found', m.till_sale_not_found(), 404);
	return sale;
}

/**
 * An item as the ressourcerie till scans it (read only; the sale locks it and checks again): its label
 * code, description, category, price, weight and pieces left. Unknown or another organisation's label:
 * "Objet introuvable"; nothing left: "already sold or gone".
 */
export async function publicItemForTill(db: Executor, actor: Actor, code: unknown) {
	requireRole(actor, SELL_PUBLIC);
	const raw = typeof code === 'string' ? code.trim() : '';
	const ref = normaliseRef(raw);
	if (!isUuid(ref) && !ITEM_CODE.test(ref)) throw new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, 'code');
	const [item] = await db
		.select({
			code: reuseItems.code,
			description: reuseItems.description,
			category: reuseCategories.name,
			flux: reuseCategories.flux,
			priceCents: reuseItems.priceCents,
			onHand: reuseItems.onHand,
			unitWeightGrams: reuseItems.unitWeightGrams
		})
		.from(reuseItems)
		.innerJoin(reuseCategories, eq(reuseCategories.id, reuseItems.categoryId))
		.where(and(eq(reuseItems.organisationId, actor.organisationId), isUuid(ref) ? eq(reuseItems.id, ref) : eq(reuseItems.code, ref)));
	if (!item) throw new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, 'code');
	if (item.onHand <= 0) throw new AppError('reuse_item_gone', m.reuse_item_gone({ code: item.code }), 409, 'code');
	return item;
}
