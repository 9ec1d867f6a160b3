/**
 * The ressourcerie's public sale (issue 15), pure: shared by the tablet (the basket kept in
 * `caisse/ressourcerie/basket.svelte.ts`) and the server (`server/till/publicSale.ts`, which prices
 * again and decides). A line is a scanned item at its own unit price, or a quick key: a category with a
 * typed unit price and a quantity. Each line may carry a discount with a reason, at most
 * `maxDiscountPercent` of the line's price. Money in integer cents; no budget, no rate, no household.
 */
import { MAX_PRICE_CENTS } from '$lib/numbers';

export const MAX_PUBLIC_QUANTITY = 999;
export const MAX_DISCOUNT_REASON = 200;

/** What a line costs: its reference (unit price × quantity), the discount and what is paid. */
export interface PublicLinePrice {
	referenceCents: number;
	discountCents: number;
	paidCents: number;
}

export type PublicLineProblem =
	'price_invalid' | 'quantity_invalid' | 'discount_invalid' | 'discount_over_price' | 'discount_over_max' | 'discount_reason_required';

/** A unit price the till accepts: whole cents, 0 (given away) up to MAX_PRICE_CENTS. */
export const isPublicPrice = (cents: unknown): cents is number =>
	typeof cents === 'number' && Number.isSafeInteger(cents) && cents >= 0 && cents <= MAX_PRICE_CENTS;

/** A quantity the till accepts on one line: 1 up to MAX_PUBLIC_QUANTITY pieces. */
export const isPublicQuantity = (q: unknown): q is number => typeof q === 'number' && Number.isSafeInteger(q) && q >= 1 && q <= MAX_PUBLIC_QUANTITY;

/** The largest discount allowed on a line of `referenceCents` (rounded down: never over the percentage). */
export const maxDiscount = (referenceCents: number, maxDiscountPercent: number): number => Math.floor((referenceCents * maxDiscountPercent) / 100);

/**
 * Prices a line, or says why it cannot be sold: a bad price or quantity, a discount that is negative,
 * above the price, above the allowed percentage, or without a reason.
 */
export function publicLinePrice(
	line: { unitPriceCents: number; quantity: number; discountCents?: number; discountReason?: string | null },
	maxDiscountPercent: number
): { ok: true; price: PublicLinePrice } | { ok: false; problem: PublicLineProblem } {
	if (!isPublicPrice(line.unitPriceCents)) return { ok: false, problem: 'price_invalid' };
	if (!isPublicQuantity(line.quantity)) return { ok: false, problem: 'quantity_invalid' };
	const referenceCents = line.unitPriceCents * line.quantity;
	const discountCents = line.discountCents ?? 0;
	if (!Number.isSafeInteger(discountCents) || discountCents < 0) return { ok: false, problem: 'discount_invalid' };
	if (discountCents > 0) {
		if (discountCents > referenceCents) return { ok: false, problem: 'discount_over_price' };
		if (discountCents > maxDiscount(referenceCents, maxDiscountPercent)) return { ok: false, problem: 'discount_over_max' };
		const reason = (line.discountReason ?? '').trim();
		if (reason.length < 2 || reason.length > MAX_DISCOUNT_REASON) return { ok: false, problem: 'discount_reason_required' };
	}
	return { ok: true, price: { referenceCents, discountCents, paidCents: referenceCents - discountCents } };
}

/** The weight sold on a line: the item's unit weight, or the category's average, × the quantity (grams). */
export const lineWeight = (unitWeightGrams: number, quantity: number): number => Math.max(1, unitWeightGrams) * quantity;

/** The basket's totals (before payment): reference, discounts, to pay, weight. */
export function publicTotals(lines: readonly (PublicLinePrice & { weightGrams: number })[]) {
	let referenceCents = 0;
	let discountCents = 0;
	let paidCents = 0;
	let weightGrams = 0;
	for (const l of lines) {
		referenceCents += l.referenceCents;
		discountCents += l.discountCents;
		paidCents += l.paidCents;
		weightGrams += l.weightGrams;
	}
	return { referenceCents, discountCents, paidCents, weightGrams };
}

/* ------------------------------------------------------------------ the tablet's basket */

/** A line of the public basket as the tablet keeps it (the server prices it again at completion). */
export interface PublicBasketLine {
	kind: 'item' | 'quick';
	/** The item's label code (O-000123), or the quick key's category id. */
	ref: string;
	/** What the line shows: the item's description, or the category's name. */
	name: string;
	category: string;
	flux: string;
	unitPriceCents: number;
	quantity: number;
	/** Pieces left of the item (a batch may sell several); 0 for a quick key (no limit). */
	available: number;
	unitWeightGrams: number;
	discountCents: number;
	discountReason: string;
}

/** The ressourcerie till's state, carried by the tablet (and by a hidden field without JavaScript). */
export interface PublicBasketState {
	/** The idempotency key of this basket: made once, kept across retries, new for the next customer. */
	key: string;
	step: 'basket' | 'pay';
	lines: PublicBasketLine[];
}

const KEY = /^[A-Za-z0-9_-]{8,100}$/;
const MAX_LINES = 100;

export const emptyPublicBasket = (key: string): PublicBasketState => ({ key, step: 'basket', lines: [] });

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const int = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/** The state posted by the tablet, read strictly: anything odd is null (the page starts a new basket). */
export function readPublicBasket(text: string): PublicBasketState | null {
	if (!text || text.length > 100_000) return null;
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		return null;
	}
	if (!raw || typeof raw !== 'object') return null;
	const r = raw as Record<string, unknown>;
	if (!str(r.key, 100) || !KEY.test(r.key) || (r.step !== 'basket' && r.step !== 'pay') || !Array.isArray(r.lines) || r.lines.length > MAX_LINES) return null;
	const lines: PublicBasketLine[] = [];
	for (const x of r.lines as unknown[]) {
		if (!x || typeof x !== 'object') return null;
		const l = x as Record<string, unknown>;
		if (l.kind !== 'item' && l.kind !== 'quick') return null;
		if (!str(l.ref, 100) || !str(l.name, 300) || !str(l.category, 200) || !str(l.flux, 40) || !str(l.discountReason, MAX_DISCOUNT_REASON)) return null;
		if (!isPublicPrice(l.unitPriceCents) || !isPublicQuantity(l.quantity) || !int(l.available, 0, 10_000) || !int(l.unitWeightGrams, 1, 1_000_000)) return null;
		if (!int(l.discountCents, 0, MAX_PRICE_CENTS * MAX_PUBLIC_QUANTITY)) return null;
		lines.push({
			kind: l.kind,
			ref: l.ref,
			name: l.name,
			category: l.category,
			flux: l.flux,
			unitPriceCents: l.unitPriceCents,
			quantity: l.quantity,
			available: l.available,
			unitWeightGrams: l.unitWeightGrams,
			discountCents: l.discountCents,
			discountReason: l.discountReason
		});
	}
	return { key: r.key, step: r.step, lines };
}

/** Each line priced (reference, discount, paid, weight) and the basket's totals, as the tablet shows them. */
export function publicBasketView(state: PublicBasketState) {
	const lines = state.lines.map((l) => {
		const referenceCents = l.unitPriceCents * l.quantity;
		const discountCents = Math.min(l.discountCents, referenceCents);
		return { ...l, referenceCents, discountCents, paidCents: referenceCents - discountCents, weightGrams: lineWeight(l.unitWeightGrams, l.quantity) };
	});
	return { lines, totals: publicTotals(lines) };
}

/** The basket as the sale's input (completePublicSale): items by their code, quick keys by category and price. */
export function publicSaleLines(state: PublicBasketState) {
	return state.lines.map((l) => ({
		...(l.kind === 'item' ? { item: l.ref } : { categoryId: l.ref, priceCents: l.unitPriceCents }),
		quantity: l.quantity,
		...(l.discountCents > 0 ? { discountCents: l.discountCents, discountReason: l.discountReason } : {})
	}));
}

/** Adds a scanned item (one more piece of it when it is a batch already in the basket), or says why not. */
export function addItem(
	state: PublicBasketState,
	item: Omit<PublicBasketLine, 'kind' | 'quantity' | 'discountCents' | 'discountReason'>
): { ok: true; state: PublicBasketState } | { ok: false; problem: 'in_basket' } {
	const i = state.lines.findIndex((l) => l.kind === 'item' && l.ref === item.ref);
	if (i >= 0) {
		const l = state.lines[i]!;
		if (l.quantity + 1 > item.available) return { ok: false, problem: 'in_basket' };
		const lines = state.lines.slice();
		lines[i] = { ...l, quantity: l.quantity + 1, available: item.available };
		return { ok: true, state: { ...state, lines } };
	}
	if (state.lines.length >= MAX_LINES) return { ok: false, problem: 'in_basket' };
	return { ok: true, state: { ...state, lines: [...state.lines, { ...item, kind: 'item', quantity: 1, discountCents: 0, discountReason: '' }] } };
}
