import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity, quantityNumber, readDeliveredWeight, valueCents, weightUnknown, type ProductUnit } from './units';

describe('quantities', () => {
	it('reads French decimals as grams or millilitres, pieces as whole numbers', () => {
		expect(parseQuantity('kg', '1,25')).toBe(1250);
		expect(parseQuantity('kg', '0.250')).toBe(250);
		expect(parseQuantity('litre', '2')).toBe(2000);
		expect(parseQuantity('piece', '20')).toBe(20);
		expect(parseQuantity('piece', '1,5')).toBeNull();
		expect(parseQuantity('kg', '1,2345')).toBeNull();
		expect(parseQuantity('piece', '-3')).toBeNull();
		expect(parseQuantity('piece', '0')).toBeNull();
		expect(parseQuantity('piece', '0', { allowZero: true })).toBe(0);
		expect(parseQuantity('piece', '1000000')).toBeNull();
		expect(parseQuantity('kg', 'abc')).toBeNull();
	});

	it('reads back what it shows', () => {
		fc.assert(
			fc.property(fc.constantFrom<ProductUnit>('piece', 'kg', 'litre'), fc.integer({ min: 1, max: 99_999 }), (unit, base) => {
				expect(parseQuantity(unit, quantityNumber(unit, base))).toBe(base);
			})
		);
		expect(formatQuantity('kg', 1250)).toBe('1,25\u00a0kg');
	});

	it('values stock at the reference price', () => {
		expect(valueCents('piece', 3, 250)).toBe(750);
		expect(valueCents('kg', 1500, 400)).toBe(600);
	});
});

describe('weightUnknown', () => {
	it('a piece or litre product without a net weight; never a kg product', () => {
		expect(weightUnknown({ unit: 'piece', netWeightGrams: null })).toBe(true);
		expect(weightUnknown({ unit: 'litre', netWeightGrams: null })).toBe(true);
		expect(weightUnknown({ unit: 'kg', netWeightGrams: null })).toBe(false);
		expect(weightUnknown({ unit: 'piece', netWeightGrams: 500 })).toBe(false);
		expect(weightUnknown({ unit: 'litre', netWeightGrams: 920 })).toBe(false);
	});
});

describe('readDeliveredWeight', () => {
	it('kg with a decimal comma as grams; empty is none; 0, negatives, 4 decimals and more than 100 t are refused in French', () => {
		expect(readDeliveredWeight('125,5')).toEqual({ grams: 125_500, error: null });
		expect(readDeliveredWeight(' 1 250.25 ')).toEqual({ grams: 1_250_250, error: null });
		expect(readDeliveredWeight('')).toEqual({ grams: null, error: null });
		for (const bad of ['0', '-2', 'abc', '1,0001', '100000,001']) expect(readDeliveredWeight(bad).error).toMatch(/./);
		expect(readDeliveredWeight('100000,001').error).toMatch(/100\s000\sk?g|maximum/i);
	});
	it('reads back what quantityNumber writes (fast-check)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 100_000_000 }), (g) => {
				expect(readDeliveredWeight(quantityNumber('kg', g)).grams).toBe(g);
			})
		);
	});
});
