import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGs1 } from '$lib/stock/gs1';
import {
	addProduct,
	basketView,
	indexCatalogue,
	lotRefusal,
	scanCode,
	searchProducts,
	setQuantity,
	stepQuantity,
	type BasketLine,
	type Catalogue,
	type CatalogueLot,
	type Customer
} from './basket';
import { emptyState, parseState } from './state';

const TODAY = '2026-03-15';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const PASTA = id(1);
const OIL = id(2);
const APPLES = id(3);
const YOGHURT = id(4);
const CAT_DRY = id(50);
const CAT_PASTA = id(51);

function catalogue(extraLots: CatalogueLot[] = []): Catalogue {
	return {
		today: TODAY,
		ddmGraceMonths: 3,
		categories: [
			{ id: CAT_DRY, name: 'Épicerie sèche', parentId: null },
			{ id: CAT_PASTA, name: 'Pâtes, riz, céréales', parentId: CAT_DRY }
		],
		products: [
			{
				id: PASTA,
				name: 'Pâtes coquillettes 500 g',
				unit: 'piece',
				priceCents: 95,
				categoryId: CAT_PASTA,
				limitPerVisit: null,
				limitPerMonth: null,
				gtins: ['02000000000015']
			},
			{
				id: OIL,
				name: 'Huile de tournesol 1 L',
				unit: 'piece',
				priceCents: 260,
				categoryId: CAT_DRY,
				limitPerVisit: 2,
				limitPerMonth: 4,
				gtins: ['02000000000022']
			},
			{ id: APPLES, name: 'Pommes Golden', unit: 'kg', priceCents: 240, categoryId: null, limitPerVisit: null, limitPerMonth: null, gtins: ['02000000000039'] },
			{
				id: YOGHURT,
				name: 'Yaourts nature x4',
				unit: 'piece',
				priceCents: 160,
				categoryId: null,
				limitPerVisit: null,
				limitPerMonth: null,
				gtins: ['02000000000046']
			}
		],
		lots: [
			// Pasta: the later lot is listed first; FEFO must still take the earlier one.
			{ id: id(101), code: 'L-000101', productId: PASTA, date: '2026-09-01', dateType: 'ddm', onHand: 10, fse: false, blocked: false },
			{ id: id(102), code: 'L-000102', productId: PASTA, date: '2026-05-01', dateType: 'ddm', onHand: 3, fse: false, blocked: false },
			// Oil: an FSE+ lot.
			{ id: id(201), code: 'L-000201', productId: OIL, date: '2027-01-01', dateType: 'ddm', onHand: 8, fse: true, blocked: false },
			{ id: id(301), code: 'L-000301', productId: APPLES, date: null, dateType: 'none', onHand: 20_000, fse: false, blocked: false },
			// Yoghurt: a DLC-past lot (earlier: FEFO would take it) and a good one.
			{ id: id(401), code: 'L-000401', productId: YOGHURT, date: '2026-03-14', dateType: 'dlc', onHand: 6, fse: false, blocked: false },
			{ id: id(402), code: 'L-000402', productId: YOGHURT, date: '2026-03-20', dateType: 'dlc', onHand: 4, fse: false, blocked: false },
			...extraLots
		]
	};
}

const customer = (over: Partial<Customer> = {}): Customer => ({
	reference: 'FOY-0001',
	firstName: 'Amina',
	status: 'valid',
	message: 'Droit valide',
	canShop: true,
	rateBp: 2000,
	budgetBasis: 'reference_value',
	budgetCents: 3000,
	usedCents: 0,
	leftCents: 3000,
	limits: null,
	usage: { productMonth: {}, categoryMonth: {} },
	...over
});

const lines = (r: ReturnType<typeof scanCode>): BasketLine[] => {
	if (r.kind !== 'lines') throw new Error(`expected lines, got ${JSON.stringify(r)}`);
	return r.lines;
};
const error = (r: ReturnType<typeof scanCode>): string => {
	if (r.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(r)}`);
	return r.error;
};

describe('scanning into the basket', () => {
	const ix = indexCatalogue(catalogue());

	it('an EAN-13 takes the lot that expires first, then the next one when the first runs out', () => {
		const one = lines(scanCode(ix, [], '2000000000015', null));
		expect(one).toEqual([{ lotId: id(102), quantity: 1 }]);
		const five = lines(scanCode(ix, one, '2000000000015', 4));
		expect(five).toEqual([
			{ lotId: id(102), quantity: 3 },
			{ lotId: id(101), quantity: 2 }
		]);
	});

	it('a lot label (code or the URL its QR holds) adds that lot; scanning it again adds one more', () => {
		const a = lines(scanCode(ix, [], 'L-000101', null));
		const b = lines(scanCode(ix, a, 'https://epicerie.example/stock/lots/L-000101', null));
		expect(b).toEqual([{ lotId: id(101), quantity: 2 }]);
	});

	it('a DLC-past lot is refused with the reason; the product EAN skips it', () => {
		expect(error(scanCode(ix, [], 'L-000401', null))).toMatch(/DLC/);
		expect(lines(scanCode(ix, [], '2000000000046', 2))).toEqual([{ lotId: id(402), quantity: 2 }]);
		expect(error(scanCode(ix, [], '2000000000046', 5))).toContain("il n'en reste que 4");
	});

	it('a kg product asks for its weight, unless a GS1 code carries it', () => {
		expect(scanCode(ix, [], '2000000000039', null)).toEqual({ kind: 'weigh', productId: APPLES, lotId: null });
		expect(scanCode(ix, [], 'L-000301', null)).toEqual({ kind: 'weigh', productId: APPLES, lotId: id(301) });
		const gs1 = formatGs1({ gtin: '02000000000039', netWeightGrams: 1250 });
		expect(lines(scanCode(ix, [], gs1, null))).toEqual([{ lotId: id(301), quantity: 1250 }]);
	});

	it('bad input: a misread check digit, an unknown code, a location label, a card, an absurd quantity', () => {
		expect(error(scanCode(ix, [], '2000000000016', null))).toMatch(/mal lu/);
		expect(error(scanCode(ix, [], '4006381333931', null))).toMatch(/inconnu/);
		expect(error(scanCode(ix, [], 'L-999999', null))).toMatch(/L-999999/);
		expect(error(scanCode(ix, [], 'EMP-0001', null))).toMatch(/pas un article/);
		expect(error(scanCode(ix, [], 'CARTE-ABCDEF', null))).toMatch(/pas un article/);
		expect(error(scanCode(ix, [], '', null))).toMatch(/Scannez/);
		expect(error(scanCode(ix, [], '2000000000015', -1))).toMatch(/Quantité/i);
		// Issue 10 item 11: the reason in words, not always "plus grand que 0".
		expect(error(scanCode(ix, [], '2000000000015', 1e9))).toBe('Nombre trop grand (maximum 100\u202f000).');
		expect(error(scanCode(ix, [], '2000000000015', '99999999999'))).toBe('Nombre trop grand (maximum 100\u202f000).');
		expect(error(scanCode(ix, [], '2000000000015', 'douze'))).toMatch(/tapez des chiffres/);
		expect(error(scanCode(ix, [], '2000000000015', '1,5'))).toBe('Tapez un nombre entier, sans virgule.');
	});

	it('change a quantity, step it, set it to 0 to remove the line', () => {
		const a = lines(scanCode(ix, [], 'L-000101', 2));
		expect(lines(setQuantity(ix, a, id(101), 7))).toEqual([{ lotId: id(101), quantity: 7 }]);
		expect(error(setQuantity(ix, a, id(101), 11))).toMatch(/il n'en reste que 10/);
		expect(lines(stepQuantity(ix, a, id(101), -1))).toEqual([{ lotId: id(101), quantity: 1 }]);
		expect(lines(setQuantity(ix, a, id(101), 0))).toEqual([]);
	});

	it('property: whatever is scanned, no lot goes over its stock, no refused lot gets in, and what a product scan adds is what was asked', () => {
		const codes = ['2000000000015', '2000000000046', '2000000000022', 'L-000101', 'L-000102', 'L-000401', 'L-000402', 'L-000201'];
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.constantFrom(...codes), fc.option(fc.integer({ min: 1, max: 12 }), { nil: null })), { maxLength: 25 }), (scans) => {
				let basket: BasketLine[] = [];
				for (const [code, q] of scans) {
					const r = scanCode(ix, basket, code, q);
					if (r.kind === 'lines') {
						expect(r.added.reduce((n, a) => n + a.quantity, 0)).toBe(q ?? 1);
						basket = r.lines;
					}
				}
				for (const l of basket) {
					const lot = ix.lots.get(l.lotId)!;
					expect(l.quantity).toBeLessThanOrEqual(lot.onHand);
					expect(lotRefusal(ix, lot, 'x')).toBeNull();
				}
				expect(new Set(basket.map((l) => l.lotId)).size).toBe(basket.length);
			})
		);
	});
});

describe('what the basket costs', () => {
	const ix = indexCatalogue(catalogue());

	it('prices each line at the rate, FSE+ at 0 €, and gives the budget left after the sale', () => {
		let b = lines(addProduct(ix, [], PASTA, 3));
		b = lines(addProduct(ix, b, OIL, 1));
		b = lines(addProduct(ix, b, APPLES, 1500));
		const v = basketView(ix, customer(), b);
		expect(v.lines.map((l) => [l.name, l.referenceCents, l.paidCents, l.fse])).toEqual([
			['Pâtes coquillettes 500 g', 285, 57, false],
			['Huile de tournesol 1 L', 260, 0, true],
			['Pommes Golden', 360, 72, false]
		]);
		expect(v.totals).toMatchObject({ referenceCents: 905, paidCents: 129, fseCents: 260, budgetCents: 645 });
		expect(v.budgetLeftAfterCents).toBe(3000 - 645);
		expect(v.needsOverride).toBe(false);
	});

	it('over the budget or over a limit: a supervisor must authorise it, with the reason in words', () => {
		const over = lines(addProduct(ix, [], PASTA, 13));
		const v = basketView(ix, customer({ leftCents: 1000 }), over);
		expect(v.overBudget).toBe(true);
		expect(v.needsOverride).toBe(true);
		const oil = lines(addProduct(ix, [], OIL, 3));
		const w = basketView(ix, customer(), oil);
		expect(w.breaches).toEqual(['Huile de tournesol 1 L : 2 au plus par passage (panier : 3).']);
		const month = basketView(ix, customer({ usage: { productMonth: { [OIL]: 3 }, categoryMonth: {} } }), lines(addProduct(ix, [], OIL, 2)));
		expect(month.breaches[0]).toMatch(/4 au plus par mois \(avec ce panier : 5\)/);
		const cat = basketView(
			ix,
			customer({
				limits: [{ categoryId: CAT_PASTA, category: 'Pâtes, riz, céréales', perMonth: 2 }],
				usage: { productMonth: {}, categoryMonth: { [CAT_PASTA]: 1 } }
			}),
			lines(addProduct(ix, [], PASTA, 2))
		);
		expect(cat.breaches[0]).toMatch(/Pâtes, riz, céréales : 2 articles au plus par mois/);
		// A limit on « Épicerie sèche » counts its sub-category « Pâtes, riz, céréales » too (as the server does).
		const parent = basketView(ix, customer({ limits: [{ categoryId: CAT_DRY, category: 'Épicerie sèche', perMonth: 3 }] }), [
			...lines(addProduct(ix, [], PASTA, 2)),
			...lines(addProduct(ix, [], OIL, 2))
		]);
		expect(parent.breaches).toEqual(['Épicerie sèche : 3 articles au plus par mois (avec ce panier : 4).']);
	});

	it('a line whose lot was sold out meanwhile is reported, not priced', () => {
		const b = lines(addProduct(ix, [], PASTA, 1));
		const later = indexCatalogue({ ...catalogue(), lots: catalogue().lots.filter((l) => l.id !== id(102)) });
		const v = basketView(later, customer(), b);
		expect(v.missing).toEqual([id(102)]);
		expect(v.lines).toEqual([]);
	});

	it('search by name ignores accents and case; a category shows its products and its children’s', () => {
		expect(searchProducts(ix, 'pates').map((p) => p.id)).toEqual([PASTA]);
		expect(searchProducts(ix, 'HUILE tourn').map((p) => p.id)).toEqual([OIL]);
		expect(searchProducts(ix, '', CAT_DRY).map((p) => p.id)).toEqual([OIL, PASTA]);
		expect(searchProducts(ix, '')).toEqual([]);
	});
});

describe('the state a till carries between forms', () => {
	it('reads back what it wrote, and refuses anything else', () => {
		const s = { ...emptyState(), customer: 'FOY-0001', lines: [{ lotId: id(1), quantity: 2 }] };
		expect(parseState(JSON.stringify(s))).toEqual(s);
		for (const bad of [
			'nope',
			'{}',
			JSON.stringify({ ...s, key: 'x' }),
			JSON.stringify({ ...s, lines: [{ lotId: 'L-000001', quantity: 1 }] }),
			JSON.stringify({ ...s, lines: [{ lotId: id(1), quantity: -2 }] }),
			JSON.stringify({ ...s, lines: [{ lotId: id(1), quantity: 1.5 }] }),
			JSON.stringify({ ...s, customer: '<script>' }),
			JSON.stringify({ ...s, override: { id: 'nope', supervisor: 'Nadia' } })
		]) {
			expect(parseState(bad), bad).toBeNull();
		}
	});
});
