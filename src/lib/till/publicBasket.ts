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
