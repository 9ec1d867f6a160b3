import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOM, formatCsv } from '../http/csv';
import { centsToText, parseCsv, parseEurosToCents } from './csv';

describe('French CSV', () => {
	it('writes a BOM, semicolons and quotes only where needed', () => {
		expect(
			formatCsv([
				['nom', 'prix'],
				['Pâtes; 500 g', '1,50'],
				['Lait "bio"', '0,99']
			])
		).toBe(BOM + 'nom;prix\r\n"Pâtes; 500 g";1,50\r\n"Lait ""bio""";0,99\r\n');
	});

	it('reads back any table it wrote, with line numbers', () => {
		const cell = fc.string({ unit: fc.constantFrom('a', 'é', ';', '"', '\n', ' ', '1', ','), maxLength: 8 });
		fc.assert(
			fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
				const nonEmpty = rows.filter((r) => r.some((f) => f !== ''));
				// A header with a semicolon fixes the separator.
				const table = [['a', 'b'], ...nonEmpty];
				const parsed = parseCsv(formatCsv(table));
				expect(parsed.map((r) => r.fields)).toEqual(table);
				expect(parsed[0]!.line).toBe(1);
			})
		);
	});

	it('counts lines for error reports, skips blank lines, accepts commas when there is no semicolon', () => {
		expect(parseCsv('a;b\n\n1;2\n"x\ny";3\n4;5')).toEqual([
			{ line: 1, fields: ['a', 'b'] },
			{ line: 3, fields: ['1', '2'] },
			{ line: 4, fields: ['x\ny', '3'] },
			{ line: 6, fields: ['4', '5'] }
		]);
		expect(parseCsv('a,b\r\n1,2\r\n').map((r) => r.fields)).toEqual([
			['a', 'b'],
			['1', '2']
		]);
		expect(() => parseCsv('a;"b\n1;2')).toThrow();
	});

	it('reads prices with a decimal comma as cents', () => {
		expect(parseEurosToCents('1,50')).toBe(150);
		expect(parseEurosToCents('2 €')).toBe(200);
		expect(parseEurosToCents('0.05')).toBe(5);
		expect(parseEurosToCents('1,505')).toBeNull();
		expect(parseEurosToCents('-1')).toBeNull();
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 9_999_999 }), (c) => {
				expect(parseEurosToCents(centsToText(c))).toBe(c);
			})
		);
	});
});
