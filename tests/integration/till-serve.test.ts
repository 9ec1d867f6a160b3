import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { heldBaskets, lots, sales } from '$lib/server/db/schema';
import { revokeCard } from '$lib/server/households/rights';
import { cancelBasket, cancelHeld, holdBasket, listHeld, resumeBasket } from '$lib/server/till/held';
import { completeSale, requestOverride, tillCatalogue } from '$lib/server/till/sales';
import { overrideSupervisors, tillCustomer } from '$lib/server/till/serve';
import { closeTill } from '$lib/server/till/sessions';
import { basketView, indexCatalogue } from '$lib/till/basket';
import { planPayments } from '$lib/till/payment';
import { reduce } from '$lib/till/reduce';
import { emptyState, type TillState } from '$lib/till/state';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, TEST_PIN } from '../helpers/fixtures';
import { makeProduct } from '../helpers/stock';
import { makeLot, makeShop, TODAY } from '../helpers/till';

const t = useTestDatabase();

/** Runs the tablet's own rules (the same code as the browser) over a list of keypad/scan steps. */
async function tabletBasket(s: Awaited<ReturnType<typeof makeShop>>, reference: string, steps: Record<string, string>[]) {
	const customer = await tillCustomer(t.db, s.operator, reference);
	const ix = indexCatalogue(await tillCatalogue(t.db, s.operator));
	let state: TillState = { ...emptyState(), customer: customer.reference };
	for (const step of steps) {
		const out = reduce(ix, state, customer, (k) => step[k] ?? '');
		if (out.error) throw new Error(out.error);
		state = out.state;
	}
	return { state, customer, view: basketView(ix, customer, state.lines) };
}

describe('the household at the till', () => {
	test('card or reference: first name, right in words, budget, limits, and what was taken this month', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const before = await tillCustomer(t.db, s.operator, s.household.card);
		expect(before).toMatchObject({
			reference: s.household.reference,
			firstName: 'Jeanne',
			canShop: true,
			rateBp: 2000,
			budgetCents: 2000,
			usedCents: 0,
			usage: { productMonth: {}, categoryMonth: {} }
		});
		expect(before).not.toHaveProperty('rightId');
		await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: crypto.randomUUID(),
			customer: s.household.reference,
			lines: [{ lot: lot.id, quantity: 3 }],
			payments: [{ method: 'cash', amountCents: 150 }]
		});
		const after = await tillCustomer(t.db, s.operator, s.household.reference.toLowerCase());
		expect(after).toMatchObject({ usedCents: 750, leftCents: 1250, usage: { productMonth: { [s.product.id]: 3 } } });
	});

	test('bad cards: unknown, revoked, of another organisation — a clear French message', async () => {
		const s = await makeShop(t.db);
		const other = await makeShop(t.db);
		expect((await expectAppError(tillCustomer(t.db, s.operator, 'FOY-9999'), 'unknown_card', 404)).message).toBe('Carte ou référence inconnue.');
		await expectAppError(tillCustomer(t.db, s.operator, other.household.card), 'unknown_card', 404);
		await revokeCard(t.db, s.org.actors.social_worker, s.household.householdId);
		expect((await expectAppError(tillCustomer(t.db, s.operator, s.household.card), 'card_revoked', 404)).message).toMatch(/plus valable/);
		await expectAppError(tillCustomer(t.db, s.org.actors.manager, s.household.reference), 'forbidden', 403);
	});

	test('who may authorise: supervisors with a PIN, not operators', async () => {
		const s = await makeShop(t.db);
		const list = await overrideSupervisors(t.db, s.operator);
		expect(list.map((p) => p.id)).toEqual([s.org.users.supervisor.id]);
		expect(list[0]).toMatchObject({ firstName: s.org.users.supervisor.firstName, locked: false });
	});
});

describe('the tablet and the server agree', () => {
	test('the basket the tablet priced (FEFO, FSE+ at 0 €, kg) is the sale the server records, to the cent', async () => {
		const s = await makeShop(t.db);
		const pasta = await makeProduct(t.db, s.org, { name: `Pâtes ${TODAY}-${crypto.randomUUID()}`, referencePriceCents: 95, gtins: ['02040000000011'] });
		const apples = await makeProduct(t.db, s.org, { referencePriceCents: 240, unit: 'kg', gtins: ['02040000000080'] });
		const late = await makeLot(t.db, s.operator, pasta.id, s.origin.id, 10, { date: '2031-01-01' });
		const early = await makeLot(t.db, s.operator, pasta.id, s.origin.id, 2, { date: '2030-06-01' });
		const fse = await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 5);
		const kg = await makeLot(t.db, s.operator, apples.id, s.origin.id, 20_000, { dateType: 'none' });
		const { state, view } = await tabletBasket(s, s.household.card, [
			{ op: 'scan', code: '2040000000011', quantity: '3' },
			{ op: 'scan', code: fse.code },
			{ op: 'scan', code: '2040000000080' },
			{ quantity: '1,255' }
		]);
		expect(state.lines).toEqual([
			{ lotId: early.id, quantity: 2 },
			{ lotId: late.id, quantity: 1 },
			{ lotId: fse.id, quantity: 1 },
			{ lotId: kg.id, quantity: 1255 }
		]);
		expect(view.lines.find((l) => l.lotId === fse.id)).toMatchObject({ fse: true, paidCents: 0 });
		const plan = planPayments(view.totals.paidCents, { method: 'cash', tendered: '5', cash: '', card: '', cheque: '' });
		if (!plan.ok) throw new Error(plan.error);
		const r = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: state.key,
			customer: state.customer!,
			lines: state.lines.map((l) => ({ lot: l.lotId, quantity: l.quantity })),
			payments: plan.payments
		});
		expect(r).toMatchObject({
			referenceCents: view.totals.referenceCents,
			paidCents: view.totals.paidCents,
			fseCents: view.totals.fseCents,
			budgetCents: view.totals.budgetCents,
			changeCents: plan.changeCents
		});
		expect(r.budgetLeftCents).toBe(view.budgetLeftAfterCents);
	});

	test('over budget: the tablet asks for a supervisor; the server refuses without, accepts with the authorisation', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 20);
		const { state, view } = await tabletBasket(s, s.household.reference, [{ op: 'scan', code: lot.code, quantity: '9' }]);
		expect(view).toMatchObject({ overBudget: true, needsOverride: true, budgetLeftAfterCents: 2000 - 2250 });
		const customer = await tillCustomer(t.db, s.operator, s.household.reference);
		expect(reduce(indexCatalogue(await tillCatalogue(t.db, s.operator)), state, customer, (k) => (k === 'op' ? 'checkout' : '')).error).toMatch(/encadrant/);
		const sale = (overrideId: string | null) =>
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: crypto.randomUUID(),
				customer: state.customer!,
				lines: [{ lot: lot.id, quantity: 9 }],
				payments: [{ method: 'card', amountCents: 450 }],
				overrideId
			});
		await expectAppError(sale(null), 'budget_exceeded', 409);
		const wrong = await requestOverride(t.db, s.operator, s.point, {
			customer: state.customer!,
			supervisorId: s.org.users.supervisor.id,
			pin: '0000',
			reason: 'Rentrée scolaire'
		});
		expect(wrong.ok).toBe(false);
		const ok = await requestOverride(t.db, s.operator, s.point, {
			customer: state.customer!,
			supervisorId: s.org.users.supervisor.id,
			pin: TEST_PIN,
			reason: 'Rentrée scolaire'
		});
		if (!ok.ok) throw ok.error;
		expect((await sale(ok.overrideId)).budgetLeftCents).toBe(0);
	});
});

describe('holding, resuming and cancelling baskets', () => {
	test('hold, list, resume once (any till of the organisation), with audit rows', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const held = await holdBasket(t.db, s.operator, s.point, { customer: s.household.card, lines: [{ lotId: lot.id, quantity: 2 }] });
		const list = await listHeld(t.db, s.operator);
		expect(list).toEqual([expect.objectContaining({ id: held.id, firstName: 'Jeanne', reference: s.household.reference, lines: 1 })]);
		expect((await listHeld(t.db, (await makeShop(t.db)).operator)).map((h) => h.id)).not.toContain(held.id);
		const back = await resumeBasket(t.db, s.supervisor, s.point, held.id);
		expect(back).toEqual({ customer: s.household.reference, lines: [{ lotId: lot.id, quantity: 2 }] });
		expect(await listHeld(t.db, s.operator)).toEqual([]);
		await expectAppError(resumeBasket(t.db, s.operator, s.point, held.id), 'held_gone', 409);
		await expectAppError(cancelHeld(t.db, s.operator, held.id), 'held_gone', 409);
		expect((await auditRows(t.db, s.org.organisationId, 'till.basket_hold')).length).toBe(1);
		expect((await auditRows(t.db, s.org.organisationId, 'till.basket_resume')).length).toBe(1);
		// Nothing was sold, nothing moved.
		expect((await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lot.id)))[0]!.n).toBe(10);
	});

	test('a held basket given up; the current basket cancelled: journal lines, nothing sold', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const held = await holdBasket(t.db, s.operator, s.point, { customer: s.household.reference, lines: [{ lotId: lot.id, quantity: 1 }] });
		await cancelHeld(t.db, s.operator, held.id);
		expect((await t.db.select().from(heldBaskets).where(eq(heldBaskets.id, held.id)))[0]).toMatchObject({ status: 'cancelled', endedBy: s.operator.userId });
		await cancelBasket(t.db, s.operator, s.point, { customer: s.household.reference, lines: 3 });
		const rows = await auditRows(t.db, s.org.organisationId, 'till.basket_cancel');
		expect(rows).toHaveLength(1);
		expect(rows[0]!.details).toMatchObject({ household: s.household.reference, lines: 3 });
		expect(
			(
				await t.db
					.select({ n: sql<number>`count(*)::int` })
					.from(sales)
					.where(eq(sales.organisationId, s.org.organisationId))
			)[0]!.n
		).toBe(0);
	});

	test('bad input: no lines, a lot of another organisation, an absurd quantity, an unknown basket, a closed till — nothing saved', async () => {
		const s = await makeShop(t.db);
		const other = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const foreign = await makeLot(t.db, other.operator, other.product.id, other.origin.id, 10);
		await expectAppError(holdBasket(t.db, s.operator, s.point, { customer: s.household.card, lines: [] }), 'invalid_input', 400);
		await expectAppError(
			holdBasket(t.db, s.operator, s.point, { customer: s.household.card, lines: [{ lotId: foreign.id, quantity: 1 }] }),
			'lot_not_found',
			404
		);
		await expectAppError(
			holdBasket(t.db, s.operator, s.point, { customer: s.household.card, lines: [{ lotId: lot.id, quantity: 1e9 }] }),
			'invalid_input',
			400
		);
		await expectAppError(holdBasket(t.db, s.operator, s.point, { customer: s.household.card, lines: [{ lotId: lot.id, quantity: -1 }] }), 'invalid_input', 400);
		await expectAppError(
			holdBasket(t.db, s.operator, s.point, { customer: other.household.card, lines: [{ lotId: lot.id, quantity: 1 }] }),
			'unknown_card',
			404
		);
		await expectAppError(resumeBasket(t.db, s.operator, s.point, crypto.randomUUID()), 'not_found', 404);
		await expectAppError(resumeBasket(t.db, s.operator, s.point, 'nope'), 'not_found', 404);
		const held = await holdBasket(t.db, other.operator, other.point, { customer: other.household.card, lines: [{ lotId: foreign.id, quantity: 1 }] });
		await expectAppError(resumeBasket(t.db, s.operator, s.point, held.id), 'not_found', 404);
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 } });
		await expectAppError(holdBasket(t.db, s.operator, s.point, { customer: s.household.card, lines: [{ lotId: lot.id, quantity: 1 }] }), 'till_closed', 409);
		await expectAppError(cancelBasket(t.db, s.operator, s.point, { customer: null, lines: 0 }), 'till_closed', 409);
		expect(await t.db.select().from(heldBaskets).where(eq(heldBaskets.organisationId, s.org.organisationId))).toEqual([]);
		await expectAppError(
			holdBasket(t.db, s.org.actors.manager, s.point, { customer: s.household.card, lines: [{ lotId: lot.id, quantity: 1 }] }),
			'forbidden',
			403
		);
	});
});
