import { isIsoDate } from './dates';
import { quantityNumber, type ProductUnit } from './units';
import { hasControlCharacter } from '../text';

/**
 * GTIN check digits and GS1 element strings (GS1-128, GS1 DataMatrix), usable in the browser and on
 * the server. Pure functions: no I/O, no dates taken from the clock unless given.
 */

/** The GS1 mod-10 check digit of the digits before it (weights 3,1,3… from the right). */
export function gtinCheckDigit(body: string): number {
	let sum = 0;
	for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
	return (10 - (sum % 10)) % 10;
}

/** True for an 8, 12, 13 or 14 digit code whose last digit is its check digit. */
export function isValidGtin(code: string): boolean {
	if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(code)) return false;
	return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/** EAN-8, UPC-A, EAN-13 or GTIN-14 as GTIN-14 (left-padded with zeros); null when not a valid GTIN. */
export function toGtin14(code: string): string | null {
	const c = code.trim();
	return isValidGtin(c) ? c.padStart(14, '0') : null;
}

/** The shortest usual form of a GTIN-14 for display (EAN-13 when it starts with 0, EAN-8 when it fits). */
export function displayGtin(gtin14: string): string {
	if (gtin14.startsWith('000000')) return gtin14.slice(6);
	if (gtin14.startsWith('0')) return gtin14.slice(1);
	return gtin14;
}

export interface Gs1Data {
	/** AI 01, as GTIN-14 (check digit verified). */
	gtin?: string;
	/** AI 10, the batch or lot number. */
	lot?: string;
	/** AI 15, best-before (DDM) as YYYY-MM-DD. */
	bestBefore?: string;
	/** AI 17, use-by (DLC) as YYYY-MM-DD. */
	useBy?: string;
	/** AI 310n, net weight in grams (rounded to the gram). */
	netWeightGrams?: number;
}

export type Gs1Result = { ok: true; data: Gs1Data } | { ok: false; error: Gs1Error };
export type Gs1Error = 'not_gs1' | 'bad_check_digit' | 'bad_date' | 'bad_weight' | 'unknown_ai' | 'truncated' | 'duplicate_ai';

/** The group separator (FNC1 inside a code) scanners send as ASCII 29. */
export const GS = '\u001d';

/** Fixed lengths of the data after the AIs we read (AI 10 is variable, up to 20). */
const FIXED: Record<string, number> = { '01': 14, '15': 6, '17': 6 };
/** Other fixed-length AIs we skip over when they appear (GS1 predefined lengths). */
const SKIP_FIXED: Record<string, number> = { '00': 18, '02': 14, '11': 6, '12': 6, '13': 6, '16': 6, '20': 2 };
/** Variable-length AIs we skip over (up to a separator or the end). */
const SKIP_VARIABLE = new Set(['21', '22', '240', '241', '30', '37', '400', '90']);

/**
 * A GS1 date (YYMMDD) as YYYY-MM-DD, or null when impossible. The century follows the GS1 rule
 * (a window of −49…+50 years around the reference year); DD = 00 means the last day of the month.
 */
export function gs1Date(yymmdd: string, referenceYear: number): string | null {
	if (!/^\d{6}$/.test(yymmdd)) return null;
	const yy = Number(yymmdd.slice(0, 2));
	const mm = Number(yymmdd.slice(2, 4));
	let dd = Number(yymmdd.slice(4, 6));
	const cur = referenceYear % 100;
	let century = referenceYear - cur;
	const diff = yy - cur;
	if (diff >= 51) century -= 100;
	else if (diff <= -50) century += 100;
	const year = century + yy;
	if (mm < 1 || mm > 12) return null;
	const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
	if (dd === 0) dd = last;
	if (dd > last) return null;
	return `${String(year).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** Removes a symbology identifier (]C1 GS1-128, ]d2 DataMatrix, ]Q3 QR, ]e0 DataBar) a scanner may prefix. */
function stripPrefix(s: string): string {
	return s.replace(/^\](C1|d2|Q3|e0|J1)/, '');
}

/**
 * Parses a GS1 element string as a scanner types it: either the human-readable form
 * "(01)03012345678900(17)261231(10)AB12" or the raw form "010301234567890017261231" + "10AB12" where a
 * variable-length field ends with ASCII 29 (GS) or the end of the code. Returns the AIs we use.
 */
export function parseGs1(input: string, referenceYear: number): Gs1Result {
	let s = stripPrefix(input.trim());
	const fields: [string, string][] = [];
	if (s.startsWith('(')) {
		const re = /\((\d{2,4})\)([^(]*)/gy;
		let mt: RegExpExecArray | null;
		let pos = 0;
		while ((mt = re.exec(s))) {
			fields.push([mt[1]!, mt[2]!]);
			pos = re.lastIndex;
		}
		if (pos !== s.length || fields.length === 0) return { ok: false, error: 'not_gs1' };
	} else {
		if (!/^\d{2}/.test(s)) return { ok: false, error: 'not_gs1' };
		while (s.length > 0) {
			if (s.startsWith(GS)) {
				s = s.slice(1);
				continue;
			}
			const ai2 = s.slice(0, 2);
			const ai3 = s.slice(0, 3);
			const ai4 = s.slice(0, 4);
			let ai: string;
			let len: number | null;
			if (ai2 in FIXED) [ai, len] = [ai2, FIXED[ai2]!];
			else if (ai2 in SKIP_FIXED) [ai, len] = [ai2, SKIP_FIXED[ai2]!];
			else if (/^31[0-6]\d$/.test(ai4)) [ai, len] = [ai4, 6];
			else if (ai2 === '10' || SKIP_VARIABLE.has(ai2)) [ai, len] = [ai2, null];
			else if (SKIP_VARIABLE.has(ai3)) [ai, len] = [ai3, null];
			else return { ok: false, error: fields.length === 0 ? 'not_gs1' : 'unknown_ai' };
			s = s.slice(ai.length);
			if (len === null) {
				const end = s.indexOf(GS);
				const value = end === -1 ? s : s.slice(0, end);
				fields.push([ai, value]);
				s = end === -1 ? '' : s.slice(end + 1);
			} else {
				if (s.length < len) return { ok: false, error: 'truncated' };
				fields.push([ai, s.slice(0, len)]);
				s = s.slice(len);
			}
		}
	}
	const data: Gs1Data = {};
	const seen = new Set<string>();
	for (const [ai, value] of fields) {
		if (seen.has(ai)) return { ok: false, error: 'duplicate_ai' };
		seen.add(ai);
		if (ai === '01') {
			if (!/^\d{14}$/.test(value)) return { ok: false, error: 'truncated' };
			if (!isValidGtin(value)) return { ok: false, error: 'bad_check_digit' };
			data.gtin = value;
		} else if (ai === '10') {
			if (value.length < 1 || value.length > 20 || hasControlCharacter(value)) return { ok: false, error: 'truncated' };
			data.lot = value;
		} else if (ai === '15' || ai === '17') {
			const d = gs1Date(value, referenceYear);
			if (!d) return { ok: false, error: 'bad_date' };
			if (ai === '15') data.bestBefore = d;
			else data.useBy = d;
		} else if (/^310\d$/.test(ai)) {
			if (!/^\d{6}$/.test(value)) return { ok: false, error: 'bad_weight' };
			const decimals = Number(ai[3]);
			if (decimals > 5) return { ok: false, error: 'bad_weight' };
			const grams = Math.round((Number(value) * 1000) / 10 ** decimals);
			if (grams <= 0) return { ok: false, error: 'bad_weight' };
			data.netWeightGrams = grams;
		} else if (/^\(/.test(input.trim()) && !(ai in SKIP_FIXED) && !SKIP_VARIABLE.has(ai) && !/^31[1-6]\d$/.test(ai)) {
			return { ok: false, error: 'unknown_ai' };
		}
	}
	if (!data.gtin) return { ok: false, error: 'not_gs1' };
	return { ok: true, data };
}

/** Builds the raw element string (with GS after a variable field that is not last): for tests and labels. */
export function formatGs1(data: Gs1Data, opts: { weightDecimals?: number } = {}): string {
	const parts: string[] = [];
	const toYymmdd = (d: string) => d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10);
	if (data.gtin) parts.push('01' + data.gtin);
	if (data.bestBefore) parts.push('15' + toYymmdd(data.bestBefore));
	if (data.useBy) parts.push('17' + toYymmdd(data.useBy));
	if (data.netWeightGrams !== undefined) {
		const n = opts.weightDecimals ?? 3;
		parts.push(`310${n}` + String(Math.round((data.netWeightGrams * 10 ** n) / 1000)).padStart(6, '0'));
	}
	let out = parts.join('');
	if (data.lot !== undefined) out += '10' + data.lot;
	return out;
}

export type ScanKind =
	| { kind: 'gtin'; gtin: string }
	| { kind: 'gs1'; data: Gs1Data }
	| { kind: 'lot'; code: string }
	| { kind: 'location'; code: string }
	| { kind: 'invalid'; error: Gs1Error | 'bad_check_digit' };

/**
 * What a scanned or typed code is: a plain EAN/UPC, a GS1 element string, a lot label (L-000123 or
 * the lot's QR, which holds its URL ending in /stock/lots/L-000123) or a location label (EMP-0007).
 */
export function classifyScan(raw: string, referenceYear: number): ScanKind {
	const s = raw.trim();
	const lot = /(?:^|\/)(L-\d{6,})$/i.exec(s);
	if (lot) return { kind: 'lot', code: lot[1]!.toUpperCase() };
	if (/^EMP-\d+$/i.test(s)) return { kind: 'location', code: s.toUpperCase() };
	if (/^(\d{8}|\d{12}|\d{13})$/.test(s)) {
		const g = toGtin14(s);
		return g ? { kind: 'gtin', gtin: g } : { kind: 'invalid', error: 'bad_check_digit' };
	}
	if (/^\d{14}$/.test(s) && !s.startsWith('01')) {
		const g = toGtin14(s);
		return g ? { kind: 'gtin', gtin: g } : { kind: 'invalid', error: 'bad_check_digit' };
	}
	const r = parseGs1(s, referenceYear);
	if (r.ok) return { kind: 'gs1', data: r.data };
	if (/^\d{14}$/.test(s)) {
		const g = toGtin14(s);
		if (g) return { kind: 'gtin', gtin: g };
	}
	return { kind: 'invalid', error: r.error };
}

// ——— What a scanned GS1 code says for a reception line ———

/** The line form's pre-fill for a product from what its GS1 code said (all text, as the form shows it). */
export interface ReceptionPrefill {
	dateType: string;
	date: string;
	lotNumber: string;
	quantity: string;
}

/**
 * A reception line's pre-fill for a product and its GS1 code (or none): the code's use-by (17) or
 * best-before (15) date is the date, but the product's date type wins (a DLC product is always DLC);
 * its lot (10); its net weight (310n) the quantity of a product sold by the kg. Only a pre-fill: the
 * line is checked when added.
 */
export function receptionPrefill(product: { unit: ProductUnit; dateType: string }, gs1: Gs1Data | null): ReceptionPrefill {
	return {
		// The product's date type wins (a DLC product is always DLC), whatever the GS1 code says.
		dateType: product.dateType,
		date: gs1?.useBy ?? gs1?.bestBefore ?? '',
		lotNumber: gs1?.lot ?? '',
		quantity: gs1?.netWeightGrams && product.unit === 'kg' ? quantityNumber('kg', gs1.netWeightGrams) : ''
	};
}

/**
 * The quick-create form opened by an unknown code (all text, as posted): the code, guesses from the
 * GS1 parts (a weight: sold by the kg; a use-by date: DLC), and those parts in hidden fields.
 */
export function quickProductGuess(gtin14: string, gs1: Gs1Data | null): Record<string, string> {
	return {
		gtin: displayGtin(gtin14),
		unit: gs1?.netWeightGrams ? 'kg' : 'piece',
		zone: 'ambient',
		dateType: gs1?.useBy ? 'dlc' : 'ddm',
		gs1Lot: gs1?.lot ?? '',
		gs1UseBy: gs1?.useBy ?? '',
		gs1BestBefore: gs1?.bestBefore ?? '',
		gs1Weight: gs1?.netWeightGrams ? String(gs1.netWeightGrams) : ''
	};
}

/** The GS1 parts back from quickProductGuess's hidden fields, each checked (a bad one is dropped). */
export function gs1FromHiddenFields(f: Record<string, string | undefined>): Gs1Data | null {
	const g: Gs1Data = {};
	const lot = f.gs1Lot?.trim() ?? '';
	if (lot && lot.length <= 20 && !hasControlCharacter(lot)) g.lot = lot;
	if (f.gs1UseBy && isIsoDate(f.gs1UseBy)) g.useBy = f.gs1UseBy;
	else if (f.gs1BestBefore && isIsoDate(f.gs1BestBefore)) g.bestBefore = f.gs1BestBefore;
	const weight = Number(f.gs1Weight);
	if (/^\d{1,7}$/.test(f.gs1Weight ?? '') && weight > 0) g.netWeightGrams = weight;
	return Object.keys(g).length > 0 ? g : null;
}
