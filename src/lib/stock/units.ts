import { money } from '../format';
import { numberMessage, readNumber, type NumberRead } from '$lib/numbers';

/**
 * Quantities are stored as integers in the product's base unit: pieces, grams (kg products) or
 * millilitres (litre products). People read and type them in pieces, kg or L with a decimal comma.
 */
export type ProductUnit = 'piece' | 'kg' | 'litre';

/** Largest quantity accepted on one line or movement (1 000 000 pieces, 1 000 kg…): more is a typo. */
export const MAX_QUANTITY: Record<ProductUnit, number> = { piece: 100_000, kg: 10_000_000, litre: 10_000_000 };

/**
 * Reads what a person typed ("12", "1,25", "1.5", "0,250") as base units, or why it cannot
 * (see $lib/numbers: not digits, too many decimals — none for pieces —, 0, beyond MAX_QUANTITY).
 */
export function readQuantity(unit: ProductUnit, text: string, opts: { allowZero?: boolean } = {}): NumberRead {
	const decimals = unit === 'piece' ? 0 : 3;
	return readNumber(text, { decimals, max: MAX_QUANTITY[unit], allowZero: opts.allowZero, formatMax: (n) => formatQuantity(unit, n) });
}

/** readQuantity's value, or null when it is not a valid quantity. */
export function parseQuantity(unit: ProductUnit, text: string, opts: { allowZero?: boolean } = {}): number | null {
	const r = readQuantity(unit, text, opts);
	return r.ok ? r.value : null;
}

/** The quantity, or an AppError-ready French sentence saying what is wrong with it. */
export function quantityProblem(
	unit: ProductUnit,
	text: string,
	opts: { allowZero?: boolean } = {}
): { value: number; error: null } | { value: null; error: string } {
	const r = readQuantity(unit, text, opts);
	return r.ok ? { value: r.value, error: null } : { value: null, error: numberMessage(r.problem) };
}

/** The number part in French ("1,25"), without the unit. */
export function quantityNumber(unit: ProductUnit, base: number): string {
	if (unit === 'piece') return new Intl.NumberFormat('fr-FR').format(base);
	return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }).format(base / 1000);
}

/** "12", "1,25 kg", "0,5 L" (pieces carry no symbol: the label says "pièces"). */
export function formatQuantity(unit: ProductUnit, base: number): string {
	if (unit === 'piece') return quantityNumber(unit, base);
	return `${quantityNumber(unit, base)}\u00a0${unit === 'kg' ? 'kg' : 'L'}`;
}

/** Value at reference price, in cents: price per piece (piece, litre: per litre) or per kg. */
export function valueCents(unit: ProductUnit, base: number, priceCents: number): number {
	return unit === 'piece' ? base * priceCents : Math.round((base * priceCents) / 1000);
}

/**
 * True when a product's weight is unknown: sold by the piece or the litre without a net weight (a kg
 * product counts grams already). The same rule as `weightUnknown` in server/reports/sql.ts: such a
 * product adds nothing to a report's kg and is listed at /catalogue?poids=inconnu to be given one.
 */
export const weightUnknown = (p: { unit: ProductUnit; netWeightGrams: number | null }): boolean => p.unit !== 'kg' && p.netWeightGrams === null;

/** Largest delivered weight a reception may record, in grams (100 t: more is a typo). */
export const MAX_DELIVERED_GRAMS = 100_000_000;

/** The delivered weight typed in kg with a decimal comma ("125,5") as grams; empty is "none" (null). */
export function readDeliveredWeight(text: string): { grams: number | null; error: null } | { grams: null; error: string } {
	if (String(text ?? '').trim() === '') return { grams: null, error: null };
	const r = readNumber(text, { decimals: 3, max: MAX_DELIVERED_GRAMS, formatMax: (n) => formatQuantity('kg', n) });
	return r.ok ? { grams: r.value, error: null } : { grams: null, error: numberMessage(r.problem) };
}

/** "12,50 €" (the one money format lives in $lib/format). */
export const formatEuros = (cents: number): string => money(cents);
