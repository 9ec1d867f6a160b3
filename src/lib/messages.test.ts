import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

/** The message files as translators edit them (messages/<locale>.json, inlang message format). */
function load(locale: string): Record<string, unknown> {
	const raw = JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
	const { $schema: _schema, ...messages } = raw;
	return messages;
}

/** The {placeholders} a message uses, sorted, without duplicates (variants included). */
function placeholders(value: unknown): string[] {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return [...new Set([...text.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g)].map((m) => m[1]!))].sort();
}

describe('messages', () => {
	const fr = load('fr');
	const en = load('en');

	test('no key is written twice in a file (JSON keeps the last one silently; merges add such twins)', () => {
		for (const locale of ['fr', 'en']) {
			const text = readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8');
			const keys = [...text.matchAll(/^\t"([^"]+)":/gm)].map((m) => m[1]!);
			expect(keys.length, locale).toBeGreaterThan(1000);
			expect(
				keys.filter((k, i) => keys.indexOf(k) !== i),
				locale
			).toEqual([]);
		}
	});

	test('French and English have exactly the same keys', () => {
		const frKeys = Object.keys(fr).sort();
		const enKeys = Object.keys(en).sort();
		expect(
			frKeys.filter((k) => !(k in en)),
			'missing in en.json'
		).toEqual([]);
		expect(
			enKeys.filter((k) => !(k in fr)),
			'missing in fr.json'
		).toEqual([]);
		expect(frKeys.length).toBeGreaterThan(0);
	});

	test('each message uses the same {placeholders} in both languages', () => {
		const differ = Object.keys(fr)
			.filter((k) => k in en)
			.filter((k) => placeholders(fr[k]).join() !== placeholders(en[k]).join())
			.map((k) => `${k}: fr {${placeholders(fr[k]).join(', ')}} / en {${placeholders(en[k]).join(', ')}}`);
		expect(differ).toEqual([]);
	});

	test('no message is empty and keys are snake_case identifiers', () => {
		for (const [locale, messages] of [
			['fr', fr],
			['en', en]
		] as const) {
			for (const [key, value] of Object.entries(messages)) {
				expect(key, `${locale}: ${key}`).toMatch(/^[a-z][a-z0-9_]*$/);
				expect(typeof value === 'string' ? value.trim().length : JSON.stringify(value).length, `${locale}: ${key}`).toBeGreaterThan(0);
			}
		}
	});
});
