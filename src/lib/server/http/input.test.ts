import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../errors';
import { readJson } from './api';
import { readForm } from './forms';
import { hasBadCharacter, hasBadCharacterDeep, isUuid, readBody } from './input';

/** A request whose body arrives in chunks, without Content-Length (as a streamed upload). */
function streamed(size: number, contentType = 'application/json'): Request {
	let sent = 0;
	const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
	const body = new ReadableStream<Uint8Array>({
		pull(c) {
			if (sent >= size) return c.close();
			c.enqueue(chunk);
			sent += chunk.byteLength;
		}
	});
	return new Request('http://x/api', { method: 'POST', body, headers: { 'content-type': contentType }, duplex: 'half' } as RequestInit);
}

const status = async (p: Promise<unknown>) => {
	try {
		await p;
		return 'ok';
	} catch (e) {
		return e instanceof AppError ? `${e.status} ${e.code}` : 'crash';
	}
};

describe('hasBadCharacter', () => {
	it('finds NUL and lone surrogates, high or low; accepts whole pairs (emoji) and ordinary accents', () => {
		for (const s of ['\u0000', 'a\u0000', '\ud800', 'x\ud83dy', '\udc00', 'a\ude00b', '\ude00\ud83d']) expect(hasBadCharacter(s), JSON.stringify(s)).toBe(true);
		for (const s of ['', 'Zoé', 'Œuf – 2 €', '😀', 'a😀b', '\t\n']) expect(hasBadCharacter(s), s).toBe(false);
	});
	it('looks into nested values and keys of JSON', () => {
		expect(hasBadCharacterDeep({ a: [{ b: 'ok' }, { c: ['x\u0000'] }] })).toBe(true);
		expect(hasBadCharacterDeep({ ['k\ud800']: 1 })).toBe(true);
		expect(hasBadCharacterDeep({ a: [1, true, null, { b: 'é' }] })).toBe(false);
	});
});

describe('isUuid', () => {
	it('is the shape PostgreSQL reads, nothing else', () => {
		expect(isUuid('00000000-0000-4000-8000-000000000000')).toBe(true);
		expect(isUuid('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe(true);
		for (const v of ['', 'zz', '%', '\u0000', '00000000-0000-4000-8000-00000000000', ' 00000000-0000-4000-8000-000000000000', 42, null])
			expect(isUuid(v), String(v)).toBe(false);
	});
});

describe('bodies are bounded, also when streamed', () => {
	it('readBody: a declared or streamed body over the limit is a 413', async () => {
		expect(await status(readBody(new Request('http://x', { method: 'POST', body: 'abc' }), 10))).toBe('ok');
		expect(await status(readBody(new Request('http://x', { method: 'POST', body: 'a'.repeat(11), headers: { 'content-length': '11' } }), 10))).toBe(
			'413 too_large'
		);
		expect(await status(readBody(streamed(2_000_000)))).toBe('413 too_large');
	});
	it('readJson: 2 MB streamed without Content-Length is a 413, not a parse error', async () => {
		expect(await status(readJson(streamed(2_000_000), z.object({})))).toBe('413 too_large');
	});
	it('readJson: NUL or a lone surrogate anywhere in the JSON is a 400 invalid_characters', async () => {
		const req = (text: string) => new Request('http://x', { method: 'POST', body: text, headers: { 'content-type': 'application/json' } });
		const any = z.unknown();
		expect(await status(readJson(req('{"note":"a\\u0000b"}'), any))).toBe('400 invalid_characters');
		expect(await status(readJson(req('{"lines":[{"note":"\\ud800"}]}'), any))).toBe('400 invalid_characters');
		expect(await status(readJson(req('{"note":"😀 \\ud83d\\ude00"}'), any))).toBe('ok');
	});
	it('readForm: NUL in a field is a 400 with a French message; 2 MB streamed is a 413', async () => {
		const form = (body: string) => new Request('http://x', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		const nul = (await readForm(form('username=a%00b&password=x'))) as { status: number; data: { error: string } };
		expect(nul.status).toBe(400);
		expect(nul.data.error).toMatch(/caractère invalide/);
		// A lone surrogate cannot travel in UTF-8: bytes that would encode one arrive as U+FFFD, storable.
		expect(await readForm(form('note=%ED%A0%80'))).toEqual({ note: '\ufffd\ufffd\ufffd' });
		expect(((await readForm(streamed(2_000_000, 'application/x-www-form-urlencoded'))) as { status: number }).status).toBe(413);
		expect(await readForm(form('name=Zo%C3%A9&name=Lou'))).toEqual({ name: 'Zoé\nLou' });
	});
});
