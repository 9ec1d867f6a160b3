import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { lots, rightBudgetUses, saleLines, salePayments, sales, stockMovements } from '$lib/server/db/schema';
import { completeSale, getSale } from '$lib/server/till/sales';
import { closeTill } from '$lib/server/till/sessions';
import { useTestDatabase } from '../helpers/db';
import { expectAppError } from '../helpers/fixtures';
import { makeLot, makeShop, newKey } from '../helpers/till';

const t = useTestDatabase();

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;
const countRows = async (table: typeof sales | typeof saleLines | typeof salePayments, organisationId: string) =>
	(await t.db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.organisationId, organisationId)))[0]!.n;

describe('completing a sale', () => {
	test('prices at the rate, FSE+ at 0 €, moves stock, spends the budget, all in one sale', async () => {
		const s = await makeShop(t.db);
		const normal = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const fse = await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 5);
		// 3 × 2,50 € at 20 % = 1,50 € to pay; FSE+ 2 × 2,50 € free.
		const r = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: normal.id, quantity: 3 }, { lot: fse.code, quantity: 2 }],
			payments: [{ method: 'cash', amountCents: 150, tenderedCents: 200 }]
		});
		expect(r).toMatchObject({ number: 'V-000001', replayed: false, referenceCents: 1250, paidCents: 150, fseCents: 500, savedCents: 1100, budgetCents: 750, budgetLeftCents: 1250, changeCents: 50 });
		expect(await onHand(normal.id)).toBe(7);
		expect(await onHand(fse.id)).toBe(3);
		const view = await getSale(t.db, s.operator, r.id);
		expect(view.firstName).toBe('Jeanne');
		expect(view.lines.map((l) => [l.quantity, l.paidCents, l.fse])).toEqual([[3, 150, false], [2, 0, true]]);
		const mv = await t.db.select().from(stockMovements).where(and(eq(stockMovements.organisationId, s.org.organisationId), eq(stockMovements.kind, 'sale')));
		expect(mv.map((x) => x.quantity).sort()).toEqual([-2, -3]);
		const uses = await t.db.select().from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId));
		expect(uses.map((u) => u.amountCents)).toEqual([750]);
	});

	test('the same idempotency key three times records one sale and answers the same', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const input = { idempotencyKey: newKey(), customer: s.household.reference, lines: [{ lot: lot.id, quantity: 2 }], payments: [{ method: 'card' as const, amountCents: 100 }] };
		const [a, b, c] = await Promise.all([completeSale(t.db, s.operator, s.point, input), completeSale(t.db, s.operator, s.point, input), completeSale(t.db, s.operator, s.point, input)]);
		expect(new Set([a.id, b.id, c.id]).size).toBe(1);
		expect([a, b, c].filter((x) => !x.replayed)).toHaveLength(1);
		expect(await countRows(sales, s.org.organisationId)).toBe(1);
		expect(await onHand(lot.id)).toBe(8);
		await expectAppError(completeSale(t.db, s.operator, s.point, { ...input, lines: [{ lot: lot.id, quantity: 1 }], payments: [{ method: 'card', amountCents: 50 }] }), 'idempotency_conflict', 409);
	});

	test('a DLC-past lot is refused with the reason and nothing is saved', async () => {
		const s = await makeShop(t.db);
		const ok = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const past = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: '2020-01-01', dateType: 'dlc' });
		const err = await expectAppError(completeSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), customer: s.household.card, lines: [{ lot: ok.id, quantity: 1 }, { lot: past.id, quantity: 1 }], payments: [{ method: 'cash', amountCents: 100 }] }), 'dlc_past', 409);
		expect(err.message).toMatch(/DLC/);
		expect(await countRows(sales, s.org.organisationId)).toBe(0);
		expect(await onHand(ok.id)).toBe(10);
	});

	test('a failure after the stock moved (wrong payment total) leaves nothing', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		await expectAppError(completeSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), customer: s.household.card, lines: [{ lot: lot.id, quantity: 2 }], payments: [{ method: 'cash', amountCents: 99 }] }), 'payment_total', 400);
		expect(await onHand(lot.id)).toBe(10);
		expect(await countRows(sales, s.org.organisationId)).toBe(0);
		expect((await t.db.select().from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId))).length).toBe(0);
	});

	test('over budget is refused; a closed till sells nothing', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 100);
		// 9 × 2,50 € = 22,50 € of reference value > 20 € budget.
		const err = await expectAppError(completeSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), customer: s.household.card, lines: [{ lot: lot.id, quantity: 9 }], payments: [{ method: 'cash', amountCents: 450 }] }), 'budget_exceeded', 409);
		expect(err.message).toMatch(/20,00/);
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 } });
		expect(z.totals).toMatchObject({ sales: 0, expected: { cash: 1000, card: 0, cheque: 0 }, difference: { cash: 0 } });
		await expectAppError(completeSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), customer: s.household.card, lines: [{ lot: lot.id, quantity: 1 }], payments: [{ method: 'cash', amountCents: 50 }] }), 'till_closed', 409);
	});
});
