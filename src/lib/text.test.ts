import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasControlCharacter } from './text';

describe('hasControlCharacter', () => {
	it('finds NUL, tab, newline and the other C0 controls, anywhere', () => {
		for (const c of ['\u0000', '\t', '\n', '\r', '\u001f']) {
			expect(hasControlCharacter(`LOT${c}12`)).toBe(true);
			expect(hasControlCharacter(c)).toBe(true);
		}
	});

	it('lets printable text through, accents and symbols included', () => {
		fc.assert(
			fc.property(fc.string({ unit: fc.integer({ min: 0x20, max: 0x2fff }).map((n) => String.fromCharCode(n)) }), (s) => {
				expect(hasControlCharacter(s)).toBe(false);
			})
		);
		expect(hasControlCharacter('Lot n° A-12 / é')).toBe(false);
	});
});
