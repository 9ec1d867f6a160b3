import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../stock/csv';
import { BOM, type CsvCell, CsvNumber, csvMoney, formatCsv, neutralise, unneutralise } from './csv';

const DANGEROUS = ['=', '+', '-', '@', '\t', '\r'];

describe('the one CSV writer: formula-safe', () => {
	it('neutralises the issue’s examples and every dangerous first character', () => {
		expect(
			formatCsv([
				['nom', 'tablette'],
				['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0"]
			])
		).toBe(BOM + 'nom;tablette\r\n"\'=HYPERLINK(""http://x"")";\'+cmd|\' /C calc\'!A0\r\n');
		for (const c of DANGEROUS) expect(formatCsv([[`${c}1+1`, 'x']])).toMatch(new RegExp(`^${BOM}"?'\\${c}1\\+1`));
		expect(formatCsv([['-', '@x', 'a=b', "'=déjà"]])).toBe(BOM + "'-;'@x;a=b;''=déjà\r\n");
	});

	it('keeps numbers we wrote as numbers, negative ones too', () => {
		expect(formatCsv([[csvMoney(-150), csvMoney(5), 3, -2, 1.5, null, undefined, '-2']])).toBe(BOM + "-1,50;0,05;3;-2;1,5;;;'-2\r\n");
		expect(() => CsvNumber.of('=1')).toThrow();
		expect(() => formatCsv([[Number.NaN]])).toThrow();
	});

	it('no cell read back starts with a dangerous character unless it is a number we wrote; texts round-trip', () => {
		const text = fc.string({ unit: fc.constantFrom('a', 'é', ';', '"', '\n', '\r', '\t', ' ', '1', ',', '=', '+', '-', '@', "'", '|'), maxLength: 10 });
		const cell: fc.Arbitrary<CsvCell> = fc.oneof(
			{ weight: 4, arbitrary: text },
			{ weight: 1, arbitrary: fc.integer({ min: -1e9, max: 1e9 }) },
			{ weight: 1, arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map(csvMoney) }
		);
		fc.assert(
			fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
				const table: CsvCell[][] = [['a', 'b'], ...rows];
				const parsed = parseCsv(formatCsv(table));
				// Every row has at least two cells, so a `;`: the reader keeps even lines of empty cells.
				const kept = table;
				expect(parsed).toHaveLength(kept.length);
				parsed.forEach(({ fields }, i) => {
					const row = kept[i]!;
					fields.forEach((f, j) => {
						const c = row[j];
						if (typeof c === 'string') {
							expect(DANGEROUS.includes(f[0] ?? '')).toBe(false);
							// The reader turns CR and CRLF inside a field into LF.
							expect(f).toBe(neutralise(c).replace(/\r\n?/g, '\n'));
						} else {
							const n = typeof c === 'number' ? c : Number((c as CsvNumber).text.replace(',', '.')) * 100;
							expect(Number(f.replace(',', '.')) * (typeof c === 'number' ? 1 : 100)).toBeCloseTo(n, 6);
						}
					});
				});
			})
		);
	});

	it('neutralise and unneutralise are inverse on any text', () => {
		fc.assert(
			fc.property(fc.string(), (s) => {
				expect(unneutralise(neutralise(s))).toBe(s);
			})
		);
	});
});
