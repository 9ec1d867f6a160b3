import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { categories, origins, productGtins, products } from '$lib/server/db/schema';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { auditRows, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';

// Issue 11, item 6: the catalogue through the API — products and their barcodes, the catalogue file,
// origins, categories — with the catalogue screens' services, roles and audit.

const t = useApiTestDatabase();

/** Answers are checked field by field below. */
type Json = Record<string, any>;

/** An organisation and an API token of its manager (role manager). */
async function managerToken(name = 'Épicerie test') {
	const org = await makeOrg(t.db, name);
	const { token, id } = await createApiToken(t.db, org.actors.manager, { name: 'Logiciel de la banque alimentaire', roles: ['manager'] });
	return { org, token, tokenId: id };
}

const count = async (table: typeof products | typeof origins | typeof categories | typeof productGtins, org: OrgFixture) =>
	(
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(table)
			.where(eq(table.organisationId, org.organisationId))
	)[0]!.n;

/** The audit actions of an organisation but its token's creation. */
const writesOf = async (org: OrgFixture) => (await auditRows(t.db, org.organisationId)).map((r) => r.action).filter((a) => a !== 'api_token.create');

const lentils = {
	name: 'Lentilles vertes 500 g',
	unit: 'piece',
	referencePriceCents: 180,
	zone: 'ambient',
	dateType: 'ddm',
	gtins: ['3017620422003']
};

describe('products through the API', () => {
	test('a manager creates, reads, finds by barcode and replaces a product; barcodes one by one; audited like the screen', async () => {
		const { org, token, tokenId } = await managerToken();
		const created = await callApi<Json>('POST', '/api/v1/products', { token, body: lentils });
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ name: 'Lentilles vertes 500 g', unit: 'piece', referencePriceCents: 180, gtins: ['03017620422003'], active: true });
		const id = created.body.id as string;
		const [createdRow] = await auditRows(t.db, org.organisationId, 'product.create');
		expect(createdRow).toMatchObject({ entityId: id, apiTokenId: tokenId, userId: org.users.manager.id });

		expect((await callApi<Json>('GET', `/api/v1/products/${id}`, { token })).body).toEqual(created.body);
		const found = await callApi<Json>('GET', '/api/v1/products?q=30176204', { token });
		expect(found.body.items.map((p: Json) => p.id)).toEqual([id]);

		const replaced = await callApi<Json>('PUT', `/api/v1/products/${id}`, {
			token,
			body: { ...lentils, name: 'Lentilles vertes 1 kg', referencePriceCents: 320, gtins: [], limitPerVisit: 2 }
		});
		expect(replaced.status).toBe(200);
		expect(replaced.body).toMatchObject({ name: 'Lentilles vertes 1 kg', referencePriceCents: 320, gtins: [], limitPerVisit: 2 });
		expect(await auditRows(t.db, org.organisationId, 'product.update')).toHaveLength(1);

		const added = await callApi<Json>('POST', `/api/v1/products/${id}/barcodes`, { token, body: { gtin: '3017620422003' } });
		expect(added.status).toBe(200);
		expect(added.body.gtins).toEqual(['03017620422003']);
		// Adding it again changes nothing, and writes nothing.
		expect((await callApi<Json>('POST', `/api/v1/products/${id}/barcodes`, { token, body: { gtin: '03017620422003' } })).body.gtins).toEqual([
			'03017620422003'
		]);
		expect(await auditRows(t.db, org.organisationId, 'product.update')).toHaveLength(2);
		const removed = await callApi<Json>('DELETE', `/api/v1/products/${id}/barcodes/3017620422003`, { token });
		expect(removed.status).toBe(200);
		expect(removed.body.gtins).toEqual([]);
		expect(await count(productGtins, org)).toBe(0);
		const updates = await auditRows(t.db, org.organisationId, 'product.update');
		expect(updates).toHaveLength(3);
		expect(updates[2]!.details).toMatchObject({ before: { gtins: ['03017620422003'] }, after: { gtins: [] } });
	});

	test('a code another product carries is refused (409) and nothing changes; a bad code is 400 in French', async () => {
		const { org, token } = await managerToken();
		const other = await makeProduct(t.db, org, { gtins: ['03017620422003'] });
		const mine = await makeProduct(t.db, org);
		const taken = await callApi<Json>('POST', `/api/v1/products/${mine.id}/barcodes`, { token, body: { gtin: '3017620422003' } });
		expect(taken.status).toBe(409);
		expect(taken.body.error).toMatchObject({ code: 'gtin_taken', message: m.product_gtin_taken(), field: 'gtin' });
		const bad = await callApi<Json>('POST', `/api/v1/products/${mine.id}/barcodes`, { token, body: { gtin: '12345' } });
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatchObject({ code: 'gtin_invalid', message: m.product_gtin_invalid({ code: '12345' }) });
		const rows = await t.db.select({ productId: productGtins.productId }).from(productGtins).where(eq(productGtins.organisationId, org.organisationId));
		expect(rows).toEqual([{ productId: other.id }]);
		expect(await auditRows(t.db, org.organisationId, 'product.update')).toHaveLength(0);
	});

	test('every bad field at once, in French, and nothing saved', async () => {
		const { org, token } = await managerToken();
		const r = await callApi<Json>('POST', '/api/v1/products', {
			token,
			body: { name: 'X', unit: 'boite', referencePriceCents: -1, zone: 'ambient', dateType: 'ddm' }
		});
		expect(r.status).toBe(400);
		expect(r.body.error.errors).toEqual({ name: m.product_name_invalid(), unit: m.product_unit_invalid(), referencePriceCents: m.product_price_invalid() });
		expect(r.body.error.message).toBe(m.product_name_invalid());
		const junk = await callApi<Json>('POST', '/api/v1/products', { token, body: { ...lentils, referencePriceCents: '1,80' } });
		expect(junk.status).toBe(400);
		expect(await count(products, org)).toBe(0);
		expect(await writesOf(org)).toEqual([]);
	});

	test('the stockroom reads, only managers write; social workers do not reach the catalogue; another organisation’s ids are 404', async () => {
		const { org, token } = await managerToken();
		const product = await makeProduct(t.db, org, { name: 'Riz 1 kg' });
		const operator = org.actors.operator;
		expect((await callApi('GET', `/api/v1/products/${product.id}`, { actor: operator })).status).toBe(200);
		expect((await callApi('GET', '/api/v1/products', { actor: operator })).status).toBe(200);
		const refused = await callApi<Json>('POST', '/api/v1/products', { actor: operator, body: lentils });
		expect(refused.status).toBe(403);
		expect(refused.body.error.code).toBe('forbidden');
		expect((await callApi('PUT', `/api/v1/products/${product.id}`, { actor: operator, body: lentils })).status).toBe(403);
		expect((await callApi('POST', `/api/v1/products/${product.id}/barcodes`, { actor: operator, body: { gtin: '3017620422003' } })).status).toBe(403);
		expect((await callApi('GET', '/api/v1/products', { actor: org.actors.social_worker })).status).toBe(403);

		const other = await managerToken('Autre épicerie');
		for (const [method, path, body] of [
			['GET', `/api/v1/products/${product.id}`, undefined],
			['PUT', `/api/v1/products/${product.id}`, { ...lentils, name: 'Volé' }],
			['POST', `/api/v1/products/${product.id}/barcodes`, { gtin: '3017620422003' }],
			['DELETE', `/api/v1/products/${product.id}/barcodes/3017620422003`, undefined]
		] as const) {
			const r = await callApi<Json>(method, path, { token: other.token, body });
			expect(r.status, `${method} ${path}`).toBe(404);
			expect(r.body.error.message).toBe(m.product_not_found());
		}
		expect((await callApi<Json>('GET', '/api/v1/products', { token: other.token })).body.total).toBe(0);
		const [row] = await t.db.select().from(products).where(eq(products.id, product.id));
		expect(row!.name).toBe('Riz 1 kg');
		expect(await count(productGtins, org)).toBe(0);
		expect(await writesOf(org)).toEqual([]);
		expect(token).toBeTruthy();
	});
});

describe('the catalogue file through the API', () => {
	const csv = (lines: string[]) => ({ rawBody: lines.join('\n') + '\n', headers: { 'content-type': 'text/csv; charset=utf-8' } });

	test('imported with the screen’s service: created and updated, categories by path, audited', async () => {
		const { org, token } = await managerToken();
		await makeProduct(t.db, org, { name: 'Riz 1 kg', referencePriceCents: 100 });
		const r = await callApi<Json>('POST', '/api/v1/products/import', {
			token,
			...csv([
				'nom;categorie;unite;prix_reference;codes',
				'Riz 1 kg;Épicerie sèche;piece;1,20;',
				'Yaourt nature x4;Frais › Produits laitiers;piece;1,60;3017620422003'
			])
		});
		expect(r.status).toBe(200);
		expect(r.body).toEqual({ created: 1, updated: 1 });
		const rows = await t.db
			.select({ name: products.name, price: products.referencePriceCents })
			.from(products)
			.where(eq(products.organisationId, org.organisationId))
			.orderBy(products.name);
		expect(rows).toEqual([
			{ name: 'Riz 1 kg', price: 120 },
			{ name: 'Yaourt nature x4', price: 160 }
		]);
		expect(await count(categories, org)).toBe(3);
		expect((await auditRows(t.db, org.organisationId, 'product.import'))[0]!.details).toEqual({ created: 1, updated: 1 });

		// The file downloaded reads back as it is: nothing to create, both updated.
		const file = await callApi<string>('GET', '/api/v1/products/export', { token });
		expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(file.body).toContain('Yaourt nature x4');
		const again = await callApi<Json>('POST', '/api/v1/products/import', { token, rawBody: file.body, headers: { 'content-type': 'text/csv' } });
		expect(again.body).toEqual({ created: 0, updated: 2 });
		expect((await callApi('GET', '/api/v1/products/export', { actor: org.actors.operator })).status).toBe(403);
	});

	test('all or nothing: a bad line is reported with its number and nothing is saved; only a CSV body, 2 MB at most', async () => {
		const { org, token } = await managerToken();
		const r = await callApi<Json>('POST', '/api/v1/products/import', {
			token,
			...csv(['nom;unite;prix_reference', 'Riz 1 kg;piece;1,20', 'Pâtes 500 g;boite;0,90'])
		});
		expect(r.status).toBe(400);
		expect(r.body.error).toMatchObject({ code: 'import_refused', message: m.csv_import_refused({ count: 1 }) });
		expect(r.body.report).toEqual([{ line: 3, message: m.product_unit_invalid() }]);
		const json = await callApi<Json>('POST', '/api/v1/products/import', { token, body: { csv: 'nom\nRiz' } });
		expect(json.status).toBe(415);
		expect(json.body.error.message).toBe(m.api_csv_required());
		const big = await callApi<Json>('POST', '/api/v1/products/import', { token, ...csv(['nom', 'x'.repeat(2_100_000)]) });
		expect(big.status).toBe(413);
		const latin1 = await callApi<Json>('POST', '/api/v1/products/import', {
			token,
			rawBody: Buffer.from('nom\nP\xe2tes\n', 'latin1') as unknown as string,
			headers: { 'content-type': 'text/csv' }
		});
		expect(latin1.status).toBe(400);
		expect(latin1.body.error.message).toBe(m.csv_not_utf8());
		expect(await count(products, org)).toBe(0);
		expect(await writesOf(org)).toEqual([]);
		expect((await callApi('POST', '/api/v1/products/import', { actor: org.actors.supervisor, ...csv(['nom', 'Riz']) })).status).toBe(403);
	});
});

describe('origins through the API', () => {
	test('listed, created (FSE+ follows the kind), put out of use and back with the state said; audited like the screen', async () => {
		const { org, token } = await managerToken();
		const bank = await callApi<Json>('POST', '/api/v1/origins', { token, body: { name: 'Banque alimentaire du Rhône', kind: 'food_bank' } });
		expect(bank.status).toBe(201);
		expect(bank.body).toMatchObject({ name: 'Banque alimentaire du Rhône', kind: 'food_bank', fse: false, active: true });
		const fse = await callApi<Json>('POST', '/api/v1/origins', { token, body: { name: 'FSE+ 2026', kind: 'fse' } });
		expect(fse.body.fse).toBe(true);
		expect(await auditRows(t.db, org.organisationId, 'origin.create')).toHaveLength(2);

		const off = await callApi<Json>('PATCH', `/api/v1/origins/${bank.body.id}`, { token, body: { active: false } });
		expect(off.status).toBe(200);
		expect(off.body.active).toBe(false);
		// Said twice: still out of use, one audit row (a toggle would have put it back).
		expect((await callApi<Json>('PATCH', `/api/v1/origins/${bank.body.id}`, { token, body: { active: false } })).body.active).toBe(false);
		const updates = await auditRows(t.db, org.organisationId, 'origin.update');
		expect(updates).toHaveLength(1);
		expect(updates[0]!.details).toMatchObject({ before: { active: true }, after: { active: false } });

		expect((await callApi<Json>('GET', '/api/v1/origins', { token })).body.items.map((o: Json) => o.name)).toEqual(['FSE+ 2026']);
		expect((await callApi<Json>('GET', '/api/v1/origins?inactive=1', { token })).body.items.map((o: Json) => o.name)).toEqual([
			'Banque alimentaire du Rhône',
			'FSE+ 2026'
		]);
		expect((await callApi<Json>('PATCH', `/api/v1/origins/${bank.body.id}`, { token, body: { active: true } })).body.active).toBe(true);
	});

	test('a taken name (409) or a bad kind (400) in French and nothing saved; the stockroom reads, managers write; other organisation 404', async () => {
		const { org, token } = await managerToken();
		const origin = await makeOrigin(t.db, org, { name: 'Ramasse Carrefour', kind: 'ramasse' });
		const taken = await callApi<Json>('POST', '/api/v1/origins', { token, body: { name: 'Ramasse Carrefour', kind: 'ramasse' } });
		expect(taken.status).toBe(409);
		expect(taken.body.error).toMatchObject({ code: 'name_taken', message: m.origin_name_taken() });
		const bad = await callApi<Json>('POST', '/api/v1/origins', { token, body: { name: 'Marché', kind: 'marche' } });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toBe(m.origin_kind_invalid());
		expect((await callApi<Json>('PATCH', `/api/v1/origins/${origin.id}`, { token, body: { active: 'non' } })).status).toBe(400);
		expect(await count(origins, org)).toBe(1);

		expect((await callApi('GET', '/api/v1/origins', { actor: org.actors.operator })).status).toBe(200);
		expect((await callApi('POST', '/api/v1/origins', { actor: org.actors.operator, body: { name: 'Don', kind: 'donation' } })).status).toBe(403);
		expect((await callApi('PATCH', `/api/v1/origins/${origin.id}`, { actor: org.actors.supervisor, body: { active: false } })).status).toBe(403);

		const other = await managerToken('Autre épicerie');
		const hidden = await callApi<Json>('PATCH', `/api/v1/origins/${origin.id}`, { token: other.token, body: { active: false } });
		expect(hidden.status).toBe(404);
		expect(hidden.body.error.message).toBe(m.origin_not_found());
		expect((await callApi('GET', `/api/v1/origins/${origin.id}`, { token: other.token })).status).toBe(404);
		expect((await callApi<Json>('GET', '/api/v1/origins?inactive=1', { token: other.token })).body.items).toEqual([]);
		const [row] = await t.db.select().from(origins).where(eq(origins.id, origin.id));
		expect(row!.active).toBe(true);
		expect(await writesOf(org)).toEqual([]);
	});
});

describe('categories through the API', () => {
	test('read by the stockroom; the usual tree created once by a manager (the catalogue’s button)', async () => {
		const { org, token } = await managerToken();
		expect((await callApi<Json>('GET', '/api/v1/categories', { actor: org.actors.operator })).body.items).toEqual([]);
		const made = await callApi<Json>('POST', '/api/v1/categories/defaults', { token });
		expect(made.status).toBe(200);
		expect(made.body.items.map((c: Json) => c.path)).toContain('Frais › Produits laitiers');
		const n = await count(categories, org);
		expect((await callApi<Json>('POST', '/api/v1/categories/defaults', { token })).body.items).toHaveLength(n);
		expect(await count(categories, org)).toBe(n);
		expect(await auditRows(t.db, org.organisationId, 'category.defaults')).toHaveLength(1);
		expect((await callApi<Json>('GET', '/api/v1/categories', { actor: org.actors.operator })).body.items).toHaveLength(n);
		expect((await callApi('POST', '/api/v1/categories/defaults', { actor: org.actors.operator })).status).toBe(403);
		const other = await managerToken('Autre épicerie');
		expect((await callApi<Json>('GET', '/api/v1/categories', { token: other.token })).body.items).toEqual([]);
		expect(
			(
				await t.db
					.select({ n: sql<number>`count(*)::int` })
					.from(categories)
					.where(and(eq(categories.organisationId, other.org.organisationId)))
			)[0]!.n
		).toBe(0);
	});
});
