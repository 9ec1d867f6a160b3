import { and, asc, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { lots, rightBudgetUses, rights, salePayments, saleReturns, sales, stockMovements } from '$lib/server/db/schema';
import { tillLookup } from '$lib/server/households/rights';
import { previewReturn, returnSale, returnableLines, returnsOfSale } from '$lib/server/till/returns';
import { completeSale, getSale } from '$lib/server/till/sales';
import { closeTill, currentTotals, openTill } from '$lib/server/till/sessions';
import { linePrice, type PaymentInput } from '$lib/till/pricing';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';
import { makeBeneficiary, makeLot, makeShop, newKey, TODAY } from '../helpers/till';
import { makeProduct } from '../helpers/stock';

const t = useTestDatabase();

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;
const movementsOf = async (lotId: string) =>
	t.db
		.select({ kind: stockMovements.kind, quantity: stockMovements.quantity, reason: stockMovements.reason })
		.from(stockMovements)
		.where(eq(stockMovements.lotId, lotId))
		.orderBy(asc(stockMovements.id));
const budgetNet = async (rightId: string) =>
	(
		await t.db
			.select({ n: sql<number>`coalesce(sum(${rightBudgetUses.amountCents}), 0)::int` })
			.from(rightBudgetUses)
			.where(eq(rightBudgetUses.rightId, rightId))
	)[0]!.n;
const refundRows = async (saleId: string) =>
	t.db
		.select({ method: salePayments.method, amountCents: salePayments.amountCents })
		.from(salePayments)
		.where(and(eq(salePayments.saleId, saleId), sql`${salePayments.returnId} is not null`))
		.orderBy(asc(salePayments.at), asc(salePayments.seq));

type Shop = Awaited<ReturnType<typeof makeShop>>;

/** A sale of `quantity` units of the shop's 2,50 € product at 20 % (0,50 € a unit to pay). */
async function sell(s: Shop, lotId: string, quantity: number, payments?: PaymentInput[], customer = s.household.card) {
	return completeSale(t.db, s.operator, s.point, {
		idempotencyKey: newKey(),
		customer,
		lines: [{ lot: lotId, quantity }],
		payments: payments ?? [{ method: 'cash', amountCents: quantity * 50 }]
	});
}

const give = (
	s: Shop,
	saleId: string,
	lines: { saleLineId: string; quantity: number; disposition: 'stock' | 'loss' }[],
	who: Actor = s.supervisor,
	key = newKey()
) => returnSale(t.db, who, s.point, { saleId, idempotencyKey: key, reason: 'Produit abîmé', lines });

const lineIds = async (s: Shop, saleId: string) => (await getSale(t.db, s.supervisor, saleId)).lines.map((l) => l.id);

/** A shop with a lot of 10 units of its 2,50 € product, and a sale of `units` of them: the sale and its one line. */
async function soldShop(units: number, payments?: PaymentInput[]) {
	const s = await makeShop(t.db);
	const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
	const sale = await sell(s, lot.id, units, payments);
	const line = (await lineIds(s, sale.id))[0]!;
	return { s, lot, sale, line };
}

describe('returning items of a sale', () => {
	test('back to stock: a return movement on the original lot restores on_hand; the sale itself is unchanged', async () => {
		const { s, lot, sale, line } = await soldShop(4);
		const before = (await t.db.select().from(sales).where(eq(sales.id, sale.id)))[0];
		const r = await give(s, sale.id, [{ saleLineId: line, quantity: 3, disposition: 'stock' }]);
		expect(r).toMatchObject({
			replayed: false,
			saleNumber: sale.number,
			refundCents: 150,
			referenceCents: 750,
			budgetRestoredCents: 750,
			refunds: [{ method: 'cash', amountCents: 150 }]
		});
		expect(await onHand(lot.id)).toBe(9);
		expect(await movementsOf(lot.id)).toEqual([
			{ kind: 'reception', quantity: 10, reason: null },
			{ kind: 'sale', quantity: -4, reason: 'sale' },
			{ kind: 'return', quantity: 3, reason: null }
		]);
		expect((await t.db.select().from(sales).where(eq(sales.id, sale.id)))[0]).toEqual(before);
		const view = await getSale(t.db, s.operator, sale.id);
		expect(view.lines[0]).toMatchObject({ quantity: 4, returned: 3 });
		expect(view.returns).toHaveLength(1);
		expect(await auditRows(t.db, s.org.organisationId, 'till.return')).toHaveLength(1);
	});

	test('a preview shows what the return will do, with the same checks, and keeps nothing', async () => {
		const { s, lot, sale, line } = await soldShop(4, [
			{ method: 'cash', amountCents: 50 },
			{ method: 'card', amountCents: 150 }
		]);
		const input = {
			saleId: sale.id,
			idempotencyKey: newKey(),
			reason: 'Erreur de caisse',
			lines: [{ saleLineId: line, quantity: 3, disposition: 'loss' as const }]
		};
		const preview = await previewReturn(t.db, s.supervisor, s.point, input);
		expect(preview).toMatchObject({
			refundCents: 150,
			budgetRestoredCents: 750,
			refunds: [
				{ method: 'cash', amountCents: 50 },
				{ method: 'card', amountCents: 100 }
			]
		});
		expect(await onHand(lot.id)).toBe(6);
		expect(await movementsOf(lot.id)).toHaveLength(2);
		expect(await t.db.select().from(saleReturns).where(eq(saleReturns.saleId, sale.id))).toHaveLength(0);
		expect(await budgetNet(s.household.rightId)).toBe(1000);
		expect(await auditRows(t.db, s.org.organisationId, 'till.return')).toHaveLength(0);
		await expectAppError(
			previewReturn(t.db, s.supervisor, s.point, { ...input, lines: [{ saleLineId: line, quantity: 5, disposition: 'loss' }] }),
			'over_return',
			409
		);
		const done = await returnSale(t.db, s.supervisor, s.point, input);
		expect({ ...done, id: '', at: null }).toEqual({ ...preview, id: '', at: null });
	});

	test('to loss: on_hand stays, the ledger shows the return then the loss (reason "return")', async () => {
		const { s, lot, sale, line } = await soldShop(2);
		await give(s, sale.id, [{ saleLineId: line, quantity: 2, disposition: 'loss' }]);
		expect(await onHand(lot.id)).toBe(8);
		const mv = await movementsOf(lot.id);
		expect(mv.slice(2)).toEqual([
			{ kind: 'return', quantity: 2, reason: null },
			{ kind: 'loss', quantity: -2, reason: 'return' }
		]);
		expect(mv.reduce((n, x) => n + x.quantity, 0)).toBe(8);
	});

	test('a blocked lot or a DLC-past lot cannot go back to stock, only to loss', async () => {
		const s = await makeShop(t.db);
		const fresh = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: TODAY, dateType: 'dlc' });
		const sale = await sell(s, fresh.id, 2);
		const line = (await lineIds(s, sale.id))[0]!;
		// Tomorrow the DLC is past.
		const tomorrow = new Date(Date.now() + 86_400_000 * 1.5);
		const err = await expectAppError(
			returnSale(
				t.db,
				s.supervisor,
				s.point,
				{ saleId: sale.id, idempotencyKey: newKey(), reason: 'Rendu', lines: [{ saleLineId: line, quantity: 1, disposition: 'stock' }] },
				{ now: tomorrow }
			),
			'dlc_past',
			409
		);
		expect(err.message).toMatch(/Mettre en perte/);
		expect(await returnableLines(t.db, s.supervisor, sale.id, tomorrow)).toMatchObject([{ returnable: 2, noRestock: 'dlc_past' }]);
		await returnSale(
			t.db,
			s.supervisor,
			s.point,
			{ saleId: sale.id, idempotencyKey: newKey(), reason: 'Rendu', lines: [{ saleLineId: line, quantity: 1, disposition: 'loss' }] },
			{ now: tomorrow }
		);
		expect(await onHand(fresh.id)).toBe(8);

		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, fresh.id));
		await expectAppError(give(s, sale.id, [{ saleLineId: line, quantity: 1, disposition: 'stock' }]), 'lot_blocked', 409);
		expect(await returnableLines(t.db, s.supervisor, sale.id)).toMatchObject([{ returnable: 1, noRestock: 'blocked' }]);
		await give(s, sale.id, [{ saleLineId: line, quantity: 1, disposition: 'loss' }]);
		expect(await onHand(fresh.id)).toBe(8);
	});

	test('refund by the original methods in the order paid, across several returns', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 20);
		const big = await makeBeneficiary(t.db, s.org, { monthlyBudgetCents: 10_000 });
		// 10 units: 5,00 € to pay — 2,00 € cash first, then 3,00 € by card.
		const sale = await sell(
			s,
			lot.id,
			10,
			[
				{ method: 'cash', amountCents: 200, tenderedCents: 500 },
				{ method: 'card', amountCents: 300 }
			],
			big.card
		);
		const line = (await lineIds(s, sale.id))[0]!;
		const a = await give(s, sale.id, [{ saleLineId: line, quantity: 5, disposition: 'stock' }]);
		expect(a.refunds).toEqual([
			{ method: 'cash', amountCents: 200 },
			{ method: 'card', amountCents: 50 }
		]);
		const b = await give(s, sale.id, [{ saleLineId: line, quantity: 5, disposition: 'stock' }]);
		expect(b.refunds).toEqual([{ method: 'card', amountCents: 250 }]);
		expect(await refundRows(sale.id)).toEqual([
			{ method: 'cash', amountCents: -200 },
			{ method: 'card', amountCents: -50 },
			{ method: 'card', amountCents: -250 }
		]);

		// Card first, then cash: the refund goes to the card first.
		const other = await sell(
			s,
			lot.id,
			4,
			[
				{ method: 'card', amountCents: 100 },
				{ method: 'cash', amountCents: 100 }
			],
			big.card
		);
		const [l2] = await lineIds(s, other.id);
		expect((await give(s, other.id, [{ saleLineId: l2!, quantity: 3, disposition: 'stock' }])).refunds).toEqual([
			{ method: 'card', amountCents: 100 },
			{ method: 'cash', amountCents: 50 }
		]);
		expect((await returnsOfSale(t.db, s.operator, other.id)).map((r) => r.refundCents)).toEqual([150]);
	});

	test("budget restored in the sale's month: the till lookup shows it left again", async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const sale = await sell(s, lot.id, 6);
		expect((await tillLookup(t.db, s.operator, s.household.card)).leftCents).toBe(2000 - 1500);
		const line = (await lineIds(s, sale.id))[0]!;
		const r = await give(s, sale.id, [{ saleLineId: line, quantity: 2, disposition: 'loss' }]);
		expect(r.budgetRestoredCents).toBe(500);
		expect((await tillLookup(t.db, s.operator, s.household.card)).leftCents).toBe(2000 - 1000);
		const uses = await t.db
			.select({ month: rightBudgetUses.month, amountCents: rightBudgetUses.amountCents })
			.from(rightBudgetUses)
			.where(eq(rightBudgetUses.rightId, s.household.rightId))
			.orderBy(asc(rightBudgetUses.amountCents));
		expect(uses).toEqual([
			{ month: `${TODAY.slice(0, 8)}01`, amountCents: -500 },
			{ month: `${TODAY.slice(0, 8)}01`, amountCents: 1500 }
		]);
	});

	test("partial returns in several steps give back exactly the sale's totals (rounding included)", async () => {
		const s = await makeShop(t.db);
		// 3,33 € at 20 %: 3 units = 9,99 € of reference value, 2,00 € paid.
		const product = await makeProduct(t.db, s.org, { referencePriceCents: 333 });
		const lot = await makeLot(t.db, s.operator, product.id, s.origin.id, 10);
		const fse = await makeLot(t.db, s.operator, product.id, s.fseOrigin.id, 10);
		const sale = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [
				{ lot: lot.id, quantity: 3 },
				{ lot: fse.id, quantity: 2 }
			],
			payments: [{ method: 'cash', amountCents: 200 }]
		});
		expect(sale).toMatchObject({ paidCents: 200, referenceCents: 1665, budgetCents: 999 });
		const [l1, l2] = await lineIds(s, sale.id);
		const steps = [
			[{ saleLineId: l1!, quantity: 1, disposition: 'stock' as const }],
			[
				{ saleLineId: l1!, quantity: 1, disposition: 'loss' as const },
				{ saleLineId: l2!, quantity: 1, disposition: 'stock' as const }
			],
			[
				{ saleLineId: l1!, quantity: 1, disposition: 'stock' as const },
				{ saleLineId: l2!, quantity: 1, disposition: 'stock' as const }
			]
		];
		const results = [];
		for (const step of steps) results.push(await give(s, sale.id, step));
		expect(results.map((r) => r.refundCents)).toEqual([67, 66, 67]);
		expect(results.reduce((n, r) => n + r.refundCents, 0)).toBe(200);
		expect(results.reduce((n, r) => n + r.referenceCents, 0)).toBe(1665);
		expect(results.reduce((n, r) => n + r.budgetRestoredCents, 0)).toBe(999);
		expect(await budgetNet(s.household.rightId)).toBe(0);
		expect(await onHand(lot.id)).toBe(9);
		expect(await onHand(fse.id)).toBe(10);
		expect(await returnableLines(t.db, s.supervisor, sale.id)).toMatchObject([{ returnable: 0 }, { returnable: 0 }]);
	});

	test('over-return refused with the quantity left; nothing changes', async () => {
		const { s, lot, sale, line } = await soldShop(3);
		const err = await expectAppError(give(s, sale.id, [{ saleLineId: line, quantity: 4, disposition: 'stock' }]), 'over_return', 409);
		expect(err.message).toContain('au plus 3');
		await give(s, sale.id, [{ saleLineId: line, quantity: 2, disposition: 'stock' }]);
		const again = await expectAppError(
			give(s, sale.id, [
				{ saleLineId: line, quantity: 1, disposition: 'stock' },
				{ saleLineId: line, quantity: 1, disposition: 'loss' }
			]),
			'over_return',
			409
		);
		expect(again.message).toContain('au plus 1');
		expect(await onHand(lot.id)).toBe(9);
		expect(await t.db.select().from(saleReturns).where(eq(saleReturns.saleId, sale.id))).toHaveLength(1);
	});

	test('only supervisors take returns; a closed till takes none; bad input changes nothing', async () => {
		const { s, lot, sale, line } = await soldShop(3);
		const one = [{ saleLineId: line, quantity: 1, disposition: 'stock' as const }];
		await expectAppError(give(s, sale.id, one, s.operator), 'forbidden', 403);
		await expectAppError(give(s, sale.id, one, { ...s.org.actors.social_worker, deviceId: s.device.id }), 'forbidden', 403);
		await expectAppError(
			returnSale(t.db, s.supervisor, s.point, { saleId: sale.id, idempotencyKey: '', reason: 'Rendu', lines: one }),
			'idempotency_key_required',
			400
		);
		await expectAppError(returnSale(t.db, s.supervisor, s.point, { saleId: sale.id, idempotencyKey: newKey(), reason: ' ', lines: one }), 'invalid_input', 400);
		await expectAppError(give(s, sale.id, []), 'invalid_input', 400);
		await expectAppError(give(s, sale.id, [{ saleLineId: line, quantity: -1, disposition: 'stock' }]), 'invalid_input', 400);
		await expectAppError(give(s, sale.id, [{ saleLineId: line, quantity: 1, disposition: 'bin' as 'stock' }]), 'invalid_input', 400);
		// A line of another sale.
		const other = await sell(s, lot.id, 1);
		const [otherLine] = await lineIds(s, other.id);
		await expectAppError(give(s, sale.id, [{ saleLineId: otherLine!, quantity: 1, disposition: 'stock' }]), 'line_unknown', 404);
		// A sale of another organisation is not found.
		const elsewhere = await makeShop(t.db);
		await expectAppError(give(elsewhere, sale.id, one), 'not_found', 404);
		// The till of this tablet is closed.
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 + 200 } });
		await expectAppError(give(s, sale.id, one), 'till_closed', 409);
		expect(await onHand(lot.id)).toBe(6);
		expect(await t.db.select().from(saleReturns).where(eq(saleReturns.saleId, sale.id))).toHaveLength(0);
		expect(await budgetNet(s.household.rightId)).toBe(1000);
	});

	test('the same idempotency key sent three times records one return; reused for another return it is refused', async () => {
		const { s, lot, sale, line } = await soldShop(4);
		const key = newKey();
		const one = [{ saleLineId: line, quantity: 1, disposition: 'stock' as const }];
		const [a, b, c] = await Promise.all([
			give(s, sale.id, one, s.supervisor, key),
			give(s, sale.id, one, s.supervisor, key),
			give(s, sale.id, one, s.supervisor, key)
		]);
		expect(new Set([a.id, b.id, c.id]).size).toBe(1);
		expect([a, b, c].filter((r) => !r.replayed)).toHaveLength(1);
		expect(await onHand(lot.id)).toBe(7);
		expect(await refundRows(sale.id)).toEqual([{ method: 'cash', amountCents: -50 }]);
		expect(await budgetNet(s.household.rightId)).toBe(750);
		await expectAppError(give(s, sale.id, [{ saleLineId: line, quantity: 2, disposition: 'stock' }], s.supervisor, key), 'idempotency_conflict', 409);
	});

	test('two returns of the same units at once: one is recorded, the other told what is left', async () => {
		const { s, lot, sale, line } = await soldShop(4);
		const three = [{ saleLineId: line, quantity: 3, disposition: 'stock' as const }];
		const outcomes = await Promise.allSettled([give(s, sale.id, three), give(s, sale.id, three)]);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
		expect(refused.reason).toMatchObject({ code: 'over_return', status: 409 });
		expect(refused.reason.message).toContain('au plus 1');
		expect(await onHand(lot.id)).toBe(9);
		expect(await refundRows(sale.id)).toEqual([{ method: 'cash', amountCents: -150 }]);
	});

	test('the Z report counts the refunds: expected cash goes down by the cash given back', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 20);
		const cash = await sell(s, lot.id, 4); // 2,00 € cash
		const split = await sell(s, lot.id, 4, [
			{ method: 'cash', amountCents: 50 },
			{ method: 'card', amountCents: 150 }
		]);
		const [lc] = await lineIds(s, cash.id);
		const [ls] = await lineIds(s, split.id);
		await give(s, cash.id, [{ saleLineId: lc!, quantity: 2, disposition: 'stock' }]); // 1,00 € cash back
		await give(s, split.id, [{ saleLineId: ls!, quantity: 4, disposition: 'loss' }]); // 0,50 € cash + 1,50 € card back
		const live = await currentTotals(t.db, s.operator, s.point);
		expect(live!.totals).toMatchObject({
			sales: 2,
			returns: 2,
			paidCents: 400,
			refundedCents: 300,
			byMethod: { cash: 250 - 150, card: 0, cheque: 0 },
			expected: { cash: 1000 + 100, card: 0 }
		});
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 1100, card: 0 } });
		expect(z.totals).toMatchObject({
			returns: 2,
			refundedCents: 300,
			expected: { cash: 1100, card: 0, cheque: 0 },
			difference: { cash: 0, card: 0, cheque: 0 }
		});
	});

	test("a return on another till than the sale's: the refund comes out of the drawer where it is made", async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const sale = await sell(s, lot.id, 2);
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1100 } });
		// The next day's till, on the same tablet.
		const next = await openTill(t.db, s.operator, s.point, { floatCents: 500 });
		const line = (await lineIds(s, sale.id))[0]!;
		await give(s, sale.id, [{ saleLineId: line, quantity: 2, disposition: 'stock' }]);
		const rows = await t.db
			.select({ sessionId: salePayments.sessionId, amountCents: salePayments.amountCents })
			.from(salePayments)
			.where(eq(salePayments.saleId, sale.id))
			.orderBy(asc(salePayments.amountCents));
		expect(rows).toEqual([
			{ sessionId: next.id, amountCents: -100 },
			{ sessionId: s.session.id, amountCents: 100 }
		]);
		expect((await currentTotals(t.db, s.operator, s.point))!.totals.expected.cash).toBe(400);
	});
});

describe('property: random sales, returned in random steps', () => {
	test('refunds add up to what was paid (by method), budget uses net to zero, stock comes back', async () => {
		const s = await makeShop(t.db);
		const org = s.org;
		// Households on either budget basis, with room for any random basket.
		const households: (Awaited<ReturnType<typeof makeBeneficiary>> & { rateBp: number })[] = [];
		for (const [rateBp, basis] of [
			[1000, 'reference_value'],
			[2000, 'amount_paid'],
			[3000, 'reference_value']
		] as const) {
			const h = await makeBeneficiary(t.db, org, { rateBp, monthlyBudgetCents: 1_000_000 });
			await t.db.update(rights).set({ budgetBasis: basis }).where(eq(rights.id, h.rightId));
			households.push({ ...h, rateBp });
		}
		type TestLot = { id: string; code: string; unit: 'piece' | 'kg'; priceCents: number; fse: boolean };
		const pieceLots: TestLot[] = [];
		for (const priceCents of [1, 99, 333, 1250]) {
			const p = await makeProduct(t.db, org, { referencePriceCents: priceCents });
			for (const [origin, fse] of [
				[s.origin.id, false],
				[s.fseOrigin.id, true]
			] as const) {
				const l = await makeLot(t.db, s.operator, p.id, origin, 100_000);
				pieceLots.push({ id: l.id, code: l.code, unit: 'piece', priceCents, fse });
			}
		}
		const kg = await makeProduct(t.db, org, { referencePriceCents: 349, unit: 'kg' });
		const k = await makeLot(t.db, s.operator, kg.id, s.origin.id, 10_000_000);
		const kgLot: TestLot = { id: k.id, code: k.code, unit: 'kg', priceCents: 349, fse: false };
		const allLots = [...pieceLots, kgLot];

		const line = fc.oneof(
			fc.record({ lot: fc.integer({ min: 0, max: pieceLots.length - 1 }).map((i) => pieceLots[i]!), quantity: fc.integer({ min: 1, max: 12 }) }),
			fc.record({ lot: fc.constant(kgLot), quantity: fc.integer({ min: 1, max: 5000 }) })
		);
		const scenario = fc.record({
			household: fc.integer({ min: 0, max: households.length - 1 }),
			lines: fc.array(line, { minLength: 1, maxLength: 4 }),
			methods: fc.array(fc.constantFrom('cash' as const, 'card' as const, 'cheque' as const), { minLength: 1, maxLength: 3 }),
			/** Each step returns, of each line, this fraction (in %) of what is left; the last step takes the rest. */
			steps: fc.array(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }), { maxLength: 3 }),
			loss: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 })
		});

		await fc.assert(
			fc.asyncProperty(scenario, async (sc) => {
				const h = households[sc.household]!;
				const before = new Map<string, number>();
				for (const l of allLots) before.set(l.id, await onHand(l.id));
				const budgetBefore = await budgetNet(h.rightId);
				// The amount due, priced as the till prices it; paid split over the chosen methods (none when 0).
				const dueCents = sc.lines.reduce(
					(n, l) => n + linePrice({ unit: l.lot.unit, quantity: l.quantity, unitPriceCents: l.lot.priceCents, rateBp: h.rateBp, fse: l.lot.fse }).paidCents,
					0
				);
				const input = { customer: h.card, lines: sc.lines.map((l) => ({ lot: l.lot.id, quantity: l.quantity })) };
				const payments: PaymentInput[] = [];
				let left = dueCents;
				sc.methods.forEach((method, i) => {
					const a = i === sc.methods.length - 1 ? left : Math.floor(left / 2);
					if (a > 0) payments.push({ method, amountCents: a });
					left -= a;
				});
				const sale = await completeSale(t.db, s.operator, s.point, { ...input, idempotencyKey: newKey(), payments });
				expect(sale.paidCents).toBe(dueCents);
				const view = await getSale(t.db, s.operator, sale.id);
				const remaining = new Map(view.lines.map((l) => [l.id, l.quantity]));
				const results = [];
				const stepsAll = [...sc.steps, null];
				for (const step of stepsAll) {
					const req = view.lines
						.map((l, i) => {
							const rest = remaining.get(l.id)!;
							const q = step === null ? rest : Math.floor((rest * step[i % 4]!) / 100);
							return { saleLineId: l.id, quantity: q, disposition: sc.loss[i % 4] ? ('loss' as const) : ('stock' as const) };
						})
						.filter((r) => r.quantity > 0);
					if (req.length === 0) continue;
					for (const r of req) remaining.set(r.saleLineId, remaining.get(r.saleLineId)! - r.quantity);
					results.push(await give(s, sale.id, req));
				}
				expect(results.reduce((n, r) => n + r.refundCents, 0)).toBe(sale.paidCents);
				expect(results.reduce((n, r) => n + r.referenceCents, 0)).toBe(sale.referenceCents);
				expect(results.reduce((n, r) => n + r.budgetRestoredCents, 0)).toBe(sale.budgetCents);
				const paidBy: Record<string, number> = {};
				for (const p of payments) paidBy[p.method] = (paidBy[p.method] ?? 0) + p.amountCents;
				const backBy: Record<string, number> = {};
				for (const r of results) for (const x of r.refunds) backBy[x.method] = (backBy[x.method] ?? 0) + x.amountCents;
				expect(backBy).toEqual(paidBy);
				expect(await budgetNet(h.rightId)).toBe(budgetBefore);
				// Lots back where they were, less what went to loss.
				const lost = new Map<string, number>();
				for (const [i, l] of view.lines.entries()) if (sc.loss[i % 4]) lost.set(l.lotCode, (lost.get(l.lotCode) ?? 0) + l.quantity);
				for (const l of allLots) expect(await onHand(l.id)).toBe(before.get(l.id)! - (lost.get(l.code) ?? 0));
			}),
			{ numRuns: 15 }
		);
	});
});

test('another organisation sees none of it', async () => {
	const s = await makeShop(t.db);
	const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
	const sale = await sell(s, lot.id, 1);
	const other = await makeOrg(t.db);
	expect(await returnableLines(t.db, other.actors.supervisor, sale.id)).toEqual([]);
	expect(await returnsOfSale(t.db, other.actors.manager, sale.id)).toEqual([]);
	await expectAppError(returnableLines(t.db, s.operator, sale.id), 'forbidden', 403);
});
