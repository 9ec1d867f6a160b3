import { numberMessage, readEuros } from '$lib/numbers';
import { centsInput } from '$lib/format';
import { kgText, readKilograms } from '$lib/reuse/weighing';
import type { ReuseCategory } from './categories';
import { MAX_AVERAGE_GRAMS, MAX_GRID_LINES, MAX_GRID_PRICE_CENTS, type CategoryInput } from './manage';
import type { FormText } from '../http/forms';

/**
 * What the ressourcerie's forms type, read for the services: kilograms with a comma (→ grams), euros
 * (→ cents), the price grid's rows (gridLabel0/gridPrice0…). Problems go to `errors` by the service's field names.
 */

/** Grams as typed in a kg field: 2500 → "2,5". */
export const kgInput = (grams: number): string => kgText(grams).replace(/\s*kg$/, '');

/** Kilograms typed → grams (null and an error on `field` when it cannot be read). */
export function kgField(
	text: string | undefined,
	max: number,
	field: string,
	errors: Record<string, string>,
	opts: { allowZero?: boolean } = {}
): number | null {
	const r = readKilograms(text ?? '', max);
	if (r.ok) return r.value;
	if (opts.allowZero && r.problem.code === 'zero') return 0;
	errors[field] = numberMessage(r.problem);
	return null;
}

/** The form's values of a category (what the fields show). */
export function categoryValues(c: ReuseCategory | null): FormText {
	const v: FormText = {
		flux: c?.flux ?? '',
		name: c?.name ?? '',
		ecoCategory: c?.ecoCategory ?? '',
		average: c ? kgInput(c.averageWeightGrams) : '',
		position: String(c?.position ?? 0)
	};
	(c?.priceGrid ?? []).forEach((l, i) => {
		v[`gridLabel${i}`] = l.label;
		v[`gridPrice${i}`] = centsInput(l.priceCents);
	});
	return v;
}

/** A category form's fields read for createReuseCategory / updateReuseCategory, with what could not be read. */
export function categoryInputOf(form: FormText): { input: CategoryInput; errors: Record<string, string>; values: FormText } {
	const errors: Record<string, string> = {};
	const values: FormText = {};
	for (const [k, v] of Object.entries(form)) if (/^(flux|name|ecoCategory|average|position|grid(Label|Price)\d{1,2})$/.test(k)) values[k] = v;
	const average = kgField(form.average, MAX_AVERAGE_GRAMS, 'averageWeightGrams', errors);
	const position = /^\s*\d{1,4}\s*$/.test(form.position ?? '') ? Number(form.position) : (form.position ?? '').trim() === '' ? 0 : -1;
	const grid: { label: string; priceCents: number }[] = [];
	for (let i = 0; i < MAX_GRID_LINES; i++) {
		const label = (form[`gridLabel${i}`] ?? '').trim();
		const price = (form[`gridPrice${i}`] ?? '').trim();
		if (!label && !price) continue;
		const cents = readEuros(price, { allowZero: true, max: MAX_GRID_PRICE_CENTS });
		if (!cents.ok) {
			errors.priceGrid ??= `${label || '—'} : ${numberMessage(cents.problem)}`;
			continue;
		}
		grid.push({ label, priceCents: cents.value });
	}
	return {
		input: { flux: form.flux ?? '', name: form.name ?? '', ecoCategory: form.ecoCategory ?? '', averageWeightGrams: average, priceGrid: grid, position },
		errors,
		values
	};
}
