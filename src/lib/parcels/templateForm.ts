import { plainNumber } from '$lib/numbers';
import { BAND_FIELDS, readTemplateLineText, type TemplateLine, type TemplateLineDraft } from './composition';

/**
 * The template editor's rows (/colis-modeles/…): what a person types, one row per line, read the same
 * way in the browser (the live preview) and on the server (the form action). Pure.
 *
 * Form fields of row i: `id_i` (an existing line's id), `category_i`, `unit_i`, `scaling_i`,
 * `quantity_i`, `band1_i`, `band2_i`, `band3_i`, `band5_i`, `cold_i` ("on"); `rows` says how many rows
 * the form had. A row with no category and no quantity is blank and ignored (the page without
 * JavaScript always offers BLANK_ROWS of them).
 */

export interface FormRow {
	id: string;
	categoryId: string;
	unit: string;
	scaling: string;
	quantity: string;
	band1: string;
	band2: string;
	band3: string;
	band5: string;
	cold: boolean;
}

/** Empty rows offered at the end of the form, for adding lines without JavaScript. */
export const BLANK_ROWS = 3;
/** Most rows a posted form is read for. */
export const MAX_FORM_ROWS = 60;

export const blankRow = (): FormRow => ({
	id: '',
	categoryId: '',
	unit: 'piece',
	scaling: 'fixed',
	quantity: '',
	band1: '',
	band2: '',
	band3: '',
	band5: '',
	cold: false
});

const isBlank = (r: FormRow) => !r.categoryId && [r.quantity, ...BAND_FIELDS.map((f) => r[f])].every((v) => v.trim() === '');

/** The rows of a posted form, blank ones left out, in the form's order. */
export function rowsFromForm(form: Record<string, string | undefined>): FormRow[] {
	const declared = Number(form.rows);
	const n = Math.min(MAX_FORM_ROWS, Number.isInteger(declared) && declared > 0 ? declared : MAX_FORM_ROWS);
	const rows: FormRow[] = [];
	for (let i = 0; i < n; i++) {
		const v = (k: string) => (form[`${k}_${i}`] ?? '').trim();
		const row: FormRow = {
			id: v('id'),
			categoryId: v('category'),
			unit: v('unit') || 'piece',
			scaling: v('scaling') || 'fixed',
			quantity: v('quantity'),
			band1: v('band1'),
			band2: v('band2'),
			band3: v('band3'),
			band5: v('band5'),
			cold: form[`cold_${i}`] === 'on' || form[`cold_${i}`] === 'true'
		};
		if (!isBlank(row)) rows.push(row);
	}
	return rows;
}

/** A row read as a line draft, with what could not be read in it. */
export const readRow = (row: FormRow) => readTemplateLineText({ ...row, categoryId: row.categoryId || null });

/** The service's lines from the rows, with the typing problems keyed `lines.<i>.<field>` (the service's keys). */
export function linesFromRows(rows: readonly FormRow[]): { lines: (TemplateLineDraft & { id: string | null })[]; formErrors: Record<string, string> } {
	const formErrors: Record<string, string> = {};
	const lines = rows.map((row, i) => {
		const { draft, problems } = readRow(row);
		for (const [field, message] of Object.entries(problems)) formErrors[`lines.${i}.${field}`] = message;
		return { ...draft, id: row.id || null };
	});
	return { lines, formErrors };
}

const typed = (unit: string, v: number | null) => (v === null ? '' : unit === 'kg' ? plainNumber(v, 3) : String(v));

/** Rows for the editor from stored lines (kg lines shown in kg: 1500 g → "1,5"). */
export function rowsFromLines(lines: readonly TemplateLine[]): FormRow[] {
	return lines.map((l) => ({
		id: l.id,
		categoryId: l.categoryId,
		unit: l.unit,
		scaling: l.scaling,
		quantity: typed(l.unit, l.quantity),
		band1: typed(l.unit, l.band1),
		band2: typed(l.unit, l.band2),
		band3: typed(l.unit, l.band3),
		band5: typed(l.unit, l.band5),
		cold: l.cold
	}));
}

/** The household sizes the editor's preview shows. */
export const PREVIEW_PERSONS = [1, 2, 4, 6] as const satisfies readonly number[];
