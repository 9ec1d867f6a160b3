/**
 * Parcel compositions (issue 14, item 2; docs/parcels.md "Compositions"): a template is lines by
 * category whose quantity grows with the persons a parcel is made for. Pure (browser and server): the
 * template editor's live preview, the preparation's pick list and the services all scale through here.
 *
 * - fixed: `quantity`, whatever the persons;
 * - per_person: `quantity × persons`;
 * - bands: `band1` for 1 person, `band2` for 2, `band3` for 3–4, `band5` for 5 or more. Bands need not
 *   grow (a line for single persons only is band1 > 0, the others 0): the quantity is exactly the band of
 *   the parcel's size class.
 *
 * Quantities are pieces, or grams for kg lines.
 */

import { m } from '$lib/paraglide/messages';
import { numberMessage, plainNumber, readNumber } from '$lib/numbers';

export type LineUnit = 'piece' | 'kg';
export type LineScaling = 'fixed' | 'per_person' | 'bands';

export interface TemplateLine {
	id: string;
	position: number;
	categoryId: string;
	unit: 'piece' | 'kg';
	scaling: 'fixed' | 'per_person' | 'bands';
	quantity: number | null;
	band1: number | null;
	band2: number | null;
	band3: number | null;
	band5: number | null;
	cold: boolean;
}

/** Persons a parcel can be made for (as parcel rights count them). */
export const MIN_PERSONS = 1;
export const MAX_PERSONS = 30;

/** The size class of `persons` for bands: 1, 2, 3 (3–4 persons) or 5 (5 or more). */
export function sizeClass(persons: number): 1 | 2 | 3 | 5 {
	const p = clampPersons(persons);
	if (p <= 1) return 1;
	if (p === 2) return 2;
	if (p <= 4) return 3;
	return 5;
}

function clampPersons(persons: number): number {
	if (!Number.isFinite(persons)) return MIN_PERSONS;
	return Math.min(MAX_PERSONS, Math.max(MIN_PERSONS, Math.floor(persons)));
}

const nonNegative = (n: number | null) => (n != null && Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

/**
 * The quantity of one line for a parcel of `persons` (1–30; outside, the nearest bound): pieces, or
 * grams for a kg line. Never negative; a missing quantity or band counts 0.
 */
export function lineQuantity(line: TemplateLine, persons: number): number {
	const p = clampPersons(persons);
	switch (line.scaling) {
		case 'fixed':
			return nonNegative(line.quantity);
		case 'per_person':
			return nonNegative(line.quantity) * p;
		case 'bands': {
			const size = sizeClass(p);
			return nonNegative(size === 1 ? line.band1 : size === 2 ? line.band2 : size === 3 ? line.band3 : line.band5);
		}
	}
}

/**
 * The template's lines for a parcel of `persons`, each with its `target` (pieces, or grams for kg
 * lines), in the order they are prepared: ambient lines first, cold lines last (chilled and frozen
 * goods leave the cold last), each group in position order (ties keep the given order). A line whose
 * target is 0 for this size (a band of 0) is left out: there is nothing to pick for it.
 */
export function scaleTemplate<T extends TemplateLine>(lines: readonly T[], persons: number): (T & { target: number })[] {
	return lines
		.map((line, index) => ({ line, index }))
		.sort((a, b) => Number(a.line.cold) - Number(b.line.cold) || a.line.position - b.line.position || a.index - b.index)
		.map(({ line }) => ({ ...line, target: lineQuantity(line, persons) }))
		.filter((line) => line.target > 0);
}

/** Largest quantity of one line, per unit: 500 pieces, 100 kg (grams). More is a typo. */
export const MAX_LINE_QUANTITY: Record<LineUnit, number> = { piece: 500, kg: 100_000 };
export const LINE_UNITS: readonly LineUnit[] = ['piece', 'kg'];
export const LINE_SCALINGS: readonly LineScaling[] = ['fixed', 'per_person', 'bands'];
export const BAND_FIELDS = ['band1', 'band2', 'band3', 'band5'] as const;
export type BandField = (typeof BAND_FIELDS)[number];

/** A line as a form or the API gives it, before checking: quantities in stored units (pieces, grams). */
export interface TemplateLineDraft {
	categoryId: string | null;
	unit: string;
	scaling: string;
	quantity: number | null;
	band1: number | null;
	band2: number | null;
	band3: number | null;
	band5: number | null;
	cold: boolean;
}

/** The fields of a line that can be wrong, for messages beside them. */
export type LineField = 'categoryId' | 'unit' | 'scaling' | 'quantity' | BandField;

const isWhole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

/**
 * What is wrong with a line (field → French message; empty when it is good): a category chosen, a unit
 * and a scaling known; fixed and per person need a quantity above 0; bands need four quantities of 0 or
 * more, not all 0. Quantities are whole pieces, or grams for kg lines, up to MAX_LINE_QUANTITY. Whether
 * the category exists in the organisation is the service's check.
 */
export function templateLineProblems(input: TemplateLineDraft): Partial<Record<LineField, string>> {
	const problems: Partial<Record<LineField, string>> = {};
	if (!input.categoryId) problems.categoryId = m.pt_line_category_missing();
	const unit = LINE_UNITS.includes(input.unit as LineUnit) ? (input.unit as LineUnit) : null;
	if (!unit) problems.unit = m.pt_line_unit_invalid();
	if (!LINE_SCALINGS.includes(input.scaling as LineScaling)) {
		problems.scaling = m.pt_line_scaling_invalid();
		return problems;
	}
	const max = MAX_LINE_QUANTITY[unit ?? 'piece'];
	const tooLarge = () => m.pt_line_quantity_too_large({ max: unit === 'kg' ? `${max / 1000} kg` : String(max) });
	if (input.scaling === 'bands') {
		for (const f of BAND_FIELDS) {
			const v = input[f];
			if (!isWhole(v) || v < 0) problems[f] = m.pt_line_band_invalid();
			else if (v > max) problems[f] = tooLarge();
		}
		if (BAND_FIELDS.every((f) => !problems[f]) && BAND_FIELDS.every((f) => input[f] === 0)) problems.band1 = m.pt_line_bands_all_zero();
	} else {
		const q = input.quantity;
		if (!isWhole(q) || q <= 0) problems.quantity = m.pt_line_quantity_invalid();
		else if (q > max) problems.quantity = tooLarge();
	}
	return problems;
}

/** A line's fields as typed in a form: quantities in pieces, or in kg with a decimal comma for kg lines. */
export interface TemplateLineText {
	categoryId?: string | null;
	unit?: string;
	scaling?: string;
	quantity?: string;
	band1?: string;
	band2?: string;
	band3?: string;
	band5?: string;
	cold?: boolean;
}

/**
 * Reads a typed line into a draft (kg → grams; pieces whole) with the problems of what was typed
 * ("1,5" pieces, "deux"): the template editor's preview and the form reader share it. Only the fields the
 * scaling uses are read; the others are null.
 */
export function readTemplateLineText(text: TemplateLineText): { draft: TemplateLineDraft; problems: Partial<Record<LineField, string>> } {
	const unit = text.unit === 'kg' ? 'kg' : text.unit === 'piece' ? 'piece' : (text.unit ?? '');
	const scaling = text.scaling ?? '';
	const problems: Partial<Record<LineField, string>> = {};
	const read = (field: 'quantity' | BandField, allowZero: boolean): number | null => {
		const raw = (text[field] ?? '').trim();
		if (raw === '') return null;
		const r = readNumber(raw, {
			decimals: unit === 'kg' ? 3 : 0,
			max: MAX_LINE_QUANTITY[unit === 'kg' ? 'kg' : 'piece'],
			allowZero,
			formatMax: (n) => (unit === 'kg' ? `${n / 1000} kg` : String(n))
		});
		if (r.ok) return r.value;
		problems[field] = numberMessage(r.problem);
		return null;
	};
	const draft: TemplateLineDraft = {
		categoryId: text.categoryId ? text.categoryId : null,
		unit,
		scaling,
		quantity: scaling === 'bands' ? null : read('quantity', false),
		band1: scaling === 'bands' ? read('band1', true) : null,
		band2: scaling === 'bands' ? read('band2', true) : null,
		band3: scaling === 'bands' ? read('band3', true) : null,
		band5: scaling === 'bands' ? read('band5', true) : null,
		cold: text.cold === true
	};
	return { draft, problems };
}

/** A quantity for people: "3" pieces, "1,5 kg". */
export function lineQuantityText(unit: LineUnit, quantity: number): string {
	return unit === 'kg' ? `${plainNumber(quantity, 3)} kg` : plainNumber(quantity, 0);
}
