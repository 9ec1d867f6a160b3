import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { safeRedirect } from './redirect';

const SHOP = 'http://shop.local';
/** Where a browser on the shop's page goes when told `Location: <result>`. */
const landsOn = (result: string) => new URL(result, `${SHOP}/connexion?redirectTo=x`).origin;

describe('safeRedirect', () => {
	test('same-site paths are kept, with their query and fragment', () => {
		expect(safeRedirect('/personnes')).toBe('/personnes');
		expect(safeRedirect('/ventes?page=2&q=FOY-1#haut')).toBe('/ventes?page=2&q=FOY-1#haut');
		expect(safeRedirect('/caisse/carte')).toBe('/caisse/carte');
		expect(safeRedirect('/a/../b')).toBe('/b');
	});

	test.each([
		['%2F%09%2Fevil.example%2F decoded (the issue)', '/\t/evil.example/'],
		['protocol-relative', '//evil.example'],
		['backslash', '/\\evil.example'],
		['two backslashes', '\\\\evil.example'],
		['newline between the slashes', '/\n/evil.example'],
		['carriage return', '/\r/evil.example'],
		['tab before', '\t//evil.example'],
		['absolute URL', 'https://evil.example/'],
		['scheme-relative with credentials', '//user:pw@evil.example'],
		['javascript:', 'javascript:alert(1)'],
		['data:', 'data:text/html,<script>alert(1)</script>'],
		['dot segment making //', '/.//evil.example'],
		['encoded dot segment making //', '/%2e//evil.example'],
		['backslash then slash', '/\\/evil.example'],
		['relative name', 'evil.example'],
		['empty', ''],
		['null', null],
		['undefined', undefined]
	])('refused: %s', (_, target) => {
		const result = safeRedirect(target);
		expect(result.startsWith('/')).toBe(true);
		expect(landsOn(result)).toBe(SHOP);
		expect(result).not.toContain('evil.example/');
		if (typeof target === 'string' && /evil/.test(target)) expect(new URL(result, SHOP).host).toBe('shop.local');
	});

	test('the issue’s redirectTo, read from the query string as the route reads it, goes home', () => {
		const url = new URL(`${SHOP}/connexion?redirectTo=%2F%09%2Fevil.example%2F`);
		expect(safeRedirect(url.searchParams.get('redirectTo'))).toBe('/');
	});

	test('encoded slashes stay encoded (a path on this site, never another host)', () => {
		expect(safeRedirect('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
		expect(safeRedirect('/%5Cevil.example')).toBe('/%5Cevil.example');
		expect(landsOn('/%2F%2Fevil.example')).toBe(SHOP);
	});

	test('property: whatever the text, the result is a path that keeps the browser on the site', () => {
		const piece = fc.constantFrom(
			...['/', '\\', '\t', '\n', '\r', '%2F', '%5C', '%2f', '%09', '@', ':', '.', '..'],
			...['evil.example', 'http', 'https:', '?', '#', ' ', 'a']
		);
		const target = fc.oneof(
			fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
			fc.string(),
			fc.webUrl()
		);
		fc.assert(
			fc.property(target, (t) => {
				const result = safeRedirect(t);
				expect(result.startsWith('/')).toBe(true);
				expect(result.startsWith('//')).toBe(false);
				expect(landsOn(result)).toBe(SHOP);
				// Read again it is unchanged: what is kept is already in the browser's own form.
				expect(safeRedirect(result)).toBe(result);
			}),
			{ numRuns: 5000 }
		);
	});
});
