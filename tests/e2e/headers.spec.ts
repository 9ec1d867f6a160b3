import { spawn } from 'node:child_process';
import { expect, test, type APIResponse } from '@playwright/test';
import { freePort, newDevice, signIn } from './helpers';

// Security headers on every kind of answer (issue 9, item 9), over real HTTP through scripts/serve.js:
// error pages raised in the hooks (401, 403, 503), the API's JSON errors, static files, household
// pages and their exports, and HSTS only when the request came over HTTPS.

const html = { accept: 'text/html' };
const noRedirect = { maxRedirects: 0 };

/** Frame protection, nosniff and a CSP that forbids other sites to frame the page. */
function expectFramedOff(r: APIResponse, what: string) {
	const h = r.headers();
	expect(h['x-frame-options'], what).toBe('SAMEORIGIN');
	expect(h['x-content-type-options'], what).toBe('nosniff');
	expect(h['content-security-policy'], what).toMatch(/frame-ancestors 'self'/);
	expect(h['content-security-policy'], what).toMatch(/default-src '(self|none)'/);
}

test('401 and 403 pages raised in the hooks carry the CSP and frame protection; API errors nosniff', async ({ request, browser, baseURL }) => {
	// 401: a form posted without a session (a page, not a redirect).
	const unauth = await request.post('/foyers', { form: { q: 'x' }, headers: { ...html, origin: baseURL! }, ...noRedirect });
	expect(unauth.status()).toBe(401);
	expect(unauth.headers()['content-type']).toMatch(/^text\/html/);
	expect(await unauth.text()).toContain('Erreur 401');
	expectFramedOff(unauth, '401 page');

	// 401 JSON from the API.
	const api = await request.get('/api/v1/households');
	expect(api.status()).toBe(401);
	expect(api.headers()['x-content-type-options']).toBe('nosniff');
	expect(api.headers()['x-frame-options']).toBe('SAMEORIGIN');
	expect((await api.json()).error.code).toBe('unauthenticated');

	// 403: a social worker on the sales list.
	const desk = await newDevice(browser, baseURL);
	await signIn(desk.page, 'julien');
	const forbidden = await desk.context.request.get('/ventes', { headers: html, ...noRedirect });
	expect(forbidden.status()).toBe(403);
	// issue 10: inside the app (its header), with the CSP of a rendered page.
	expect(await forbidden.text()).toContain('avez pas accès à cette page');
	expectFramedOff(forbidden, '403 page');
	// And its JSON form, as SvelteKit answers `*/*`.
	const forbiddenJson = await desk.context.request.get('/ventes', { headers: { accept: '*/*' }, ...noRedirect });
	expect(forbiddenJson.status()).toBe(403);
	expect((await forbiddenJson.json()).code).toBe('forbidden');

	// Household pages and their exports are never stored by a browser or a proxy.
	const foyers = await desk.context.request.get('/foyers', { headers: html });
	expect(foyers.status()).toBe(200);
	expect(foyers.headers()['cache-control']).toBe('no-store');
	expectFramedOff(foyers, '/foyers');
	const found = await desk.context.request.get('/foyers?q=FOY-0001', { headers: html });
	expect(found.headers()['cache-control']).toBe('no-store');
	const file = (await found.text()).match(/\/foyers\/([0-9a-f]{8}-[0-9a-f-]{27})/)?.[1];
	expect(file, 'the demo household FOY-0001 found').toBeTruthy();
	for (const p of [`/foyers/${file}`, `/foyers/${file}/export.json`, '/comite', `/foyers/__data.json`]) {
		const r = await desk.context.request.get(p);
		expect(r.status(), p).toBe(200);
		expect(r.headers()['cache-control'], p).toBe('no-store');
	}
	await desk.context.close();
});

test('static files are served with nosniff', async ({ request }) => {
	const page = await request.get('/connexion', { headers: html });
	const script = (await page.text()).match(/\/_app\/immutable\/[^"']+\.js/)?.[0];
	expect(script, 'a script of the build').toBeTruthy();
	for (const p of [script!, '/favicon.svg', '/app.css']) {
		const r = await request.get(p);
		expect(r.status(), p).toBe(200);
		expect(r.headers()['x-content-type-options'], p).toBe('nosniff');
	}
	// Plain HTTP: no HSTS, even when a client claims HTTPS without a trusted proxy in front.
	expect(page.headers()['strict-transport-security']).toBeUndefined();
	const forged = await request.get('/connexion', { headers: { ...html, 'x-forwarded-proto': 'https' } });
	expect(forged.headers()['strict-transport-security']).toBeUndefined();
});

test('behind a trusted proxy over HTTPS: HSTS; the 503 page raised in the hooks has the CSP too', async ({ request }) => {
	// A server of its own with TRUST_PROXY=true and a database that does not answer (every page is a 503 from the hooks).
	const port = await freePort();
	const deadPort = await freePort();
	const server = spawn(process.execPath, ['scripts/serve.js'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: 'true', DATABASE_URL: `postgres://nobody@127.0.0.1:${deadPort}/nothing` },
		stdio: 'ignore'
	});
	try {
		const base = `http://127.0.0.1:${port}`;
		await expect.poll(async () => (await request.get(`${base}/healthz`).catch(() => null))?.status(), { timeout: 30_000 }).toBe(503);
		const https = await request.get(`${base}/connexion`, { headers: { ...html, 'x-forwarded-proto': 'https' } });
		expect(https.status()).toBe(503);
		expect(await https.text()).toContain('La base de données ne répond pas');
		expectFramedOff(https, '503 page');
		expect(https.headers()['strict-transport-security']).toBe('max-age=31536000');
		const plain = await request.get(`${base}/connexion`, { headers: { ...html, 'x-forwarded-proto': 'http' } });
		expect(plain.status()).toBe(503);
		expect(plain.headers()['strict-transport-security']).toBeUndefined();
	} finally {
		server.kill('SIGTERM');
	}
});
