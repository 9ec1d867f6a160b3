import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { lineBudget, linePrice, type BudgetBasis, type Method } from './pricing';
import { planReturn, readReturnForm, refundByMethod, returnDeskRefusal, type ReturnRequestLine, type SoldLine } from './returns';

const basis = fc.constantFrom<BudgetBasis>('reference_value', 'amount_paid');

/** A sold line priced as the till prices it: a rate from 10 to 30 %, FSE+ at 0 €. */
const soldLine = (id: string) =>
	fc
		.record({
			quantity: fc.integer({ min: 1, max: 40 }),
			unitPriceCents: fc.integer({ min: 1, max: 2_000 }),
			rateBp: fc.integer({ min: 1_000, max: 3_000 }),
			fse: fc.boolean()
		})
		.map(({ quantity, unitPriceCents, rateBp, fse }): SoldLine => ({
			id,
			quantity,
			returned: 0,
			...linePrice({ unit: 'piece', quantity, unitPriceCents, rateBp, fse }),
			fse
		}));

const sale = fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => soldLine(`line-${i}`))));

/**
 * Every unit of every line, cut into several returns: each return takes, of each line, a random
 * part of what is left (possibly nothing); the last return takes whatever is still left.
 */
function returnsOf(lines: readonly SoldLine[], cuts: readonly number[][]): ReturnRequestLine[][] {
	const left = new Map(lines.map((l) => [l.id, l.quantity]));
	const out: ReturnRequestLine[][] = [];
	for (const cut of cuts) {
		const req: ReturnRequestLine[] = [];
		lines.forEach((l, i) => {
			const q = Math.min(left.get(l.id)!, cut[i % cut.length]!);
			if (q > 0) {
				req.push({ saleLineId: l.id, quantity: q, disposition: q % 2 ? 'stock' : 'loss' });
				left.set(l.id, left.get(l.id)! - q);
			}
		});
		if (req.length) out.push(req);
	}
	const rest = lines.filter((l) => left.get(l.id)! > 0).map((l): ReturnRequestLine => ({ saleLineId: l.id, quantity: left.get(l.id)!, disposition: 'stock' }));
	if (rest.length) out.push(rest);
	return out;
}

const cuts = fc.array(fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 5 }), { maxLength: 6 });

describe('planReturn', () => {
	test('property: returning every unit, in any number of returns, gives back exactly what each line cost', () => {
		fc.assert(
			fc.property(basis, sale, cuts, (b, lines, c) => {
				const sold = lines.map((l) => ({ ...l }));
				const back = new Map(sold.map((l) => [l.id, { refund: 0, reference: 0, budget: 0 }]));
				for (const req of returnsOf(sold, c)) {
					const plan = planReturn(b, sold, req);
					if (!plan.ok) throw new Error(`refused: ${plan.code}`);
					expect(plan.refundCents).toBe(plan.lines.reduce((s, l) => s + l.refundCents, 0));
					for (const p of plan.lines) {
						const acc = back.get(p.saleLineId)!;
						acc.refund += p.refundCents;
						acc.reference += p.referenceCents;
						acc.budget += p.budgetCents;
						expect(p.refundCents).toBeGreaterThanOrEqual(0);
						sold.find((l) => l.id === p.saleLineId)!.returned += p.quantity;
					}
				}
				for (const l of sold) {
					expect(l.returned).toBe(l.quantity);
					expect(back.get(l.id)).toEqual({ refund: l.paidCents, reference: l.referenceCents, budget: lineBudget(b, l) });
				}
			})
		);
	});

	test('property: FSE+ lines never refund money nor budget', () => {
		fc.assert(
			fc.property(basis, soldLine('fse'), fc.integer({ min: 1, max: 40 }), (b, l, q) => {
				const line = { ...l, fse: true, paidCents: 0 };
				const plan = planReturn(b, [line], [{ saleLineId: 'fse', quantity: Math.min(q, line.quantity), disposition: 'stock' }]);
				expect(plan.ok && plan.refundCents === 0 && plan.budgetCents === 0).toBe(true);
			})
		);
	});

	test('a line cannot give back more than was sold less what was already returned', () => {
		const line: SoldLine = { id: 'a', quantity: 5, returned: 3, referenceCents: 1250, paidCents: 250, fse: false };
		expect(planReturn('reference_value', [line], [{ saleLineId: 'a', quantity: 3, disposition: 'stock' }])).toEqual({
			ok: false,
			code: 'over_return',
			saleLineId: 'a',
			left: 2
		});
		// The same line twice in one return (part to stock, part to loss) counts as one.
		expect(
			planReturn(
				'reference_value',
				[line],
				[
					{ saleLineId: 'a', quantity: 1, disposition: 'stock' },
					{ saleLineId: 'a', quantity: 2, disposition: 'loss' }
				]
			)
		).toMatchObject({ ok: false, code: 'over_return', left: 2 });
		const ok = planReturn(
			'reference_value',
			[line],
			[
				{ saleLineId: 'a', quantity: 1, disposition: 'stock' },
				{ saleLineId: 'a', quantity: 1, disposition: 'loss' }
			]
		);
		expect(ok).toMatchObject({ ok: true, refundCents: 100, referenceCents: 500, budgetCents: 500 });
		expect(planReturn('reference_value', [line], [{ saleLineId: 'b', quantity: 1, disposition: 'stock' }])).toEqual({
			ok: false,
			code: 'line_unknown',
			saleLineId: 'b'
		});
	});

	test('rounding: three units of a line paid 2,00 € come back as 0,67 + 0,66 + 0,67', () => {
		const line: SoldLine = { id: 'a', quantity: 3, returned: 0, referenceCents: 999, paidCents: 200, fse: false };
		const refunds = [];
		for (let i = 0; i < 3; i++) {
			const plan = planReturn('amount_paid', [line], [{ saleLineId: 'a', quantity: 1, disposition: 'stock' }]);
			if (!plan.ok) throw new Error(plan.code);
			refunds.push([plan.refundCents, plan.referenceCents, plan.budgetCents]);
			line.returned++;
		}
		expect(refunds).toEqual([
			[67, 333, 67],
			[66, 333, 66],
			[67, 333, 67]
		]);
	});
});

describe('refundByMethod', () => {
	const method = fc.constantFrom<Method>('cash', 'card', 'cheque');

	test('property: refunds follow the order paid, never exceed a method, and add up to what was paid', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ method, amountCents: fc.integer({ min: 1, max: 5_000 }) }), { minLength: 1, maxLength: 4 }),
				fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 8 }),
				(paid, weights) => {
					const total = paid.reduce((s, p) => s + p.amountCents, 0);
					// Cut the total into refunds in proportion to the weights (the last takes the rest).
					const sum = weights.reduce((a, b) => a + b, 0);
					let given = 0;
					const amounts = weights.map((w, i) => {
						const a = i === weights.length - 1 ? total - given : Math.floor((total * w) / sum);
						given += a;
						return a;
					});
					const refunded: { method: Method; amountCents: number }[] = [];
					for (const a of amounts) {
						const split = refundByMethod(a, paid, refunded);
						expect(split.reduce((s, r) => s + r.amountCents, 0)).toBe(a);
						refunded.push(...split);
						// A later method is used only once every earlier one is fully refunded.
						const byMethod = new Map<Method, number>();
						for (const r of refunded) byMethod.set(r.method, (byMethod.get(r.method) ?? 0) + r.amountCents);
						const paidBy = new Map<Method, number>();
						for (const p of paid) paidBy.set(p.method, (paidBy.get(p.method) ?? 0) + p.amountCents);
						for (const [k, v] of byMethod) expect(v).toBeLessThanOrEqual(paidBy.get(k)!);
						const order = [...paidBy.keys()];
						const last = Math.max(...[...byMethod.keys()].map((k) => order.indexOf(k)));
						for (const k of order.slice(0, last)) expect(byMethod.get(k)).toBe(paidBy.get(k));
					}
					const final = new Map<Method, number>();
					for (const r of refunded) final.set(r.method, (final.get(r.method) ?? 0) + r.amountCents);
					const paidBy = new Map<Method, number>();
					for (const p of paid) paidBy.set(p.method, (paidBy.get(p.method) ?? 0) + p.amountCents);
					expect(final).toEqual(paidBy);
				}
			)
		);
	});

	test('cash 2,00 € then card 3,00 €: a first refund of 2,50 € is 2,00 € cash and 0,50 € card', () => {
		const paid = [
			{ method: 'cash' as const, amountCents: 200 },
			{ method: 'card' as const, amountCents: 300 }
		];
		expect(refundByMethod(250, paid, [])).toEqual([
			{ method: 'cash', amountCents: 200 },
			{ method: 'card', amountCents: 50 }
		]);
		expect(
			refundByMethod(250, paid, [
				{ method: 'cash', amountCents: 200 },
				{ method: 'card', amountCents: 50 }
			])
		).toEqual([{ method: 'card', amountCents: 250 }]);
		expect(refundByMethod(0, paid, [])).toEqual([]);
	});
});

describe('the return form', () => {
	const A = '11111111-1111-4111-8111-111111111111';
	const B = '22222222-2222-4222-8222-222222222222';
	const lines = [
		{ saleLineId: A, product: 'Pâtes', unit: 'piece' as const },
		{ saleLineId: B, product: 'Pommes', unit: 'kg' as const }
	];

	test('reads the quantities typed in each product’s unit and where each goes; empty or 0 is not returned', () => {
		expect(readReturnForm({ [`q-${A}`]: '2', [`d-${A}`]: 'stock', [`q-${B}`]: '0,5', [`d-${B}`]: 'loss' }, lines)).toEqual({
			ok: true,
			lines: [
				{ saleLineId: A, quantity: 2, disposition: 'stock' },
				{ saleLineId: B, quantity: 500, disposition: 'loss' }
			]
		});
		expect(readReturnForm({ [`q-${A}`]: '', [`q-${B}`]: '0' }, lines)).toEqual({ ok: true, lines: [] });
	});

	test('refuses, in French, a bad quantity (naming the product) or a line with no place to go', () => {
		expect(readReturnForm({ [`q-${A}`]: '1,5', [`d-${A}`]: 'stock' }, lines)).toEqual({ ok: false, error: expect.stringContaining('Pâtes') });
		expect(readReturnForm({ [`q-${B}`]: 'deux', [`d-${B}`]: 'stock' }, lines)).toEqual({ ok: false, error: expect.stringContaining('Pommes') });
		const nowhere = readReturnForm({ [`q-${A}`]: '1', [`d-${A}`]: 'poubelle' }, lines);
		expect(nowhere).toEqual({ ok: false, error: expect.stringMatching(/remettre en stock ou mettre en perte/) });
	});

	test('who cannot take a return here is told why: 403 without the role, 409 away from an open till', () => {
		expect(returnDeskRefusal('role')).toEqual({ status: 403, error: expect.stringMatching(/encadrant/) });
		expect(returnDeskRefusal('tablet')).toEqual({ status: 409, error: expect.stringMatching(/tablette enregistrée/) });
		expect(returnDeskRefusal('closed')).toEqual({ status: 409, error: expect.stringMatching(/fermée/) });
	});
});
