import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { productGtins, products } from '$lib/server/db/schema';
import {
	createOrigin,
	createProduct,
	ensureDefaultCategories,
	exportCatalogueCsv,
	findProductByGtin,
	importCatalogueCsv,
	listCategories,
	listOrigins,
	searchProducts,
	updateProduct
} from '$lib/server/stock/catalogue';
import { BOM, parseCsv } from '$lib/server/stock/csv';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();
const base = { unit: 'piece', referencePriceCents: 120, zone: 'ambient', dateType: 'ddm' } as const;

describe('catalogue', () => {
	it('stores barcodes as GTIN-14 and finds a product by any form of its code', async () => {
		const org = await makeOrg(t.db);
		const { id } = await createProduct(t.db, org.actors.manager, { ...base, name: 'Pâtes 500 g', gtins: ['3017620422003', '96385074'] });
		const codes = await t.db.select().from(productGtins).where(eq(productGtins.productId, id));
		expect(codes.map((c) => c.gtin).sort()).toEqual(['00000096385074', '03017620422003']);
		expect((await findProductByGtin(t.db, org.actors.operator, '03017620422003'))?.id).toBe(id);
		expect((await findProductByGtin(t.db, org.actors.operator, '96385074'))?.id).toBe(id);
		const other = await makeOrg(t.db);
		expect(await findProductByGtin(t.db, other.actors.operator, '3017620422003')).toBeNull();
		expect((await searchProducts(t.db, org.actors.operator, { q: 'pâtes' })).rows.map((r) => r.id)).toEqual([id]);
		expect((await searchProducts(t.db, org.actors.operator, { q: '0422' })).rows.map((r) => r.id)).toEqual([id]);
		expect((await auditRows(t.db, org.organisationId, 'product.create')).length).toBe(1);
	});

	it('refuses bad input with a French message and saves nothing', async () => {
		const org = await makeOrg(t.db);
		const a = org.actors.manager;
		await expectAppError(createProduct(t.db, a, { ...base, name: 'Riz', gtins: ['3017620422004'] }), 'gtin_invalid', 400);
		await expectAppError(createProduct(t.db, a, { ...base, name: 'R' }), 'invalid_input', 400);
		await expectAppError(createProduct(t.db, a, { ...base, name: 'Riz', referencePriceCents: -1 }), 'invalid_input', 400);
		await expectAppError(createProduct(t.db, org.actors.operator, { ...base, name: 'Riz' }), 'forbidden', 403);
		await createProduct(t.db, a, { ...base, name: 'Riz', gtins: ['3017620422003'] });
		await expectAppError(createProduct(t.db, a, { ...base, name: 'Riz' }), 'name_taken', 409);
		await expectAppError(createProduct(t.db, a, { ...base, name: 'Semoule', gtins: ['3017620422003'] }), 'gtin_taken', 409);
		const all = await t.db.select().from(products).where(eq(products.organisationId, org.organisationId));
		expect(all.map((p) => p.name)).toEqual(['Riz']);
		const other = await makeOrg(t.db);
		const [cat] = await (async () => {
			await ensureDefaultCategories(t.db, other.actors.manager);
			return listCategories(t.db, other.actors.manager);
		})();
		await expectAppError(createProduct(t.db, a, { ...base, name: 'Blé', categoryId: cat!.id }), 'not_found', 404);
	});

	it('makes an FSE+ origin free whatever the form says', async () => {
		const org = await makeOrg(t.db);
		await createOrigin(t.db, org.actors.manager, { name: 'FSE+ 2026', kind: 'fse' });
		await createOrigin(t.db, org.actors.manager, { name: 'Banque alimentaire', kind: 'food_bank' });
		const list = await listOrigins(t.db, org.actors.operator);
		expect(list.map((o) => [o.name, o.fse])).toEqual([
			['Banque alimentaire', false],
			['FSE+ 2026', true]
		]);
	});

	it('exports a French spreadsheet and imports it back unchanged', async () => {
		const org = await makeOrg(t.db);
		const a = org.actors.manager;
		await ensureDefaultCategories(t.db, a);
		const cats = await listCategories(t.db, a);
		const dairy = cats.find((c) => c.path === 'Frais › Produits laitiers')!;
		await createProduct(t.db, a, { ...base, name: 'Yaourt nature x4', categoryId: dairy.id, zone: 'chilled', dateType: 'dlc', referencePriceCents: 185, gtins: ['3017620422003'], limitPerVisit: 2 });
		await createProduct(t.db, a, { ...base, name: 'Pommes; vrac', unit: 'kg', referencePriceCents: 250 });
		const csv = await exportCatalogueCsv(t.db, a);
		expect(csv.startsWith(BOM)).toBe(true);
		const rows = parseCsv(csv).map((r) => r.fields);
		expect(rows[0]).toEqual(['nom', 'categorie', 'unite', 'prix_reference', 'poids_net_g', 'zone', 'type_date', 'limite_visite', 'limite_mois', 'codes', 'actif']);
		expect(rows).toContainEqual(['Yaourt nature x4', 'Frais › Produits laitiers', 'pièce', '1,85', '', 'frais', 'DLC', '2', '', '03017620422003', 'oui']);
		expect(rows).toContainEqual(['Pommes; vrac', '', 'kg', '2,50', '', 'ambiant', 'DDM', '', '', '', 'oui']);
		const other = await makeOrg(t.db);
		const report = await importCatalogueCsv(t.db, other.actors.manager, csv);
		expect(report).toEqual({ created: 2, updated: 0, errors: [] });
		expect(await exportCatalogueCsv(t.db, other.actors.manager)).toBe(csv);
		// Importing again updates by name.
		expect(await importCatalogueCsv(t.db, other.actors.manager, csv)).toEqual({ created: 0, updated: 2, errors: [] });
	});

	it('reports every bad line and then imports nothing', async () => {
		const org = await makeOrg(t.db);
		const file = [
			'nom;categorie;unite;prix_reference;poids_net_g;zone;type_date;limite_visite;limite_mois;codes;actif',
			'Lentilles;Épicerie sèche;pièce;1,20;500;ambiant;DDM;;;3017620422003;oui',
			'Farine;;sac;1,00;;ambiant;DDM;;;;oui',
			'Huile;;litre;2,5x;;ambiant;DDM;;;;oui',
			'Sucre;;pièce;1;;ambiant;DDM;;;3017620422004;oui',
			'Lentilles;;pièce;1;;ambiant;DDM;;;;oui'
		].join('\n');
		const report = await importCatalogueCsv(t.db, org.actors.manager, file);
		expect(report.created).toBe(0);
		expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
		expect(report.errors[0]!.message).toMatch(/unité/);
		expect(report.errors[2]!.message).toMatch(/3017620422004/);
		expect(report.errors[3]!.message).toMatch(/ligne 2/);
		expect(await t.db.select().from(products).where(eq(products.organisationId, org.organisationId))).toHaveLength(0);
		await expectAppError(importCatalogueCsv(t.db, org.actors.operator, file), 'forbidden', 403);
	});

	it('updates a product and its codes', async () => {
		const org = await makeOrg(t.db);
		const a = org.actors.manager;
		const { id } = await createProduct(t.db, a, { ...base, name: 'Lait', gtins: ['3017620422003'] });
		await updateProduct(t.db, a, id, { ...base, name: 'Lait demi-écrémé', unit: 'litre', gtins: ['96385074'] });
		expect(await findProductByGtin(t.db, a, '3017620422003')).toBeNull();
		expect((await findProductByGtin(t.db, a, '96385074'))?.name).toBe('Lait demi-écrémé');
	});
});
