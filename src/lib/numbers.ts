import { m } from '$lib/paraglide/messages';

/**
 * Reading the numbers people type (quantities, weights, prices), with a clear reason when it fails —
 * issue 10, item 11: "99999999999" is "trop grand (maximum …)", "douze" asks for digits, "0" for a
 * number above 0 only where 0 is not allowed. Pure (browser and server); each caller gives its rule and
 * turns a problem into words with `numberMessage`.
 */

/** Why a typed number was refused. `max` is already written for people ("100 000", "100 000,00 €"). */
export type NumberProblem =
	{ code: 'empty' } | { code: 'not_digits' } | { code: 'negative' } | { code: 'zero' } | { code: 'decimals'; max: number } | { code: 'too_large'; max: string };

export type NumberRead = { ok: true; value: number } | { ok: false; problem: NumberProblem };

export interface NumberRule {
	/** Digits allowed after the decimal comma; the value is returned scaled by 10^decimals (cents, grams…). */
	decimals: number;
	/** Largest value, scaled (e.g. 10_000_000 cents). */
	max: number;
	/** Whether 0 is a valid answer (a count of an empty shelf); default false. */
	allowZero?: boolean;
	/** How the maximum is written in the message (default: the number in French, e.g. "100 000"). */
	formatMax?: (scaled: number) => string;
	/** Accept a euro sign around the number ("1,50 €"). */
	euros?: boolean;
}

const SPACES = /[\s\u00a0\u202f]/g;

/** Reads `text` by `rule`: digits, at most one decimal comma or point, at most `decimals` digits after it. */
export function readNumber(text: string, rule: NumberRule): NumberRead {
	let s = String(text ?? '').replace(SPACES, '');
	if (rule.euros) s = s.replace(/€/g, '');
	if (s === '') return { ok: false, problem: { code: 'empty' } };
	const negative = /^[-−]/.test(s);
	if (negative) s = s.slice(1);
	const match = /^(\d*)(?:[.,](\d*))?$/.exec(s);
	if (!match || !/\d/.test(s)) return { ok: false, problem: { code: 'not_digits' } };
	if (negative) return { ok: false, problem: { code: 'negative' } };
	const int = match[1]!.replace(/^0+(?=\d)/, '');
	const dec = (match[2] ?? '').replace(/0+$/, '');
	if (dec.length > rule.decimals) return { ok: false, problem: { code: 'decimals', max: rule.decimals } };
	const formatMax = rule.formatMax ?? ((n: number) => plainNumber(n, rule.decimals));
	const tooLarge: NumberRead = { ok: false, problem: { code: 'too_large', max: formatMax(rule.max) } };
	// Beyond 15 digits a JavaScript number loses units: it is too large for any rule here anyway.
	if (int.length + rule.decimals > 15) return tooLarge;
	const value = Number(int || '0') * 10 ** rule.decimals + Number(dec.padEnd(rule.decimals, '0') || '0');
	if (value > rule.max) return tooLarge;
	if (value === 0 && !rule.allowZero) return { ok: false, problem: { code: 'zero' } };
	return { ok: true, value };
}

/** A scaled value as French digits: plainNumber(10_000_000, 3) = "10 000". */
export function plainNumber(scaled: number, decimals: number): string {
	return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: decimals }).format(scaled / 10 ** decimals);
}

/** Cents as euros in French, for a maximum: "100 000,00 €". */
export const eurosText = (cents: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);

/** The problem in simple words, one sentence, for beside the field. */
export function numberMessage(problem: NumberProblem): string {
	switch (problem.code) {
		case 'empty':
			return m.number_empty();
		case 'not_digits':
			return m.number_not_digits();
		case 'negative':
			return m.number_negative();
		case 'zero':
			return m.number_zero();
		case 'decimals':
			return problem.max === 0 ? m.number_whole() : m.number_decimals({ count: problem.max });
		case 'too_large':
			return m.number_too_large({ max: problem.max });
	}
}

/** Largest price a product can carry, in cents (100 000 €). */
export const MAX_PRICE_CENTS = 10_000_000;

/** A price in euros with a decimal comma ("1,50", "2 €"); `allowZero` for a free product. */
export const readEuros = (text: string, opts: { allowZero?: boolean; max?: number } = {}): NumberRead =>
	readNumber(text, { decimals: 2, max: opts.max ?? MAX_PRICE_CENTS, allowZero: opts.allowZero, euros: true, formatMax: eurosText });

/** A whole number from 1 (or 0) to max: limits, grams. */
export const readWhole = (text: string, max: number, opts: { allowZero?: boolean } = {}): NumberRead =>
	readNumber(text, { decimals: 0, max, allowZero: opts.allowZero });
