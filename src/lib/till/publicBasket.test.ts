import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_PRICE_CENTS } from '$lib/numbers';
import {
	addItem,
	emptyPublicBasket,
	maxDiscount,
	publicBasketView,
	publicLinePrice,
	publicSaleLines,
	readPublicBasket,
	type PublicBasketState
} from './publicBasket';

const item = (ref: string, available = 1) => ({
	ref,
	name: 'Lampe',
	category: 'Décoration',
	flux: 'deco',
	unitPriceCents: 1200,
	available,
	unitWeightGrams: 2500
});

describe('a public line’s price', () => {
	test('price × quantity less the discount; refusals for bad prices, quantities and discounts', () => {
		expect(publicLinePrice({ unitPriceCents: 250, quantity: 3, discountCents: 150, discountReason: 'Abîmé' }, 50)).toEqual({
			ok: true,
			price: { referenceCents: 750, discountCents: 150, paidCents: 600 }
		});
		const problem = (l: Parameters<typeof publicLinePrice>[0], max = 50) => {
			const r = publicLinePrice(l, max);
			return r.ok ? null : r.problem;
		};
		expect(problem({ unitPriceCents: -1, quantity: 1 })).toBe('price_invalid');
		expect(problem({ unitPriceCents: MAX_PRICE_CENTS + 1, quantity: 1 })).toBe('price_invalid');
		expect(problem({ unitPriceCents: 1.5, quantity: 1 })).toBe('price_invalid');
		expect(problem({ unitPriceCents: 100, quantity: 0 })).toBe('quantity_invalid');
		expect(problem({ unitPriceCents: 100, quantity: 1000 })).toBe('quantity_invalid');
		expect(problem({ unitPriceCents: 100, quantity: 1, discountCents: -5, discountReason: 'x' })).toBe('discount_invalid');
		expect(problem({ unitPriceCents: 100, quantity: 1, discountCents: 200, discountReason: 'Cassé' }, 100)).toBe('discount_over_price');
		expect(problem({ unitPriceCents: 100, quantity: 1, discountCents: 51, discountReason: 'Cassé' })).toBe('discount_over_max');
		expect(problem({ unitPriceCents: 100, quantity: 1, discountCents: 50, discountReason: ' ' })).toBe('discount_reason_required');
		expect(problem({ unitPriceCents: 0, quantity: 1 })).toBeNull();
	});

	test('property: any accepted line pays between the price less the allowed discount and the price, never below 0', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: MAX_PRICE_CENTS }),
				fc.integer({ min: 1, max: 999 }),
				fc.integer({ min: 0, max: 100 }),
				fc.integer({ min: -10, max: MAX_PRICE_CENTS }),
				(unit, q, percent, discount) => {
					const r = publicLinePrice({ unitPriceCents: unit, quantity: q, discountCents: discount, discountReason: 'Raison' }, percent);
					if (!r.ok) return discount < 0 || discount > maxDiscount(unit * q, percent);
					return (
						r.price.referenceCents === unit * q &&
						r.price.paidCents === r.price.referenceCents - r.price.discountCents &&
						r.price.paidCents >= 0 &&
						r.price.discountCents * 100 <= r.price.referenceCents * percent
					);
				}
			)
		);
	});
});

describe('the tablet’s basket', () => {
	test('an item scanned twice: one piece is refused, a batch takes one more; the sale input names items and quick keys', () => {
		let st = emptyPublicBasket('ps-test-key-1');
		const a = addItem(st, item('O-000001'));
		expect(a.ok).toBe(true);
		st = (a as { state: PublicBasketState }).state;
		expect(addItem(st, item('O-000001'))).toEqual({ ok: false, problem: 'in_basket' });
		const b = addItem(st, item('O-000002', 30));
		st = (b as { state: PublicBasketState }).state;
		st = (addItem(st, item('O-000002', 30)) as { state: PublicBasketState }).state;
		st = {
			...st,
			lines: [
				...st.lines,
				{
					kind: 'quick',
					ref: 'cat-id',
					name: 'Livres',
					category: 'Livres',
					flux: 'livres',
					unitPriceCents: 100,
					quantity: 3,
					available: 0,
					unitWeightGrams: 400,
					discountCents: 50,
					discountReason: 'Taché'
				}
			]
		};
		expect(publicSaleLines(st)).toEqual([
			{ item: 'O-000001', quantity: 1 },
			{ item: 'O-000002', quantity: 2 },
			{ categoryId: 'cat-id', priceCents: 100, quantity: 3, discountCents: 50, discountReason: 'Taché' }
		]);
		expect(publicBasketView(st).totals).toEqual({ referenceCents: 1200 + 2400 + 300, discountCents: 50, paidCents: 3850, weightGrams: 2500 + 5000 + 1200 });
		// Carried by the page and read back the same; anything odd is refused.
		expect(readPublicBasket(JSON.stringify(st))).toEqual(st);
		expect(readPublicBasket('{')).toBeNull();
		expect(readPublicBasket(JSON.stringify({ ...st, key: 'x' }))).toBeNull();
		expect(readPublicBasket(JSON.stringify({ ...st, lines: [{ ...st.lines[0], unitPriceCents: -1 }] }))).toBeNull();
		expect(readPublicBasket(JSON.stringify({ ...st, lines: [{ ...st.lines[0], kind: 'lot' }] }))).toBeNull();
	});
});
