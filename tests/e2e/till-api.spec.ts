import { expect, test } from '@playwright/test';
import { makeToken, newDevice, signIn } from './helpers';

// Through the real server (token check and route guard in hooks.server.ts); the sales themselves
// are tested against the handlers in tests/integration/api-till.test.ts and measured by npm run bench.
test('till API over HTTP: a token is a till point; no key, no sale; a token without till roles is refused', async ({ page, request, browser, baseURL }) => {
	await signIn(page, 'sophie');
	const manager = await makeToken(page, 'Comptabilité', 'Responsable');
	const admin = await newDevice(browser, baseURL);
	await signIn(admin.page, 'admin');
	const till = await makeToken(admin.page, 'Caisse du logiciel partenaire', 'Administrateur·rice');
	await admin.context.close();
	const as = (token: string) => ({ authorization: `Bearer ${token}` });

	for (const [method, path] of [
		['POST', '/api/v1/sales'],
		['GET', '/api/v1/till-sessions/current'],
		['POST', '/api/v1/till-sessions']
	] as const) {
		const r = await request.fetch(path, { method, headers: as(manager), data: method === 'POST' ? {} : undefined });
		expect(r.status(), `${method} ${path}`).toBe(403);
		expect((await r.json()).error.code).toBe('forbidden');
	}
	// A manager reads the sales (route group (sales)); nobody signed in, nobody reads them.
	const sales = await request.get('/api/v1/sales', { headers: as(manager) });
	expect(sales.status()).toBe(200);
	expect(await sales.json()).toMatchObject({ page: 1, items: expect.any(Array) });
	expect((await request.get('/api/v1/sales')).status()).toBe(401);

	const none = await request.get('/api/v1/till-sessions/current', { headers: as(till) });
	expect(none.status()).toBe(404);
	expect((await none.json()).error.message).toBe("Aucune caisse n'est ouverte ici. Ouvrez la caisse d'abord.");
	const opened = await request.post('/api/v1/till-sessions', { headers: as(till), data: { floatCents: 5000 } });
	expect(opened.status()).toBe(201);
	expect(await opened.json()).toMatchObject({ status: 'open', floatCents: 5000, deviceName: null });

	const basket = { customer: 'FOY-0001', lines: [{ lot: 'L-999999', quantity: 1 }], payments: [] };
	const noKey = await request.post('/api/v1/sales', { headers: as(till), data: basket });
	expect(noKey.status()).toBe(400);
	expect(await noKey.json()).toEqual({
		error: {
			code: 'idempotency_key_required',
			field: 'idempotencyKey',
			message: "Il manque la clé unique de la vente : envoyez l'en-tête Idempotency-Key (8 à 100 lettres, chiffres, - ou _). Rien n'a été enregistré."
		}
	});
	const unknownLot = await request.post('/api/v1/sales', { headers: { ...as(till), 'Idempotency-Key': 'e2e-till-api-0001' }, data: basket });
	expect(unknownLot.status()).toBe(404);
	expect((await unknownLot.json()).error.code).toBe('lot_not_found');

	const closed = await request.post('/api/v1/till-sessions/current/close', { headers: as(till), data: { counted: { cash: 5000 } } });
	expect(closed.status()).toBe(200);
	expect(await closed.json()).toMatchObject({
		status: 'closed',
		zNumber: expect.any(Number),
		totals: { sales: 0, expected: { cash: 5000 }, difference: { cash: 0 } }
	});
	const afterClose = await request.post('/api/v1/sales', { headers: { ...as(till), 'Idempotency-Key': 'e2e-till-api-0002' }, data: basket });
	expect(afterClose.status()).toBe(409);
	expect((await afterClose.json()).error.code).toBe('till_closed');
	const listed = await request.get('/api/v1/till-sessions', { headers: as(till) });
	expect((await listed.json()).items[0]).toMatchObject({ status: 'closed', zReport: { sales: 0 } });
});
