import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { winAnsi } from './winAnsi';

const WIN_ANSI = /^[\n\x20-\x7e\u00a0-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/u;

describe('winAnsi (what the PDF standard fonts can draw)', () => {
	it('keeps French as it is, and names without the accents Helvetica lacks', () => {
		expect(winAnsi('Éloïse Lefèvre — « œuvre », 1 234,50 €')).toBe('Éloïse Lefèvre — « œuvre », 1 234,50 €');
		expect(winAnsi('Encadrant·e référent·e')).toBe('Encadrant·e référent·e');
		expect(winAnsi('Łukasz Wiśniewski')).toBe('Lukasz Wisniewski');
		expect(winAnsi('Nguyễn Thị Hồng')).toBe('Nguyen Thi Hong');
		expect(winAnsi('Ayşe Yılmaz, Đorđe')).toBe('Ayse Yilmaz, Dorde');
		expect(winAnsi('1\u202f234,50\u00a0€ \u22125')).toBe('1\u00a0234,50\u00a0€ -5');
		expect(winAnsi('محمد')).toBe('????');
	});

	it('always gives drawable text, and drawable text stays as it is (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme' }), (s) => {
				const out = winAnsi(s);
				expect(out).toMatch(WIN_ANSI);
				expect(winAnsi(out)).toBe(out);
			})
		);
	});
});
