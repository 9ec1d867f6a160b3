/**
 * What a report is, once computed: headline figures, charts and tables of typed cells. Every report
 * service returns this shape; the page (ReportView), the CSV and XLSX exports and the API all read it,
 * so a figure is computed once and shown, printed and exported the same. Pure and client-safe.
 *
 * Cell types say what a number means, and each place formats it its own way from here:
 *   count    an integer (households, visits, lines)
 *   grams    a weight in grams — shown and exported in kg
 *   cents    money in integer cents — shown in €, exported as euros
 *   bp       a rate in basis points (2000 = 20 %) — exported as a percentage (0.2 in .xlsx)
 *   day      a calendar day YYYY-MM-DD — dd/mm/yyyy in CSV, a date cell in .xlsx
 *   quantity an integer in the row's product base unit (pieces, grams, millilitres): the column's
 *            `unitKey` names the row's text cell holding the unit word (`unitWord`: pièces, g, mL),
 *            usually a `hidden` column, so that exports carry the unit beside the number
 *   text     anything else (a name, a reason, a commune)
 */
import type { Period } from './period';

export type CellType = 'text' | 'count' | 'grams' | 'cents' | 'bp' | 'day' | 'quantity';
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Column {
	key: string;
	label: string;
	type: CellType;
	/** quantity columns: the key of the row's unit cell (`unitWord`). */
	unitKey?: string;
	/** In the exports only (e.g. the unit of a quantity column, or an id); not on the screen. */
	hidden?: boolean;
}

/** The word written after a quantity in the product's base unit. */
export const unitWord = (unit: 'piece' | 'kg' | 'litre' | string): string =>
	unit === 'piece' ? 'pièces' : unit === 'kg' ? 'g' : unit === 'litre' ? 'mL' : unit;

export interface Table {
	/** Stable id: the CSV export's `table=` parameter and the .xlsx sheet. */
	id: string;
	title: string;
	columns: Column[];
	rows: Row[];
	/** The totals line (sums of the rows, computed by the service), when adding up makes sense. */
	total?: Row;
	/** What the table shows when it has no rows (French, simple). */
	empty: string;
	/** A link per row (a path with its query), keyed by the row's first column value, when a row has a report or page behind it. */
	links?: Record<string, string>;
}

export interface Series {
	label: string;
	values: (number | null)[];
}

export interface Chart {
	id: string;
	title: string;
	kind: 'bar' | 'line' | 'doughnut';
	/** What the values are: grams are drawn in kg, cents in €. */
	type: Exclude<CellType, 'text' | 'day' | 'quantity'>;
	labels: string[];
	series: Series[];
	stacked?: boolean;
	horizontal?: boolean;
}

/** A headline figure: "Pertes : 12,4 kg", with an optional comparison and where it comes from. */
export interface Figure {
	id: string;
	label: string;
	type: Exclude<CellType, 'text' | 'day' | 'quantity'>;
	value: number | null;
	/** The same figure for the previous period / the same period last year, when the report compares. */
	previous?: number | null;
	lastYear?: number | null;
	/** The report (path with query) behind the figure. */
	href?: string;
	/** Small chart of the last months (values only, oldest first). */
	trend?: (number | null)[];
}

/** A remark under the title, e.g. "Poids inconnu : 3 produits" with a link to fix them. */
export interface Note {
	text: string;
	href?: string;
	linkText?: string;
	tone?: 'info' | 'warning';
}

export interface Report {
	name: string;
	title: string;
	/** One sentence: what the report shows and where the figures come from. */
	description: string;
	period: Period;
	/** Human period label ("novembre 2026"). */
	periodLabel: string;
	siteId: string | null;
	figures: Figure[];
	charts: Chart[];
	tables: Table[];
	notes: Note[];
	/** When the report was computed (ISO instant), shown on the print in the organisation's zone. */
	generatedAt: string;
}

/** Grams → kilograms (a number, 3 decimals at most). */
export const kg = (grams: number): number => Math.round(grams) / 1000;

/** Sums the numeric cells of `keys` over rows (nulls count 0; a column where every cell is null stays null). */
export function sumRows(rows: readonly Row[], keys: readonly string[]): Row {
	const out: Row = {};
	for (const k of keys) {
		let s: number | null = rows.length === 0 ? 0 : null;
		for (const r of rows) {
			const v = r[k];
			if (typeof v === 'number') s = (s ?? 0) + v;
		}
		out[k] = s;
	}
	return out;
}
