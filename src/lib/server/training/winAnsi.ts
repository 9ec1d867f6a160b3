/**
 * Text the PDF standard fonts can draw (WinAnsi, windows-1252). The booklet's PDF uses Helvetica, which
 * has no glyph for "Ł", "ễ" or "ğ": pdfkit would print other characters in their place. A name keeps
 * its letters without the accents it cannot show ("Nguyễn" → "Nguyen", "Łukasz" → "Lukasz"); the printed
 * page (HTML) shows every name exactly.
 */

// windows-1252's 0x80–0x9F characters; everything else it has is Latin-1 (U+00A0–U+00FF) and ASCII.
const HIGH = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const SPECIAL: Record<string, string> = {
	Ł: 'L',
	ł: 'l',
	Đ: 'D',
	đ: 'd',
	Ħ: 'H',
	ħ: 'h',
	ı: 'i',
	Ŋ: 'N',
	ŋ: 'n',
	'\u2212': '-', // minus sign
	'\u202f': '\u00a0', // narrow no-break space (French number and currency formatting)
	'\u2009': ' ',
	'\u2011': '-',
	'\u2010': '-'
};

const drawable = (c: string): boolean => {
	const code = c.codePointAt(0)!;
	return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || HIGH.has(c);
};

export function winAnsi(text: string): string {
	let out = '';
	for (const c of text) {
		if (drawable(c)) {
			out += c;
			continue;
		}
		if (SPECIAL[c] !== undefined) {
			out += SPECIAL[c];
			continue;
		}
		// The letter without its accents, when that is drawable ("ễ" → "e", "ğ" → "g"); else a question mark.
		const bare = c.normalize('NFD').replace(/\p{M}/gu, '');
		out += bare !== '' && [...bare].every(drawable) ? bare : '?';
	}
	return out;
}
