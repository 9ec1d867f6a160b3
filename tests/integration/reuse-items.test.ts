import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { locations, reuseIntakes, reuseItemMovements, reuseItems, sites, workEvents } from '$lib/server/db/schema';
import { seedReuseItems } from '$lib/server/demo/reuseItems';
import { changeItemPrice, correctItemStock, createItem, getItem, listItems, moveItem } from '$lib/server/reuse/items';
import { itemLabels, recordItemLabelPrint } from '$lib/server/reuse/itemLabels';
import { ITEM_CODE } from '$lib/server/reuse/ledger';
import { describeAuditEvent } from '$lib/auditEvents';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';
import { makeRessourcerie } from '../helpers/reuseItems';

// Issue 15, item 4: the ressourcerie's items (one object or a batch), their price, place, stock and labels.

const t = useApiTestDatabase();

async function shop() {
	const org = await makeOrg(t.db, 'Ressourcerie test');
	const r = await makeRessourcerie(t.db, org);
	return { org, ...r };
}

const itemCount = async (organisationId: string) =>
	(
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(reuseItems)
			.where(eq(reuseItems.organisationId, organisationId))
	)[0]!.n;

/** The item's balance equals the sum of its movements (the items' ledger, like the stock's). */
async function expectLedgerBalanced(itemId: string) {
	const [row] = await t.db.select({ onHand: reuseItems.onHand }).from(reuseItems).where(eq(reuseItems.id, itemId));
	const [sum] = await t.db
		.select({ n: sql<number>`coalesce(sum(${reuseItemMovements.quantity}), 0)::int` })
		.from(reuseItemMovements)
		.where(eq(reuseItemMovements.itemId, itemId));
	expect(sum!.n).toBe(row!.onHand);
	return row!.onHand;
}

describe('making items', () => {
	test('one object at the category average weight, priced from its grid; a batch weighed as a whole', async () => {
		const { org, cat, triId, livresId, siteId } = await shop();
		const chair = cat('Assises');
		const op = org.actors.operator;
		const one = await createItem(t.db, op, { categoryId: chair.id, description: '  Chaise   paillée ', price: chair.priceGrid[0]!.priceCents });
		expect(one.code).toMatch(ITEM_CODE);
		const item = await getItem(t.db, op, one.code);
		expect(item).toMatchObject({
			description: 'Chaise paillée',
			quantity: 1,
			onHand: 1,
			priceCents: 500,
			unitWeightGrams: chair.averageWeightGrams,
			weightSource: 'average',
			siteId,
			locationId: triId,
			flux: 'mobilier'
		});
		expect(item.movements).toMatchObject([{ kind: 'creation', quantity: 1, toCode: 'EMP-R01' }]);

		const books = cat('Livres');
		const batch = await createItem(t.db, op, {
			categoryId: books.id,
			description: 'Romans de poche',
			price: '1',
			quantity: '30',
			weight: '9,3',
			locationId: livresId
		});
		const b = await getItem(t.db, op, batch.id);
		expect(b).toMatchObject({ quantity: 30, onHand: 30, priceCents: 100, unitWeightGrams: 310, weightSource: 'weighed', locationId: livresId });
		expect(batch.code).not.toBe(one.code);
		await expectLedgerBalanced(batch.id);

		const audits = await auditRows(t.db, org.organisationId, 'reuse.item');
		expect(audits.map((a) => (a.details as { code: string }).code)).toEqual([one.code, batch.code]);
		const work = await t.db
			.select()
			.from(workEvents)
			.where(and(eq(workEvents.organisationId, org.organisationId), eq(workEvents.type, 'reuse.item')));
		expect(work).toHaveLength(2);
	});

	test('codes stay unique when items are made at the same time', async () => {
		const { org, cat } = await shop();
		const c = cat('Vaisselle') ?? cat('Livres');
		const made = await Promise.all(
			Array.from({ length: 8 }, (_, i) => createItem(t.db, org.actors.operator, { categoryId: c.id, description: `Objet ${i}`, price: '2' }))
		);
		expect(new Set(made.map((x) => x.code)).size).toBe(8);
	});

	test('a bad price, weight, count or description is refused in French and nothing is saved', async () => {
		const { org, cat } = await shop();
		const c = cat('Livres');
		const op = org.actors.operator;
		const base = { categoryId: c.id, description: 'Livre', price: '2' };
		const cases: [Record<string, unknown>, string][] = [
			[{ price: '0' }, 'price'],
			[{ price: 0 }, 'price'],
			[{ price: '-3' }, 'price'],
			[{ price: '1000000' }, 'price'],
			[{ price: 10_000_001 }, 'price'],
			[{ price: 'deux' }, 'price'],
			[{ weight: '400' }, 'weight'],
			[{ weight: '0' }, 'weight'],
			[{ quantity: '0' }, 'quantity'],
			[{ quantity: '20000' }, 'quantity'],
			[{ description: '   ' }, 'description'],
			[{ description: 'x'.repeat(201) }, 'description']
		];
		for (const [change, field] of cases) {
			const err = await expectAppError(createItem(t.db, op, { ...base, ...change }), 'invalid_input', 400);
			expect(err.field, JSON.stringify(change)).toBe(field);
		}
		const zero = await expectAppError(createItem(t.db, op, { ...base, price: '0' }), 'invalid_input');
		expect(zero.message).toMatch(/don/);
		expect(await itemCount(org.organisationId)).toBe(0);
		expect(await auditRows(t.db, org.organisationId, 'reuse.item')).toHaveLength(0);
	});

	test("another organisation's category, location, site or intake is refused; nothing is saved", async () => {
		const a = await shop();
		const b = await shop();
		const op = a.org.actors.operator;
		const base = { categoryId: a.cat('Livres').id, description: 'Livre', price: '2' };
		await expectAppError(createItem(t.db, op, { ...base, categoryId: b.cat('Livres').id }), 'reuse_category_not_found', 404);
		await expectAppError(createItem(t.db, op, { ...base, locationId: b.triId }), 'location_not_found', 404);
		await expectAppError(createItem(t.db, op, { ...base, locationId: a.org.locationId }), 'location_not_found', 404);
		await expectAppError(createItem(t.db, op, { ...base, siteId: b.siteId }), 'site_not_found', 404);
		await expectAppError(createItem(t.db, op, { ...base, intakeId: '00000000-0000-4000-8000-000000000000' }), 'reuse_intake_not_found', 404);
		const intake = async (o: typeof a) =>
			(
				await t.db
					.insert(reuseIntakes)
					.values({ organisationId: o.org.organisationId, number: 'A-000001', siteId: o.siteId, source: 'apport', createdBy: o.org.users.operator.id })
					.returning({ id: reuseIntakes.id })
			)[0]!.id;
		await expectAppError(createItem(t.db, op, { ...base, intakeId: await intake(b) }), 'reuse_intake_not_found', 404);
		expect(await itemCount(a.org.organisationId)).toBe(0);
		const fromIntake = await createItem(t.db, op, { ...base, intakeId: await intake(a) });
		expect(await getItem(t.db, op, fromIntake.id)).toMatchObject({ intakeNumber: 'A-000001' });
		// A social worker does not sort objects.
		await expectAppError(createItem(t.db, a.org.actors.social_worker, base), 'forbidden', 403);
	});
	test('a location of a second ressourcerie gives the item that site; a location of a site that is not a ressourcerie is refused', async () => {
		const { org, cat } = await shop();
		const [second] = await t.db
			.insert(sites)
			.values({ organisationId: org.organisationId, name: 'Ressourcerie bis', kind: 'ressourcerie' })
			.returning({ id: sites.id });
		const [loc] = await t.db
			.insert(locations)
			.values({ organisationId: org.organisationId, siteId: second!.id, code: 'EMP-B01', name: 'Tri bis', kind: 'zone', zone: 'ambient' })
			.returning({ id: locations.id });
		const { id } = await createItem(t.db, org.actors.operator, { categoryId: cat('Livres').id, description: 'Livre', price: '1', locationId: loc!.id });
		expect(await getItem(t.db, org.actors.operator, id)).toMatchObject({ siteId: second!.id, locationCode: 'EMP-B01' });
		await expectAppError(
			createItem(t.db, org.actors.operator, { categoryId: cat('Livres').id, description: 'Livre', price: '1', siteId: second!.id, locationId: org.locationId }),
			'location_not_found',
			404
		);
	});
});

describe('price, place and stock of an item', () => {
	test('price change (work event), move, and a supervisor correction within bounds; the ledger sums to on hand', async () => {
		const { org, cat, livresId } = await shop();
		const op = org.actors.operator;
		const { id, code } = await createItem(t.db, op, { categoryId: cat('Livres').id, description: 'BD', price: '1', quantity: 5 });
		expect(await changeItemPrice(t.db, op, code.toLowerCase(), '1,50')).toEqual({ priceCents: 150 });
		await expectAppError(changeItemPrice(t.db, op, code, '0'), 'invalid_input', 400);
		await expectAppError(changeItemPrice(t.db, op, code, '1,50'), 'reuse_price_same', 409);
		expect((await auditRows(t.db, org.organisationId, 'reuse.price')).map((a) => a.details)).toEqual([{ code, fromCents: 100, toCents: 150 }]);

		await moveItem(t.db, op, code, livresId);
		await expectAppError(moveItem(t.db, op, code, livresId), 'reuse_item_same_place', 409);
		await expectAppError(moveItem(t.db, op, code, org.locationId), 'location_not_found', 404);
		expect((await getItem(t.db, op, id)).locationCode).toBe('EMP-R02');

		await expectAppError(correctItemStock(t.db, op, code, { onHand: 3, reason: 'Deux abîmés' }), 'forbidden', 403);
		const sup = org.actors.supervisor;
		await expectAppError(correctItemStock(t.db, sup, code, { onHand: 6, reason: 'Trop' }), 'invalid_input', 400);
		await expectAppError(correctItemStock(t.db, sup, code, { onHand: -1, reason: 'Moins' }), 'invalid_input', 400);
		await expectAppError(correctItemStock(t.db, sup, code, { onHand: 3, reason: '' }), 'invalid_input', 400);
		await expectAppError(correctItemStock(t.db, sup, code, { onHand: 5, reason: 'Rien' }), 'reuse_correct_same', 409);
		expect(await correctItemStock(t.db, sup, code, { onHand: '3', reason: 'Deux abîmés' })).toEqual({ onHand: 3 });
		expect(await expectLedgerBalanced(id)).toBe(3);
		expect(await correctItemStock(t.db, sup, code, { onHand: 0, reason: 'Tout jeté' })).toEqual({ onHand: 0 });
		expect(await expectLedgerBalanced(id)).toBe(0);
		// Gone: no new price, no move.
		await expectAppError(changeItemPrice(t.db, op, code, '2'), 'reuse_item_gone', 409);
		const detail = await getItem(t.db, op, code);
		expect(detail.movements.map((mv) => [mv.kind, mv.quantity])).toEqual([
			['correction', -3],
			['correction', -2],
			['move', 0],
			['creation', 5]
		]);
		expect((await auditRows(t.db, org.organisationId, 'reuse.item_correct')).map((a) => a.details)).toEqual([
			{ code, from: 5, to: 3, reason: 'Deux abîmés' },
			{ code, from: 3, to: 0, reason: 'Tout jeté' }
		]);
	});

	test("another organisation's item is not found everywhere", async () => {
		const a = await shop();
		const b = await shop();
		const { code, id } = await createItem(t.db, b.org.actors.operator, { categoryId: b.cat('Livres').id, description: 'Livre', price: '2' });
		const op = a.org.actors.operator;
		await expectAppError(getItem(t.db, op, code), 'reuse_item_not_found', 404);
		await expectAppError(getItem(t.db, op, id), 'reuse_item_not_found', 404);
		await expectAppError(changeItemPrice(t.db, op, code, '3'), 'reuse_item_not_found', 404);
		await expectAppError(moveItem(t.db, op, code, a.livresId), 'reuse_item_not_found', 404);
		await expectAppError(correctItemStock(t.db, a.org.actors.supervisor, code, { onHand: 0, reason: 'Test' }), 'reuse_item_not_found', 404);
		await expectAppError(itemLabels(t.db, op, { codes: [code] }), 'reuse_item_not_found', 404);
		await expectAppError(recordItemLabelPrint(t.db, op, { codes: [code] }), 'reuse_item_not_found', 404);
		expect(await auditRows(t.db, a.org.organisationId, 'reuse.labels')).toHaveLength(0);
	});
});

describe('the list', () => {
	test('search by code or description, flux, category, in stock or gone, sorting and paging', async () => {
		const { org, cat } = await shop();
		const op = org.actors.operator;
		const books = cat('Livres');
		const chair = cat('Assises');
		const made = [];
		for (let i = 0; i < 33; i++) made.push(await createItem(t.db, op, { categoryId: books.id, description: `Livre numéro ${i}`, price: String(1 + i) }));
		const fauteuil = await createItem(t.db, op, { categoryId: chair.id, description: 'Fauteuil rouge', price: '15' });
		await correctItemStock(t.db, org.actors.supervisor, made[0]!.code, { onHand: 0, reason: 'Perdu' });

		const all = await listItems(t.db, op, {});
		expect(all.total).toBe(33);
		expect(all.rows).toHaveLength(30);
		expect(all.pages).toBe(2);
		expect(all.rows[0]!.code).toBe(fauteuil.code);
		expect((await listItems(t.db, op, { page: 2 })).rows).toHaveLength(3);
		expect((await listItems(t.db, op, { q: 'rouge' })).rows.map((r) => r.code)).toEqual([fauteuil.code]);
		expect((await listItems(t.db, op, { q: fauteuil.code.toLowerCase() })).rows.map((r) => r.code)).toEqual([fauteuil.code]);
		expect((await listItems(t.db, op, { flux: 'mobilier' })).total).toBe(1);
		expect((await listItems(t.db, op, { categoryId: books.id })).total).toBe(32);
		expect((await listItems(t.db, op, { state: 'gone' })).rows.map((r) => r.code)).toEqual([made[0]!.code]);
		expect((await listItems(t.db, op, { state: 'all' })).total).toBe(34);
		expect((await listItems(t.db, op, { sort: 'price_desc' })).rows[0]!.priceCents).toBe(3300);
		expect((await listItems(t.db, op, { sort: 'price' })).rows[0]!.priceCents).toBe(200);
		expect((await listItems(t.db, op, { sort: 'code' })).rows[0]!.code).toBe(made[1]!.code);
		expect((await listItems(t.db, op, { q: 'introuvable' })).rows).toEqual([]);
	});
});

describe('labels', () => {
	test('one label per piece of a batch, or one for the batch; printing is audited with the count', async () => {
		const { org, cat } = await shop();
		const op = org.actors.operator;
		const one = await createItem(t.db, op, {
			categoryId: cat('Assises').id,
			description: 'Chaise en bois massif avec un coussin vert et des pieds tournés',
			price: '5'
		});
		const batch = await createItem(t.db, op, { categoryId: cat('Livres').id, description: 'Livres de poche', price: '1', quantity: 4 });
		const perPiece = await itemLabels(t.db, op, { codes: [one.code, batch.code] });
		expect(perPiece.map((l) => [l.code, l.piece])).toEqual([
			[one.code, null],
			[batch.code, 1],
			[batch.code, 2],
			[batch.code, 3],
			[batch.code, 4]
		]);
		expect(perPiece[0]).toMatchObject({ priceCents: 500, categoryName: expect.stringMatching(/^Assises/) });
		expect(perPiece[0]!.description.length).toBeLessThanOrEqual(48);
		expect(perPiece[0]!.description.endsWith('…')).toBe(true);
		expect(perPiece[0]!.qr).toMatch(/^<svg/);
		const whole = await itemLabels(t.db, op, { codes: [batch.code], perPiece: false });
		expect(whole).toHaveLength(1);
		expect(whole[0]!.pieces).toBe(4);

		expect(await recordItemLabelPrint(t.db, op, { codes: [one.code, batch.code] })).toEqual({ labels: 5 });
		expect(await recordItemLabelPrint(t.db, op, { codes: [batch.code], perPiece: false })).toEqual({ labels: 1 });
		const rows = await auditRows(t.db, org.organisationId, 'reuse.labels');
		expect(rows.map((r) => (r.details as { labels: number }).labels)).toEqual([5, 1]);
		const work = await t.db
			.select({ quantity: workEvents.quantity })
			.from(workEvents)
			.where(and(eq(workEvents.organisationId, org.organisationId), eq(workEvents.type, 'reuse.labels')));
		expect(work.map((w) => w.quantity).sort()).toEqual([1, 5]);
		expect(await recordItemLabelPrint(t.db, op, { codes: [] })).toEqual({ labels: 0 });
	});
});

describe('the API', () => {
	type Json = Record<string, any>;
	test('create, read, list, price, move, correct and labels; another organisation is not found', async () => {
		const { org, cat, livresId } = await shop();
		const other = await shop();
		const { token } = await createApiToken(t.db, org.actors.manager, { name: 'Ressourcerie', roles: ['manager'] });
		const { token: otherToken } = await createApiToken(t.db, other.org.actors.manager, { name: 'Autre', roles: ['manager'] });
		const books = cat('Livres');
		const made = await callApi<Json>('POST', '/api/v1/reuse/items', {
			token,
			body: { categoryId: books.id, description: 'Lot de BD', priceCents: 100, quantity: 30, weightGrams: 12_000 }
		});
		expect(made.status, JSON.stringify(made.body)).toBe(201);
		expect(made.body).toMatchObject({ quantity: 30, onHand: 30, priceCents: 100, unitWeightGrams: 400, weightSource: 'weighed', flux: 'livres' });
		const code = made.body.code as string;
		const zero = await callApi<Json>('POST', '/api/v1/reuse/items', { token, body: { categoryId: books.id, description: 'Gratuit', priceCents: 0 } });
		expect(zero.status).toBe(400);
		expect(zero.body.error.field).toBe('price');

		expect((await callApi<Json>('GET', `/api/v1/reuse/items/${code}`, { token })).body.movements).toHaveLength(1);
		const list = await callApi<Json>('GET', '/api/v1/reuse/items?q=BD&flux=livres', { token });
		expect(list.body).toMatchObject({ total: 1, page: 1, pages: 1 });
		expect((await callApi<Json>('POST', `/api/v1/reuse/items/${code}/price`, { token, body: { priceCents: 80 } })).body.priceCents).toBe(80);
		expect((await callApi<Json>('POST', `/api/v1/reuse/items/${code}/move`, { token, body: { locationId: livresId } })).body.location.code).toBe('EMP-R02');
		const corrected = await callApi<Json>('POST', `/api/v1/reuse/items/${code}/correct`, { token, body: { onHand: 28, reason: 'Deux déchirés' } });
		expect(corrected.body.onHand).toBe(28);
		const labels = await callApi<Json>('GET', `/api/v1/reuse/item-labels?item=${code}&perPiece=0`, { token });
		expect(labels.body.labels).toMatchObject([{ code, priceCents: 80, pieces: 28 }]);
		const printed = await callApi<Json>('POST', '/api/v1/reuse/item-labels/printed', { token, body: { items: [code] } });
		expect(printed.body).toEqual({ labels: 28 });
		expect((await auditRows(t.db, org.organisationId, 'reuse.labels')).map((a) => (a.details as Json).labels)).toEqual([28]);

		for (const [method, path, body] of [
			['GET', `/api/v1/reuse/items/${code}`, undefined],
			['POST', `/api/v1/reuse/items/${code}/price`, { priceCents: 300 }],
			['POST', `/api/v1/reuse/items/${code}/move`, { locationId: other.triId }],
			['POST', `/api/v1/reuse/items/${code}/correct`, { onHand: 0, reason: 'Vol' }],
			['GET', `/api/v1/reuse/item-labels?item=${code}`, undefined],
			['POST', '/api/v1/reuse/item-labels/printed', { items: [code] }]
		] as const) {
			const r = await callApi<Json>(method, path, { token: otherToken, ...(body ? { body } : {}) });
			expect(r.status, `${method} ${path}`).toBe(404);
			expect(r.body.error.code).toBe('reuse_item_not_found');
		}
		expect((await callApi<Json>('GET', `/api/v1/reuse/items/${code}`, { token })).body).toMatchObject({ onHand: 28, priceCents: 80 });
	});
});

describe('the demo', () => {
	test('about twenty items in stock at EMP-0008, of several flux and ages, with a batch of 30 books at 1 €', async () => {
		const org = await makeOrg(t.db, 'Démo');
		const [site] = await t.db
			.insert(sites)
			.values({ organisationId: org.organisationId, name: 'Ressourcerie La Deuxième Vie', kind: 'ressourcerie' })
			.returning({ id: sites.id });
		await t.db
			.insert(locations)
			.values({ organisationId: org.organisationId, siteId: site!.id, code: 'EMP-0008', name: 'Zone de tri', kind: 'zone', zone: 'ambient' });
		const ids = new Map([
			['karim', org.users.operator.id],
			['lea', org.users.supervisor.id]
		]);
		await t.db.transaction((tx) => seedReuseItems(tx, org.organisationId, ids, '2026-06-15'));
		const { rows, total } = await listItems(t.db, org.actors.operator, { sort: 'oldest' });
		expect(total).toBeGreaterThanOrEqual(20);
		expect(new Set(rows.map((r) => r.flux)).size).toBeGreaterThanOrEqual(8);
		expect(rows.every((r) => r.locationCode === 'EMP-0008' && r.onHand === r.quantity)).toBe(true);
		const old = rows.filter((r) => r.createdAt < new Date('2026-03-15T00:00:00Z'));
		expect(old.length).toBeGreaterThanOrEqual(3);
		expect(rows.find((r) => r.quantity === 30)).toMatchObject({ flux: 'livres', priceCents: 100, onHand: 30 });
		for (const r of rows) await expectLedgerBalanced(r.id);
		// Codes follow the days: the oldest item has the first code.
		expect(rows[0]!.code).toBe('O-000001');
	});
});

describe('the tablet forms', () => {
	/** A fake RequestEvent, enough for the pages' actions (as in odd-input.test.ts). */
	const event = (actor: unknown, form: Record<string, string>, params: Record<string, string> = {}) => ({
		params,
		locals: { actor },
		url: new URL('http://127.0.0.1/'),
		request: new Request('http://127.0.0.1/', {
			method: 'POST',
			body: new URLSearchParams(form),
			headers: { 'content-type': 'application/x-www-form-urlencoded' }
		})
	});
	type Action = (e: unknown) => Promise<any>;

	test('Nouvel objet: a grid price in cents, a typed price wins; a batch and a weight only when chosen', async () => {
		const { org, cat } = await shop();
		const newPage = (await import('../../src/routes/(app)/(reuse)/ressourcerie/objets/nouveau/+page.server')) as unknown as { actions: Record<string, Action> };
		const op = org.actors.operator;
		const chair = cat('Assises');
		const saved = async (form: Record<string, string>) => {
			try {
				await newPage.actions.default!(event(op, form));
			} catch (e) {
				return (e as { location: string }).location.match(/O-\d{6}/)![0];
			}
			throw new Error('no redirect');
		};
		const gridCode = await saved({
			categoryId: chair.id,
			gridPrice: '1500',
			description: 'Fauteuil',
			batch: '0',
			quantity: '12',
			weightMode: 'average',
			weight: '9'
		});
		expect(await getItem(t.db, op, gridCode)).toMatchObject({ priceCents: 1500, quantity: 1, weightSource: 'average' });
		const typedCode = await saved({
			categoryId: chair.id,
			gridPrice: '1500',
			price: '7,5',
			description: 'Chaise',
			batch: '1',
			quantity: '4',
			weightMode: 'weighed',
			weight: '20'
		});
		expect(await getItem(t.db, op, typedCode)).toMatchObject({ priceCents: 750, quantity: 4, unitWeightGrams: 5000, weightSource: 'weighed' });
		const refused = await newPage.actions.default!(event(op, { categoryId: chair.id, description: 'Sans prix', weightMode: 'weighed', weight: '' }));
		expect(refused.status).toBe(400);
		expect(Object.keys(refused.data.errors).sort()).toEqual(['price', 'weight']);
		expect(refused.data.values.description).toBe('Sans prix');
		expect(await itemCount(org.organisationId)).toBe(2);
	});

	test('the stock correction asks to confirm first (nothing saved), then saves; an operator is refused', async () => {
		const { org, cat } = await shop();
		const itemPage = (await import('../../src/routes/(app)/(reuse)/ressourcerie/objets/[code]/+page.server')) as unknown as { actions: Record<string, Action> };
		const { id, code } = await createItem(t.db, org.actors.operator, { categoryId: cat('Livres').id, description: 'BD', price: '1', quantity: 5 });
		const first = await itemPage.actions.correct!(event(org.actors.supervisor, { onHand: '4', reason: 'Une déchirée' }, { code }));
		expect(first).toEqual({ confirm: { from: 5, to: '4', reason: 'Une déchirée' } });
		expect(await expectLedgerBalanced(id)).toBe(5);
		const denied = await itemPage.actions.correct!(event(org.actors.operator, { onHand: '4', reason: 'Une déchirée' }, { code }));
		expect(denied.status).toBe(403);
		const done = await itemPage.actions.correct!(event(org.actors.supervisor, { onHand: '4', reason: 'Une déchirée', confirm: '1' }, { code }));
		expect(done.ok).toBeTruthy();
		expect(await expectLedgerBalanced(id)).toBe(4);
	});
});

describe('the journal', () => {
	test("the items' journal rows read as sentences with their price, pieces and reason", async () => {
		const { org, cat } = await shop();
		const { code } = await createItem(t.db, org.actors.operator, { categoryId: cat('Livres').id, description: 'BD', price: '1', quantity: 5 });
		await changeItemPrice(t.db, org.actors.operator, code, '1,5');
		await correctItemStock(t.db, org.actors.supervisor, code, { onHand: 4, reason: 'Une déchirée' });
		await recordItemLabelPrint(t.db, org.actors.operator, { codes: [code] });
		const say = async (action: string) => {
			const row = (await auditRows(t.db, org.organisationId, action))[0]!;
			return describeAuditEvent({ action: row.action, person: 'Karim', entityType: row.entityType, details: row.details as Record<string, unknown> });
		};
		expect(await say('reuse.item')).toMatch(new RegExp(`${code} : 1,00\\s€, 5 pièces`));
		expect(await say('reuse.price')).toMatch(/1,00\s€ → 1,50\s€/);
		expect(await say('reuse.item_correct')).toMatch(/5 → 4 pièce\(s\), motif : Une déchirée/);
		expect(await say('reuse.labels')).toMatch(/4 étiquette\(s\)/);
	});
});
