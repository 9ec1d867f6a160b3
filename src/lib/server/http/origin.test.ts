import { describe, expect, it } from 'vitest';
import { checkOrigin, isSameOrigin, type OriginCheck } from './origin';

const site = 'http://localhost:3000';
const base: OriginCheck = { method: 'POST', path: '/api/v1/rights/x/renew', siteOrigin: site, origin: null, bearer: false, cookies: true };

describe('isSameOrigin', () => {
	it('is the site itself, or the configured ORIGIN; case and trailing slash do not matter', () => {
		expect(isSameOrigin(site, site)).toBe(true);
		expect(isSameOrigin('HTTP://LOCALHOST:3000/', site)).toBe(true);
		expect(isSameOrigin('https://epicerie.example', site, 'https://epicerie.example')).toBe(true);
	});
	it('refuses another port, another scheme, another host, "null", junk and no Origin', () => {
		for (const o of ['http://localhost:3001', 'https://localhost:3000', 'http://evil.example', 'null', 'not a url', '', null])
			expect(isSameOrigin(o, site, 'https://epicerie.example'), String(o)).toBe(false);
	});
});

describe('checkOrigin', () => {
	it('always lets reads through', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(checkOrigin({ ...base, method, origin: 'http://evil.example' })).toBe('allow');
	});
	it('a cookie write to the API without a same-origin Origin is refused, whatever its body or content type (none at all too)', () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			expect(checkOrigin({ ...base, method })).toBe('cross_origin');
			expect(checkOrigin({ ...base, method, origin: 'http://localhost:4173' })).toBe('cross_origin');
			expect(checkOrigin({ ...base, method, origin: site })).toBe('allow');
		}
	});
	it('a Bearer-token call needs no Origin (scripts); a call with neither token nor cookie is left to the 401', () => {
		expect(checkOrigin({ ...base, bearer: true })).toBe('allow');
		expect(checkOrigin({ ...base, bearer: true, origin: 'http://evil.example' })).toBe('allow');
		expect(checkOrigin({ ...base, cookies: false, origin: 'http://evil.example' })).toBe('allow');
	});
	it('a write to a page (form action, logout) needs a same-origin Origin, with or without cookies', () => {
		const page = { ...base, path: '/connexion' };
		expect(checkOrigin({ ...page, cookies: false })).toBe('cross_origin');
		expect(checkOrigin({ ...page, origin: 'http://evil.example' })).toBe('cross_origin');
		expect(checkOrigin({ ...page, bearer: true, origin: 'http://evil.example' })).toBe('cross_origin');
		expect(checkOrigin({ ...page, origin: site })).toBe('allow');
		expect(checkOrigin({ ...page, origin: 'https://epicerie.example', configuredOrigin: 'https://epicerie.example' })).toBe('allow');
	});
});
