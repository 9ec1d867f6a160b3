import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_PRICE_CENTS } from '$lib/numbers';
import { labelCopies, MAX_DESCRIPTION, readDescription, readItemPrice, readItemWeight, readPieces, shortDescription, unitWeightOf } from './items';

describe('reading an item', () => {
	test('a price above 0 and at most the maximum, typed or in cents', () => {
		expect(readItemPrice('1,50')).toEqual({ ok: true, value: 150 });
		expect(readItemPrice('2 €')).toEqual({ ok: true, value: 200 });
		expect(readItemPrice(300)).toEqual({ ok: true, value: 300 });
		for (const bad of ['0', '0,00', 0, '-1', -5, 'deux', '', 1.5, MAX_PRICE_CENTS + 1, '100000,01', null, {}]) {
			const r = readItemPrice(bad);
			expect(r.ok, String(bad)).toBe(false);
			if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
		}
		expect(readItemPrice(MAX_PRICE_CENTS)).toEqual({ ok: true, value: MAX_PRICE_CENTS });
	});

	test('pieces: 1 by default, whole, 1 to 10 000', () => {
		expect(readPieces(undefined)).toEqual({ ok: true, value: 1 });
		expect(readPieces('30')).toEqual({ ok: true, value: 30 });
		for (const bad of ['0', '1,5', 0, 10_001, -2, 'trente']) expect(readPieces(bad).ok, String(bad)).toBe(false);
	});

	test('a weight in kilograms up to the scale maximum', () => {
		expect(readItemWeight('2,5', 300_000)).toEqual({ ok: true, value: 2500 });
		expect(readItemWeight(1200, 300_000)).toEqual({ ok: true, value: 1200 });
		for (const bad of ['0', '300,001', 300_001, 0, '-1', 'lourd']) expect(readItemWeight(bad, 300_000).ok, String(bad)).toBe(false);
	});

	test('a description trimmed, spaces folded, required and bounded', () => {
		expect(readDescription('  Chaise \n paillée ')).toEqual({ ok: true, value: 'Chaise paillée' });
		expect(readDescription('   ').ok).toBe(false);
		expect(readDescription('é'.repeat(MAX_DESCRIPTION)).ok).toBe(true);
		expect(readDescription('é'.repeat(MAX_DESCRIPTION + 1)).ok).toBe(false);
	});
});

describe('weights and labels of a batch', () => {
	test('the unit weight of a weighed batch is the total shared, at least 1 g, close to the total', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 10_000 }), (total, pieces) => {
				const unit = unitWeightOf(total, pieces);
				expect(unit).toBeGreaterThanOrEqual(1);
				if (total >= pieces) expect(Math.abs(unit * pieces - total)).toBeLessThanOrEqual(pieces / 2);
			})
		);
	});

	test('one label per piece in stock (at least one), or one for the batch', () => {
		expect(labelCopies(30, true)).toBe(30);
		expect(labelCopies(30, false)).toBe(1);
		expect(labelCopies(0, true)).toBe(1);
	});

	test('a short description keeps whole words and never passes its length', () => {
		expect(shortDescription('Chaise')).toBe('Chaise');
		expect(shortDescription('Une très belle armoire normande en chêne massif avec miroir', 30)).toBe('Une très belle armoire…');
		fc.assert(
			fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 4, max: 80 }), (s, max) => {
				expect([...shortDescription(s, max)].length).toBeLessThanOrEqual(max);
			})
		);
	});
});
