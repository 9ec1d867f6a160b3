/**
 * How report cells read on screen and on the print: the one place that turns a typed cell into text
 * (the CSV and .xlsx writers type the same cells for spreadsheets: server/reports/export.ts).
 */
import { money, percent } from '$lib/format';
import type { CellType, Column, Row } from './model';
import { dayLabel } from './period';

const integer = new Intl.NumberFormat('fr-FR');
const kilos = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 0, maximumFractionDigits: 1 });
const smallKilos = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });

/** "1 234,5 kg" (one decimal from 10 kg up, grams shown below). */
export function formatKg(grams: number): string {
	const k = grams / 1000;
	return `${Math.abs(k) >= 10 ? kilos.format(k) : smallKilos.format(k)}\u00a0kg`;
}

/** A typed value as text; `—` for none. */
export function formatValue(type: CellType, value: number | string | null | undefined, unit?: string | null): string {
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'string') return type === 'day' ? dayLabel(value) : value;
	switch (type) {
		case 'count':
			return integer.format(value);
		case 'grams':
			return formatKg(value);
		case 'cents':
			return money(value);
		case 'bp':
			return percent(value);
		case 'quantity':
			return unit ? `${integer.format(value)}\u00a0${unit}` : integer.format(value);
		default:
			return String(value);
	}
}

/** A table cell as text. */
export const formatCell = (col: Column, row: Row): string => formatValue(col.type, row[col.key], col.unitKey ? (row[col.unitKey] as string | null) : null);

/** Numbers are right-aligned. */
export const isNumeric = (type: CellType): boolean => type !== 'text' && type !== 'day';

/** A chart value as drawn: grams in kg, cents in euros, rates in %. */
export function chartValue(type: CellType, value: number | null): number | null {
	if (value === null) return null;
	if (type === 'grams') return Math.round(value / 100) / 10;
	if (type === 'cents') return Math.round(value) / 100;
	if (type === 'bp') return value / 100;
	return value;
}

/** The unit written on a chart's axis. */
export const chartUnit = (type: CellType): string => (type === 'grams' ? 'kg' : type === 'cents' ? '€' : type === 'bp' ? '%' : '');
