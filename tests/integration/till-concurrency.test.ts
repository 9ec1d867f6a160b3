import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { categories, lots, rightBudgetUses, sales } from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';
import type { TillPoint } from '$lib/server/till/access';
import { completeSale, requestOverride, type SaleInput } from '$lib/server/till/sales';
import { closeTill, openTill } from '$lib/server/till/sessions';
import { useTestDatabase } from '../helpers/db';
import { addUser, makeDevice, TEST_PIN } from '../helpers/fixtures';
import { makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, makeShop, newKey } from '../helpers/till';
import { expectLedgerBalanced, tillState } from '../helpers/till-state';

/*
 * Races between tills. On PostgreSQL each transaction has its own connection (the test pool has
 * four), so two completions really run at once and meet on the lot's and the right's row locks;
 * PGlite runs them one after the other, which must give the same outcome.
 */
const t = useTestDatabase();

type Shop = Awaited<ReturnType<typeof makeShop>>;

/** A second tablet of the same shop, with its own operator, its till open, and its own household. */
async function secondTill(db: Database, s: Shop) {
	const { device } = await makeDevice(db, s.org, 'Tablette caisse 2');
	const { actor } = await addUser(db, s.org, ['operator'], { pin: true });
	const operator: Actor = { ...actor, deviceId: device.id, method: 'pin' };
	const point: TillPoint = { deviceId: device.id };
	await openTill(db, operator, point, { floatCents: 500 });
	const household = await makeBeneficiary(db, s.org);
	return { operator, point, household };
}

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;

/** Both settle; returns the fulfilled values and the rejections (which must be AppErrors). */
function split<T>(results: PromiseSettledResult<T>[]) {
	const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
	const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
	for (const e of errors) expect(e, String(e)).toBeInstanceOf(AppError);
	return { ok, errors: errors as AppError[] };
}

describe('two tills at once', () => {
	test('selling the last units of one lot: one sale, the other told which product ran out, never below zero', async () => {
		const s = await makeShop(t.db);
		const b = await secondTill(t.db, s);
		for (let round = 0; round < 4; round++) {
			const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 3);
			// Each till wants 2 of the last 3: only one can have them.
			const sale = (op: Actor, point: TillPoint, card: string): Promise<unknown> =>
				completeSale(t.db, op, point, {
					idempotencyKey: newKey(),
					customer: card,
					lines: [{ lot: lot.code, quantity: 2 }],
					payments: [{ method: 'cash', amountCents: 100 }]
				});
			const both =
				round % 2 === 0
					? [sale(s.operator, s.point, s.household.card), sale(b.operator, b.point, b.household.card)]
					: [sale(b.operator, b.point, b.household.card), sale(s.operator, s.point, s.household.card)];
			const { ok, errors } = split(await Promise.allSettled(both));
			expect(ok).toHaveLength(1);
			expect(errors).toHaveLength(1);
			expect(errors[0]!.code).toBe('insufficient_stock');
			expect(errors[0]!.status).toBe(409);
			expect(errors[0]!.message).toContain(s.product.name);
			expect(errors[0]!.message).toContain(lot.code);
			expect(errors[0]!.message).toMatch(/il n'en reste que 1\b/);
			expect(errors[0]!.message).toMatch(/Rien n'a été enregistré/);
			expect(await onHand(lot.id)).toBe(1);
		}
		await expectLedgerBalanced(t.db, s.org.organisationId);
		const made = await t.db.select({ household: sales.householdId, number: sales.number }).from(sales).where(eq(sales.organisationId, s.org.organisationId));
		expect(made).toHaveLength(4);
		expect(new Set(made.map((x) => x.number)).size).toBe(4);
		// The losing household spent nothing for the sale it did not get.
		const spent = await t.db
			.select({ right: rightBudgetUses.rightId, n: rightBudgetUses.amountCents })
			.from(rightBudgetUses)
			.where(eq(rightBudgetUses.organisationId, s.org.organisationId));
		const won = (householdId: string) => made.filter((x) => x.household === householdId).length;
		expect(spent.filter((u) => u.right === s.household.rightId)).toHaveLength(won(s.household.householdId));
		expect(spent.filter((u) => u.right === b.household.rightId)).toHaveLength(won(b.household.householdId));
	});

	test('emptying a lot from both tills at once: the whole lot goes once, the balance ends at zero', async () => {
		const s = await makeShop(t.db);
		const b = await secondTill(t.db, s);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 2);
		const { ok, errors } = split(
			await Promise.allSettled([
				completeSale(t.db, s.operator, s.point, {
					idempotencyKey: newKey(),
					customer: s.household.card,
					lines: [{ lot: lot.id, quantity: 2 }],
					payments: [{ method: 'card', amountCents: 100 }]
				}),
				completeSale(t.db, b.operator, b.point, {
					idempotencyKey: newKey(),
					customer: b.household.card,
					lines: [{ lot: lot.id, quantity: 2 }],
					payments: [{ method: 'card', amountCents: 100 }]
				})
			])
		);
		expect(ok).toHaveLength(1);
		expect(errors.map((e) => e.code)).toEqual(['insufficient_stock']);
		expect(errors[0]!.message).toMatch(/il n'en reste que 0\b/);
		expect(await onHand(lot.id)).toBe(0);
		await expectLedgerBalanced(t.db, s.org.organisationId);
	});

	test('one household served at two tills at once cannot spend its budget twice', async () => {
		const s = await makeShop(t.db);
		const b = await secondTill(t.db, s);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 50);
		// 6 × 2,50 € = 15 € of the 20 € budget each: one basket fits, not two.
		const basket = (op: Actor, point: TillPoint) =>
			completeSale(t.db, op, point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [{ lot: lot.id, quantity: 6 }],
				payments: [{ method: 'cash', amountCents: 300 }]
			});
		const { ok, errors } = split(await Promise.allSettled([basket(s.operator, s.point), basket(b.operator, b.point)]));
		expect(ok).toHaveLength(1);
		expect(errors.map((e) => e.code)).toEqual(['budget_exceeded']);
		expect(errors[0]!.message).toContain('5,00');
		const uses = await t.db.select({ n: rightBudgetUses.amountCents }).from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId));
		expect(uses.map((u) => u.n)).toEqual([1500]);
		expect(await onHand(lot.id)).toBe(44);
	});
});

describe('idempotency under retries', () => {
	test('the same key three times at once for the last units of a lot: one sale, three identical answers', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 2);
		const input: SaleInput = {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: lot.code, quantity: 2 }],
			payments: [{ method: 'cash', amountCents: 100, tenderedCents: 200 }]
		};
		const results = await Promise.all([1, 2, 3].map(() => completeSale(t.db, s.operator, s.point, input)));
		expect(new Set(results.map((r) => r.id)).size).toBe(1);
		expect(results.filter((r) => !r.replayed)).toHaveLength(1);
		const { replayed: _r, ...first } = results[0]!;
		for (const r of results) expect({ ...r, replayed: _r }).toEqual({ ...first, replayed: _r });
		expect(first).toMatchObject({ paidCents: 100, changeCents: 100, budgetCents: 500, budgetLeftCents: 1500 });
		const state = await tillState(t.db, s.org.organisationId);
		expect(state).toMatchObject({ sales: 1, lines: 1, payments: 1, budget_uses: 1, budget_spent: 500 });
		expect(await onHand(lot.id)).toBe(0);
		// A fourth try later, e.g. after a refresh, still answers the same sale and changes nothing.
		const again = await completeSale(t.db, s.operator, s.point, input);
		expect(again).toMatchObject({ id: first.id, number: first.number, replayed: true, changeCents: 100 });
		expect(await tillState(t.db, s.org.organisationId)).toEqual(state);
		await expectLedgerBalanced(t.db, s.org.organisationId);
	});

	test('the same key three times at once for the last of the budget: one sale, no budget refusal', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 50);
		// 8 × 2,50 € = 20 €: the whole monthly budget.
		const input: SaleInput = {
			idempotencyKey: newKey(),
			customer: s.household.reference,
			lines: [{ lot: lot.id, quantity: 8 }],
			payments: [{ method: 'cheque', amountCents: 400 }]
		};
		const results = await Promise.all([1, 2, 3].map(() => completeSale(t.db, s.operator, s.point, input)));
		expect(new Set(results.map((r) => r.id)).size).toBe(1);
		expect(results.map((r) => r.budgetLeftCents)).toEqual([0, 0, 0]);
		expect(await tillState(t.db, s.org.organisationId)).toMatchObject({ sales: 1, budget_spent: 2000 });
		expect(await onHand(lot.id)).toBe(42);
	});
});

describe('a supervisor override', () => {
	test('used by two sales at once goes to one of them; the other is told to ask again', async () => {
		const s = await makeShop(t.db);
		// Two lots, so that the two sales do not queue on one lot's lock and both check the override at once.
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 100);
		const other = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 100);
		const o = await requestOverride(t.db, s.operator, s.point, {
			customer: s.household.card,
			supervisorId: s.org.users.supervisor.id,
			pin: TEST_PIN,
			reason: 'Famille accueillie en urgence'
		});
		if (!o.ok) throw o.error;
		// 10 × 2,50 € = 25 € > 20 € budget: both need the override.
		const sale = (lotId: string) =>
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [{ lot: lotId, quantity: 10 }],
				payments: [{ method: 'card', amountCents: 500 }],
				overrideId: o.overrideId
			});
		const { ok, errors } = split(await Promise.allSettled([sale(lot.id), sale(other.id)]));
		expect(ok).toHaveLength(1);
		expect(errors.map((e) => [e.code, e.status])).toEqual([['override_invalid', 409]]);
		expect((await onHand(lot.id)) + (await onHand(other.id))).toBe(190);
		expect(await tillState(t.db, s.org.organisationId)).toMatchObject({ sales: 1, budget_spent: 2500 });
	});
});

describe('limits and closing under concurrency', () => {
	test('one household at two tills at once cannot pass a monthly limit together (two lots of the product)', async () => {
		const s = await makeShop(t.db);
		const b = await secondTill(t.db, s);
		const fruit = (await t.db.insert(categories).values({ organisationId: s.org.organisationId, name: 'Fruits' }).returning({ id: categories.id }))[0]!;
		const household = await makeBeneficiary(t.db, s.org, { categoryLimits: { [fruit.id]: 3 } });
		const rice = await makeProduct(t.db, s.org, { referencePriceCents: 100, limitPerMonth: 3 });
		const compote = await makeProduct(t.db, s.org, { referencePriceCents: 100, categoryId: fruit.id });
		for (const product of [rice, compote]) {
			// Two lots, so that the two sales do not queue on one lot's lock.
			const [x, y] = [await makeLot(t.db, s.operator, product.id, s.origin.id, 10), await makeLot(t.db, s.operator, product.id, s.origin.id, 10)];
			const sale = (op: Actor, point: TillPoint, lotId: string) =>
				completeSale(t.db, op, point, {
					idempotencyKey: newKey(),
					customer: household.card,
					lines: [{ lot: lotId, quantity: 2 }],
					payments: [{ method: 'cash', amountCents: 40 }]
				});
			const { ok, errors } = split(await Promise.allSettled([sale(s.operator, s.point, x.id), sale(b.operator, b.point, y.id)]));
			expect(ok).toHaveLength(1);
			expect(errors.map((e) => e.code)).toEqual(['limit_reached']);
			expect(errors[0]!.message).toMatch(/avec ce panier : 4/);
			expect((await onHand(x.id)) + (await onHand(y.id))).toBe(18);
		}
	});

	test('closing while a sale completes: the sale is in the Z report, or refused because the till is closed', async () => {
		const s0 = await makeShop(t.db);
		const lot = await makeLot(t.db, s0.operator, s0.product.id, s0.origin.id, 100);
		const results: string[] = [];
		// The close starts a little later each round, so that it lands before, during and after the sale.
		for (const delay of [0, 2, 5, 10, 20, 40, 80]) {
			if (delay > 0) await openTill(t.db, s0.operator, s0.point, { floatCents: 1000 });
			const sale = completeSale(t.db, s0.operator, s0.point, {
				idempotencyKey: newKey(),
				customer: s0.household.card,
				lines: [{ lot: lot.id, quantity: 1 }],
				payments: [{ method: 'cash', amountCents: 50 }]
			});
			const close = new Promise((r) => setTimeout(r, delay)).then(() => closeTill(t.db, s0.operator, s0.point, { counted: { cash: 1050 } }));
			const [sr, cr] = await Promise.allSettled([sale, close]);
			expect(cr.status).toBe('fulfilled');
			const z = (cr as PromiseFulfilledResult<Awaited<typeof close>>).value;
			if (sr.status === 'fulfilled') {
				const [row] = await t.db.select({ sessionId: sales.sessionId }).from(sales).where(eq(sales.id, sr.value.id));
				expect(row!.sessionId).toBe(z.id);
				expect(z.totals).toMatchObject({ sales: 1, paidCents: 50, byMethod: { cash: 50 }, difference: { cash: 0 } });
				results.push('sold');
			} else {
				expect(sr.reason).toBeInstanceOf(AppError);
				expect((sr.reason as AppError).code).toBe('till_closed');
				expect(z.totals).toMatchObject({ sales: 0, difference: { cash: 50 } });
				results.push('closed');
			}
		}
		// Every sale recorded belongs to a session whose Z report counts it.
		const made = await t.db.select({ id: sales.id }).from(sales).where(eq(sales.organisationId, s0.org.organisationId));
		expect(made).toHaveLength(results.filter((r) => r === 'sold').length);
		expect(await onHand(lot.id)).toBe(100 - made.length);
	});
});
