import { money } from '../format';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddmWithinGrace } from '$lib/stock/expiry';
import { MAX_QUANTITY, type ProductUnit } from '$lib/stock/units';
import {
	basketTotals,
	categoryChain,
	limitBreaches,
	limitUnits,
	lineBudget,
	linePrice,
	MAX_PAYMENT_CENTS,
	proportionalShare,
	refundSplit,
	roundDiv,
	settle,
	type BudgetBasis,
	type LimitLine,
	type LimitUsage,
	type Method,
	type PaymentInput,
	type PricedLine
} from './pricing';

/* Exact references, in BigInt, so that the checks do not share the code's floating-point steps. */
const big = (n: number) => BigInt(n);
/** n/d rounded to the nearest integer, halves up, for n ≥ 0 and d > 0. */
const exactRound = (n: bigint, d: bigint) => Number((2n * n + d) / (2n * d));

const unit = fc.constantFrom<ProductUnit>('piece', 'kg', 'litre');
const rate = fc.integer({ min: 0, max: 10_000 });
const price = fc.integer({ min: 0, max: 100_000 });
const basis = fc.constantFrom<BudgetBasis>('reference_value', 'amount_paid');
const method = fc.constantFrom<Method>('cash', 'card', 'cheque');
/** A realistic line: up to 1 000 pieces or 100 kg / L (MAX_QUANTITY allowed too, rarely). */
const quantityOf = (u: ProductUnit) =>
	fc.oneof(
		{ weight: 9, arbitrary: fc.integer({ min: 1, max: u === 'piece' ? 1000 : 100_000 }) },
		{ weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_QUANTITY[u] }) }
	);
const priceInput = unit.chain((u) => fc.record({ unit: fc.constant(u), quantity: quantityOf(u), unitPriceCents: price, rateBp: rate, fse: fc.boolean() }));

const euros = (cents: number) => money(cents);

describe('roundDiv', () => {
	it('rounds halves up and agrees with exact integer arithmetic', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 24 }), (n, d) => {
				expect(roundDiv(n, d)).toBe(exactRound(big(n), big(d)));
			})
		);
		expect([roundDiv(5, 10), roundDiv(15, 10), roundDiv(14, 10), roundDiv(25, 10)]).toEqual([1, 2, 1, 3]);
	});
});

describe('linePrice', () => {
	it('reference = quantity × price (per kg / L: rounded half up to the cent); paid = reference × rate, rounded half up', () => {
		fc.assert(
			fc.property(priceInput, (l) => {
				const { referenceCents, paidCents } = linePrice(l);
				const ref = l.unit === 'piece' ? l.quantity * l.unitPriceCents : exactRound(big(l.quantity) * big(l.unitPriceCents), 1000n);
				expect(referenceCents).toBe(ref);
				expect(Number.isSafeInteger(paidCents)).toBe(true);
				if (l.fse) expect(paidCents).toBe(0);
				else expect(paidCents).toBe(exactRound(big(referenceCents) * big(l.rateBp), 10_000n));
			})
		);
	});

	it('is never negative and never above the reference value for rates up to 100 %', () => {
		fc.assert(
			fc.property(priceInput, (l) => {
				const { referenceCents, paidCents } = linePrice(l);
				expect(referenceCents).toBeGreaterThanOrEqual(0);
				expect(paidCents).toBeGreaterThanOrEqual(0);
				expect(paidCents).toBeLessThanOrEqual(referenceCents);
			})
		);
	});

	it('gives FSE+ goods at 0 € whatever the rate, quantity and price, with their reference value kept', () => {
		fc.assert(
			fc.property(priceInput, fc.integer({ min: 0, max: 100_000 }), (l, anyRate) => {
				const p = linePrice({ ...l, rateBp: anyRate, fse: true });
				expect(p.paidCents).toBe(0);
				expect(p.referenceCents).toBe(linePrice({ ...l, fse: false }).referenceCents);
			})
		);
	});

	it('pays more (or the same) for more, at a higher rate (or the same)', () => {
		fc.assert(
			fc.property(priceInput, fc.nat(1000), fc.nat(2000), (l, more, up) => {
				const a = linePrice({ ...l, fse: false });
				const b = linePrice({ ...l, fse: false, quantity: l.quantity + more, rateBp: Math.min(10_000, l.rateBp + up) });
				expect(b.referenceCents).toBeGreaterThanOrEqual(a.referenceCents);
				expect(b.paidCents).toBeGreaterThanOrEqual(a.paidCents);
			})
		);
	});

	it('French examples', () => {
		// 3 × 2,50 € at 20 %: 7,50 € of reference value, 1,50 € to pay.
		const tins = linePrice({ unit: 'piece', quantity: 3, unitPriceCents: 250, rateBp: 2000, fse: false });
		expect(tins).toEqual({ referenceCents: 750, paidCents: 150 });
		expect(euros(tins.paidCents)).toBe('1,50\u00a0€');
		// 1,235 kg of apples at 3,99 €/kg: 4,92765 € → 4,93 €; at 20 %: 0,986 € → 0,99 €; at 30 %: 1,479 € → 1,48 €; at 10 %: 0,493 € → 0,49 €.
		const apples = { unit: 'kg' as const, quantity: 1235, unitPriceCents: 399, fse: false };
		expect(linePrice({ ...apples, rateBp: 2000 })).toEqual({ referenceCents: 493, paidCents: 99 });
		expect(linePrice({ ...apples, rateBp: 3000 })).toEqual({ referenceCents: 493, paidCents: 148 });
		expect(linePrice({ ...apples, rateBp: 1000 })).toEqual({ referenceCents: 493, paidCents: 49 });
		// Half a cent goes up: 1,25 € at 30 % = 0,375 € → 0,38 €; 0,25 € at 10 % = 0,025 € → 0,03 €.
		expect(linePrice({ unit: 'piece', quantity: 1, unitPriceCents: 125, rateBp: 3000, fse: false }).paidCents).toBe(38);
		expect(linePrice({ unit: 'piece', quantity: 1, unitPriceCents: 25, rateBp: 1000, fse: false }).paidCents).toBe(3);
		// 0,5 L of milk at 1,05 €/L: 0,525 € → 0,53 €.
		expect(linePrice({ unit: 'litre', quantity: 500, unitPriceCents: 105, rateBp: 2000, fse: false })).toEqual({ referenceCents: 53, paidCents: 11 });
		// 4 FSE+ tins of 1,80 € at 30 %: 7,20 € of reference value, free.
		expect(linePrice({ unit: 'piece', quantity: 4, unitPriceCents: 180, rateBp: 3000, fse: true })).toEqual({ referenceCents: 720, paidCents: 0 });
	});
});

const pricedLines = fc.array(
	priceInput.map((l): PricedLine => ({ ...linePrice(l), fse: l.fse })),
	{ maxLength: 30 }
);
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('basketTotals', () => {
	it('adds the lines up; saved = reference − paid; FSE+ value apart; budget by the right’s basis', () => {
		fc.assert(
			fc.property(basis, pricedLines, (b, lines) => {
				const t = basketTotals(b, lines);
				expect(t.referenceCents).toBe(sum(lines.map((l) => l.referenceCents)));
				expect(t.paidCents).toBe(sum(lines.map((l) => l.paidCents)));
				expect(t.savedCents).toBe(t.referenceCents - t.paidCents);
				expect(t.savedCents).toBeGreaterThanOrEqual(0);
				expect(t.fseCents).toBe(sum(lines.filter((l) => l.fse).map((l) => l.referenceCents)));
				const bought = lines.filter((l) => !l.fse);
				// FSE+ lines take nothing from the budget, on either basis.
				expect(t.budgetCents).toBe(b === 'reference_value' ? sum(bought.map((l) => l.referenceCents)) : sum(bought.map((l) => l.paidCents)));
				expect(t.budgetCents).toBe(sum(lines.map((l) => lineBudget(b, l))));
				if (b === 'amount_paid') expect(t.budgetCents).toBe(t.paidCents);
				else expect(t.budgetCents).toBe(t.referenceCents - t.fseCents);
			})
		);
	});

	it('an empty basket is all zeros', () => {
		expect(basketTotals('reference_value', [])).toEqual({ referenceCents: 0, paidCents: 0, savedCents: 0, fseCents: 0, budgetCents: 0 });
	});

	it('French example: 3 tins at 20 % and 2 FSE+ tins', () => {
		const lines = [
			{ ...linePrice({ unit: 'piece', quantity: 3, unitPriceCents: 250, rateBp: 2000, fse: false }), fse: false },
			{ ...linePrice({ unit: 'piece', quantity: 2, unitPriceCents: 250, rateBp: 2000, fse: true }), fse: true }
		];
		expect(basketTotals('reference_value', lines)).toEqual({ referenceCents: 1250, paidCents: 150, savedCents: 1100, fseCents: 500, budgetCents: 750 });
		expect(basketTotals('amount_paid', lines)).toEqual({ referenceCents: 1250, paidCents: 150, savedCents: 1100, fseCents: 500, budgetCents: 150 });
	});
});

/* ------------------------------------------------------------------ limits */

const PRODUCTS = ['p1', 'p2', 'p3', 'p4'];
/** c3 is a sub-category of c1: a limit on c1 counts c3's goods too. */
const CATEGORIES = ['c1', 'c2', 'c3'];
const PARENTS: Record<string, string | null> = { c1: null, c2: null, c3: 'c1' };
const catalogue = fc.record({
	p: fc.tuple(
		...PRODUCTS.map((id) =>
			fc.record({
				productId: fc.constant(id),
				productName: fc.constant(`Produit ${id}`),
				categoryId: fc.constantFrom<string | null>(null, ...CATEGORIES),
				unit,
				limitPerVisit: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
				limitPerMonth: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null })
			})
		)
	),
	categoryLimits: fc.option(fc.dictionary(fc.constantFrom(...CATEGORIES), fc.integer({ min: 1, max: 15 })), { nil: null }),
	productMonth: fc.dictionary(fc.constantFrom(...PRODUCTS), fc.nat(10)),
	categoryMonth: fc.dictionary(fc.constantFrom(...CATEGORIES), fc.nat(10))
});
type Catalogue = typeof catalogue extends fc.Arbitrary<infer T> ? T : never;
const basketOf = (c: Catalogue) =>
	fc
		.array(fc.record({ i: fc.nat(PRODUCTS.length - 1), quantity: fc.integer({ min: 1, max: 8 }) }), { maxLength: 8 })
		.map((ls) => ls.map(({ i, quantity }): LimitLine => ({ ...c.p[i]!, quantity })));

/** The rule, written plainly: per product, the basket's quantity; per category, pieces or one per weighed line. */
function model(c: Catalogue, lines: readonly LimitLine[]) {
	const out: string[] = [];
	for (const p of c.p) {
		const q = sum(lines.filter((l) => l.productId === p.productId).map((l) => l.quantity));
		if (q === 0) continue;
		if (p.limitPerVisit !== null && q > p.limitPerVisit) out.push(`product_visit:${p.productId}:${p.limitPerVisit}:${q}`);
		const month = q + (c.productMonth[p.productId] ?? 0);
		if (p.limitPerMonth !== null && month > p.limitPerMonth) out.push(`product_month:${p.productId}:${p.limitPerMonth}:${month}`);
	}
	for (const cat of CATEGORIES) {
		const mine = lines.filter((l) => l.categoryId === cat || (cat === 'c1' && l.categoryId === 'c3'));
		if (mine.length === 0) continue;
		const units = sum(mine.map((l) => (l.unit === 'piece' ? l.quantity : 1)));
		const limit = c.categoryLimits?.[cat];
		const month = units + (c.categoryMonth[cat] ?? 0);
		if (limit !== undefined && month > limit) out.push(`category_month:${cat}:${limit}:${month}`);
	}
	return out.sort();
}
const keys = (bs: ReturnType<typeof limitBreaches>) => bs.map((b) => `${b.kind}:${b.id}:${b.limit}:${b.wanted}`).sort();

describe('limitBreaches', () => {
	it('finds exactly the limits a basket breaks: per visit, per month with what was taken, per category', () => {
		fc.assert(
			fc.property(
				catalogue.chain((c) => fc.tuple(fc.constant(c), basketOf(c))),
				([c, lines]) => {
					const names = { c1: 'Frais', c2: 'Conserves', c3: 'Produits laitiers' };
					const got = limitBreaches(lines, { productMonth: c.productMonth, categoryMonth: c.categoryMonth }, c.categoryLimits, names, PARENTS);
					expect(keys(got)).toEqual(model(c, lines));
					for (const b of got) {
						expect(b.wanted).toBeGreaterThan(b.limit);
						if (b.kind === 'category_month') expect(b.name).toBe(names[b.id as keyof typeof names]);
						else expect(b.name).toBe(`Produit ${b.id}`);
					}
				}
			)
		);
	});

	it('a basket at every limit is allowed; one more unit gives exactly that breach', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 12 }),
				fc.nat(5),
				fc.constantFrom('product_visit', 'product_month', 'category_month'),
				fc.integer({ min: 1, max: 4 }),
				(limit, taken, kind, split) => {
					// One piece product, alone with its limit; the basket reaches it exactly, in `split` lines.
					const monthLimit = limit + taken;
					const line: LimitLine = {
						productId: 'p',
						productName: 'Riz 1 kg',
						categoryId: 'c',
						unit: 'piece',
						quantity: 0,
						limitPerVisit: kind === 'product_visit' ? limit : null,
						limitPerMonth: kind === 'product_month' ? monthLimit : null
					};
					const usage: LimitUsage = {
						productMonth: kind === 'product_month' ? { p: taken } : {},
						categoryMonth: kind === 'category_month' ? { c: taken } : {}
					};
					const cats = kind === 'category_month' ? { c: monthLimit } : null;
					const n = Math.min(split, limit);
					const parts = Array.from({ length: n }, (_, i) => Math.floor(limit / n) + (i < limit % n ? 1 : 0));
					const atLimit = parts.map((q) => ({ ...line, quantity: q }));
					expect(sum(atLimit.map((l) => l.quantity))).toBe(limit);
					expect(limitBreaches(atLimit, usage, cats)).toEqual([]);
					const over = [...atLimit, { ...line, quantity: 1 }];
					const b = limitBreaches(over, usage, cats);
					expect(b).toHaveLength(1);
					expect(b[0]).toMatchObject({
						kind,
						id: kind === 'category_month' ? 'c' : 'p',
						limit: kind === 'product_visit' ? limit : monthLimit,
						wanted: (kind === 'product_visit' ? limit : monthLimit) + 1
					});
				}
			)
		);
	});

	it('category limits count pieces for piece products and one article per line for kg and litre products', () => {
		fc.assert(
			fc.property(
				fc.constantFrom<ProductUnit>('kg', 'litre'),
				fc.array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 }),
				fc.integer({ min: 1, max: 6 }),
				(u, grams, pieces) => {
					const weighed = grams.map((g, i): LimitLine => ({
						productId: `w${i}`,
						productName: 'Pommes',
						categoryId: 'fruits',
						unit: u,
						quantity: g,
						limitPerVisit: null,
						limitPerMonth: null
					}));
					const counted: LimitLine = {
						productId: 'k',
						productName: 'Compote',
						categoryId: 'fruits',
						unit: 'piece',
						quantity: pieces,
						limitPerVisit: null,
						limitPerMonth: null
					};
					const lines = [...weighed, counted];
					const articles = grams.length + pieces;
					expect(sum(lines.map((l) => limitUnits(l.unit, l.quantity)))).toBe(articles);
					expect(limitBreaches(lines, { productMonth: {}, categoryMonth: {} }, { fruits: articles })).toEqual([]);
					expect(limitBreaches(lines, { productMonth: {}, categoryMonth: {} }, { fruits: articles - 1 })).toEqual([
						{ kind: 'category_month', id: 'fruits', name: 'fruits', limit: articles - 1, wanted: articles, unit: 'piece' }
					]);
				}
			)
		);
		// "2 fruits et légumes a month": 1,5 kg of apples and 0,8 kg of pears are two articles; a third line is one too many.
		const fruit = (id: string, g: number): LimitLine => ({
			productId: id,
			productName: id,
			categoryId: 'fl',
			unit: 'kg',
			quantity: g,
			limitPerVisit: null,
			limitPerMonth: null
		});
		expect(limitBreaches([fruit('pommes', 1500), fruit('poires', 800)], { productMonth: {}, categoryMonth: {} }, { fl: 2 })).toEqual([]);
		expect(
			limitBreaches(
				[fruit('pommes', 1500), fruit('poires', 800), fruit('kiwis', 300)],
				{ productMonth: {}, categoryMonth: {} },
				{ fl: 2 },
				{ fl: 'Fruits et légumes' }
			)
		).toEqual([{ kind: 'category_month', id: 'fl', name: 'Fruits et légumes', limit: 2, wanted: 3, unit: 'piece' }]);
	});

	it('a category’s chain is itself then its parents, nearest first, and stops on a loop', () => {
		const parents = { yaourts: 'laitiers', laitiers: 'frais', frais: null, a: 'b', b: 'a' };
		expect(categoryChain('yaourts', parents)).toEqual(['yaourts', 'laitiers', 'frais']);
		expect(categoryChain('frais', parents)).toEqual(['frais']);
		expect(categoryChain('inconnue', parents)).toEqual(['inconnue']);
		expect(categoryChain(null, parents)).toEqual([]);
		expect(categoryChain('a', parents)).toEqual(['a', 'b']);
		// Without the tree, a limit counts its own category only (the browser may leave it out).
		const l: LimitLine = {
			productId: 'y',
			productName: 'Yaourts',
			categoryId: 'yaourts',
			unit: 'piece',
			quantity: 4,
			limitPerVisit: null,
			limitPerMonth: null
		};
		expect(limitBreaches([l], { productMonth: {}, categoryMonth: {} }, { frais: 3 })).toEqual([]);
		expect(limitBreaches([l], { productMonth: {}, categoryMonth: { frais: 1 } }, { frais: 4 }, { frais: 'Frais' }, parents)).toEqual([
			{ kind: 'category_month', id: 'frais', name: 'Frais', limit: 4, wanted: 5, unit: 'piece' }
		]);
	});

	it('products without a category and categories without a limit are never limited by category', () => {
		const l: LimitLine = { productId: 'p', productName: 'Sel', categoryId: null, unit: 'piece', quantity: 99, limitPerVisit: null, limitPerMonth: null };
		expect(limitBreaches([l], { productMonth: {}, categoryMonth: {} }, { other: 1 })).toEqual([]);
		expect(limitBreaches([{ ...l, categoryId: 'epicerie' }], { productMonth: {}, categoryMonth: { epicerie: 50 } }, { other: 1 })).toEqual([]);
	});
});

/* ------------------------------------------------------------------ payments */

const payment = fc
	.record({ method, amountCents: fc.integer({ min: 1, max: 50_000 }), extra: fc.option(fc.nat(10_000), { nil: undefined }) })
	.map(({ method, amountCents, extra }): PaymentInput =>
		method === 'cash' && extra !== undefined ? { method, amountCents, tenderedCents: amountCents + extra } : { method, amountCents }
	);

describe('settle', () => {
	it('accepts payments that add up to the amount due; the change is what cash was tendered over its amount', () => {
		fc.assert(
			fc.property(fc.array(payment, { maxLength: 5 }), (ps) => {
				const due = sum(ps.map((p) => p.amountCents));
				const change = sum(ps.map((p) => (p.tenderedCents != null ? p.tenderedCents - p.amountCents : 0)));
				expect(settle(due, ps)).toEqual({ ok: true, changeCents: change });
			})
		);
	});

	it('refuses payments that do not add up to the amount due', () => {
		fc.assert(
			fc.property(
				fc.array(payment, { maxLength: 5 }),
				fc.integer({ min: -5000, max: 5000 }).filter((d) => d !== 0),
				(ps, delta) => {
					const due = sum(ps.map((p) => p.amountCents)) + delta;
					expect(settle(due, ps)).toEqual({ ok: false, code: 'payment_total' });
				}
			)
		);
	});

	it('refuses a zero, negative, fractional or huge amount (over MAX_PAYMENT_CENTS, e.g. 2^31 tendered), cash tendered below its amount, a tendered amount on a card or cheque', () => {
		fc.assert(
			fc.property(
				fc.array(payment, { maxLength: 4 }),
				fc.nat(4),
				fc.constantFrom('zero', 'negative', 'fraction', 'short', 'card', 'huge', 'huge_tendered'),
				(ps, at, how) => {
					const badOne: PaymentInput =
						how === 'zero'
							? { method: 'cash', amountCents: 0 }
							: how === 'negative'
								? { method: 'card', amountCents: -100 }
								: how === 'fraction'
									? { method: 'cheque', amountCents: 10.5 }
									: how === 'short'
										? { method: 'cash', amountCents: 500, tenderedCents: 499 }
										: how === 'huge'
											? { method: 'card', amountCents: MAX_PAYMENT_CENTS + 1 }
											: how === 'huge_tendered'
												? { method: 'cash', amountCents: 500, tenderedCents: 2 ** 31 }
												: { method: 'card', amountCents: 500, tenderedCents: 1000 };
					const all = [...ps.slice(0, at), badOne, ...ps.slice(at)];
					const due = sum(all.map((p) => p.amountCents));
					expect(settle(due, all)).toEqual({ ok: false, code: 'payment_invalid' });
				}
			)
		);
	});

	it('French example: 1,50 € paid with a 2 € coin gives 0,50 € back; nothing to pay needs no payment', () => {
		expect(settle(150, [{ method: 'cash', amountCents: 150, tenderedCents: 200 }])).toEqual({ ok: true, changeCents: 50 });
		expect(
			settle(1230, [
				{ method: 'card', amountCents: 1000 },
				{ method: 'cash', amountCents: 230, tenderedCents: 500 }
			])
		).toEqual({ ok: true, changeCents: 270 });
		expect(settle(0, [])).toEqual({ ok: true, changeCents: 0 });
		expect(settle(150, [])).toEqual({ ok: false, code: 'payment_total' });
	});
});

/* ------------------------------------------------------------------ returns */

/** A random partition of `whole` units into parts, in a random order (the returns of one line). */
const partition = (whole: number) =>
	fc.array(fc.integer({ min: 1, max: whole }), { maxLength: 12 }).map((cuts) => {
		const points = [...new Set(cuts.filter((c) => c < whole))].sort((a, b) => a - b);
		const parts: number[] = [];
		let prev = 0;
		for (const p of [...points, whole]) {
			parts.push(p - prev);
			prev = p;
		}
		return parts;
	});

describe('proportionalShare', () => {
	it('the shares of any partition of a line add up exactly to its amount, each close to its exact proportion', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 10_000_000 }),
				fc.integer({ min: 1, max: 100_000 }).chain((whole) => fc.tuple(fc.constant(whole), partition(whole))),
				(amount, [whole, parts]) => {
					let done = 0;
					const shares = parts.map((part) => {
						const s = proportionalShare(amount, whole, done, part);
						done += part;
						return { s, part };
					});
					expect(done).toBe(whole);
					expect(sum(shares.map((x) => x.s))).toBe(amount);
					for (const { s, part } of shares) {
						expect(s).toBeGreaterThanOrEqual(0);
						expect(s).toBeLessThanOrEqual(amount);
						// |share − amount × part / whole| < 1 cent.
						expect(Math.abs(s * whole - amount * part)).toBeLessThan(whole);
					}
				}
			)
		);
	});

	it('returns restore exactly what a sale consumed: budget, refund and reference value, on either basis', () => {
		const saleLine = priceInput.chain((l) => fc.tuple(fc.constant({ ...linePrice(l), fse: l.fse, quantity: l.quantity }), partition(l.quantity), fc.boolean()));
		fc.assert(
			fc.property(basis, fc.array(saleLine, { minLength: 1, maxLength: 6 }), (b, lines) => {
				const sale = basketTotals(
					b,
					lines.map(([l]) => l)
				);
				let budget = 0;
				let refund = 0;
				let reference = 0;
				let partBudget = 0;
				for (const [l, parts, all] of lines) {
					// Each line is returned in several goes: all of it, or all its parts but the last.
					const taken = all ? parts : parts.slice(0, -1);
					let done = 0;
					for (const part of taken) {
						budget += proportionalShare(lineBudget(b, l), l.quantity, done, part);
						refund += proportionalShare(l.paidCents, l.quantity, done, part);
						reference += proportionalShare(l.referenceCents, l.quantity, done, part);
						done += part;
					}
					if (!all) partBudget += lineBudget(b, l);
				}
				const everything = lines.every(([, parts, all]) => all || parts.length === 0);
				if (everything) {
					expect(budget).toBe(sale.budgetCents);
					expect(refund).toBe(sale.paidCents);
					expect(reference).toBe(sale.referenceCents);
				}
				expect(budget).toBeLessThanOrEqual(sale.budgetCents);
				expect(refund).toBeLessThanOrEqual(sale.paidCents);
				expect(budget).toBeGreaterThanOrEqual(sale.budgetCents - partBudget);
				// FSE+ lines are refunded nothing and give back no budget.
				for (const [l] of lines) if (l.fse) expect(proportionalShare(lineBudget(b, l), l.quantity, 0, l.quantity)).toBe(0);
			})
		);
	});

	it('French example: 3 tins at 0,50 € each returned one by one give back 0,50 € three times; 1,50 € over 7 pieces still adds up', () => {
		expect([0, 1, 2].map((done) => proportionalShare(150, 3, done, 1))).toEqual([50, 50, 50]);
		const sevenths = [0, 1, 2, 3, 4, 5, 6].map((done) => proportionalShare(150, 7, done, 1));
		expect(sum(sevenths)).toBe(150);
		expect(Math.max(...sevenths) - Math.min(...sevenths)).toBeLessThanOrEqual(1);
	});
});

describe('refundSplit', () => {
	const paid = fc.array(fc.record({ method, leftCents: fc.nat(20_000) }), { minLength: 1, maxLength: 5 });

	it('gives back the refund over the sale’s payments in the order paid, never more than left on each', () => {
		fc.assert(
			fc.property(
				paid.chain((ps) => fc.tuple(fc.constant(ps), fc.integer({ min: 0, max: sum(ps.map((p) => p.leftCents)) }))),
				([ps, refund]) => {
					const out = refundSplit(refund, ps);
					expect(sum(out.map((o) => o.amountCents))).toBe(refund);
					// Walk the payments in order: each one is used up before the next is touched.
					let j = 0;
					let left = refund;
					for (const p of ps) {
						const take = Math.min(left, p.leftCents);
						if (take > 0) {
							expect(out[j]).toEqual({ method: p.method, amountCents: take });
							j++;
						}
						left -= take;
					}
					expect(out).toHaveLength(j);
					for (const o of out) expect(o.amountCents).toBeGreaterThan(0);
				}
			)
		);
	});

	it('still gives back the whole refund when the payments cannot take it (the excess on the first method)', () => {
		fc.assert(
			fc.property(paid, fc.integer({ min: 1, max: 10_000 }), (ps, extra) => {
				const refund = sum(ps.map((p) => p.leftCents)) + extra;
				const out = refundSplit(refund, ps);
				expect(sum(out.map((o) => o.amountCents))).toBe(refund);
				expect(out[0]!.method).toBe(ps.find((p) => p.leftCents > 0)?.method ?? ps[0]!.method);
			})
		);
	});

	it('French example: 12,30 € paid 10 € by card then 2,30 € cash; a 11 € refund is 10 € card and 1 € cash', () => {
		expect(
			refundSplit(1100, [
				{ method: 'card', leftCents: 1000 },
				{ method: 'cash', leftCents: 230 }
			])
		).toEqual([
			{ method: 'card', amountCents: 1000 },
			{ method: 'cash', amountCents: 100 }
		]);
		expect(refundSplit(0, [{ method: 'card', leftCents: 1000 }])).toEqual([]);
	});
});

/* ------------------------------------------------------------------ DDM grace */

const iso = (d: Date) => d.toISOString().slice(0, 10);
const dayArb = fc.integer({ min: 0, max: 3000 }).map((n) => iso(new Date(Date.UTC(2024, 0, 1 + n))));
const plusDays = (day: string, n: number) => iso(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));
/** The last day a DDM may be past: the same day `months` later, or that month's last day if shorter. */
function lastDay(date: string, months: number): string {
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	const total = y * 12 + (mo - 1) + months;
	const ty = Math.floor(total / 12);
	const tm = total % 12;
	const days = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
	return `${ty}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, days)).padStart(2, '0')}`;
}

describe('ddmWithinGrace', () => {
	it('allows a best-before date past by up to the grace months (same day of month, or the month’s last day), not a day more', () => {
		fc.assert(
			fc.property(dayArb, fc.integer({ min: 0, max: 24 }), fc.integer({ min: -40, max: 800 }), (date, months, offset) => {
				const today = plusDays(date, offset);
				const last = lastDay(date, months);
				expect(ddmWithinGrace(date, today, months)).toBe(today <= last);
				expect(ddmWithinGrace(date, last, months)).toBe(true);
				expect(ddmWithinGrace(date, plusDays(last, 1), months)).toBe(false);
			})
		);
	});

	it('a date not past is always within; more grace never refuses what less grace allowed', () => {
		fc.assert(
			fc.property(dayArb, fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 800 }), (date, months, offset) => {
				expect(ddmWithinGrace(plusDays(date, offset), date, months)).toBe(true);
				const today = plusDays(date, offset);
				if (ddmWithinGrace(date, today, months)) expect(ddmWithinGrace(date, today, months + 1)).toBe(true);
			})
		);
	});

	it('French examples (grace 3 months)', () => {
		expect(ddmWithinGrace('2025-11-30', '2026-02-28', 3)).toBe(true);
		expect(ddmWithinGrace('2025-11-30', '2026-03-01', 3)).toBe(false);
		expect(ddmWithinGrace('2026-01-15', '2026-04-15', 3)).toBe(true);
		expect(ddmWithinGrace('2026-01-15', '2026-04-16', 3)).toBe(false);
		expect(ddmWithinGrace('2024-02-29', '2025-02-28', 12)).toBe(true);
		expect(ddmWithinGrace('2024-02-29', '2025-03-01', 12)).toBe(false);
		expect(ddmWithinGrace('2026-03-10', '2026-03-11', 0)).toBe(false);
		expect(ddmWithinGrace('2026-03-10', '2026-03-10', 0)).toBe(true);
	});
});
