import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	BAND_FIELDS,
	lineQuantity,
	lineQuantityText,
	MAX_LINE_QUANTITY,
	readTemplateLineText,
	scaleTemplate,
	sizeClass,
	templateLineProblems,
	type TemplateLine
} from './composition';

const qty = fc.integer({ min: 0, max: 5000 });
const persons = fc.integer({ min: 1, max: 30 });
const line = fc.record({
	id: fc.uuid(),
	position: fc.integer({ min: 0, max: 20 }),
	categoryId: fc.uuid(),
	unit: fc.constantFrom('piece', 'kg') as fc.Arbitrary<'piece' | 'kg'>,
	scaling: fc.constantFrom('fixed', 'per_person', 'bands') as fc.Arbitrary<TemplateLine['scaling']>,
	quantity: fc.option(qty, { nil: null }),
	band1: fc.option(qty, { nil: null }),
	band2: fc.option(qty, { nil: null }),
	band3: fc.option(qty, { nil: null }),
	band5: fc.option(qty, { nil: null }),
	cold: fc.boolean()
});
const of = (l: Partial<TemplateLine>): TemplateLine => ({
	id: 'x',
	position: 0,
	categoryId: 'c',
	unit: 'piece',
	scaling: 'fixed',
	quantity: null,
	band1: null,
	band2: null,
	band3: null,
	band5: null,
	cold: false,
	...l
});

describe('lineQuantity', () => {
	it('fixed is the quantity whatever the persons', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 5000 }), persons, persons, (q, a, b) => {
				const l = of({ scaling: 'fixed', quantity: q });
				expect(lineQuantity(l, a)).toBe(q);
				expect(lineQuantity(l, a)).toBe(lineQuantity(l, b));
			})
		);
	});

	it('per person is linear: quantity × persons, so it grows with the persons', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 5000 }), persons, persons, (q, a, b) => {
				const l = of({ scaling: 'per_person', quantity: q, unit: 'kg' });
				expect(lineQuantity(l, a)).toBe(q * a);
				expect(lineQuantity(l, a) + lineQuantity(l, b)).toBe(q * (a + b));
				if (a <= b) expect(lineQuantity(l, a)).toBeLessThanOrEqual(lineQuantity(l, b));
			})
		);
	});

	it('bands give exactly the band of the size class (1, 2, 3–4, 5+), monotone or not', () => {
		fc.assert(
			fc.property(qty, qty, qty, qty, persons, (band1, band2, band3, band5, p) => {
				const l = of({ scaling: 'bands', band1, band2, band3, band5 });
				const expected = p === 1 ? band1 : p === 2 ? band2 : p <= 4 ? band3 : band5;
				expect(lineQuantity(l, p)).toBe(expected);
			})
		);
		expect([1, 2, 3, 4, 5, 6, 30].map(sizeClass)).toEqual([1, 2, 3, 3, 5, 5, 5]);
	});

	it('bands grow with the persons when the bands do', () => {
		fc.assert(
			fc.property(fc.array(qty, { minLength: 4, maxLength: 4 }), persons, persons, (raw, a, b) => {
				const [band1, band2, band3, band5] = [...raw].sort((x, y) => x - y);
				const l = of({ scaling: 'bands', band1, band2, band3, band5 });
				if (a <= b) expect(lineQuantity(l, a)).toBeLessThanOrEqual(lineQuantity(l, b));
			})
		);
	});

	it('is never negative nor fractional, and persons out of 1–30 count as the nearest bound', () => {
		fc.assert(
			fc.property(line, fc.integer({ min: -5, max: 40 }), (l, p) => {
				const q = lineQuantity(l, p);
				expect(q).toBeGreaterThanOrEqual(0);
				expect(Number.isInteger(q)).toBe(true);
				expect(q).toBe(lineQuantity(l, Math.min(30, Math.max(1, p))));
			})
		);
		expect(lineQuantity(of({ scaling: 'fixed', quantity: -3 }), 2)).toBe(0);
		expect(lineQuantity(of({ scaling: 'bands', band1: null, band2: 2, band3: 3, band5: 4 }), 1)).toBe(0);
	});
});

describe('scaleTemplate', () => {
	it('keeps the lines with a target, cold ones last, each part in position order (stable)', () => {
		fc.assert(
			fc.property(fc.array(line, { maxLength: 12 }), persons, (lines, p) => {
				const out = scaleTemplate(lines, p);
				// Exactly the lines with a target above 0, each once, with its lineQuantity.
				expect(out.map((l) => l.id).sort()).toEqual(
					lines
						.filter((l) => lineQuantity(l, p) > 0)
						.map((l) => l.id)
						.sort()
				);
				for (const l of out) expect(l.target).toBe(lineQuantity(l, p));
				// Cold lines after every ambient line.
				const firstCold = out.findIndex((l) => l.cold);
				if (firstCold >= 0) expect(out.slice(firstCold).every((l) => l.cold)).toBe(true);
				// Within each part: by position, ties in the given order.
				for (const cold of [false, true]) {
					const part = out.filter((l) => l.cold === cold);
					const expected = lines
						.map((l, i) => ({ l, i }))
						.filter(({ l }) => l.cold === cold && lineQuantity(l, p) > 0)
						.sort((a, b) => a.l.position - b.l.position || a.i - b.i)
						.map(({ l }) => l);
					expect(part.map((l) => l.id)).toEqual(expected.map((l) => l.id));
				}
			})
		);
	});

	it('keeps the caller’s own fields and does not change its array', () => {
		const lines = [
			{ ...of({ id: 'b', position: 1, cold: true, scaling: 'per_person', quantity: 2 }), categoryName: 'Produits laitiers' },
			{ ...of({ id: 'a', position: 2, unit: 'kg', scaling: 'per_person', quantity: 1000 }), categoryName: 'Féculents' },
			{ ...of({ id: 'c', position: 0, scaling: 'bands', band1: 1, band2: 2, band3: 3, band5: 4 }), categoryName: 'Conserves' }
		];
		const copy = structuredClone(lines);
		const out = scaleTemplate(lines, 4);
		expect(out.map((l) => [l.id, l.target, l.categoryName])).toEqual([
			['c', 3, 'Conserves'],
			['a', 4000, 'Féculents'],
			['b', 8, 'Produits laitiers']
		]);
		expect(lines).toEqual(copy);
	});
});

describe('checking a line', () => {
	const draft = { categoryId: 'c', unit: 'piece', scaling: 'fixed', quantity: 2, band1: null, band2: null, band3: null, band5: null, cold: false };

	it('accepts a good line of each scaling', () => {
		expect(templateLineProblems(draft)).toEqual({});
		expect(templateLineProblems({ ...draft, scaling: 'per_person', unit: 'kg', quantity: 1500 })).toEqual({});
		expect(templateLineProblems({ ...draft, scaling: 'bands', quantity: null, band1: 0, band2: 1, band3: 2, band5: 3 })).toEqual({});
	});

	it('names each wrong field in French', () => {
		expect(Object.keys(templateLineProblems({ ...draft, categoryId: null, unit: 'litre', quantity: 0 }))).toEqual(['categoryId', 'unit', 'quantity']);
		expect(templateLineProblems({ ...draft, scaling: 'weekly' }).scaling).toMatch(/Choisissez/);
		expect(templateLineProblems({ ...draft, scaling: 'bands', band1: 0, band2: 0, band3: 0, band5: 0 }).band1).toMatch(/Au moins une tranche/);
		expect(Object.keys(templateLineProblems({ ...draft, scaling: 'bands', band1: -1, band2: null, band3: 1.5, band5: 1 }))).toEqual([
			'band1',
			'band2',
			'band3'
		]);
		expect(templateLineProblems({ ...draft, quantity: MAX_LINE_QUANTITY.piece + 1 }).quantity).toMatch(/Trop grand/);
		expect(templateLineProblems({ ...draft, unit: 'kg', quantity: MAX_LINE_QUANTITY.kg }).quantity).toBeUndefined();
	});

	it('a line with no problem always has a target above 0 for some size, and none is negative', () => {
		const maybe = fc.option(fc.integer({ min: -10, max: 600 }), { nil: null });
		fc.assert(
			fc.property(fc.constantFrom('fixed', 'per_person', 'bands'), maybe, maybe, maybe, maybe, maybe, (scaling, quantity, band1, band2, band3, band5) => {
				const d = { ...draft, scaling, quantity, band1, band2, band3, band5 };
				if (Object.keys(templateLineProblems(d)).length > 0) return;
				const l = of({ ...d, scaling: scaling as TemplateLine['scaling'], unit: 'piece' });
				const targets = [1, 2, 3, 5].map((p) => lineQuantity(l, p));
				expect(targets.some((t) => t > 0)).toBe(true);
				expect(targets.every((t) => t >= 0)).toBe(true);
			})
		);
	});

	it('reads kg with a decimal comma as grams, pieces as whole numbers', () => {
		const kg = readTemplateLineText({ categoryId: 'c', unit: 'kg', scaling: 'per_person', quantity: '1,5' });
		expect(kg.problems).toEqual({});
		expect(kg.draft.quantity).toBe(1500);
		const pieces = readTemplateLineText({ categoryId: 'c', unit: 'piece', scaling: 'bands', band1: '1', band2: '2', band3: '0', band5: 'deux' });
		expect(pieces.draft).toMatchObject({ band1: 1, band2: 2, band3: 0, band5: null, quantity: null });
		expect(Object.keys(pieces.problems)).toEqual(['band5']);
		expect(readTemplateLineText({ unit: 'piece', scaling: 'fixed', quantity: '1,5' }).problems.quantity).toBeTruthy();
		for (const f of BAND_FIELDS) expect(readTemplateLineText({ unit: 'kg', scaling: 'fixed', [f]: '3' }).draft[f]).toBeNull();
		expect(lineQuantityText('kg', 1500)).toBe('1,5 kg');
		expect(lineQuantityText('piece', 3)).toBe('3');
	});
});
