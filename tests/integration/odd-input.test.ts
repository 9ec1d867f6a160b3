import { describe, expect, test } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { ROLES } from '$lib/server/auth/roles';
import { startCount } from '$lib/server/stock/counts';
import { createReception } from '$lib/server/stock/receptions';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables } from '../helpers/db-snapshot';
import { addUser, makeOrg } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, newKey } from '../helpers/till';

/**
 * Issue 9, item 7: each odd input found by generated requests answers a 4xx with a French message and
 * changes nothing, never a 500. API bodies through callApi (real handler, token check and guard); page
 * forms and loads through the routes' own `actions` and `load`, as SvelteKit calls them.
 */

const t = useApiTestDatabase();

type Json = Record<string, any>;
type Module = { load?: (e: unknown) => Promise<unknown>; actions?: Record<string, (e: unknown) => Promise<unknown>> };
const pages = import.meta.glob<Module>('/src/routes/**/+page.server.ts');
const page = async (route: string): Promise<Module> => {
	const file = Object.keys(pages).find((f) => f === `/src/routes${route}/+page.server.ts`);
	if (!file) throw new Error(`no page ${route}`);
	return pages[file]!();
};

const NUL = 'Zo\u0000é';

async function shop() {
	const org = await makeOrg(t.db);
	const other = await makeOrg(t.db, 'Autre épicerie');
	const { actor: all } = await addUser(t.db, org, [...ROLES]);
	const { token } = await createApiToken(t.db, all, { name: 'Tous les rôles', roles: [...ROLES] });
	const origin = await makeOrigin(t.db, org);
	const product = await makeProduct(t.db, org, { referencePriceCents: 200 });
	const lot = await makeLot(t.db, all, product.id, origin.id, 100);
	const household = await makeBeneficiary(t.db, org);
	expect((await callApi('POST', '/api/v1/till-sessions', { token, body: { floatCents: 1000 } })).status).toBe(201);
	return { org, other, all, token, origin, product, lot, household };
}

/** An API answer that is a JSON error with this status and code and a French message, and nothing changed. */
async function expectRefused(send: () => Promise<{ status: number; body: Json }>, status: number, code?: string) {
	const before = await snapshotTables(t.db);
	const r = await send();
	expect(r.status, JSON.stringify(r.body)).toBe(status);
	if (code) expect(r.body.error.code).toBe(code);
	expect(r.body.error.message.length).toBeGreaterThan(5);
	expect(await snapshotTables(t.db)).toEqual(before);
	return r;
}

/** A fake RequestEvent, enough for a page's load or action. */
const event = (o: { actor?: unknown; params?: Record<string, string>; form?: Record<string, string>; url?: string; device?: unknown }) => ({
	params: o.params ?? {},
	locals: { actor: o.actor ?? null, device: o.device ?? null, sessionExpired: false },
	url: new URL(o.url ?? 'http://127.0.0.1/'),
	request: new Request('http://127.0.0.1/', {
		method: 'POST',
		body: new URLSearchParams(o.form ?? {}),
		headers: { 'content-type': 'application/x-www-form-urlencoded' }
	}),
	cookies: { get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [] },
	getClientAddress: () => '192.0.2.1',
	parent: async () => ({}),
	setHeaders: () => {},
	depends: () => {},
	untrack: <T>(f: () => T) => f()
});

/** Status of what a load or action threw (an HttpError: its status; anything else: 500, as SvelteKit answers). */
async function thrownStatus(p: Promise<unknown>): Promise<number | 'none'> {
	try {
		await p;
		return 'none';
	} catch (e) {
		const err = e as { constructor: { name: string }; status?: number };
		return err.constructor.name === 'HttpError' || err.constructor.name === 'Redirect' ? err.status! : 500;
	}
}

describe('NUL and lone surrogates are refused where bodies are read (400, French, nothing changed)', () => {
	test('API: NUL in a household, a sale customer, a till note, a right reason, an override reason; a lone surrogate in a delivery note', async () => {
		const s = await shop();
		const household = { firstName: 'Anne', lastName: 'Durand', birthDate: '1980-05-05', ignoreDuplicates: true };
		for (const field of ['firstName', 'lastName', 'commune', 'orientingStructure', 'notes', 'phone']) {
			await expectRefused(() => callApi('POST', '/api/v1/households', { token: s.token, body: { ...household, [field]: NUL } }), 400, 'invalid_characters');
		}
		const sale = { customer: s.household.card, lines: [{ lot: s.lot.code, quantity: 1 }], payments: [{ method: 'cash', amountCents: 40, tenderedCents: 50 }] };
		await expectRefused(
			() =>
				callApi('POST', '/api/v1/sales', {
					token: s.token,
					headers: { 'Idempotency-Key': newKey() },
					body: { ...sale, customer: `${s.household.card}\u0000` }
				}),
			400,
			'invalid_characters'
		);
		await expectRefused(
			() => callApi('POST', '/api/v1/till-sessions/current/close', { token: s.token, body: { counted: { cash: 1000 }, note: NUL } }),
			400,
			'invalid_characters'
		);
		await expectRefused(
			() => callApi('POST', `/api/v1/rights/${s.household.rightId}/suspend`, { token: s.token, body: { reason: NUL } }),
			400,
			'invalid_characters'
		);
		await expectRefused(
			() =>
				callApi('POST', `/api/v1/households/${s.household.householdId}/rights`, {
					token: s.token,
					body: { validFrom: '2031-01-01', monthlyBudgetCents: 7000, overrideReason: NUL }
				}),
			400,
			'invalid_characters'
		);
		await expectRefused(
			() => callApi('POST', '/api/v1/receptions', { token: s.token, body: { originId: s.origin.id, deliveryNote: 'BL \ud800', lines: [] } }),
			400,
			'invalid_characters'
		);
		await expectRefused(
			() =>
				callApi('POST', '/api/v1/receptions', {
					token: s.token,
					rawBody: '{"originId":"x","deliveryNote":"\\udc00","lines":[]}',
					headers: { 'content-type': 'application/json' }
				}),
			400,
			'invalid_characters'
		);
	});

	test('forms: NUL in a user name at sign-in, a person, an origin, a product, a token name, a household', async () => {
		const s = await shop();
		const manager = s.all;
		const cases: [string, string, Record<string, string>, unknown][] = [
			['/(public)/connexion', 'default', { username: `admin${'\u0000'}`, password: 'x' }, null],
			[
				'/(app)/(manage)/personnes/nouveau',
				'default',
				{ username: 'nouvelle', firstName: NUL, lastName: 'Martin', roles: 'operator', password: 'un-mot-de-passe-long' },
				manager
			],
			['/(app)/(manage)/origines', 'create', { name: NUL, kind: 'food_bank' }, manager],
			['/(app)/(manage)/catalogue/nouveau', 'default', { name: NUL, unit: 'piece', zone: 'ambient', dateType: 'ddm', referencePrice: '1,00' }, manager],
			['/(app)/(manage)/jetons-api', 'create', { name: NUL, roles: 'operator' }, manager],
			['/(app)/(social)/foyers/nouveau', 'default', { firstName: 'Anne', lastName: NUL, birthDate: '1980-05-05' }, manager]
		];
		for (const [route, action, form, actor] of cases) {
			const before = await snapshotTables(t.db);
			const r = (await (await page(route)).actions![action]!(event({ actor, form }))) as { status: number; data: { error: string } };
			expect(r.status, route).toBe(400);
			expect(r.data.error, route).toBe(m.error_invalid_characters());
			expect(await snapshotTables(t.db), route).toEqual(before);
		}
	});

	test('a catalogue file (CSV import) holding NUL is refused whole', async () => {
		const s = await shop();
		const body = new FormData();
		body.set('file', new File([`nom;prix\nPâtes${'\u0000'};1,00\n`], 'catalogue.csv', { type: 'text/csv' }));
		const e = { ...event({ actor: s.all }), request: new Request('http://127.0.0.1/', { method: 'POST', body }) };
		const before = await snapshotTables(t.db);
		const r = (await (await page('/(app)/(manage)/catalogue')).actions!.import!(e)) as { status: number; data: { error: string } };
		expect(r.status).toBe(400);
		expect(r.data.error).toBe(m.error_invalid_characters());
		expect(await snapshotTables(t.db)).toEqual(before);
	});
});

describe('numbers and dates are bounded where they enter', () => {
	test('a sale with tenderedCents of 2^31 (or more) is a 400, not an integer overflow', async () => {
		const s = await shop();
		for (const tenderedCents of [2 ** 31, 2 ** 53, 1e308]) {
			const body = { customer: s.household.card, lines: [{ lot: s.lot.code, quantity: 1 }], payments: [{ method: 'cash', amountCents: 40, tenderedCents }] };
			await expectRefused(() => callApi('POST', '/api/v1/sales', { token: s.token, headers: { 'Idempotency-Key': newKey() }, body }), 400);
		}
	});

	test('a reception line dated 0000-01-01 (or 9999) is a 400 date_invalid', async () => {
		const s = await shop();
		for (const date of ['0000-01-01', '1899-12-31', '9999-12-31']) {
			const body = { originId: s.origin.id, lines: [{ productId: s.product.id, quantity: 1, date, dateType: 'ddm' }] };
			await expectRefused(() => callApi('POST', '/api/v1/receptions', { token: s.token, body }), 400, 'date_invalid');
		}
	});

	test('?page=1e308 on /api/v1/sales and /api/v1/till-sessions is the first page, not a crash', async () => {
		const s = await shop();
		for (const path of ['/api/v1/sales', '/api/v1/till-sessions', '/api/v1/products', '/api/v1/stock/products']) {
			for (const p of ['1e308', '-1', 'abc', '99999999999999999999']) {
				const r = await callApi<Json>('GET', `${path}?page=${p}`, { token: s.token });
				expect(r.status, `${path}?page=${p}`).toBe(200);
			}
		}
	});
});

describe('API: the lots of an unknown or other-organisation product or location are a 404, not an empty list', () => {
	test('/api/v1/stock/products/{id}/lots and /api/v1/stock/locations/{id}/lots', async () => {
		const s = await shop();
		const theirProduct = await makeProduct(t.db, s.other);
		const odd = ['00000000-0000-4000-8000-000000000000', 'pas-un-id'];
		for (const id of [theirProduct.id, ...odd]) {
			const r = await callApi<Json>('GET', `/api/v1/stock/products/${id}/lots`, { token: s.token });
			expect(r.status, id).toBe(404);
			expect(r.body.error.code).toBe('not_found');
		}
		for (const id of [s.other.locationId, ...odd]) {
			const r = await callApi<Json>('GET', `/api/v1/stock/locations/${id}/lots`, { token: s.token });
			expect(r.status, id).toBe(404);
			expect(r.body.error.code).toBe('not_found');
		}
		// One's own product and location still answer their lots.
		const mine = await callApi<Json>('GET', `/api/v1/stock/products/${s.product.id}/lots`, { token: s.token });
		expect(mine.status).toBe(200);
		expect(mine.body.items.map((l: Json) => l.id)).toContain(s.lot.id);
		expect((await callApi<Json>('GET', `/api/v1/stock/locations/${s.org.locationId}/lots`, { token: s.token })).status).toBe(200);
	});
});

describe('pages: unknown, malformed or other-organisation ids are a 404; the till without a tablet is no crash', () => {
	test('/stock/lots/{code}, /stock/receptions/{id}, /catalogue/{id}, /stock/inventaires/{id}', async () => {
		const s = await shop();
		const theirOrigin = await makeOrigin(t.db, s.other);
		const theirProduct = await makeProduct(t.db, s.other);
		const theirLot = await makeLot(t.db, s.other.actors.manager, theirProduct.id, theirOrigin.id, 5);
		const theirReception = await createReception(t.db, s.other.actors.manager, { originId: theirOrigin.id });
		const theirCount = await startCount(t.db, s.other.actors.manager, s.other.locationId);
		const odd = ['00000000-0000-4000-8000-000000000000', 'pas-un-id', '%', 'LOT-999999'];
		const routes: [string, string, string[]][] = [
			['/(app)/(stock)/stock/lots/[code]', 'code', [theirLot.id, ...odd]],
			['/(app)/(stock)/stock/receptions/[id]', 'id', [theirReception.id, ...odd]],
			['/(app)/(manage)/catalogue/[id]', 'id', [theirProduct.id, ...odd]],
			['/(app)/(stock)/stock/inventaires/[id]', 'id', [theirCount.id, ...odd]]
		];
		for (const [route, param, ids] of routes) {
			const mod = await page(route);
			for (const id of ids) expect(await thrownStatus(mod.load!(event({ actor: s.all, params: { [param]: id } }))), `${route} ${id}`).toBe(404);
		}
		// And a chosen product of another organisation on one's own reception.
		const mine = await createReception(t.db, s.all, { originId: s.origin.id });
		const reception = await page('/(app)/(stock)/stock/receptions/[id]');
		expect(await thrownStatus(reception.load!(event({ actor: s.all, params: { id: mine.id }, url: `http://127.0.0.1/?produit=${theirProduct.id}` })))).toBe(
			404
		);
	});

	test('/caisse?/… actions without a tablet answer the French 409 "needs a tablet", not a 500', async () => {
		const s = await shop();
		const caisse = await page('/(app)/(till)/caisse');
		for (const [name, action] of Object.entries(caisse.actions!)) {
			expect(await thrownStatus(action(event({ actor: s.all, form: { code: 'x', state: '' } }))), name).toBe(409);
		}
	});
});
