import { centsInput } from '$lib/format';
/**
 * Reading CSV the way French spreadsheets write it, and prices with a decimal comma. Writing goes through
 * the one formula-safe writer, `formatCsv` in `../http/csv`.
 */
import { BOM } from '../http/csv';

/**
 * Reads CSV text (BOM or not, `;` or — when the header has none — `,`): a list of rows with the line
 * number where each starts, for error reports. Empty lines are skipped. Throws on an unclosed quote.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
	let s = text.startsWith(BOM) ? text.slice(1) : text;
	s = s.replace(/\r\n?/g, '\n');
	const firstLine = s.slice(0, s.indexOf('\n') === -1 ? s.length : s.indexOf('\n'));
	const sep = firstLine.includes(';') || !firstLine.includes(',') ? ';' : ',';
	const out: { line: number; fields: string[] }[] = [];
	let fields: string[] = [];
	let field = '';
	let line = 1;
	let start = 1;
	let i = 0;
	let quoted = false;
	let any = false;
	while (i < s.length) {
		const c = s[i]!;
		if (quoted) {
			if (c === '"') {
				if (s[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
			} else {
				if (c === '\n') line++;
				field += c;
			}
			i++;
			continue;
		}
		if (c === '"' && field === '') {
			quoted = true;
			any = true;
		} else if (c === sep) {
			fields.push(field);
			field = '';
			any = true;
		} else if (c === '\n') {
			fields.push(field);
			if (any || fields.some((f) => f !== '')) out.push({ line: start, fields });
			fields = [];
			field = '';
			any = false;
			line++;
			start = line;
		} else {
			field += c;
			any = true;
		}
		i++;
	}
	if (quoted) throw new Error(`unclosed quote from line ${start}`);
	if (any || field !== '') {
		fields.push(field);
		out.push({ line: start, fields });
	}
	return out;
}

/** "1,50" or "1.5" or "2" euros as cents; null when not a price (at most 2 decimals, up to 100 000 €). */
export function parseEurosToCents(text: string): number | null {
	const s = text.trim().replace(/\s|€/g, '').replace(',', '.');
	if (!/^\d{1,6}(\.\d{1,2})?$/.test(s)) return null;
	const [int, dec = ''] = s.split('.');
	return Number(int) * 100 + Number(dec.padEnd(2, '0'));
}

/** Cents as a French decimal without the currency sign ("1,50"), for spreadsheets and form fields. */
export const centsToText = (cents: number): string => centsInput(cents);
