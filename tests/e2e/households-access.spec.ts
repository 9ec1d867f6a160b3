// Who may open household pages and API endpoints, checked over HTTP with real sessions (not the route
// table): social workers only for files and the committee, managers for the settings, the till roles
// for the card check; a social worker never reaches another organisation's file. No viewport involved:
// runs in the "tablet" project only (see playwright.config.ts).
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test';
import { enrolTablet, newDevice, ownInstall, signIn, takeTillWithPin } from './helpers';

type Who = 'anonymous' | 'operator' | 'supervisor' | 'manager' | 'admin' | 'social_worker';

/** A request context carrying the session of one demo account (an operator signs in on an enrolled tablet). */
async function sessionOf(browser: Browser, baseURL: string | undefined, who: Who): Promise<{ request: APIRequestContext; close: () => Promise<void> }> {
	const { context, page } = await newDevice(browser, baseURL);
	if (who === 'operator') {
		await enrolTablet(page, 'Caisse droits');
		await takeTillWithPin(page, 'Karim', '2580');
	} else if (who !== 'anonymous') {
		await signIn(page, { supervisor: 'nadia', manager: 'sophie', admin: 'admin', social_worker: 'julien' }[who]);
	}
	return { request: context.request, close: () => context.close() };
}

const noRedirect = { maxRedirects: 0 } as const;

test('household pages and API: 200 to the social worker, 403 to operator, supervisor, manager and admin, sign-in to nobody', async ({ browser, baseURL }) => {
	const sw = await sessionOf(browser, baseURL, 'social_worker');
	const found = await sw.request.get('/api/v1/households?q=FOY-0001');
	expect(found.status()).toBe(200);
	const id = ((await found.json()) as { items: { id: string }[] }).items[0]!.id;
	const file = await sw.request.get(`/api/v1/households/${id}`);
	expect(file.status()).toBe(200);
	const rightId = ((await file.json()) as { rights: { id: string }[] }).rights[0]!.id;

	const pages = ['/foyers', '/foyers/nouveau', `/foyers/${id}`, `/foyers/${id}/carte`, `/foyers/${id}/export`, `/foyers/${id}/export.json`, '/comite'];
	const apiGets = ['/api/v1/households?q=Benali', `/api/v1/households/${id}`];
	const newFile = { firstName: 'Refusé', lastName: 'Partout', birthDate: '1970-01-01' };

	for (const p of pages) expect((await sw.request.get(p, noRedirect)).status(), p).toBe(200);
	for (const p of apiGets) expect((await sw.request.get(p)).status(), p).toBe(200);
	// The social worker is not a till role nor a manager.
	expect((await sw.request.get('/caisse/carte', noRedirect)).status()).toBe(403);
	expect((await sw.request.get('/api/v1/till/lookup?code=FOY-0001')).status()).toBe(403);
	expect((await sw.request.get('/reglages-foyers', noRedirect)).status()).toBe(403);

	for (const who of ['operator', 'supervisor', 'manager', 'admin'] as const) {
		const s = await sessionOf(browser, baseURL, who);
		for (const p of pages) expect((await s.request.get(p, noRedirect)).status(), `${who} ${p}`).toBe(403);
		for (const p of apiGets) {
			const r = await s.request.get(p);
			expect(r.status(), `${who} ${p}`).toBe(403);
			expect(await r.json()).toMatchObject({ error: { code: 'forbidden' } });
		}
		expect((await s.request.post('/api/v1/households', { data: newFile, headers: { origin: baseURL! } })).status(), `${who} create`).toBe(403);
		expect((await s.request.post(`/api/v1/households/${id}/rights`, { data: {}, headers: { origin: baseURL! } })).status(), `${who} issue right`).toBe(403);
		expect((await s.request.post(`/api/v1/rights/${rightId}/renew`, { data: {}, headers: { origin: baseURL! } })).status(), `${who} renew`).toBe(403);
		// What each may use: the settings (managers), the till lookup (till roles), first name and status only.
		const settings = (await s.request.get('/reglages-foyers', noRedirect)).status();
		expect(settings, `${who} settings`).toBe(who === 'manager' || who === 'admin' ? 200 : 403);
		const lookup = await s.request.get('/api/v1/till/lookup?code=FOY-0001');
		expect(lookup.status(), `${who} till lookup`).toBe(who === 'manager' ? 403 : 200);
		if (lookup.status() === 200) {
			const view = await lookup.json();
			expect(view).toMatchObject({ firstName: 'Amina', status: 'valid' });
			expect(JSON.stringify(view)).not.toMatch(/Benali|1986|rsa|loyer/i);
		}
		await s.close();
	}
	// Nothing was created by the refused requests.
	expect(((await (await sw.request.get('/api/v1/households?q=Partout')).json()) as { items: unknown[] }).items).toEqual([]);

	const anon = await sessionOf(browser, baseURL, 'anonymous');
	for (const p of pages) {
		const r = await anon.request.get(p, noRedirect);
		expect(r.status(), `anonymous ${p}`).toBe(303);
		expect(r.headers()['location'], p).toMatch(/^\/connexion/);
	}
	for (const p of [...apiGets, '/api/v1/till/lookup?code=FOY-0001']) expect((await anon.request.get(p)).status(), `anonymous ${p}`).toBe(401);
	expect((await anon.request.post('/api/v1/households', { data: newFile })).status()).toBe(401);
	await anon.close();
	await sw.close();
});

test("a social worker cannot open another organisation's file (404), by page or API", async ({ browser }) => {
	// Two organisations in one database, each with its own social worker (created with the admin CLI).
	const password = 'un-mot-de-passe-long';
	const { base, stop } = await ownInstall(
		[
			{ organisation: 'Épicerie du Nord', username: 'nord', role: 'social_worker' },
			{ organisation: 'Épicerie du Sud', username: 'sud', role: 'social_worker' }
		],
		password
	);
	try {
		const nord = await newDevice(browser, base);
		await signIn(nord.page, 'nord', password);
		const created = await nord.context.request.post('/api/v1/households', {
			data: { firstName: 'Inès', lastName: 'Garnier', birthDate: '1979-09-09' },
			headers: { origin: base }
		});
		expect(created.status()).toBe(201);
		const { id } = (await created.json()) as { id: string };
		expect((await nord.context.request.get(`/foyers/${id}`, noRedirect)).status()).toBe(200);

		const sud = await newDevice(browser, base);
		await signIn(sud.page, 'sud', password);
		for (const p of [`/foyers/${id}`, `/foyers/${id}/carte`, `/foyers/${id}/export`, `/foyers/${id}/export.json`]) {
			const r = await sud.context.request.get(p, noRedirect);
			expect(r.status(), p).toBe(404);
			expect(await r.text(), p).not.toContain('Garnier');
		}
		const api = await sud.context.request.get(`/api/v1/households/${id}`);
		expect(api.status()).toBe(404);
		expect(JSON.stringify(await api.json())).not.toContain('Garnier');
		expect((await sud.context.request.post(`/api/v1/households/${id}/rights`, { data: {}, headers: { origin: base } })).status()).toBe(404);
		expect(((await (await sud.context.request.get('/api/v1/households?q=Garnier')).json()) as { items: unknown[] }).items).toEqual([]);
		await nord.context.close();
		await sud.context.close();
	} finally {
		await stop();
	}
});
