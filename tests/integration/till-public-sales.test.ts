import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { reuseItemMovements, saleLines, salePayments, sales, organisations } from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';
import type { TillPoint } from '$lib/server/till/access';
import { completePublicSale, type PublicSaleInput } from '$lib/server/till/publicSale';
import { returnSale } from '$lib/server/till/returns';
import { completeSale, getSale, listSales } from '$lib/server/till/sales';
import { closeTill, openTill } from '$lib/server/till/sessions';
import { useTestDatabase } from '../helpers/db';
import { addUser, auditRows, expectAppError, makeDevice, makeOrg } from '../helpers/fixtures';
import { itemOnHand, makeItem, reuseCategory } from '../helpers/publicSale';
import { makeLot, makeShop, newKey } from '../helpers/till';

const t = useTestDatabase();

const cash = (amountCents: number, tenderedCents?: number) => [{ method: 'cash' as const, amountCents, ...(tenderedCents ? { tenderedCents } : {}) }];
const countSales = async (organisationId: string) =>
	(
		await t.db
			.select({ n: sql<number>`count(*)::int` })
			.from(sales)
			.where(eq(sales.organisationId, organisationId))
	)[0]!.n;

describe('a public sale (ressourcerie)', () => {
	test('an item by its label and a quick key: own prices, weights, a discount with its reason, change, item out of stock, audited reuse.sale', async () => {
		const s = await makeShop(t.db);
		const lamp = await makeItem(t.db, s.org, s.operator, { priceCents: 1200, unitWeightGrams: 2500, category: 'Décoration et bibelots', description: 'Lampe' });
		const books = await reuseCategory(t.db, s.org.organisationId, 'Livres');
		// 12,00 € − 2,00 € (chip) + 3 books at 1,00 € = 13,00 €; paid 20 € cash → 7 € change.
		const r = await completePublicSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			lines: [
				{ item: lamp.code.toLowerCase(), discountCents: 200, discountReason: 'Abat-jour ébréché' },
				{ categoryId: books.id, priceCents: 100, quantity: 3 }
			],
			payments: cash(1300, 2000)
		});
		expect(r).toMatchObject({ number: 'V-000001', replayed: false, referenceCents: 1500, paidCents: 1300, discountCents: 200, changeCents: 700, fseCents: 0 });
		expect(r.weightGrams).toBe(2500 + 3 * books.averageWeightGrams);
		expect(await itemOnHand(t.db, lamp.id)).toBe(0);

		const [sale] = await t.db.select().from(sales).where(eq(sales.id, r.id));
		expect(sale).toMatchObject({ kind: 'public', householdId: null, rightId: null, budgetCents: 0 });
		const lines = await t.db.select().from(saleLines).where(eq(saleLines.saleId, r.id)).orderBy(saleLines.lineNo);
		expect(
			lines.map((l) => [l.itemId, l.reuseCategoryId, l.quantity, l.unitPriceCents, l.discountCents, l.discountReason, l.paidCents, l.weightGrams])
		).toEqual([
			[lamp.id, lamp.categoryId, 1, 1200, 200, 'Abat-jour ébréché', 1000, 2500],
			[null, books.id, 3, 100, 0, null, 300, 3 * books.averageWeightGrams]
		]);
		const moves = await t.db
			.select()
			.from(reuseItemMovements)
			.where(and(eq(reuseItemMovements.itemId, lamp.id), eq(reuseItemMovements.kind, 'sale')));
		expect(moves.map((x) => [x.quantity, x.saleLineId])).toEqual([[-1, lines[0]!.id]]);
		const audit = await auditRows(t.db, s.org.organisationId, 'reuse.sale');
		expect(audit).toHaveLength(1);
		expect(audit[0]!.details).toMatchObject({ number: 'V-000001', lines: 2, paidCents: 1300 });

		// The receipt: no household, the lines by item code or category, the discount and weight.
		const view = await getSale(t.db, s.operator, r.id);
		expect(view).toMatchObject({ kind: 'public', firstName: '', reference: '', paidCents: 1300 });
		expect(view.lines.map((l) => [l.lotCode, l.product, l.discountCents, l.weightGrams])).toEqual([
			[lamp.code, 'Lampe', 200, 2500],
			['', 'Livres', 0, 3 * books.averageWeightGrams]
		]);
		// Listed among the till's sales.
		const list = await listSales(t.db, s.org.actors.manager);
		expect(list.rows.map((x) => [x.number, x.kind, x.reference])).toEqual([['V-000001', 'public', '']]);
	});

	test('one counter for both policies: an épicerie sale then a public sale are V-000001 and V-000002', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 5);
		const a = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: lot.code, quantity: 1 }],
			payments: cash(50)
		});
		const item = await makeItem(t.db, s.org, s.operator, { priceCents: 300 });
		const b = await completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: item.code }], payments: cash(300) });
		expect([a.number, b.number]).toEqual(['V-000001', 'V-000002']);
	});

	test('idempotent: the same key answers the same sale; the same key with another basket is refused, nothing changed', async () => {
		const s = await makeShop(t.db);
		const item = await makeItem(t.db, s.org, s.operator, { priceCents: 450 });
		const other = await makeItem(t.db, s.org, s.operator, { priceCents: 450 });
		const input: PublicSaleInput = { idempotencyKey: newKey(), lines: [{ item: item.code }], payments: cash(450, 500) };
		const first = await completePublicSale(t.db, s.operator, s.point, input);
		const again = await completePublicSale(t.db, s.operator, s.point, input);
		expect(again).toEqual({ ...first, replayed: true });
		const e = await expectAppError(completePublicSale(t.db, s.operator, s.point, { ...input, lines: [{ item: other.code }] }), 'idempotency_conflict', 409);
		expect(e.message).toMatch(/clé/i);
		// An épicerie sale with a public sale's key is refused too.
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 5);
		await expectAppError(
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: input.idempotencyKey,
				customer: s.household.card,
				lines: [{ lot: lot.code, quantity: 1 }],
				payments: cash(50)
			}),
			'idempotency_conflict',
			409
		);
		expect(await countSales(s.org.organisationId)).toBe(1);
		expect(await itemOnHand(t.db, other.id)).toBe(1);
		// Sent several times at once: recorded once.
		const key = newKey();
		const burst = await Promise.all(
			[0, 1, 2].map(() => completePublicSale(t.db, s.operator, s.point, { idempotencyKey: key, lines: [{ item: other.code }], payments: cash(450) }))
		);
		expect(new Set(burst.map((b) => b.id)).size).toBe(1);
		expect(burst.filter((b) => !b.replayed)).toHaveLength(1);
		expect(await countSales(s.org.organisationId)).toBe(2);
	});

	test('an item sold twice: a clear French refusal, nothing changed', async () => {
		const s = await makeShop(t.db);
		const item = await makeItem(t.db, s.org, s.operator, { priceCents: 800 });
		await completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: item.code }], payments: cash(800) });
		const e = await expectAppError(
			completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: item.code }], payments: cash(800) }),
			'reuse_item_gone',
			409
		);
		expect(e.message).toContain(item.code);
		expect(e.message).toMatch(/déjà vendu/);
		// Twice in one basket: refused as well, nothing recorded.
		const two = await makeItem(t.db, s.org, s.operator, { priceCents: 100 });
		await expectAppError(
			completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: two.code }, { item: two.id }], payments: cash(200) }),
			'reuse_item_gone',
			409
		);
		expect(await itemOnHand(t.db, two.id)).toBe(1);
		expect(await countSales(s.org.organisationId)).toBe(1);
		const pays = await t.db.select().from(salePayments).where(eq(salePayments.organisationId, s.org.organisationId));
		expect(pays).toHaveLength(1);
	});

	test('another organisation’s label is "Objet introuvable"; bad prices, quantities and discounts are refused in French', async () => {
		const s = await makeShop(t.db);
		const other = await makeOrg(t.db, 'Autre ressourcerie');
		const foreign = await makeItem(t.db, other, other.actors.operator, { priceCents: 100 });
		const e = await expectAppError(
			completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: foreign.code }], payments: cash(100) }),
			'reuse_item_not_found',
			404
		);
		expect(e.message).toMatch(/Objet introuvable/);
		await expectAppError(
			completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: foreign.id }], payments: cash(100) }),
			'reuse_item_not_found',
			404
		);
		expect(await itemOnHand(t.db, foreign.id)).toBe(1);
		const books = await reuseCategory(t.db, s.org.organisationId);
		const foreignCat = await reuseCategory(t.db, other.organisationId);
		await expectAppError(
			completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ categoryId: foreignCat.id, priceCents: 100 }], payments: cash(100) }),
			'reuse_category_not_found',
			404
		);
		const tries: [PublicSaleInput['lines'][number], RegExp][] = [
			[{ categoryId: books.id, priceCents: -100 }, /prix/],
			[{ categoryId: books.id, priceCents: 10_000_001 }, /prix/],
			[{ categoryId: books.id, priceCents: 1.5 }, /prix/],
			[{ categoryId: books.id }, /prix/],
			[{ categoryId: books.id, priceCents: 100, quantity: 0 }, /quantité/],
			[{ categoryId: books.id, priceCents: 100, quantity: 5000 }, /quantité/],
			[{ categoryId: books.id, priceCents: 1000, discountCents: 600, discountReason: 'Abîmé' }, /dépasse 50 %/],
			[{ categoryId: books.id, priceCents: 1000, discountCents: 200 }, /raison/],
			[{ categoryId: books.id, priceCents: 1000, discountCents: -1, discountReason: 'x' }, /remise/],
			[{ categoryId: books.id, item: 'O-000001', priceCents: 100 }, /objet scanné ou une catégorie/]
		];
		for (const [line, message] of tries) {
			const err = await expectAppError(
				completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [line], payments: cash(100) }),
				'invalid_input',
				400
			);
			expect(err.message).toMatch(message);
		}
		// The discount's bound is the organisation's setting.
		await t.db
			.update(organisations)
			.set({ settings: sql`coalesce(${organisations.settings}, '{}'::jsonb) || '{"reuse.maxDiscountPercent": 10}'::jsonb` })
			.where(eq(organisations.id, s.org.organisationId));
		const err = await expectAppError(
			completePublicSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				lines: [{ categoryId: books.id, priceCents: 1000, discountCents: 200, discountReason: 'Abîmé' }],
				payments: cash(800)
			}),
			'invalid_input',
			400
		);
		expect(err.message).toMatch(/10 %/);
		// A wrong total is the till's own refusal.
		await expectAppError(
			completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ categoryId: books.id, priceCents: 100 }], payments: cash(50) }),
			'payment_total',
			400
		);
		expect(await countSales(s.org.organisationId)).toBe(0);
	});

	test('two tills racing on one one-piece item: exactly one sale wins, the other is told it is already sold', async () => {
		const s = await makeShop(t.db);
		const { device } = await makeDevice(t.db, s.org, 'Tablette caisse 2');
		const { actor } = await addUser(t.db, s.org, ['operator'], { pin: true });
		const op2: Actor = { ...actor, deviceId: device.id, method: 'pin' };
		const point2: TillPoint = { deviceId: device.id };
		await openTill(t.db, op2, point2, { floatCents: 500 });
		for (let round = 0; round < 4; round++) {
			const item = await makeItem(t.db, s.org, s.operator, { priceCents: 700 });
			const sell = (op: Actor, point: TillPoint) =>
				completePublicSale(t.db, op, point, { idempotencyKey: newKey(), lines: [{ item: item.code }], payments: cash(700) });
			const results = await Promise.allSettled(round % 2 ? [sell(s.operator, s.point), sell(op2, point2)] : [sell(op2, point2), sell(s.operator, s.point)]);
			const ok = results.filter((x) => x.status === 'fulfilled');
			const errors = results.flatMap((x) => (x.status === 'rejected' ? [x.reason as AppError] : []));
			expect(ok).toHaveLength(1);
			expect(errors).toHaveLength(1);
			expect(errors[0]).toBeInstanceOf(AppError);
			expect(errors[0]!.code).toBe('reuse_item_gone');
			expect(await itemOnHand(t.db, item.id)).toBe(0);
			const moves = await t.db
				.select()
				.from(reuseItemMovements)
				.where(and(eq(reuseItemMovements.itemId, item.id), eq(reuseItemMovements.kind, 'sale')));
			expect(moves).toHaveLength(1);
		}
		expect(await countSales(s.org.organisationId)).toBe(4);
	});

	test('returns: an item back in stock, a quick-key line with nothing to put back, refunded by the methods paid; idempotent', async () => {
		const s = await makeShop(t.db);
		const item = await makeItem(t.db, s.org, s.operator, { priceCents: 1500 });
		const batch = await makeItem(t.db, s.org, s.operator, { priceCents: 100, quantity: 30, unitWeightGrams: 300 });
		const toys = await reuseCategory(t.db, s.org.organisationId, 'Jouets et jeux');
		const sale = await completePublicSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			lines: [{ item: item.code }, { item: batch.code, quantity: 4 }, { categoryId: toys.id, priceCents: 200, quantity: 2 }],
			payments: [
				{ method: 'cash', amountCents: 1000 },
				{ method: 'card', amountCents: 1300 }
			]
		});
		expect(await itemOnHand(t.db, batch.id)).toBe(26);
		const view = await getSale(t.db, s.supervisor, sale.id);
		const [itemLine, batchLine, quickLine] = view.lines;
		const input = {
			saleId: sale.number,
			idempotencyKey: newKey(),
			reason: 'Le client a changé d’avis',
			lines: [
				{ saleLineId: itemLine!.id, quantity: 1, disposition: 'stock' as const },
				{ saleLineId: batchLine!.id, quantity: 2, disposition: 'stock' as const },
				{ saleLineId: quickLine!.id, quantity: 1, disposition: 'stock' as const }
			]
		};
		const ret = await returnSale(t.db, s.supervisor, s.point, input);
		// 15,00 + 2,00 + 2,00 = 19,00 €: cash first (10,00), then card (9,00).
		expect(ret).toMatchObject({ refundCents: 1900, budgetRestoredCents: 0 });
		expect(ret.refunds).toEqual([
			{ method: 'cash', amountCents: 1000 },
			{ method: 'card', amountCents: 900 }
		]);
		expect(ret.lines.map((l) => [l.product, l.quantity, l.budgetCents])).toEqual([
			['Objet ' + item.code, 1, 0],
			['Objet ' + batch.code, 2, 0],
			['Jouets et jeux', 1, 0]
		]);
		expect(await itemOnHand(t.db, item.id)).toBe(1);
		expect(await itemOnHand(t.db, batch.id)).toBe(28);
		const back = await t.db.select().from(reuseItemMovements).where(eq(reuseItemMovements.kind, 'return'));
		expect(
			back
				.filter((x) => x.itemId === item.id || x.itemId === batch.id)
				.map((x) => [x.quantity, x.saleLineId])
				.sort()
		).toEqual(
			[
				[1, itemLine!.id],
				[2, batchLine!.id]
			].sort()
		);
		// The same key again: the same return, nothing more.
		const again = await returnSale(t.db, s.supervisor, s.point, input);
		expect(again).toMatchObject({ id: ret.id, replayed: true });
		expect(await itemOnHand(t.db, batch.id)).toBe(28);
		await expectAppError(returnSale(t.db, s.supervisor, s.point, { ...input, lines: [input.lines[1]!] }), 'idempotency_conflict', 409);
		// Not more than was sold.
		await expectAppError(
			returnSale(t.db, s.supervisor, s.point, { ...input, idempotencyKey: newKey(), lines: [{ saleLineId: itemLine!.id, quantity: 1, disposition: 'stock' }] }),
			'over_return',
			409
		);
		// The returned item can be sold again.
		await completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: item.code }], payments: cash(1500) });
		expect(await itemOnHand(t.db, item.id)).toBe(0);
	});

	test('the Z report: the épicerie figures stay its own, the public sales counted apart, the drawer counts both', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 5);
		await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: lot.code, quantity: 2 }],
			payments: cash(100)
		});
		const item = await makeItem(t.db, s.org, s.operator, { priceCents: 1000 });
		await completePublicSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			lines: [{ item: item.code, discountCents: 300, discountReason: 'Rayure' }],
			payments: [{ method: 'card', amountCents: 700 }]
		});
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 1100, card: 700, cheque: 0 } });
		expect(z.totals).toMatchObject({
			sales: 1,
			referenceCents: 500,
			paidCents: 100,
			savedCents: 400,
			publicSales: 1,
			publicPaidCents: 700,
			publicDiscountCents: 300,
			byMethod: { cash: 100, card: 700, cheque: 0 },
			expected: { cash: 1100, card: 700, cheque: 0 },
			difference: { cash: 0, card: 0, cheque: 0 }
		});
		// A closed till sells nothing more.
		const next = await makeItem(t.db, s.org, s.operator, { priceCents: 100 });
		await expectAppError(
			completePublicSale(t.db, s.operator, s.point, { idempotencyKey: newKey(), lines: [{ item: next.code }], payments: cash(100) }),
			'till_closed',
			409
		);
		expect(await itemOnHand(t.db, next.id)).toBe(1);
	});

	test('roles: a social worker or a manager cannot sell at the till', async () => {
		const s = await makeShop(t.db);
		const item = await makeItem(t.db, s.org, s.operator, { priceCents: 100 });
		for (const who of [s.org.actors.social_worker, s.org.actors.manager]) {
			await expectAppError(
				completePublicSale(t.db, { ...who, deviceId: s.device.id }, s.point, { idempotencyKey: newKey(), lines: [{ item: item.code }], payments: cash(100) }),
				'forbidden',
				403
			);
		}
		expect(await itemOnHand(t.db, item.id)).toBe(1);
	});
});
