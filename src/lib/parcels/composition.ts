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
