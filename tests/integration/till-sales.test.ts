import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { lots, rightBudgetUses, saleLines, salePayments, sales, stockMovements } from '$lib/server/db/schema';
import { completeSale, getSale } from '$lib/server/till/sales';
import { closeTill } from '$lib/server/till/sessions';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, expectPgError } from '../helpers/fixtures';
import { makeLot, makeShop, newKey } from '../helpers/till';
import { expectLedgerBalanced, tillState } from '../helpers/till-state';

const t = useTestDatabase();

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;
const countRows = async (table: typeof sales | typeof saleLines | typeof salePayments, organisationId: string) =>
	(
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(table)
			.where(eq(table.organisationId, organisationId))
	)[0]!.n;

describe('completing a sale', () => {
	test('prices at the rate, FSE+ at 0 €, moves stock, spends the budget, all in one sale', async () => {
		const s = await makeShop(t.db);
		const normal = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const fse = await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 5);
		// 3 × 2,50 € at 20 % = 1,50 € to pay; FSE+ 2 × 2,50 € free.
		const r = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [
				{ lot: normal.id, quantity: 3 },
				{ lot: fse.code, quantity: 2 }
			],
			payments: [{ method: 'cash', amountCents: 150, tenderedCents: 200 }]
		});
		expect(r).toMatchObject({
			number: 'V-000001',
			replayed: false,
			referenceCents: 1250,
			paidCents: 150,
			fseCents: 500,
			savedCents: 1100,
			budgetCents: 750,
			budgetLeftCents: 1250,
			changeCents: 50
		});
		expect(await onHand(normal.id)).toBe(7);
		expect(await onHand(fse.id)).toBe(3);
		const view = await getSale(t.db, s.operator, r.id);
		expect(view.firstName).toBe('Jeanne');
		expect(view.lines.map((l) => [l.quantity, l.paidCents, l.fse])).toEqual([
			[3, 150, false],
			[2, 0, true]
		]);
		const mv = await t.db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.organisationId, s.org.organisationId), eq(stockMovements.kind, 'sale')));
		expect(mv.map((x) => x.quantity).sort()).toEqual([-2, -3]);
		const uses = await t.db.select().from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId));
		expect(uses.map((u) => u.amountCents)).toEqual([750]);
	});

	test('the same idempotency key three times records one sale and answers the same', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const input = {
			idempotencyKey: newKey(),
			customer: s.household.reference,
			lines: [{ lot: lot.id, quantity: 2 }],
			payments: [{ method: 'card' as const, amountCents: 100 }]
		};
		const [a, b, c] = await Promise.all([
			completeSale(t.db, s.operator, s.point, input),
			completeSale(t.db, s.operator, s.point, input),
			completeSale(t.db, s.operator, s.point, input)
		]);
		expect(new Set([a.id, b.id, c.id]).size).toBe(1);
		expect([a, b, c].filter((x) => !x.replayed)).toHaveLength(1);
		expect(await countRows(sales, s.org.organisationId)).toBe(1);
		expect(await onHand(lot.id)).toBe(8);
		await expectAppError(
			completeSale(t.db, s.operator, s.point, { ...input, lines: [{ lot: lot.id, quantity: 1 }], payments: [{ method: 'card', amountCents: 50 }] }),
			'idempotency_conflict',
			409
		);
	});

	test('a DLC-past lot is refused with the reason and nothing is saved', async () => {
		const s = await makeShop(t.db);
		const ok = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const past = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: '2020-01-01', dateType: 'dlc' });
		const err = await expectAppError(
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [
					{ lot: ok.id, quantity: 1 },
					{ lot: past.id, quantity: 1 }
				],
				payments: [{ method: 'cash', amountCents: 100 }]
			}),
			'dlc_past',
			409
		);
		expect(err.message).toMatch(/DLC/);
		expect(await countRows(sales, s.org.organisationId)).toBe(0);
		expect(await onHand(ok.id)).toBe(10);
	});

	test('a wrong payment total is refused and leaves nothing', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		await expectAppError(
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [{ lot: lot.id, quantity: 2 }],
				payments: [{ method: 'cash', amountCents: 99 }]
			}),
			'payment_total',
			400
		);
		expect(await onHand(lot.id)).toBe(10);
		expect(await countRows(sales, s.org.organisationId)).toBe(0);
		expect((await t.db.select().from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId))).length).toBe(0);
	});

	test('over budget is refused; a closed till sells nothing', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 100);
		// 9 × 2,50 € = 22,50 € of reference value > 20 € budget.
		const err = await expectAppError(
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [{ lot: lot.id, quantity: 9 }],
				payments: [{ method: 'cash', amountCents: 450 }]
			}),
			'budget_exceeded',
			409
		);
		expect(err.message).toMatch(/20,00/);
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 } });
		expect(z.totals).toMatchObject({ sales: 0, expected: { cash: 1000, card: 0, cheque: 0 }, difference: { cash: 0 } });
		await expectAppError(
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [{ lot: lot.id, quantity: 1 }],
				payments: [{ method: 'cash', amountCents: 50 }]
			}),
			'till_closed',
			409
		);
	});
});

/**
 * Makes the database fail in the middle of a completion, after some of its writes: a trigger raises
 * on the chosen insert (fault injection in the database itself, the services are not touched).
 */
async function failingInsert<T>(table: 'stock_movements' | 'sale_lines' | 'sale_payments' | 'audit_log', when: string, run: () => Promise<T>): Promise<T> {
	await t.db.execute(
		sql.raw(`create or replace function till_test_fail() returns trigger language plpgsql as $$ begin raise exception 'panne simulée'; end $$`)
	);
	await t.db.execute(sql.raw(`create trigger till_test_fail before insert on ${table} for each row when (${when}) execute function till_test_fail()`));
	try {
		return await run();
	} finally {
		await t.db.execute(sql.raw(`drop trigger till_test_fail on ${table}`));
	}
}

describe('a failure in the middle of a completion', () => {
	const uuid = (v: string) => {
		if (!/^[0-9a-f-]{36}$/.test(v)) throw new Error(v);
		return `'${v}'::uuid`;
	};

	test.each([
		[
			'the second line’s stock movement, after the first line’s was written',
			'stock_movements',
			(ids: { org: string; second: string }) => `new.lot_id = ${uuid(ids.second)} and new.kind = 'sale'`
		],
		['the lines, after both movements', 'sale_lines', (ids: { org: string; second: string }) => `new.organisation_id = ${uuid(ids.org)}`],
		[
			'the payments, after the sale, its lines and movements',
			'sale_payments',
			(ids: { org: string; second: string }) => `new.organisation_id = ${uuid(ids.org)}`
		],
		[
			'the audit row, the very last write',
			'audit_log',
			(ids: { org: string; second: string }) => `new.organisation_id = ${uuid(ids.org)} and new.action = 'till.sale'`
		]
	] as const)('at %s leaves nothing: no sale, lines, payments, movements, budget use; lots and counters unchanged', async (_what, table, when) => {
		const s = await makeShop(t.db);
		const first = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const second = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const input = {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [
				{ lot: first.id, quantity: 2 },
				{ lot: second.code, quantity: 1 }
			],
			payments: [{ method: 'cash' as const, amountCents: 150, tenderedCents: 500 }]
		};
		const before = await tillState(t.db, s.org.organisationId);
		// P0001: the trigger's exception, so the completion did get that far.
		await expectPgError(
			failingInsert(table, when({ org: s.org.organisationId, second: second.id }), () => completeSale(t.db, s.operator, s.point, input)),
			'P0001'
		);
		expect(await tillState(t.db, s.org.organisationId)).toEqual(before);
		expect([await onHand(first.id), await onHand(second.id)]).toEqual([10, 10]);
		await expectLedgerBalanced(t.db, s.org.organisationId);
		// The key was not used up: the same request, retried once the fault is gone, goes through once, as sale 1.
		const r = await completeSale(t.db, s.operator, s.point, input);
		expect(r).toMatchObject({ number: 'V-000001', replayed: false, paidCents: 150, changeCents: 350 });
		expect([await onHand(first.id), await onHand(second.id)]).toEqual([8, 9]);
		expect(await tillState(t.db, s.org.organisationId)).toMatchObject({ sales: 1, lines: 2, payments: 1, movements: before.movements + 2, budget_spent: 750 });
	});
});
