import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { revokeDevice } from '$lib/server/auth/devices';
import { rights } from '$lib/server/db/schema';
import { issueCard, changeRightStatus } from '$lib/server/households/rights';
import { m } from '$lib/paraglide/messages';
import { addDays } from '$lib/stock/dates';
import type { TillPoint } from '$lib/server/till/access';
import { completeSale, getSale, listSales, requestOverride, type SaleInput } from '$lib/server/till/sales';
import { cashMovement, closeTill, currentSession, getSession, listSessions, openTill, tillPointOf } from '$lib/server/till/sessions';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeDevice, TEST_PIN } from '../helpers/fixtures';
import { makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, makeShop, newKey, TODAY } from '../helpers/till';
import { tillState } from '../helpers/till-state';

/*
 * Bad input at the till: each is refused with its code, a French message, and changes nothing at all
 * (no sale, line, payment, movement, budget use, counter, audit row; lots as they were).
 */
const t = useTestDatabase();

type Shop = Awaited<ReturnType<typeof makeShop>>;

async function ready() {
	const s = await makeShop(t.db);
	const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
	const kg = await makeProduct(t.db, s.org, { unit: 'kg', referencePriceCents: 300 });
	const kgLot = await makeLot(t.db, s.operator, kg.id, s.origin.id, 50_000);
	const good = (extra: Partial<SaleInput> = {}): SaleInput => ({
		idempotencyKey: newKey(),
		customer: s.household.card,
		lines: [{ lot: lot.id, quantity: 2 }],
		payments: [{ method: 'cash', amountCents: 100 }],
		...extra
	});
	return { s, lot, kgLot, good };
}

/** Must be refused with this code and status, with this French message when given, changing nothing. */
async function refused(s: Shop, run: () => Promise<unknown>, code: string, status: number, message?: string) {
	const before = await tillState(t.db, s.org.organisationId);
	const err = await expectAppError(run(), code, status);
	if (message !== undefined) expect(err.message).toBe(message);
	expect(err.message).toMatch(/[a-zé]{3}/);
	expect(await tillState(t.db, s.org.organisationId)).toEqual(before);
	return err;
}

describe('a completion with bad input changes nothing', () => {
	test('unknown or foreign codes, a lot of another organisation', async () => {
		const { s, good } = await ready();
		const elsewhere = await makeShop(t.db);
		// Enough lots over there that its codes go beyond ours.
		for (let i = 0; i < 3; i++) await makeLot(t.db, elsewhere.operator, elsewhere.product.id, elsewhere.origin.id, 5);
		const theirs = await makeLot(t.db, elsewhere.operator, elsewhere.product.id, elsewhere.origin.id, 5);
		const notFound = m.stock_lot_not_found();
		for (const lot of ['L-999999', 'l-999999', 'ABC', '3017620422003', '', '   ', '00000000-0000-4000-8000-000000000000', theirs.id, theirs.code]) {
			await refused(s, () => completeSale(t.db, s.operator, s.point, good({ lines: [{ lot, quantity: 1 }] })), 'lot_not_found', 404, notFound);
		}
		await refused(
			s,
			() => completeSale(t.db, s.operator, s.point, good({ lines: [{ lot: 42 as unknown as string, quantity: 1 }] })),
			'lot_not_found',
			404,
			notFound
		);
		// Their lot is untouched too.
		expect((await tillState(t.db, elsewhere.org.organisationId)).lots).toContain(`${theirs.code}:5`);
	});

	test('a negative, zero, fractional or absurd quantity or weight', async () => {
		const { s, lot, kgLot, good } = await ready();
		const msg = m.stock_quantity_invalid();
		for (const quantity of [0, -1, -0.5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e20, '2' as unknown as number, null as unknown as number]) {
			await refused(s, () => completeSale(t.db, s.operator, s.point, good({ lines: [{ lot: lot.id, quantity }] })), 'invalid_input', 400, msg);
		}
		// Beyond what one line can hold: 100 000 pieces, 10 000 kg (typed in grams).
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ lines: [{ lot: lot.id, quantity: 100_001 }] })), 'invalid_input', 400, msg);
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ lines: [{ lot: kgLot.id, quantity: 10_000_001 }] })), 'invalid_input', 400, msg);
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ lines: [{ lot: kgLot.id, quantity: 1250.5 }] })), 'invalid_input', 400, msg);
		// More than the lot holds: told how many are left.
		const short = await refused(s, () => completeSale(t.db, s.operator, s.point, good({ lines: [{ lot: lot.id, quantity: 11 }] })), 'insufficient_stock', 409);
		expect(short.message).toContain(`lot ${lot.code}`);
		expect(short.message).toContain("il n'en reste que 10");
	});

	test('a revoked card, a right expired, suspended or withdrawn, a card or reference of another organisation', async () => {
		const { s, good } = await ready();
		const oldCard = s.household.card;
		const { token: newCard } = await issueCard(t.db, s.org.actors.social_worker, s.household.householdId);
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer: oldCard })), 'card_revoked', 404, m.till_card_revoked());
		const elsewhere = await makeShop(t.db);
		for (const customer of [elsewhere.household.card, 'CARTE-INCONNUE', 'FOY-9999', '', '   ', 'x'.repeat(200)]) {
			await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer })), 'unknown_card', 404, m.till_card_unknown());
		}
		// A reference that only exists over there (they have more households than we do), their card typed in lower case.
		await makeBeneficiary(t.db, elsewhere.org);
		const theirs = await makeBeneficiary(t.db, elsewhere.org);
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer: theirs.reference })), 'unknown_card', 404, m.till_card_unknown());
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer: theirs.card.toLowerCase() })), 'unknown_card', 404, m.till_card_unknown());
		// Over there, that same reference is a household that can shop: the refusal was about the organisation.
		const sold = await completeSale(t.db, elsewhere.operator, elsewhere.point, {
			idempotencyKey: newKey(),
			customer: theirs.reference,
			lines: [{ lot: (await makeLot(t.db, elsewhere.operator, elsewhere.product.id, elsewhere.origin.id, 1)).id, quantity: 1 }],
			payments: [{ method: 'cash', amountCents: 50 }]
		});
		expect(sold.paidCents).toBe(50);

		const notValid = m.till_right_not_valid();
		await changeRightStatus(t.db, s.org.actors.social_worker, s.household.rightId, 'suspend', 'Dossier incomplet');
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer: newCard })), 'right_not_valid', 409, notValid);
		await changeRightStatus(t.db, s.org.actors.social_worker, s.household.rightId, 'resume');
		await t.db
			.update(rights)
			.set({ validFrom: addDays(TODAY, -100), validTo: addDays(TODAY, -1) })
			.where(eq(rights.id, s.household.rightId));
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer: s.household.reference })), 'right_not_valid', 409, notValid);
		await t.db
			.update(rights)
			.set({ validFrom: addDays(TODAY, 1), validTo: addDays(TODAY, 90) })
			.where(eq(rights.id, s.household.rightId));
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer: newCard })), 'right_not_valid', 409, notValid);
		await t.db
			.update(rights)
			.set({ validFrom: TODAY, validTo: addDays(TODAY, 90) })
			.where(eq(rights.id, s.household.rightId));
		await changeRightStatus(t.db, s.org.actors.social_worker, s.household.rightId, 'revoke', 'Déménagement');
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ customer: newCard })), 'right_not_valid', 409, notValid);
	});

	test('a completion without a usable idempotency key', async () => {
		const { s, good } = await ready();
		const msg = m.till_idempotency_key_required();
		for (const idempotencyKey of [undefined, null, '', 'short', 'has spaces in it', 'é-accentué-123', 'x'.repeat(101), 12345678]) {
			await refused(s, () => completeSale(t.db, s.operator, s.point, good({ idempotencyKey: idempotencyKey as string })), 'idempotency_key_required', 400, msg);
		}
	});

	test('an unreadable basket, payments or authorisation', async () => {
		const { s, lot, good } = await ready();
		await refused(s, () => completeSale(t.db, s.operator, s.point, null as unknown as SaleInput), 'invalid_input', 400, m.till_sale_invalid());
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ lines: [] })), 'invalid_input', 400, m.till_basket_empty());
		await refused(
			s,
			() => completeSale(t.db, s.operator, s.point, good({ lines: 'L-000001' as unknown as SaleInput['lines'] })),
			'invalid_input',
			400,
			m.till_basket_empty()
		);
		await refused(
			s,
			() => completeSale(t.db, s.operator, s.point, good({ lines: Array.from({ length: 101 }, () => ({ lot: lot.id, quantity: 1 })) })),
			'invalid_input',
			400,
			m.till_too_many_lines({ max: 100 })
		);
		for (const payments of [
			[{ method: 'bitcoin', amountCents: 100 }],
			[{ method: 'cash', amountCents: '100' }],
			[
				{ method: 'cash', amountCents: -100 },
				{ method: 'card', amountCents: 200 }
			],
			[{ method: 'card', amountCents: 100, tenderedCents: 200 }],
			[{ method: 'cash', amountCents: 100, tenderedCents: 50 }],
			'cash',
			Array.from({ length: 6 }, () => ({ method: 'card', amountCents: 1 }))
		]) {
			await refused(
				s,
				() => completeSale(t.db, s.operator, s.point, good({ payments: payments as SaleInput['payments'] })),
				'payment_invalid',
				400,
				m.till_payment_invalid()
			);
		}
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ payments: [] })), 'payment_total', 400, m.till_payment_total({ due: '1,00\u00a0€' }));
		await refused(s, () => completeSale(t.db, s.operator, s.point, good({ payments: [{ method: 'cash', amountCents: 101 }] })), 'payment_total', 400);
		for (const overrideId of ['xyz', '00000000-0000-4000-8000-000000000000']) {
			await refused(s, () => completeSale(t.db, s.operator, s.point, good({ overrideId })), 'override_invalid', 409, m.till_override_invalid());
		}
	});
});

describe('where and who', () => {
	test('a closed till, a tablet whose till is not open, no tablet at all', async () => {
		const { s, good } = await ready();
		// A second tablet of the shop, enrolled but its till not opened.
		const { device } = await makeDevice(t.db, s.org, 'Tablette réserve');
		const elsewhere: Actor = { ...s.operator, deviceId: device.id };
		await refused(s, () => completeSale(t.db, elsewhere, { deviceId: device.id }, good()), 'till_closed', 409, m.till_session_closed());
		expect(() => tillPointOf({ ...s.org.actors.operator }, null)).toThrow(m.till_needs_tablet());
		const other = await makeShop(t.db);
		expect(() => tillPointOf({ ...s.org.actors.operator }, { id: other.device.id, organisationId: other.org.organisationId })).toThrow(m.till_needs_tablet());
		expect(tillPointOf({ ...s.org.actors.operator }, { id: device.id, organisationId: s.org.organisationId })).toEqual({ deviceId: device.id });

		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 } });
		await refused(s, () => completeSale(t.db, s.operator, s.point, good()), 'till_closed', 409, m.till_session_closed());
		await refused(s, () => cashMovement(t.db, s.operator, s.point, { kind: 'in', amountCents: 100, reason: 'Monnaie' }), 'till_closed', 409);
		await refused(s, () => closeTill(t.db, s.operator, s.point, { counted: {} }), 'till_closed', 409);
		await refused(
			s,
			() =>
				requestOverride(t.db, s.operator, s.point, { customer: s.household.card, supervisorId: s.org.users.supervisor.id, pin: TEST_PIN, reason: 'Urgence' }),
			'till_closed',
			409
		);
		expect(await currentSession(t.db, s.operator, s.point)).toBeNull();
	});

	test('roles without the till: a manager, a social worker; readers may only read', async () => {
		const { s, good } = await ready();
		const forbidden = m.error_forbidden();
		for (const role of ['manager', 'social_worker'] as const) {
			const a: Actor = { ...s.org.actors[role], deviceId: s.device.id };
			await refused(s, () => completeSale(t.db, a, s.point, good()), 'forbidden', 403, forbidden);
			await refused(s, () => openTill(t.db, a, { deviceId: s.device.id }, { floatCents: 0 }), 'forbidden', 403, forbidden);
			await refused(s, () => cashMovement(t.db, a, s.point, { kind: 'out', amountCents: 100, reason: 'Banque' }), 'forbidden', 403, forbidden);
			await refused(s, () => closeTill(t.db, a, s.point, { counted: {} }), 'forbidden', 403, forbidden);
			await refused(
				s,
				() => requestOverride(t.db, a, s.point, { customer: s.household.card, supervisorId: s.org.users.supervisor.id, pin: TEST_PIN, reason: 'Urgence' }),
				'forbidden',
				403,
				forbidden
			);
		}
		const sale = await completeSale(t.db, s.operator, s.point, good());
		// Managers read sales and Z reports; social workers see none of it.
		expect((await getSale(t.db, s.org.actors.manager, sale.id)).number).toBe(sale.number);
		expect((await listSales(t.db, s.org.actors.manager)).total).toBe(1);
		await expectAppError(getSale(t.db, s.org.actors.social_worker, sale.id), 'forbidden', 403);
		await expectAppError(listSales(t.db, s.org.actors.social_worker), 'forbidden', 403);
		await expectAppError(listSessions(t.db, s.org.actors.social_worker), 'forbidden', 403);
		await expectAppError(getSession(t.db, s.org.actors.social_worker, s.session.id), 'forbidden', 403);
		// Another organisation's sale or session does not exist from here.
		const other = await makeShop(t.db);
		await expectAppError(getSale(t.db, other.org.actors.manager, sale.id), 'not_found', 404);
		await expectAppError(getSale(t.db, other.org.actors.manager, sale.number), 'not_found', 404);
		await expectAppError(getSession(t.db, other.org.actors.manager, s.session.id), 'not_found', 404);
		await expectAppError(getSession(t.db, s.org.actors.manager, 'pas-un-id'), 'not_found', 404);
		expect((await listSales(t.db, other.org.actors.manager)).total).toBe(0);
	});
});

describe('opening, cash in and out, closing: bad input changes nothing', () => {
	test('the closing form: a method left empty where money was expected is refused field by field, nothing closed', async () => {
		const { s, good } = await ready();
		// 1 € paid by card: the drawer holds the float, the card terminal 1 €, cheques nothing.
		await completeSale(t.db, s.operator, s.point, good({ payments: [{ method: 'card', amountCents: 100 }] }));
		const err = await refused(s, () => closeTill(t.db, s.operator, s.point, { counted: {}, requireCounted: true }), 'invalid_input', 400);
		expect(err.errors).toEqual({ cash: m.till_close_count_missing(), card: m.till_close_count_missing() });
		const cardOnly = await refused(s, () => closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 }, requireCounted: true }), 'invalid_input', 400);
		expect(cardOnly.errors).toEqual({ card: m.till_close_count_missing() });
		expect(cardOnly.field).toBe('card');
		// A zero typed is a count (a difference on the Z report); cheques, where nothing was expected, may stay empty.
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000, card: 0 }, requireCounted: true });
		expect(z.totals.difference).toEqual({ cash: 0, card: -100, cheque: 0 });
	});

	test('float, amounts, reasons, counted cash; one open till per tablet; a revoked tablet', async () => {
		const { s } = await ready();
		const amount = m.till_amount_invalid();
		await refused(s, () => openTill(t.db, s.operator, s.point, { floatCents: 500 }), 'till_already_open', 409, m.till_already_open());
		for (const v of [-1, 1.5, Number.NaN, '500' as unknown as number, 10_000_001]) {
			await refused(s, () => cashMovement(t.db, s.operator, s.point, { kind: 'in', amountCents: v, reason: 'Monnaie' }), 'invalid_input', 400, amount);
			await refused(s, () => closeTill(t.db, s.operator, s.point, { counted: { cash: v } }), 'invalid_input', 400, amount);
		}
		await refused(s, () => cashMovement(t.db, s.operator, s.point, { kind: 'out', amountCents: 0, reason: 'Banque' }), 'invalid_input', 400, amount);
		await refused(
			s,
			() => cashMovement(t.db, s.operator, s.point, { kind: 'sideways' as 'in', amountCents: 100, reason: 'Banque' }),
			'invalid_input',
			400,
			m.till_cash_kind_invalid()
		);
		for (const reason of ['', '  ', 'ab', 'x'.repeat(301), null as unknown as string]) {
			await refused(
				s,
				() => cashMovement(t.db, s.operator, s.point, { kind: 'out', amountCents: 100, reason }),
				'invalid_input',
				400,
				m.till_reason_required()
			);
		}
		// The reason's bounds are those the message gives: 3 and 300 characters.
		await cashMovement(t.db, s.operator, s.point, { kind: 'out', amountCents: 100, reason: 'abc' });
		await cashMovement(t.db, s.operator, s.point, { kind: 'in', amountCents: 100, reason: 'y'.repeat(300) });

		// Another tablet: a bad float refused; once revoked, it cannot open a till.
		const { device } = await makeDevice(t.db, s.org, 'Tablette 3');
		const op: Actor = { ...s.operator, deviceId: device.id };
		const point: TillPoint = { deviceId: device.id };
		for (const v of [-100, 0.5, 10_000_001]) await refused(s, () => openTill(t.db, op, point, { floatCents: v }), 'invalid_input', 400, amount);
		await revokeDevice(t.db, s.org.actors.supervisor, device.id);
		await refused(s, () => openTill(t.db, op, point, { floatCents: 1000 }), 'till_needs_tablet', 409, m.till_needs_tablet());
		// A tablet of another organisation is not ours to open.
		const other = await makeShop(t.db);
		await refused(s, () => openTill(t.db, s.operator, { deviceId: other.device.id }, { floatCents: 1000 }), 'till_needs_tablet', 409);
	});
});
