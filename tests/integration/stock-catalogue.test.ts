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
	quickCreateProduct,
	quickProductInputFromForm,
	searchProducts,
	toggleOrigin,
	updateProduct
} from '$lib/server/stock/catalogue';
import { resolveProductScan } from '$lib/server/stock/receptions';
import { BOM } from '$lib/server/http/csv';
import { parseCsv } from '$lib/server/stock/csv';
import { weightUnknown } from '$lib/stock/units';
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

	it('lists the active products whose weight is unknown (?poids=inconnu): pieces and litres without a net weight, the rule the reports count apart', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const noWeight = await createProduct(t.db, org.actors.manager, { ...base, name: 'Biscuits' });
		const oil = await createProduct(t.db, org.actors.manager, { ...base, unit: 'litre', name: 'Huile' });
		await createProduct(t.db, org.actors.manager, { ...base, name: 'Pâtes', netWeightGrams: 500 });
		await createProduct(t.db, org.actors.manager, { ...base, unit: 'kg', name: 'Pommes' });
		await createProduct(t.db, org.actors.manager, { ...base, name: 'Ancien', active: false });
		await createProduct(t.db, other.actors.manager, { ...base, name: 'Ailleurs' });
		const r = await searchProducts(t.db, org.actors.manager, { weightUnknown: true });
		expect(r.rows.map((x) => x.id)).toEqual([noWeight.id, oil.id]);
		expect(r.total).toBe(2);
		expect(r.rows.every(weightUnknown)).toBe(true);
		// Given a weight (a litre of oil weighs 920 g), a product leaves the list.
		await updateProduct(t.db, org.actors.manager, oil.id, { ...base, unit: 'litre', name: 'Huile', netWeightGrams: 920 });
		expect((await searchProducts(t.db, org.actors.manager, { weightUnknown: true })).rows.map((x) => x.id)).toEqual([noWeight.id]);
		expect((await searchProducts(t.db, other.actors.manager, { weightUnknown: true })).total).toBe(1);
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

	it('the origins toggle takes an origin out of use and back, audited; unknown, malformed or another organisation’s: 404; operators: 403', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const { id } = await createOrigin(t.db, org.actors.manager, { name: 'Dons Carrefour', kind: 'food_bank' });
		expect(await toggleOrigin(t.db, org.actors.manager, id)).toEqual({ name: 'Dons Carrefour', active: false });
		expect((await listOrigins(t.db, org.actors.manager, { includeInactive: true })).find((o) => o.id === id)?.active).toBe(false);
		expect(await toggleOrigin(t.db, org.actors.manager, id)).toEqual({ name: 'Dons Carrefour', active: true });
		const rows = await auditRows(t.db, org.organisationId, 'origin.update');
		expect(rows.map((r) => (r.details as { after: { active: boolean } }).after.active).sort()).toEqual([false, true]);
		await expectAppError(toggleOrigin(t.db, other.actors.manager, id), 'not_found', 404);
		await expectAppError(toggleOrigin(t.db, org.actors.manager, 'pas-un-id'), 'not_found', 404);
		await expectAppError(toggleOrigin(t.db, org.actors.operator, id), 'forbidden', 403);
		expect((await listOrigins(t.db, org.actors.manager)).find((o) => o.id === id)?.active).toBe(true);
	});

	it('exports a French spreadsheet and imports it back unchanged', async () => {
		const org = await makeOrg(t.db);
		const a = org.actors.manager;
		await ensureDefaultCategories(t.db, a);
		const cats = await listCategories(t.db, a);
		const dairy = cats.find((c) => c.path === 'Frais › Produits laitiers')!;
		await createProduct(t.db, a, {
			...base,
			name: 'Yaourt nature x4',
			categoryId: dairy.id,
			zone: 'chilled',
			dateType: 'dlc',
			referencePriceCents: 185,
			gtins: ['3017620422003'],
			limitPerVisit: 2
		});
		await createProduct(t.db, a, { ...base, name: 'Pommes; vrac', unit: 'kg', referencePriceCents: 250 });
		const csv = await exportCatalogueCsv(t.db, a);
		expect(csv.startsWith(BOM)).toBe(true);
		const rows = parseCsv(csv).map((r) => r.fields);
		expect(rows[0]).toEqual([
			'nom',
			'categorie',
			'unite',
			'prix_reference',
			'poids_net_g',
			'zone',
			'type_date',
			'limite_visite',
			'limite_mois',
			'codes',
			'actif'
		]);
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

	describe('quick creation at a reception (unknown code)', () => {
		const quick = { unit: 'piece', zone: 'ambient', dateType: 'ddm' } as const;

		it('lets an operator create the product on the spot, marked for review until a manager saves it', async () => {
			const org = await makeOrg(t.db);
			const op = org.actors.operator;
			const p = await quickCreateProduct(t.db, op, { ...quick, name: 'Pois chiches 400 g', gtin: '96385074' });
			expect(p).toMatchObject({
				name: 'Pois chiches 400 g',
				unit: 'piece',
				referencePriceCents: 0,
				needsReview: true,
				active: true,
				gtins: ['00000096385074']
			});
			// The next scan of the same code finds it.
			expect(await resolveProductScan(t.db, op, '96385074')).toMatchObject({ kind: 'product', product: { id: p.id } });
			const [row] = await auditRows(t.db, org.organisationId, 'product.quick_create');
			expect(row).toMatchObject({
				userId: org.users.operator.id,
				entityId: p.id,
				details: { name: 'Pois chiches 400 g', gtins: ['00000096385074'], needsReview: true }
			});
			expect((await searchProducts(t.db, org.actors.manager, { needsReview: true })).rows.map((r) => r.id)).toEqual([p.id]);

			// A manager saving it has checked it.
			await updateProduct(t.db, org.actors.manager, p.id, { ...base, name: 'Pois chiches 400 g', limitPerVisit: 2, gtins: ['96385074'] });
			expect((await searchProducts(t.db, org.actors.manager, { needsReview: true })).total).toBe(0);

			// A supervisor is not a catalogue keeper: marked too. A manager's own quick creation is not.
			expect((await quickCreateProduct(t.db, org.actors.supervisor, { ...quick, name: 'Lentilles', gtin: '3017620422003' })).needsReview).toBe(true);
			const mine = await quickCreateProduct(t.db, org.actors.manager, {
				...quick,
				name: 'Farine',
				unit: 'kg',
				referencePriceCents: 95,
				gtin: '04006381333931'
			});
			expect(mine).toMatchObject({ needsReview: false, unit: 'kg', referencePriceCents: 95, gtins: ['04006381333931'] });
			await expectAppError(quickCreateProduct(t.db, org.actors.social_worker, { ...quick, name: 'Sucre', gtin: '5449000000996' }), 'forbidden', 403);
		});

		it('checks the code, the name and the category, with the field to show', async () => {
			const org = await makeOrg(t.db);
			const op = org.actors.operator;
			expect((await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'Riz', gtin: ' ' }), 'gtin_required', 400)).field).toBe('gtin');
			const bad = await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'Riz', gtin: '3017620422004' }), 'gtin_invalid', 400);
			expect([bad.field, bad.message]).toEqual(['gtin', "Le code-barres 3017620422004 n'est pas bon. Vérifiez les chiffres."]);
			expect((await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'Riz', gtin: 'EMP-0001' }), 'gtin_invalid', 400)).field).toBe('gtin');
			expect((await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'R', gtin: '96385074' }), 'invalid_input', 400)).field).toBe('name');
			expect(
				(await expectAppError(quickCreateProduct(t.db, op, { ...quick, unit: 'sac' as never, name: 'Riz', gtin: '96385074' }), 'invalid_input', 400)).field
			).toBe('unit');
			// The form's price: decimal comma, optional, refused when not a price.
			expect(
				quickProductInputFromForm({ name: 'Riz', unit: 'kg', zone: 'ambient', dateType: 'ddm', gtin: '96385074', referencePrice: '2,35' }).referencePriceCents
			).toBe(235);
			expect(quickProductInputFromForm({ name: 'Riz', referencePrice: '' }).referencePriceCents).toBe(0);
			// A price in words is reported with the other fields (not thrown on its own), and nothing is created.
			const words = quickProductInputFromForm({ name: 'Riz', unit: 'kg', zone: 'ambient', dateType: 'ddm', gtin: '96385074', referencePrice: 'deux' });
			expect(words.formErrors?.referencePrice).toMatch(/tapez des chiffres/);
			expect((await expectAppError(quickCreateProduct(t.db, op, words), 'invalid_input', 400)).field).toBe('referencePrice');

			// Once the organisation has categories, one must be chosen, and one of its own.
			await ensureDefaultCategories(t.db, org.actors.manager);
			expect((await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'Riz', gtin: '96385074' }), 'category_required', 400)).field).toBe(
				'categoryId'
			);
			const other = await makeOrg(t.db);
			await ensureDefaultCategories(t.db, other.actors.manager);
			const [foreign] = await listCategories(t.db, other.actors.manager);
			await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'Riz', categoryId: foreign!.id, gtin: '96385074' }), 'not_found', 404);
			expect(await t.db.select().from(products).where(eq(products.organisationId, org.organisationId))).toEqual([]);
			expect(await auditRows(t.db, org.organisationId, 'product.quick_create')).toEqual([]);

			const dry = (await listCategories(t.db, op)).find((c) => c.path === 'Épicerie sèche › Pâtes, riz, céréales')!;
			const p = await quickCreateProduct(t.db, op, { ...quick, name: 'Riz', categoryId: dry.id, gtin: '96385074' });
			expect(p.categoryId).toBe(dry.id);
		});

		it('refuses a taken name or code with a French message, saving nothing (not even half a product)', async () => {
			const org = await makeOrg(t.db);
			const op = org.actors.operator;
			const riz = await createProduct(t.db, org.actors.manager, { ...base, name: 'Riz', gtins: ['3017620422003'] });
			const before = await t.db.select().from(products).where(eq(products.organisationId, org.organisationId));

			const name = await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'Riz', gtin: '96385074' }), 'name_taken', 409);
			expect([name.field, name.message]).toEqual(['name', 'Un produit a déjà ce nom.']);
			// The product row is written before its code: the refused code takes the row back with it.
			const code = await expectAppError(quickCreateProduct(t.db, op, { ...quick, name: 'Riz long', gtin: '03017620422003' }), 'gtin_taken', 409);
			expect([code.field, code.message]).toEqual(['gtin', 'Ce code-barres est déjà sur un autre produit.']);

			expect(await t.db.select().from(products).where(eq(products.organisationId, org.organisationId))).toEqual(before);
			expect((await t.db.select().from(productGtins).where(eq(productGtins.organisationId, org.organisationId))).map((g) => [g.productId, g.gtin])).toEqual([
				[riz.id, '03017620422003']
			]);
			expect(await auditRows(t.db, org.organisationId, 'product.quick_create')).toEqual([]);
			// Another organisation may use the same name and code.
			const other = await makeOrg(t.db);
			expect((await quickCreateProduct(t.db, other.actors.operator, { ...quick, name: 'Riz', gtin: '3017620422003' })).gtins).toEqual(['03017620422003']);
		});
	});
});
