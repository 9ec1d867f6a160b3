import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { salePayments, tillSessions } from '$lib/server/db/schema';
import type { TillPoint } from '$lib/server/till/access';
import { completeSale, getSale, type SaleResult } from '$lib/server/till/sales';
import { cashMovement, closeTill, currentTotals, getSession, listSessions, openTill } from '$lib/server/till/sessions';
import { linePrice, type Method, type PaymentInput } from '$lib/till/pricing';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError, makeDevice } from '../helpers/fixtures';
import { makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, makeShop, newKey } from '../helpers/till';
import { tillState } from '../helpers/till-state';

const t = useTestDatabase();

type PayWay = 'cash' | 'cash_change' | 'card' | 'cheque' | 'mixed';
const METHODS: Method[] = ['cash', 'card', 'cheque'];

/** Payments for an amount as the till would make them: exact cash, cash with change, card, cheque, or card + cash. */
function paymentsFor(paid: number, way: PayWay, extra: number): PaymentInput[] {
	if (paid === 0) return [];
	switch (way) {
		case 'cash':
			return [{ method: 'cash', amountCents: paid }];
		case 'cash_change':
			return [{ method: 'cash', amountCents: paid, tenderedCents: paid + extra }];
		case 'card':
			return [{ method: 'card', amountCents: paid }];
		case 'cheque':
			return [{ method: 'cheque', amountCents: paid }];
		case 'mixed': {
			const card = Math.floor(paid / 2);
			if (card === 0) return [{ method: 'cash', amountCents: paid, tenderedCents: paid + extra }];
			return [
				{ method: 'card', amountCents: card },
				{ method: 'cash', amountCents: paid - card, tenderedCents: paid - card + extra }
			];
		}
	}
}

const saleSpec = fc.record({
	lines: fc.array(fc.record({ lot: fc.nat(2), quantity: fc.integer({ min: 1, max: 4 }), grams: fc.integer({ min: 50, max: 2500 }) }), {
		minLength: 1,
		maxLength: 5
	}),
	way: fc.constantFrom<PayWay>('cash', 'cash_change', 'card', 'cheque', 'mixed'),
	extra: fc.integer({ min: 1, max: 2000 })
});
const cashSpec = fc.record({ kind: fc.constantFrom<'in' | 'out'>('in', 'out'), amountCents: fc.integer({ min: 1, max: 5000 }) });

describe('Z report', () => {
	test('totals equal the sums of the session’s own sales and payments; expected cash = float + cash − out + in; kept as closed', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(saleSpec, { minLength: 1, maxLength: 5 }),
				fc.array(cashSpec, { maxLength: 3 }),
				fc.record({ cash: fc.nat(30_000), card: fc.nat(30_000), cheque: fc.nat(30_000) }),
				async (specs, cash, counted) => {
					const s = await makeShop(t.db);
					// Budget large enough for any of these baskets: the Z report is what is tested here.
					const household = await makeBeneficiary(t.db, s.org, { rateBp: 3000, monthlyBudgetCents: 1_000_000 });
					const kg = await makeProduct(t.db, s.org, { unit: 'kg', referencePriceCents: 399 });
					const lots = [
						{ lot: await makeLot(t.db, s.operator, s.product.id, s.origin.id, 1000), unit: 'piece' as const, price: 250, fse: false },
						{ lot: await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 1000), unit: 'piece' as const, price: 250, fse: true },
						{ lot: await makeLot(t.db, s.operator, kg.id, s.origin.id, 100_000), unit: 'kg' as const, price: 399, fse: false }
					];

					// Another till of the shop sells at the same time: none of it may reach this Z report.
					const { device } = await makeDevice(t.db, s.org, 'Tablette 2');
					const other: Actor = { ...(await addUser(t.db, s.org, ['operator'], { pin: true })).actor, deviceId: device.id, method: 'pin' };
					const otherPoint: TillPoint = { deviceId: device.id };
					await openTill(t.db, other, otherPoint, { floatCents: 2000 });
					await completeSale(t.db, other, otherPoint, {
						idempotencyKey: newKey(),
						customer: household.card,
						lines: [{ lot: lots[0]!.lot.id, quantity: 1 }],
						payments: [{ method: 'cheque', amountCents: 75 }]
					});
					await cashMovement(t.db, other, otherPoint, { kind: 'in', amountCents: 999, reason: 'Monnaie' });

					const results: SaleResult[] = [];
					const paidBy: Record<Method, number> = { cash: 0, card: 0, cheque: 0 };
					let change = 0;
					for (const spec of specs) {
						const lines = spec.lines.map((l) => {
							const lot = lots[l.lot]!;
							return { lot: lot.lot.id, quantity: lot.unit === 'kg' ? l.grams : l.quantity, price: lot };
						});
						const paid = lines.reduce(
							(sum, l) =>
								sum + linePrice({ unit: l.price.unit, quantity: l.quantity, unitPriceCents: l.price.price, rateBp: 3000, fse: l.price.fse }).paidCents,
							0
						);
						const payments = paymentsFor(paid, spec.way, spec.extra);
						for (const p of payments) {
							paidBy[p.method] += p.amountCents;
							if (p.tenderedCents != null) change += p.tenderedCents - p.amountCents;
						}
						results.push(
							await completeSale(t.db, s.operator, s.point, {
								idempotencyKey: newKey(),
								customer: household.card,
								lines: lines.map(({ lot, quantity }) => ({ lot, quantity })),
								payments
							})
						);
					}
					for (const c of cash)
						await cashMovement(t.db, s.operator, s.point, { ...c, reason: c.kind === 'in' ? 'Fond de caisse complété' : 'Dépôt à la banque' });

					const sum = (f: (r: SaleResult) => number) => results.reduce((acc, r) => acc + f(r), 0);
					const cashIn = cash.filter((c) => c.kind === 'in').reduce((a, c) => a + c.amountCents, 0);
					const cashOut = cash.filter((c) => c.kind === 'out').reduce((a, c) => a + c.amountCents, 0);
					const expected = { cash: 1000 + paidBy.cash + cashIn - cashOut, card: paidBy.card, cheque: paidBy.cheque };
					expect(sum((r) => r.changeCents)).toBe(change);

					// What the closing screen shows before counting.
					const live = await currentTotals(t.db, s.operator, s.point);
					expect(live!.totals).toMatchObject({ sales: specs.length, expected, counted: { cash: 0, card: 0, cheque: 0 } });

					const z = await closeTill(t.db, s.operator, s.point, { counted });
					expect(z.totals).toEqual({
						sales: specs.length,
						returns: 0,
						referenceCents: sum((r) => r.referenceCents),
						paidCents: sum((r) => r.paidCents),
						savedCents: sum((r) => r.savedCents),
						fseCents: sum((r) => r.fseCents),
						refundedCents: 0,
						byMethod: paidBy,
						cashInCents: cashIn,
						cashOutCents: cashOut,
						floatCents: 1000,
						expected,
						counted,
						difference: { cash: counted.cash - expected.cash, card: counted.card - expected.card, cheque: counted.cheque - expected.cheque }
					});
					// The payments recorded for the session's sales say the same, method by method.
					const rows = await t.db
						.select({ method: salePayments.method, amount: salePayments.amountCents })
						.from(salePayments)
						.where(eq(salePayments.sessionId, z.id));
					for (const m of METHODS) expect(rows.filter((r) => r.method === m).reduce((a, r) => a + r.amount, 0)).toBe(paidBy[m]);
					// And each sale as read back (receipt) agrees with what completion answered.
					for (const r of results) {
						const v = await getSale(t.db, s.org.actors.manager, r.id);
						expect(v.sessionId).toBe(z.id);
						expect([v.referenceCents, v.paidCents, v.fseCents]).toEqual([r.referenceCents, r.paidCents, r.fseCents]);
						expect(v.lines.reduce((a, l) => a + l.paidCents, 0)).toBe(r.paidCents);
						expect(v.payments.reduce((a, p) => a + p.amountCents, 0)).toBe(r.paidCents);
					}

					// Kept as printed: the session read back, by a manager, carries the same report and number.
					const kept = await getSession(t.db, s.org.actors.manager, z.id);
					expect(kept).toMatchObject({ status: 'closed', zNumber: z.zNumber });
					expect(kept.totals).toEqual(z.totals);
					const list = await listSessions(t.db, s.org.actors.manager);
					expect(list.rows.find((r) => r.id === z.id)).toMatchObject({ status: 'closed', zNumber: z.zNumber, zReport: z.totals });

					// A second close is refused and changes nothing; the other till is still open and closes as Z 2.
					const before = await tillState(t.db, s.org.organisationId);
					await expectAppError(closeTill(t.db, s.operator, s.point, { counted }), 'till_closed', 409);
					expect(await tillState(t.db, s.org.organisationId)).toEqual(before);
					const z2 = await closeTill(t.db, other, otherPoint, { counted: { cheque: 75, cash: 2999 } });
					expect(z2.zNumber).toBe(z.zNumber + 1);
					expect(z2.totals).toMatchObject({
						sales: 1,
						byMethod: { cash: 0, card: 0, cheque: 75 },
						expected: { cash: 2999, card: 0, cheque: 75 },
						difference: { cash: 0, card: 0, cheque: 0 }
					});
				}
			),
			{ numRuns: 6 }
		);
	});

	test('a session without sales: expected cash is the float with cash in and out; the close is audited', async () => {
		const s = await makeShop(t.db);
		await cashMovement(t.db, s.operator, s.point, { kind: 'in', amountCents: 2000, reason: 'Monnaie de la banque' });
		await cashMovement(t.db, s.operator, s.point, { kind: 'out', amountCents: 500, reason: 'Achat de sacs' });
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 2400 }, note: 'Un billet de 10 € déchiré' });
		expect(z.zNumber).toBe(1);
		expect(z.totals).toMatchObject({
			sales: 0,
			paidCents: 0,
			expected: { cash: 2500, card: 0, cheque: 0 },
			counted: { cash: 2400, card: 0, cheque: 0 },
			difference: { cash: -100, card: 0, cheque: 0 }
		});
		const [row] = await t.db.select().from(tillSessions).where(eq(tillSessions.id, z.id));
		expect(row).toMatchObject({ status: 'closed', closedBy: s.org.users.operator.id, zNumber: 1, note: 'Un billet de 10 € déchiré' });
		const audit = await auditRows(t.db, s.org.organisationId, 'till.close');
		expect(audit).toHaveLength(1);
		expect(audit[0]!.details).toMatchObject({ zNumber: 1, difference: { cash: -100 } });
		expect((await auditRows(t.db, s.org.organisationId, 'till.cash_out'))[0]!.details).toMatchObject({ amountCents: 500, reason: 'Achat de sacs' });
		// The tablet can open a new session, which starts from zero.
		const again = await openTill(t.db, s.operator, s.point, { floatCents: 3000 });
		expect(again.id).not.toBe(z.id);
		expect((await currentTotals(t.db, s.operator, s.point))!.totals).toMatchObject({ sales: 0, floatCents: 3000, expected: { cash: 3000 } });
	});
});
