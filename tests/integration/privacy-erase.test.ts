import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { heldBaskets, households, rights } from '$lib/server/db/schema';
import { createHousehold } from '$lib/server/households/households';
import { compactAfterErase, eraseHousehold } from '$lib/server/households/privacy';
import { decideApplication, issueCard, submitApplication, tillLookup } from '$lib/server/households/rights';
import { holdBasket } from '$lib/server/till/held';
import { returnSale } from '$lib/server/till/returns';
import { completeSale, getSale, requestOverride } from '$lib/server/till/sales';
import { useTestDatabase } from '../helpers/db';
import { findText } from '../helpers/find-text';
import { expectAppError, TEST_PIN, uniq } from '../helpers/fixtures';
import { makeLot, makeShop, newKey, TODAY } from '../helpers/till';

const t = useTestDatabase();

const findEverywhere = (needle: string) => findText(t.db, needle);

describe('erasing a household removes what identifies it everywhere (issue 9, item 8)', () => {
	test('names, free texts, override and return reasons, held baskets and the right: nothing left but the anonymous reference', async () => {
		const s = await makeShop(t.db);
		const sw = s.org.actors.social_worker;
		const id = uniq();
		const texts = {
			firstName: `Zoé${id}`,
			lastName: `Quintard${id}`,
			phone: '06 12 34 56 78',
			commune: `Vaulx${id}`,
			orientingStructure: `CCAS de Vaulx, Mme Roux ${id}`,
			notes: `Suivie pour dettes ${id}`
		};
		const r = await createHousehold(t.db, sw, { ...texts, birthDate: '1984-02-03', consent: true, rgpdInformedOn: TODAY }, { today: TODAY });
		if (!('created' in r)) throw new Error('duplicate');
		const h = r.created;
		const assessment = `Zoé ${id} sort d'un surendettement`;
		const app = await submitApplication(t.db, sw, h.id, { assessment });
		const decisionReason = `Accord pour Zoé ${id}`;
		const budgetReason = `Budget spécial Zoé ${id}`;
		await decideApplication(
			t.db,
			sw,
			app.id,
			{ outcome: 'accepted', decidedOn: TODAY, reason: decisionReason, right: { validFrom: TODAY, monthlyBudgetCents: 1000, overrideReason: budgetReason } },
			{ today: TODAY }
		);
		const card = await issueCard(t.db, sw, h.id);

		// At the till: an override whose reason names her, a sale with it, a return with a reason, a held basket.
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 50);
		const overrideReason = `Zoé ${id} a oublié sa carte (dettes)`;
		const o = await requestOverride(t.db, s.operator, s.point, {
			customer: card.token,
			supervisorId: s.org.users.supervisor.id,
			pin: TEST_PIN,
			reason: overrideReason
		});
		if (!o.ok) throw o.error;
		const sale = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: h.reference,
			lines: [{ lot: lot.id, quantity: 12 }],
			payments: [{ method: 'cash', amountCents: 600 }],
			overrideId: o.overrideId
		});
		const line = (await getSale(t.db, s.operator, sale.id)).lines[0]!;
		const returnReason = `Zoé ${id} s'est trompée`;
		await returnSale(t.db, s.supervisor, s.point, {
			saleId: sale.id,
			idempotencyKey: newKey(),
			reason: returnReason,
			lines: [{ saleLineId: line.id, quantity: 1, disposition: 'stock' }]
		});
		await holdBasket(t.db, s.operator, s.point, { customer: card.token, lines: [{ lotId: lot.id, quantity: 1 }] });

		const secrets = [
			texts.firstName,
			texts.lastName,
			texts.phone,
			texts.commune,
			texts.orientingStructure,
			texts.notes,
			assessment,
			decisionReason,
			budgetReason,
			overrideReason,
			returnReason
		];
		// Before: each is somewhere (the test would find a leftover).
		for (const x of [texts.firstName, overrideReason, returnReason, texts.orientingStructure]) expect(await findEverywhere(x)).not.toEqual([]);
		expect(await findEverywhere(overrideReason)).toEqual(expect.arrayContaining(['audit_log.details', 'till_overrides.reason']));

		await eraseHousehold(t.db, sw, h.id, h.reference);

		for (const x of [...secrets, id]) expect(await findEverywhere(x), x).toEqual([]);
		// The reference stays, as the anonymous key of the file, its sales and the journal.
		expect(await findEverywhere(h.reference)).toEqual(['audit_log.details', 'households.reference']);
		const [row] = await t.db.select().from(households).where(eq(households.id, h.id));
		expect(row).toMatchObject({ orientingStructure: null, phone: null, commune: null, notes: null });
		expect((await t.db.select().from(rights).where(eq(rights.householdId, h.id))).map((x) => x.status)).toEqual(['revoked']);
		expect((await t.db.select().from(heldBaskets).where(eq(heldBaskets.householdId, h.id))).map((x) => x.status)).toEqual(['cancelled']);
		// The till no longer knows her, by card or by reference.
		await expectAppError(tillLookup(t.db, s.operator, card.token), 'card_revoked', 404);
		await expectAppError(tillLookup(t.db, s.operator, h.reference), 'unknown_card', 404);
		// The sale's figures stay (reports), without its free texts.
		const kept = await getSale(t.db, s.supervisor, sale.id);
		expect(kept.paidCents).toBe(600);
	});

	test('compacting after an erasure works on this database (PGlite and PostgreSQL)', async () => {
		expect(await compactAfterErase(t.db)).toBe(true);
	});
});
