import { m } from '$lib/paraglide/messages';
import { eurosText, MAX_PRICE_CENTS, numberMessage, plainNumber, readEuros, readWhole } from '$lib/numbers';
import { kgText, MAX_COUNT, readKilograms } from './weighing';

/**
 * The ressourcerie's items (issue 15, docs/ressourcerie.md): pure rules shared by the items' service,
 * the tablet's "Nouvel objet" screen and the labels. Client-safe.
 *
 * - An item is one object or a batch of alike objects (30 books at 1 €): `quantity` pieces, a unit price.
 * - Its price is above 0 (a free object is not sold: it leaves as a gift, by an exit) and at most
 *   MAX_PRICE_CENTS.
 * - Its weight is weighed (the whole batch on the scale, shared between the pieces) or the category's
 *   average weight for one piece.
 */

/** Longest description of an item (the label shows its start). */
export const MAX_DESCRIPTION = 200;
/** Most pieces in one batch (as many as one counted line). */
export const MAX_BATCH = MAX_COUNT;
/** The description's start printed on a label. */
export const LABEL_DESCRIPTION = 48;

export const ITEM_STATES = ['stock', 'gone', 'all'] as const;
export type ItemState = (typeof ITEM_STATES)[number];
export const isItemState = (v: unknown): v is ItemState => typeof v === 'string' && (ITEM_STATES as readonly string[]).includes(v);

export const ITEM_SORTS = ['recent', 'oldest', 'price', 'price_desc', 'code'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];
export const isItemSort = (v: unknown): v is ItemSort => typeof v === 'string' && (ITEM_SORTS as readonly string[]).includes(v);

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

/** A price typed in euros ("2", "1,50 €") or given in cents: above 0, at most MAX_PRICE_CENTS. */
export function readItemPrice(v: unknown): Read<number> {
	if (typeof v === 'number') {
		if (!Number.isSafeInteger(v)) return { ok: false, message: m.rit_price_invalid() };
		if (v < 0) return { ok: false, message: m.number_negative() };
		if (v === 0) return { ok: false, message: m.rit_price_zero() };
		if (v > MAX_PRICE_CENTS) return { ok: false, message: numberMessage({ code: 'too_large', max: eurosText(MAX_PRICE_CENTS) }) };
		return { ok: true, value: v };
	}
	if (typeof v !== 'string') return { ok: false, message: m.rit_price_invalid() };
	const r = readEuros(v, { allowZero: true });
	if (!r.ok) return { ok: false, message: numberMessage(r.problem) };
	if (r.value === 0) return { ok: false, message: m.rit_price_zero() };
	return { ok: true, value: r.value };
}

/** How many pieces: "1" to MAX_BATCH, typed or given. */
export function readPieces(v: unknown): Read<number> {
	if (v === undefined || v === null || v === '') return { ok: true, value: 1 };
	if (typeof v === 'number')
		return Number.isSafeInteger(v) && v >= 1 && v <= MAX_BATCH
			? { ok: true, value: v }
			: { ok: false, message: m.rit_pieces_invalid({ max: plainNumber(MAX_BATCH, 0) }) };
	if (typeof v !== 'string') return { ok: false, message: m.rit_pieces_invalid({ max: plainNumber(MAX_BATCH, 0) }) };
	const r = readWhole(v, MAX_BATCH);
	return r.ok ? r : { ok: false, message: numberMessage(r.problem) };
}

/** A weight typed in kilograms ("2,5") or given in grams, above 0 and at most the scale's maximum. */
export function readItemWeight(v: unknown, scaleMaxGrams: number): Read<number> {
	if (typeof v === 'number') {
		if (!Number.isSafeInteger(v) || v < 1) return { ok: false, message: m.rit_weight_invalid() };
		if (v > scaleMaxGrams) return { ok: false, message: numberMessage({ code: 'too_large', max: kgText(scaleMaxGrams) }) };
		return { ok: true, value: v };
	}
	if (typeof v !== 'string') return { ok: false, message: m.rit_weight_invalid() };
	const r = readKilograms(v, scaleMaxGrams);
	return r.ok ? r : { ok: false, message: numberMessage(r.problem) };
}

/** A description: trimmed, spaces folded, required, at most MAX_DESCRIPTION characters. */
export function readDescription(v: unknown): Read<string> {
	const text = typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
	if (text === '') return { ok: false, message: m.rit_description_required() };
	if ([...text].length > MAX_DESCRIPTION) return { ok: false, message: m.rit_description_long({ max: MAX_DESCRIPTION }) };
	return { ok: true, value: text };
}

/** One piece's weight when the whole batch was weighed: the total shared, rounded, at least 1 g. */
export const unitWeightOf = (totalGrams: number, pieces: number): number => Math.max(1, Math.round(totalGrams / Math.max(1, pieces)));

/** Labels to print for an item: one per piece still in stock (at least one), or one for the whole batch. */
export const labelCopies = (onHand: number, perPiece: boolean): number => (perPiece ? Math.max(1, onHand) : 1);

/** The description's start for a label: whole words, an ellipsis when cut. */
export function shortDescription(text: string, max = LABEL_DESCRIPTION): string {
	const chars = [...text.trim()];
	if (chars.length <= max) return chars.join('');
	const cut = chars.slice(0, max - 1).join('');
	const space = cut.lastIndexOf(' ');
	return (space > max / 2 ? cut.slice(0, space) : cut).trimEnd() + '…';
}
