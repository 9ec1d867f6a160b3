import { inflateSync } from 'node:zlib';

// WinAnsi (windows-1252) 0x80–0x9F; the rest is Latin-1. (Node's TextDecoder may decode these as C1 controls.)
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = (b: Buffer): string => Array.from(b, (c) => (c >= 0x80 && c <= 0x9f ? HIGH[c - 0x80]! : String.fromCharCode(c))).join('');

/**
 * The text a PDF shows, for tests: every content stream (inflated when compressed) read for its text
 * operators (Tj, TJ: literal and hex strings, as pdfkit writes them with the standard fonts, WinAnsi),
 * one line per text object. Enough for the PDFs this project makes; not a general PDF reader.
 */
export function pdfText(bytes: Uint8Array): string {
	const buf = Buffer.from(bytes);
	const latin = buf.toString('latin1');
	const out: string[] = [];
	const re = /stream\r?\n/g;
	let match: RegExpExecArray | null;
	while ((match = re.exec(latin))) {
		const start = match.index + match[0].length;
		const end = latin.indexOf('endstream', start);
		if (end < 0) break;
		const head = latin.slice(Math.max(0, match.index - 200), match.index);
		let body = buf.subarray(start, end);
		if (head.includes('/FlateDecode')) {
			try {
				body = inflateSync(body);
			} catch {
				continue;
			}
		}
		const content = body.toString('latin1');
		for (const block of content.split(/\bBT\b/).slice(1)) {
			const text = block.split(/\bET\b/)[0]!;
			let line = '';
			for (const s of text.matchAll(/<([0-9a-fA-F\s]*)>|\(((?:\\.|[^\\)])*)\)/g)) {
				if (s[1] !== undefined) line += winAnsi(Buffer.from(s[1].replace(/\s/g, ''), 'hex'));
				else line += s[2]!.replace(/\\([()\\])/g, '$1');
			}
			if (line) out.push(line);
		}
		re.lastIndex = end + 'endstream'.length;
	}
	return out.join('\n');
}
