import { centsInput } from '$lib/format';
/**
 * The one CSV writer of the app: every spreadsheet export goes through `formatCsv`, then `csvResponse`.
 *
 * French spreadsheet format: `;` between fields, `"` around fields that need it, CRLF between lines,
 * UTF-8 with a byte-order mark (so Excel reads the accents), decimal comma.
 *
 * Formula-safe: a **text** cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be
 * run as a formula by Excel or LibreOffice (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`). Such a cell is written
 * with a single quote in front (`'=HYPERLINK(…)`), which spreadsheets show as text. Numbers are typed
 * apart — a JS `number` or `csvMoney(cents)` — and written as numbers, so a negative amount (`-1,50`)
 * stays a number; only we write those, never a user's text.
 */
export const BOM = '\ufeff';

/** A number we wrote (French decimal, maybe negative): written as is. Made by `csvMoney` / `csvDecimal`. */
export class CsvNumber {
	readonly text: string;
	private constructor(text: string) {
		this.text = text;
	}
	/** `text` must be a French decimal: `-12`, `3,5`, `0,05`. */
	static of(text: string): CsvNumber {
		if (!/^-?\d+(,\d+)?$/.test(text)) throw new Error(`not a number: ${text}`);
		return new CsvNumber(text);
	}
}

export type CsvCell = string | number | CsvNumber | null | undefined;

/** Signed cents as a French decimal number cell: `-1,50`. */
export function csvMoney(cents: number): CsvNumber {
	if (!Number.isSafeInteger(cents)) throw new Error(`not cents: ${cents}`);
	return CsvNumber.of(centsInput(cents));
}

/** A decimal number with at most `digits` decimals, French style (`12,345`; no trailing zeros). */
export function csvDecimal(value: number, digits: number): CsvNumber {
	if (!Number.isFinite(value)) throw new Error(`not a number: ${value}`);
	const text = value
		.toFixed(digits)
		.replace(/(\.\d*?)0+$/, '$1')
		.replace(/\.$/, '')
		.replace('.', ',');
	return CsvNumber.of(text === '-0' ? '0' : text);
}

/** Characters that make a spreadsheet read a cell as a formula (or hide what follows). */
const FORMULA_START = /^[=+\-@\t\r]/;
const needsQuotes = /[";\r\n]/;

/** A text cell made safe to open in a spreadsheet: a leading `'` before a dangerous first character. */
export function neutralise(text: string): string {
	// A text already starting with quotes before such a character gets one more, so that reading back is exact.
	return FORMULA_START.test(text.replace(/^'+/, '')) ? `'${text}` : text;
}

/** Undoes `neutralise` on a cell read back from one of our files (the catalogue import reads exports). */
export function unneutralise(text: string): string {
	return text[0] === "'" && FORMULA_START.test(text.replace(/^'+/, '')) ? text.slice(1) : text;
}

function cellText(cell: CsvCell): string {
	if (cell === null || cell === undefined) return '';
	if (cell instanceof CsvNumber) return cell.text;
	if (typeof cell === 'number') {
		if (!Number.isFinite(cell)) throw new Error(`not a number: ${cell}`);
		return String(cell).replace('.', ',');
	}
	return neutralise(cell);
}

function quote(f: string): string {
	return needsQuotes.test(f) || /^\s|\s$/.test(f) ? `"${f.replace(/"/g, '""')}"` : f;
}

/** Rows of cells as a French CSV file (with BOM); text cells are neutralised, numbers written as numbers. */
export function formatCsv(rows: readonly (readonly CsvCell[])[]): string {
	return BOM + rows.map((r) => r.map((c) => quote(cellText(c))).join(';')).join('\r\n') + '\r\n';
}

/**
 * A spreadsheet file to download, named `<name>-YYYY-MM-DD.csv`, never cached. `day`: the organisation's
 * day (shopToday in its time zone); without it, the UTC day.
 */
export function csvResponse(csv: string, name: string, day: string = new Date().toISOString().slice(0, 10)): Response {
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
}
