import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { lots, stockMovements } from '$lib/server/db/schema';
import { countLot, getCount, startCount, validateCount } from '$lib/server/stock/counts';
import { createLot, recordLoss } from '$lib/server/stock/lots';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();

describe('stock counts', () => {
	it('counts a shelf, shows differences, and adjusts only the counted lots on validation, once', async () => {
		const org = await makeOrg(t.db);
		const op = org.actors.operator;
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org);
		const mk = (q: number) =>
			t.db.transaction((tx) =>
				createLot(tx, op, { productId: p.id, originId: o.id, date: '2027-01-01', dateType: 'ddm', quantity: q, locationId: org.locationId })
			);
		const a = await mk(10);
		const b = await mk(5);
		const untouched = await mk(7);
		const { id } = await startCount(t.db, op, org.locationId);
		await countLot(t.db, op, id, { lot: a.code, quantity: '8' });
		await countLot(t.db, op, id, { lot: `https://x.test/stock/lots/${b.code}`, quantity: '9' });
		await countLot(t.db, op, id, { lot: b.code, quantity: '6' }); // counted again: replaces
		await expectAppError(countLot(t.db, op, id, { lot: a.code, quantity: '-1' }), 'quantity_invalid', 400);
		// A loss on lot a between counting and validation is not counted twice.
		await recordLoss(t.db, op, { lotId: a.id, quantity: 1, reason: 'broken' });
		const view = await getCount(t.db, op, id);
		expect(view.lines.map((l) => [l.code, l.expected, l.counted])).toEqual([
			[a.code, 10, 8],
			[b.code, 5, 6]
		]);
		await expectAppError(validateCount(t.db, op, id), 'forbidden', 403);
		expect(await validateCount(t.db, org.actors.supervisor, id)).toEqual({ adjusted: 2 });
		await expectAppError(validateCount(t.db, org.actors.supervisor, id), 'already_validated', 409);
		await expectAppError(countLot(t.db, op, id, { lot: a.code, quantity: '1' }), 'already_validated', 409);
		const onHand = async (lotId: string) => (await t.db.select().from(lots).where(eq(lots.id, lotId)))[0]!.onHand;
		expect([await onHand(a.id), await onHand(b.id), await onHand(untouched.id)]).toEqual([7, 6, 7]);
		const counts = await t.db.select().from(stockMovements).where(eq(stockMovements.kind, 'count'));
		expect(
			counts
				.filter((c) => [a.id, b.id, untouched.id].includes(c.lotId))
				.map((c) => c.quantity)
				.sort()
		).toEqual([-2, 1]);
	});

	it('counts a lot found at zero, and refuses another organisation', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const op = org.actors.operator;
		const [p, o] = [await makeProduct(t.db, org), await makeOrigin(t.db, org)];
		const lot = await t.db.transaction((tx) => createLot(tx, op, { productId: p.id, originId: o.id, date: null, dateType: 'none', quantity: 3 }));
		const { id } = await startCount(t.db, op, org.locationId);
		// Not shelved: "rangé ailleurs" until confirmed (then moved here and counted).
		await expectAppError(countLot(t.db, op, id, { lot: lot.code, quantity: '0' }), 'lot_elsewhere', 409);
		await countLot(t.db, op, id, { lot: lot.code, quantity: '0', moveHere: true });
		await expectAppError(countLot(t.db, other.actors.operator, id, { lot: lot.code, quantity: '1' }), 'not_found', 404);
		await expectAppError(startCount(t.db, other.actors.operator, org.locationId), 'location_not_found', 404);
		await validateCount(t.db, org.actors.manager, id);
		expect((await t.db.select().from(lots).where(eq(lots.id, lot.id)))[0]!.onHand).toBe(0);
	});
});
