import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Database } from '$lib/server/db';
import { pinSignIn } from '$lib/server/auth/tablet';
import { OVERRIDE_POLICY } from '$lib/server/auth/throttle';
import { PIN_MAX_FAILURES } from '$lib/server/config';
import { authThrottle, categories, lots, organisations, rightBudgetUses, rights, sales, tillOverrides, users } from '$lib/server/db/schema';
import { TILL_RULE_REFUSALS, completeSale, getSale, requestOverride, type SaleInput } from '$lib/server/till/sales';
import { m } from '$lib/paraglide/messages';
import { addDays } from '$lib/stock/dates';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, uniq, type OrgFixture } from '../helpers/fixtures';
import { makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, makeShop, newKey, TODAY } from '../helpers/till';
import { tillState } from '../helpers/till-state';

const t = useTestDatabase();

type Shop = Awaited<ReturnType<typeof makeShop>>;

const sell = (s: Shop, card: string, lines: SaleInput['lines'], payments: SaleInput['payments'], extra: Partial<SaleInput> = {}, now?: Date) =>
	completeSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), customer: card, lines, payments, ...extra }, { now });

/** Runs a completion that must be refused with this code; checks nothing changed and returns the message. */
async function refused(s: Shop, code: string, run: () => Promise<unknown>, status = 409): Promise<string> {
	const before = await tillState(t.db, s.org.organisationId);
	const err = await expectAppError(run(), code, status);
	// Nothing of the sale was written; the refusal itself is a fact of the operator's training record.
	expect(await tillState(t.db, s.org.organisationId)).toEqual({ ...before, refusals: before.refusals + (TILL_RULE_REFUSALS.has(code) ? 1 : 0) });
	return err.message;
}

async function makeCategory(db: Database, org: OrgFixture, name: string) {
	const [c] = await db
		.insert(categories)
		.values({ organisationId: org.organisationId, name: `${name} ${uniq()}` })
		.returning({ id: categories.id, name: categories.name });
	return c!;
}

async function setTill(db: Database, org: OrgFixture, till: Record<string, unknown>) {
	await db
		.update(organisations)
		.set({ settings: sql`coalesce(${organisations.settings}, '{}'::jsonb) || ${JSON.stringify({ till })}::jsonb` })
		.where(eq(organisations.id, org.organisationId));
}

describe('limits per visit and per month', () => {
	test('a product’s limits: refused with the reason in French; the month counts earlier sales', async () => {
		const s = await makeShop(t.db);
		const rice = await makeProduct(t.db, s.org, { name: `Riz 1 kg ${uniq()}`, referencePriceCents: 100, limitPerVisit: 2, limitPerMonth: 3 });
		const lot = await makeLot(t.db, s.operator, rice.id, s.origin.id, 50);
		// 3 at once: over the limit per visit, even split over two lines.
		const visit = await refused(s, 'limit_reached', () =>
			sell(
				s,
				s.household.card,
				[
					{ lot: lot.id, quantity: 2 },
					{ lot: lot.code, quantity: 1 }
				],
				[{ method: 'cash', amountCents: 60 }]
			)
		);
		expect(visit).toBe(m.till_limit_visit({ name: rice.name, limit: '2', wanted: '3' }));
		await sell(s, s.household.card, [{ lot: lot.id, quantity: 2 }], [{ method: 'cash', amountCents: 40 }]);
		// 2 more this month: 4 > 3.
		const month = await refused(s, 'limit_reached', () => sell(s, s.household.card, [{ lot: lot.id, quantity: 2 }], [{ method: 'cash', amountCents: 40 }]));
		expect(month).toBe(m.till_limit_month({ name: rice.name, limit: '3', wanted: '4' }));
		await sell(s, s.household.card, [{ lot: lot.id, quantity: 1 }], [{ method: 'cash', amountCents: 20 }]);
		await refused(s, 'limit_reached', () => sell(s, s.household.reference, [{ lot: lot.id, quantity: 1 }], [{ method: 'cash', amountCents: 20 }]));
		// Another household has its own month.
		const other = await makeBeneficiary(t.db, s.org);
		await sell(s, other.card, [{ lot: lot.id, quantity: 2 }], [{ method: 'card', amountCents: 40 }]);
	});

	test('a weighed product’s limit reads in kg', async () => {
		const s = await makeShop(t.db);
		const apples = await makeProduct(t.db, s.org, { name: `Pommes ${uniq()}`, unit: 'kg', referencePriceCents: 200, limitPerVisit: 2000 });
		const lot = await makeLot(t.db, s.operator, apples.id, s.origin.id, 20_000);
		const msg = await refused(s, 'limit_reached', () => sell(s, s.household.card, [{ lot: lot.id, quantity: 2500 }], [{ method: 'cash', amountCents: 100 }]));
		expect(msg).toBe(`${apples.name} : 2\u00a0kg au plus par passage (panier : 2,5\u00a0kg).`);
		const ok = await sell(s, s.household.card, [{ lot: lot.id, quantity: 2000 }], [{ method: 'cash', amountCents: 80 }]);
		expect(ok.paidCents).toBe(80);
	});

	test('the right’s category limits count pieces, and one article per weighed line, over the month', async () => {
		const s = await makeShop(t.db);
		const fruit = await makeCategory(t.db, s.org, 'Fruits et légumes');
		const household = await makeBeneficiary(t.db, s.org, { categoryLimits: { [fruit.id]: 3 } });
		const compote = await makeProduct(t.db, s.org, { categoryId: fruit.id, referencePriceCents: 100 });
		const apples = await makeProduct(t.db, s.org, { categoryId: fruit.id, unit: 'kg', referencePriceCents: 200 });
		const outside = await makeProduct(t.db, s.org, { referencePriceCents: 100 });
		const [c, a, o] = [
			await makeLot(t.db, s.operator, compote.id, s.origin.id, 20),
			await makeLot(t.db, s.operator, apples.id, s.origin.id, 20_000),
			await makeLot(t.db, s.operator, outside.id, s.origin.id, 20)
		];
		// 2 compotes + 1,8 kg of apples = 3 articles; other goods do not count.
		await sell(
			s,
			household.card,
			[
				{ lot: c.id, quantity: 2 },
				{ lot: a.id, quantity: 1800 },
				{ lot: o.id, quantity: 5 }
			],
			[{ method: 'cash', amountCents: 212 }]
		);
		const msg = await refused(s, 'limit_reached', () => sell(s, household.card, [{ lot: a.id, quantity: 100 }], [{ method: 'cash', amountCents: 4 }]));
		expect(msg).toBe(m.till_limit_category({ name: fruit.name, limit: '3', wanted: '4' }));
		await sell(s, household.card, [{ lot: o.id, quantity: 3 }], [{ method: 'cash', amountCents: 60 }]);
	});

	test('a limit on a category counts the goods of its sub-categories too', async () => {
		const s = await makeShop(t.db);
		const fresh = await makeCategory(t.db, s.org, 'Frais');
		const [dairy] = await t.db
			.insert(categories)
			.values({ organisationId: s.org.organisationId, parentId: fresh.id, name: 'Produits laitiers' })
			.returning({ id: categories.id });
		const household = await makeBeneficiary(t.db, s.org, { categoryLimits: { [fresh.id]: 3 } });
		const yoghurt = await makeProduct(t.db, s.org, { categoryId: dairy!.id, referencePriceCents: 100 });
		const cream = await makeProduct(t.db, s.org, { categoryId: fresh.id, referencePriceCents: 100 });
		const [y, c] = [await makeLot(t.db, s.operator, yoghurt.id, s.origin.id, 20), await makeLot(t.db, s.operator, cream.id, s.origin.id, 20)];
		const msg = await refused(s, 'limit_reached', () => sell(s, household.card, [{ lot: y.id, quantity: 4 }], [{ method: 'cash', amountCents: 80 }]));
		expect(msg).toBe(m.till_limit_category({ name: fresh.name, limit: '3', wanted: '4' }));
		await sell(s, household.card, [{ lot: y.id, quantity: 2 }], [{ method: 'cash', amountCents: 40 }]);
		// The month's yoghurts count towards "Frais" as well.
		const month = await refused(s, 'limit_reached', () => sell(s, household.card, [{ lot: c.id, quantity: 2 }], [{ method: 'cash', amountCents: 40 }]));
		expect(month).toBe(m.till_limit_category({ name: fresh.name, limit: '3', wanted: '4' }));
		await sell(s, household.card, [{ lot: c.id, quantity: 1 }], [{ method: 'cash', amountCents: 20 }]);
	});

	test('several limits broken at once are all named', async () => {
		const s = await makeShop(t.db);
		const oil = await makeProduct(t.db, s.org, { name: `Huile ${uniq()}`, referencePriceCents: 100, limitPerVisit: 1 });
		const sugar = await makeProduct(t.db, s.org, { name: `Sucre ${uniq()}`, referencePriceCents: 100, limitPerMonth: 1 });
		const [x, y] = [await makeLot(t.db, s.operator, oil.id, s.origin.id, 10), await makeLot(t.db, s.operator, sugar.id, s.origin.id, 10)];
		const msg = await refused(s, 'limit_reached', () =>
			sell(
				s,
				s.household.card,
				[
					{ lot: x.id, quantity: 2 },
					{ lot: y.id, quantity: 2 }
				],
				[{ method: 'cash', amountCents: 80 }]
			)
		);
		expect(msg).toContain(oil.name);
		expect(msg).toContain(sugar.name);
	});

	test('last month’s sales do not count towards this month’s limits or budget', async () => {
		const s = await makeShop(t.db);
		// The right started 40 days ago; a sale 35 days ago falls in an earlier month.
		await t.db
			.update(rights)
			.set({ validFrom: addDays(TODAY, -40) })
			.where(eq(rights.id, s.household.rightId));
		const tea = await makeProduct(t.db, s.org, { referencePriceCents: 250, limitPerMonth: 6 });
		const lot = await makeLot(t.db, s.operator, tea.id, s.origin.id, 50);
		const before = new Date(Date.now() - 35 * 86_400_000);
		const old = await sell(s, s.household.card, [{ lot: lot.id, quantity: 6 }], [{ method: 'cash', amountCents: 300 }], {}, before);
		expect(old.budgetLeftCents).toBe(500);
		const now = await sell(s, s.household.card, [{ lot: lot.id, quantity: 6 }], [{ method: 'cash', amountCents: 300 }]);
		expect(now.budgetLeftCents).toBe(500);
		const [row] = await t.db.select({ day: sales.day }).from(sales).where(eq(sales.id, old.id));
		expect(row!.day.slice(0, 7) < TODAY.slice(0, 7)).toBe(true);
	});
});

describe('budget', () => {
	test('on the amount-paid basis, the sale takes what the household paid; FSE+ lines take nothing; the last cent fits', async () => {
		const s = await makeShop(t.db);
		await t.db.update(rights).set({ budgetBasis: 'amount_paid' }).where(eq(rights.id, s.household.rightId));
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 200);
		const fse = await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 20);
		// 8 × 2,50 € at 20 % = 4 € paid and taken from the 20 € budget; 3 FSE+ tins free.
		const a = await sell(
			s,
			s.household.card,
			[
				{ lot: lot.id, quantity: 8 },
				{ lot: fse.id, quantity: 3 }
			],
			[{ method: 'cash', amountCents: 400 }]
		);
		expect(a).toMatchObject({ referenceCents: 2750, paidCents: 400, fseCents: 750, budgetCents: 400, budgetLeftCents: 1600 });
		// 33 × 0,50 € = 16,50 € > 16 € left.
		const msg = await refused(s, 'budget_exceeded', () => sell(s, s.household.card, [{ lot: lot.id, quantity: 33 }], [{ method: 'cash', amountCents: 1650 }]));
		expect(msg).toBe(m.till_budget_over({ left: '16,00\u00a0€', wanted: '16,50\u00a0€' }));
		const b = await sell(s, s.household.card, [{ lot: lot.id, quantity: 32 }], [{ method: 'card', amountCents: 1600 }]);
		expect(b).toMatchObject({ budgetCents: 1600, budgetLeftCents: 0 });
		const uses = await t.db.select({ n: rightBudgetUses.amountCents }).from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId));
		expect(uses.map((u) => u.n)).toEqual([400, 1600]);
	});
});

describe('best-before (DDM) and use-by (DLC) dates', () => {
	test('a DDM past within the grace is sold and flagged on the line; beyond it, refused with the reason', async () => {
		const s = await makeShop(t.db);
		const recent = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: addDays(TODAY, -20), dateType: 'ddm' });
		const old = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: addDays(TODAY, -125), dateType: 'ddm' });
		const fresh = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: TODAY, dateType: 'ddm' });
		const r = await sell(
			s,
			s.household.card,
			[
				{ lot: recent.id, quantity: 1 },
				{ lot: fresh.id, quantity: 1 }
			],
			[{ method: 'cash', amountCents: 100 }]
		);
		const v = await getSale(t.db, s.operator, r.id);
		expect(v.lines.map((l) => [l.lotCode, l.ddmPast])).toEqual([
			[recent.code, true],
			[fresh.code, false]
		]);
		const msg = await refused(s, 'ddm_too_old', () => sell(s, s.household.card, [{ lot: old.id, quantity: 1 }], [{ method: 'cash', amountCents: 50 }]));
		expect(msg).toBe(m.till_ddm_too_old({ name: s.product.name, code: old.code, months: 3 }));
	});

	test('the grace is the organisation’s setting: 0 refuses any past DDM, 6 months allows an older one', async () => {
		const s = await makeShop(t.db);
		const yesterday = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: addDays(TODAY, -1), dateType: 'ddm' });
		const old = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: addDays(TODAY, -125), dateType: 'ddm' });
		await setTill(t.db, s.org, { ddmGraceMonths: 0 });
		const msg = await refused(s, 'ddm_too_old', () => sell(s, s.household.card, [{ lot: yesterday.id, quantity: 1 }], [{ method: 'cash', amountCents: 50 }]));
		expect(msg).toContain('0 mois');
		await setTill(t.db, s.org, { ddmGraceMonths: 6 });
		const r = await sell(
			s,
			s.household.card,
			[
				{ lot: old.id, quantity: 1 },
				{ lot: yesterday.id, quantity: 1 }
			],
			[{ method: 'cash', amountCents: 100 }]
		);
		expect((await getSale(t.db, s.operator, r.id)).lines.every((l) => l.ddmPast)).toBe(true);
	});

	test('a DLC today is sold; a DLC past or a blocked lot is refused with the lot named', async () => {
		const s = await makeShop(t.db);
		const today = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: TODAY, dateType: 'dlc' });
		const past = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: addDays(TODAY, -1), dateType: 'dlc' });
		const recalled = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, recalled.id));
		await sell(s, s.household.card, [{ lot: today.id, quantity: 1 }], [{ method: 'cash', amountCents: 50 }]);
		expect(await refused(s, 'dlc_past', () => sell(s, s.household.card, [{ lot: past.id, quantity: 1 }], [{ method: 'cash', amountCents: 50 }]))).toBe(
			m.till_dlc_past({ name: s.product.name, code: past.code })
		);
		expect(
			await refused(s, 'lot_blocked', () => sell(s, s.household.card, [{ lot: recalled.code, quantity: 1 }], [{ method: 'cash', amountCents: 50 }]))
		).toContain(recalled.code);
	});
});

describe('supervisor override', () => {
	const askFor = (s: Shop, customer: string, pin: string, opts: { supervisorId?: string; reason?: string; now?: Date } = {}) =>
		requestOverride(
			t.db,
			s.operator,
			s.point,
			{ customer, supervisorId: opts.supervisorId ?? s.org.users.supervisor.id, pin, reason: opts.reason ?? 'Famille en grande difficulté ce mois' },
			opts.now
		);

	test('lets one over-budget sale through, recorded on the sale and in the audit log, and only once', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 100);
		// 10 × 2,50 € = 25 € > 20 € budget.
		const basket = [{ lot: lot.id, quantity: 10 }];
		const pay = [{ method: 'cash' as const, amountCents: 500 }];
		const msg = await refused(s, 'budget_exceeded', () => sell(s, s.household.card, basket, pay));
		expect(msg).toBe(m.till_budget_over({ left: '20,00\u00a0€', wanted: '25,00\u00a0€' }));
		const o = await askFor(s, s.household.card, '2580');
		if (!o.ok) throw o.error;
		expect(o.supervisor).toBe(s.org.users.supervisor.firstName);
		const r = await sell(s, s.household.card, basket, pay, { overrideId: o.overrideId });
		expect(r).toMatchObject({ paidCents: 500, budgetCents: 2500, budgetLeftCents: 0 });
		const [row] = await t.db.select({ overrideId: sales.overrideId }).from(sales).where(eq(sales.id, r.id));
		expect(row!.overrideId).toBe(o.overrideId);
		expect((await getSale(t.db, s.org.actors.manager, r.id)).override).toEqual({
			supervisor: s.org.users.supervisor.firstName,
			reason: 'Famille en grande difficulté ce mois'
		});
		const [asked] = await auditRows(t.db, s.org.organisationId, 'till.override');
		expect(asked).toMatchObject({
			userId: s.org.users.operator.id,
			entityId: o.overrideId,
			details: { supervisorId: s.org.users.supervisor.id, reason: 'Famille en grande difficulté ce mois', household: s.household.reference }
		});
		const [sold] = await auditRows(t.db, s.org.organisationId, 'till.sale');
		expect(sold!.details).toMatchObject({ overrideId: o.overrideId });
		const uses = await t.db.select({ n: rightBudgetUses.amountCents }).from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId));
		expect(uses.map((u) => u.n)).toEqual([2500]);
		// Used once: another sale with it is refused, and without it the budget is gone.
		expect(
			await refused(s, 'override_invalid', () =>
				sell(s, s.household.card, [{ lot: lot.id, quantity: 1 }], [{ method: 'cash', amountCents: 50 }], { overrideId: o.overrideId })
			)
		).toBe(m.till_override_invalid());
		await refused(s, 'budget_exceeded', () => sell(s, s.household.card, [{ lot: lot.id, quantity: 1 }], [{ method: 'cash', amountCents: 50 }]));
		// FSE+ goods take nothing from the budget: still given to a household past its budget.
		const fse = await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 10);
		const free = await sell(s, s.household.card, [{ lot: fse.id, quantity: 2 }], []);
		expect(free).toMatchObject({ paidCents: 0, fseCents: 500, budgetCents: 0, budgetLeftCents: 0 });
		expect(
			(await t.db.select({ n: rightBudgetUses.amountCents }).from(rightBudgetUses).where(eq(rightBudgetUses.rightId, s.household.rightId))).map((u) => u.n)
		).toEqual([2500]);
	});

	test('also lifts a limit; is bound to its household and expires after 15 minutes', async () => {
		const s = await makeShop(t.db);
		const oil = await makeProduct(t.db, s.org, { referencePriceCents: 100, limitPerVisit: 1 });
		const lot = await makeLot(t.db, s.operator, oil.id, s.origin.id, 10);
		const basket = [{ lot: lot.id, quantity: 2 }];
		const pay = [{ method: 'cash' as const, amountCents: 40 }];
		await refused(s, 'limit_reached', () => sell(s, s.household.card, basket, pay));
		const other = await makeBeneficiary(t.db, s.org);
		const forOther = await askFor(s, other.card, '2580');
		if (!forOther.ok) throw forOther.error;
		await refused(s, 'override_invalid', () => sell(s, s.household.card, basket, pay, { overrideId: forOther.overrideId }));
		const stale = await askFor(s, s.household.card, '2580', { now: new Date(Date.now() - 16 * 60_000) });
		if (!stale.ok) throw stale.error;
		await refused(s, 'override_invalid', () => sell(s, s.household.card, basket, pay, { overrideId: stale.overrideId }));
		const fresh = await askFor(s, s.household.card, '2580', { now: new Date(Date.now() - 14 * 60_000) });
		if (!fresh.ok) throw fresh.error;
		const r = await sell(s, s.household.card, basket, pay, { overrideId: fresh.overrideId });
		expect(r.paidCents).toBe(40);
	});

	test('wrong PINs in the override panel only slow the panel (per supervisor and tablet): they never lock the supervisor, nothing is authorised', async () => {
		const s = await makeShop(t.db);
		const sup = s.org.users.supervisor.id;
		const T = Date.now();
		const at = (ms: number) => new Date(T + ms);
		// The free tries answer "wrong PIN"; the one that starts a delay says how long to wait.
		for (let i = 1; i < OVERRIDE_POLICY.freeFailures; i++) {
			const r = await askFor(s, s.household.card, '0000', { now: at(i) });
			expect(!r.ok && [r.error.code, r.error.status, r.error.field, r.error.message]).toEqual(['wrong_pin', 400, 'pin', m.pin_wrong_retry()]);
		}
		const delayed = await askFor(s, s.household.card, '0000', { now: at(10) });
		expect(!delayed.ok && [delayed.error.code, delayed.error.status]).toEqual(['throttled', 429]);
		expect(!delayed.ok && delayed.error.message).toBe(m.auth_throttled_seconds({ seconds: OVERRIDE_POLICY.baseLockMs / 1000 }));
		// During the delay even the right PIN waits (and is not checked).
		const early = await askFor(s, s.household.card, '2580', { now: at(11) });
		expect(!early.ok && early.error.code).toBe('throttled');
		expect(await t.db.select().from(tillOverrides).where(eq(tillOverrides.organisationId, s.org.organisationId))).toHaveLength(0);

		// A colleague keeps trying, waiting out every delay: many more than the sign-in lock allows.
		let now = 10 + OVERRIDE_POLICY.baseLockMs;
		for (let i = 0; i < PIN_MAX_FAILURES + 5; i++) {
			const r = await askFor(s, s.household.card, '0000', { now: at(now) });
			expect(!r.ok && r.error.code).toMatch(/^(wrong_pin|throttled)$/);
			now += OVERRIDE_POLICY.maxLockMs;
		}
		// The supervisor's PIN is not locked: sign-in on this very tablet works at once.
		const [row] = await t.db.select({ n: users.pinFailedCount, locked: users.pinLockedAt }).from(users).where(eq(users.id, sup));
		expect(row).toEqual({ n: 0, locked: null });
		const signIn = await pinSignIn(t.db, s.device, { userId: sup, pin: '2580' }, at(now));
		expect(signIn.ok).toBe(true);
		// And the panel takes the right PIN once its delay is over.
		const ok = await askFor(s, s.household.card, '2580', { now: at(now) });
		if (!ok.ok) throw ok.error;

		// Every failure is audited, with the tablet, as an override failure; nothing is locked.
		const failed = await auditRows(t.db, s.org.organisationId, 'auth.pin_failed');
		expect(failed).toHaveLength(OVERRIDE_POLICY.freeFailures + 1 + PIN_MAX_FAILURES + 5);
		expect(failed.every((r) => r.userId === sup && r.deviceId === s.device.id && (r.details as { for?: string }).for === 'till.override')).toBe(true);
		expect(await auditRows(t.db, s.org.organisationId, 'auth.pin_locked')).toHaveLength(0);
	});

	test('a supervisor whose PIN is locked (at sign-in) cannot authorise either', async () => {
		const s = await makeShop(t.db);
		await t.db.update(users).set({ pinFailedCount: PIN_MAX_FAILURES, pinLockedAt: new Date() }).where(eq(users.id, s.org.users.supervisor.id));
		const r = await askFor(s, s.household.card, '2580');
		expect(!r.ok && [r.error.code, r.error.status]).toEqual(['pin_locked', 423]);
	});

	test('a good PIN clears earlier failures; an operator cannot authorise, nor a supervisor of another organisation', async () => {
		const s = await makeShop(t.db);
		await askFor(s, s.household.card, '0000');
		expect(
			await t.db
				.select()
				.from(authThrottle)
				.where(eq(authThrottle.key, `override:${s.org.users.supervisor.id}@${s.device.id}`))
		).toHaveLength(1);
		const ok = await askFor(s, s.household.card, '2580');
		expect(ok.ok).toBe(true);
		expect(
			await t.db
				.select()
				.from(authThrottle)
				.where(eq(authThrottle.key, `override:${s.org.users.supervisor.id}@${s.device.id}`))
		).toHaveLength(0);
		const byOperator = await askFor(s, s.household.card, '2580', { supervisorId: s.org.users.operator.id });
		expect(!byOperator.ok && byOperator.error.code).toBe('unknown_user');
		const elsewhere = await makeShop(t.db);
		const foreign = await askFor(s, s.household.card, '2580', { supervisorId: elsewhere.org.users.supervisor.id });
		expect(!foreign.ok && foreign.error.code).toBe('unknown_user');
		await expectAppError(askFor(s, s.household.card, '2580', { reason: 'x' }), 'invalid_input', 400);
		await expectAppError(askFor(s, s.household.card, '12'), 'wrong_pin', 400);
		const count = await t.db
			.select()
			.from(tillOverrides)
			.where(and(eq(tillOverrides.organisationId, s.org.organisationId)));
		expect(count).toHaveLength(1);
	});
});
