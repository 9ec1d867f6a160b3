/**
 * Till arithmetic: prices, budget consumption, limits, change, and what a return gives back.
 * Pure and shared by the browser (the basket shows prices at once) and the server (which computes
 * them again at completion and alone decides). Money in integer cents, quantities in base units.
 */
import { valueCents, type ProductUnit } from '$lib/stock/units';

export type BudgetBasis = 'reference_value' | 'amount_paid';

export interface PriceInput {
	unit: ProductUnit;
	/** Base units: pieces, grams, millilitres. */
	quantity: number;
	/** Reference price per piece / kg / litre. */
	unitPriceCents: number;
	/** Participation rate in basis points (2000 = 20 %). */
	rateBp: number;
	/** From an FSE+/FEAD origin: always given free. */
	fse: boolean;
}

export interface LinePrice {
	referenceCents: number;
	paidCents: number;
}

/** Rounds a non-negative fraction n/d to the nearest whole number, halves up (exact integer arithmetic). */
export function roundDiv(n: number, d: number): number {
	return Math.floor((2 * n + d) / (2 * d));
}

/** A line's reference value and price paid: rate applied and rounded to the cent; FSE+ always 0. */
export function linePrice(l: PriceInput): LinePrice {
	const referenceCents = valueCents(l.unit, l.quantity, l.unitPriceCents);
	const paidCents = l.fse ? 0 : roundDiv(referenceCents * l.rateBp, 10_000);
	return { referenceCents, paidCents };
}

export interface PricedLine extends LinePrice {
	fse: boolean;
}

export interface BasketTotals {
	referenceCents: number;
	paidCents: number;
	/** What the household saved: reference − paid. */
	savedCents: number;
	/** Reference value of the FSE+ lines (given free, reported apart). */
	fseCents: number;
	/** What the sale takes from the monthly budget. */
	budgetCents: number;
}

/**
 * What a line takes from the budget: its reference value or its price paid, by the right's basis.
 * FSE+ lines are free and take nothing (they are reported apart; see docs/till.md).
 */
export function lineBudget(basis: BudgetBasis, l: PricedLine): number {
	if (l.fse) return 0;
	return basis === 'reference_value' ? l.referenceCents : l.paidCents;
}

export function basketTotals(basis: BudgetBasis, lines: readonly PricedLine[]): BasketTotals {
	let referenceCents = 0;
	let paidCents = 0;
	let fseCents = 0;
	let budgetCents = 0;
	for (const l of lines) {
		referenceCents += l.referenceCents;
		paidCents += l.paidCents;
		if (l.fse) fseCents += l.referenceCents;
		budgetCents += lineBudget(basis, l);
	}
	return { referenceCents, paidCents, savedCents: referenceCents - paidCents, fseCents, budgetCents };
}

/**
 * How much of a category limit a line uses: pieces for piece products, one article per line for
 * products sold by weight or volume (a limit of "2 fruits et légumes" means two weighed lines).
 */
export function limitUnits(unit: ProductUnit, quantity: number): number {
	return unit === 'piece' ? quantity : 1;
}

export interface LimitLine {
	productId: string;
	productName: string;
	categoryId: string | null;
	unit: ProductUnit;
	quantity: number;
	/** The product's own limits (base units); null: none. */
	limitPerVisit: number | null;
	limitPerMonth: number | null;
}

export interface LimitUsage {
	/** Base units of each product already taken this month (sales less returns). */
	productMonth: Record<string, number>;
	/** Articles of each category already taken this month. */
	categoryMonth: Record<string, number>;
}

export interface LimitBreach {
	kind: 'product_visit' | 'product_month' | 'category_month';
	/** Product id or category id. */
	id: string;
	name: string;
	limit: number;
	/** Quantity the basket would reach (this visit, or the month with what was taken already). */
	wanted: number;
	unit: ProductUnit;
}

/**
 * A category and the categories above it, nearest first: a limit on "Frais" counts the goods of
 * "Frais › Produits laitiers" too. `parents` maps a category id to its parent's (null at the top).
 */
export function categoryChain(categoryId: string | null, parents: Readonly<Record<string, string | null>>): string[] {
	const out: string[] = [];
	for (let c = categoryId; c && !out.includes(c) && out.length < 20; c = parents[c] ?? null) out.push(c);
	return out;
}

/**
 * Every limit the basket would break: a product's limit per visit or per month, and the right's
 * limits per category and month (a category's limit counts its sub-categories, given `categoryParents`;
 * the usage must be counted the same way). Empty: the basket is within its limits.
 */
export function limitBreaches(
	lines: readonly LimitLine[],
	usage: LimitUsage,
	categoryLimits: Readonly<Record<string, number>> | null,
	categoryNames: Readonly<Record<string, string>> = {},
	categoryParents: Readonly<Record<string, string | null>> = {}
): LimitBreach[] {
	const byProduct = new Map<string, { line: LimitLine; quantity: number }>();
	const byCategory = new Map<string, number>();
	for (const l of lines) {
		const p = byProduct.get(l.productId);
		if (p) p.quantity += l.quantity;
		else byProduct.set(l.productId, { line: l, quantity: l.quantity });
		for (const c of categoryChain(l.categoryId, categoryParents)) byCategory.set(c, (byCategory.get(c) ?? 0) + limitUnits(l.unit, l.quantity));
	}
	const out: LimitBreach[] = [];
	for (const [id, { line, quantity }] of byProduct) {
		if (line.limitPerVisit !== null && quantity > line.limitPerVisit) {
			out.push({ kind: 'product_visit', id, name: line.productName, limit: line.limitPerVisit, wanted: quantity, unit: line.unit });
		}
		const month = quantity + (usage.productMonth[id] ?? 0);
		if (line.limitPerMonth !== null && month > line.limitPerMonth) {
			out.push({ kind: 'product_month', id, name: line.productName, limit: line.limitPerMonth, wanted: month, unit: line.unit });
		}
	}
	for (const [id, n] of byCategory) {
		const limit = categoryLimits?.[id];
		if (limit === undefined) continue;
		const month = n + (usage.categoryMonth[id] ?? 0);
		if (month > limit) out.push({ kind: 'category_month', id, name: categoryNames[id] ?? id, limit, wanted: month, unit: 'piece' });
	}
	return out;
}

export type Method = 'cash' | 'card' | 'cheque';

export interface PaymentInput {
	method: Method;
	amountCents: number;
	/** Cash only: what the household handed over (≥ amount); the change is the difference. */
	tenderedCents?: number | null;
}

/** Largest amount one payment may carry or a household hand over: 100 000 € (also keeps every sum inside the database's integers). */
export const MAX_PAYMENT_CENTS = 10_000_000;

/**
 * Checks payments against the amount due: they must add up exactly; cash may be tendered above its
 * amount (change given back), up to MAX_PAYMENT_CENTS. Returns the change, or an error code.
 */
export function settle(
	dueCents: number,
	payments: readonly PaymentInput[]
): { ok: true; changeCents: number } | { ok: false; code: 'payment_total' | 'payment_invalid' } {
	let total = 0;
	let change = 0;
	for (const p of payments) {
		if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0 || p.amountCents > MAX_PAYMENT_CENTS) return { ok: false, code: 'payment_invalid' };
		if (p.tenderedCents != null) {
			if (p.method !== 'cash' || !Number.isSafeInteger(p.tenderedCents) || p.tenderedCents < p.amountCents || p.tenderedCents > MAX_PAYMENT_CENTS)
				return { ok: false, code: 'payment_invalid' };
			change += p.tenderedCents - p.amountCents;
		}
		total += p.amountCents;
	}
	if (total !== dueCents) return { ok: false, code: 'payment_total' };
	return { ok: true, changeCents: change };
}

/**
 * The share of a whole amount that goes with `part` of `whole` units, such that shares taken one
 * after another add up exactly to the amount: share(done + part) − share(done). A return of every
 * unit, in one go or in several, gives back exactly what the line cost.
 */
export function proportionalShare(amount: number, whole: number, done: number, part: number): number {
	return roundDiv(amount * (done + part), whole) - roundDiv(amount * done, whole);
}

/**
 * Splits a refund over the sale's payments, in the order they were made, each up to what is left of
 * it; what the methods cannot take (should not happen) goes to the first method.
 */
export function refundSplit(refundCents: number, payments: readonly { method: Method; leftCents: number }[]): { method: Method; amountCents: number }[] {
	const out: { method: Method; amountCents: number }[] = [];
	let left = refundCents;
	for (const p of payments) {
		if (left <= 0) break;
		const take = Math.min(left, p.leftCents);
		if (take > 0) out.push({ method: p.method, amountCents: take });
		left -= take;
	}
	if (left > 0) {
		if (out.length > 0) out[0]!.amountCents += left;
		else out.push({ method: payments[0]?.method ?? 'cash', amountCents: left });
	}
	return out;
}
