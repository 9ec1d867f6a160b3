import { readNumber, type NumberRead } from '$lib/numbers';

/**
 * Weights at the ressourcerie (issue 15): pure, shared by intakes and exits (and the tablet's keypad).
 * Grams everywhere; people type kilograms with a comma ("12,5" = 12 500 g, at most 3 decimals).
 *
 * - A weighing: gross on the scale, minus the container's tare (chosen by a tap) = net. The gross must
 *   not pass the scale's maximum (a setting) and must be above the tare.
 * - A count where weighing is impossible: count × the category's average weight.
 */

/** The largest scale a ressourcerie may declare (a weighbridge aside): 2 tonnes. */
export const MAX_SCALE_GRAMS = 2_000_000;
/** The default scale maximum (a platform scale): 300 kg. */
export const DEFAULT_SCALE_MAX_GRAMS = 300_000;
/** The most objects counted in one line. */
export const MAX_COUNT = 10_000;

export type WeighingProblem =
	{ code: 'over_scale'; maxGrams: number } | { code: 'not_above_tare'; tareGrams: number } | { code: 'count_invalid' } | { code: 'average_invalid' };

export type WeighingResult = { ok: true; netGrams: number } | { ok: false; problem: WeighingProblem };

/** Net weight of a weighing: gross − tare, refused over the scale's maximum or at/below the tare. */
export function netWeight(grossGrams: number, tareGrams: number, scaleMaxGrams: number): WeighingResult {
	if (!Number.isSafeInteger(grossGrams) || grossGrams > scaleMaxGrams) return { ok: false, problem: { code: 'over_scale', maxGrams: scaleMaxGrams } };
	const tare = Number.isSafeInteger(tareGrams) && tareGrams > 0 ? tareGrams : 0;
	if (grossGrams <= tare) return { ok: false, problem: { code: 'not_above_tare', tareGrams: tare } };
	return { ok: true, netGrams: grossGrams - tare };
}

/** Estimated weight of `count` objects at the category's average weight. */
export function countedWeight(count: number, averageGrams: number): WeighingResult {
	if (!Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) return { ok: false, problem: { code: 'count_invalid' } };
	if (!Number.isSafeInteger(averageGrams) || averageGrams < 1) return { ok: false, problem: { code: 'average_invalid' } };
	return { ok: true, netGrams: count * averageGrams };
}

/** Kilograms typed with a comma ("12,5", "0,350") → grams; up to `maxGrams`. */
export const readKilograms = (text: string, maxGrams: number): NumberRead => readNumber(text, { decimals: 3, max: maxGrams, formatMax: (g) => kgText(g) });

/** Grams as kilograms in French: 12 500 → "12,5 kg"; 1 234 567 → "1 234,567 kg". */
export function kgText(grams: number): string {
	return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }).format(grams / 1000) + ' kg';
}

/** Grams as tonnes in French, for reports: 1 234 567 → "1,235 t". */
export function tonnesText(grams: number): string {
	return new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(grams / 1_000_000) + ' t';
}
