/**
 * A report's tables as spreadsheet files: CSV for French Excel and LibreOffice (through the one CSV
 * writer, http/csv.ts: `;`, decimal comma, UTF-8 with BOM, formula-safe text) and .xlsx with typed cells
 * (write-excel-file: numbers as numbers, days as dates). Both have the same columns, in the same order,
 * with the unit in the header: weights in kg, money in €, rates in %, quantities with their unit column.
 */
import writeXlsxFile from 'write-excel-file/node';
import type { Column, Report, Row, Table } from '$lib/reports/model';
import { dayLabel } from '$lib/reports/period';
import { csvDecimal, formatCsv, type CsvCell } from '../http/csv';

/** The header of a column in a spreadsheet: its label and its unit. */
export function columnHeader(c: Column): string {
	if (c.type === 'grams') return `${c.label} (kg)`;
	if (c.type === 'cents') return `${c.label} (€)`;
	if (c.type === 'bp') return `${c.label} (%)`;
	return c.label;
}

function csvCell(c: Column, r: Row): CsvCell {
	const v = r[c.key];
	if (v === null || v === undefined) return null;
	if (typeof v === 'string') return c.type === 'day' ? dayLabel(v) : v;
	switch (c.type) {
		case 'grams':
			return csvDecimal(v / 1000, 3);
		case 'cents':
			return csvDecimal(v / 100, 2);
		case 'bp':
			return csvDecimal(v / 100, 2);
		default:
			return csvDecimal(v, 3);
	}
}

/** The rows (header first, then rows, then the total line) of one table, as CSV cells. */
function csvRows(t: Table): CsvCell[][] {
	const header: CsvCell[] = t.columns.map(columnHeader);
	const line = (r: Row): CsvCell[] => t.columns.map((c) => (c.type === 'quantity' ? csvQuantity(c, r) : csvCell(c, r)));
	const rows = [header, ...t.rows.map(line)];
	if (t.total) rows.push(t.columns.map((c, i) => (i === 0 ? 'Total' : c.type === 'quantity' ? null : csvCell(c, t.total!))));
	return rows;
}

function csvQuantity(c: Column, r: Row): CsvCell {
	const v = r[c.key];
	if (typeof v !== 'number') return null;
	return csvDecimal(v, 0);
}

/** One table of a report as a CSV file (the first table when `tableId` is not given). */
export function reportCsv(report: Report, tableId?: string | null): string {
	const table = report.tables.find((t) => t.id === tableId) ?? report.tables[0];
	if (!table) return formatCsv([[report.title], ['Aucune donnée']]);
	return formatCsv(csvRows(table));
}

type XCell = { value: string | number | Date; type?: typeof String | typeof Number | typeof Date; format?: string; fontWeight?: 'bold' } | null;

function xlsxCell(c: Column, r: Row, bold = false): XCell {
	const v = r[c.key];
	const weight = bold ? { fontWeight: 'bold' as const } : {};
	if (v === null || v === undefined) return null;
	if (typeof v === 'string') {
		if (c.type === 'day') return { value: new Date(v + 'T00:00:00Z'), type: Date, format: 'dd/mm/yyyy', ...weight };
		return { value: v, type: String, format: '@', ...weight };
	}
	switch (c.type) {
		case 'grams':
			return { value: Math.round(v) / 1000, type: Number, format: '#,##0.000', ...weight };
		case 'cents':
			return { value: Math.round(v) / 100, type: Number, format: '#,##0.00 "€"', ...weight };
		case 'bp':
			return { value: v / 10_000, type: Number, format: '0.0%', ...weight };
		case 'quantity':
		case 'count':
			return { value: v, type: Number, format: '#,##0', ...weight };
		default:
			return { value: v, type: Number, ...weight };
	}
}

/** Excel's sheet names: 31 characters at most, none of : \ / ? * [ ], unique. */
export function sheetName(title: string, taken: Set<string>): string {
	const base =
		title
			.replace(/[:\\/?*[\]]/g, ' ')
			.slice(0, 28)
			.trim() || 'Feuille';
	let name = base;
	for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 26)} ${i}`;
	taken.add(name.toLowerCase());
	return name;
}

/** Every table of a report as one .xlsx workbook (a sheet per table, the same columns as the CSV files). */
export async function reportXlsx(report: Report): Promise<Buffer> {
	const taken = new Set<string>();
	const tables = report.tables.length
		? report.tables
		: [{ id: 'vide', title: report.title, columns: [{ key: 'x', label: report.title, type: 'text' as const }], rows: [], empty: '' }];
	const sheets = tables.map((t) => {
		const header: XCell[] = t.columns.map((c) => ({ value: columnHeader(c), type: String, fontWeight: 'bold' as const }));
		const rows: XCell[][] = t.rows.map((r) => t.columns.map((c) => xlsxCell(c, r)));
		if (t.total)
			rows.push(
				t.columns.map((c, i) =>
					i === 0 ? { value: 'Total', type: String, fontWeight: 'bold' as const } : c.type === 'quantity' ? null : xlsxCell(c, t.total!, true)
				)
			);
		return {
			data: [header, ...rows],
			sheet: sheetName(t.title, taken),
			columns: t.columns.map((c) => ({ width: c.type === 'text' ? 32 : 16 })),
			stickyRowsCount: 1
		};
	});
	// write-excel-file's types describe one sheet or many; the shape above is the "many" one.
	return (await (writeXlsxFile as unknown as (s: unknown) => { toBuffer(): Promise<Buffer> })(sheets).toBuffer()) as Buffer;
}
