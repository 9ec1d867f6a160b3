import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { lots, stockMovements } from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';
import { recordMovement } from '$lib/server/stock/ledger';
import { adjustToCount, correctMovement, createLot, moveLot, recordLoss } from '$lib/server/stock/lots';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, expectPgError, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeLocation, makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();

async function receive(db: Database, actor: Actor, productId: string, originId: string, quantity: number, locationId: string | null = null) {
	return db.transaction((tx) => createLot(tx, actor, { productId, originId, date: '2030-01-01', dateType: 'ddm', quantity, locationId }));
}

async function balances(db: Database, org: OrgFixture) {
	// Spelled out: drizzle leaves columns unqualified in a one-table select.
	const r = await db.execute<{ id: string; on_hand: number; sum: number }>(
		sql`select l.id, l.on_hand, (select coalesce(sum(m.quantity), 0)::int from stock_movements m where m.lot_id = l.id) as sum from lots l where l.organisation_id = ${org.organisationId}`
	);
	return (Array.isArray(r) ? r : (r as unknown as { rows: { id: string; on_hand: number; sum: number }[] }).rows).map((x) => ({
		id: x.id,
		onHand: Number(x.on_hand),
		sum: Number(x.sum)
	}));
}

describe('stock ledger', () => {
	it('records who, which tablet and when; numbers lots L-000001, L-000002… per organisation', async () => {
		const org = await makeOrg(t.db);
		const p = await makeProduct(t.db, org);
		const o = await makeOrigin(t.db, org);
		const a = await receive(t.db, org.actors.operator, p.id, o.id, 12, org.locationId);
		const b = await receive(t.db, org.actors.operator, p.id, o.id, 3);
		expect([a.code, b.code]).toEqual(['L-000001', 'L-000002']);
		const [mv] = await t.db.select().from(stockMovements).where(eq(stockMovements.lotId, a.id));
		expect(mv).toMatchObject({ quantity: 12, kind: 'reception', userId: org.users.operator.id, toLocationId: org.locationId });
		expect(mv!.at).toBeInstanceOf(Date);
		const other = await makeOrg(t.db);
		const c = await receive(t.db, other.actors.operator, (await makeProduct(t.db, other)).id, (await makeOrigin(t.db, other)).id, 1);
		expect(c.code).toBe('L-000001');
	});

	it('refuses to go below zero with a French message, and changes nothing', async () => {
		const org = await makeOrg(t.db);
		const p = await makeProduct(t.db, org);
		const o = await makeOrigin(t.db, org);
		const lot = await receive(t.db, org.actors.operator, p.id, o.id, 5);
		const err = await expectAppError(recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 6, reason: 'broken' }), 'insufficient_stock', 409);
		expect(err.message).toMatch(/pas assez/);
		await expectAppError(recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 0, reason: 'broken' }), 'quantity_invalid', 400);
		await expectAppError(recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 1, reason: 'lost' as never }), 'reason_invalid', 400);
		const [row] = await t.db.select().from(lots).where(eq(lots.id, lot.id));
		expect(row!.onHand).toBe(5);
		expect(await t.db.select().from(stockMovements).where(eq(stockMovements.lotId, lot.id))).toHaveLength(1);
		// The database refuses a negative balance even if a bug skipped the service.
		await expectPgError(t.db.update(lots).set({ onHand: -1 }).where(eq(lots.id, lot.id)), '23514');
	});

	it('keeps the cold chain: a chilled lot never goes to an ambient location', async () => {
		const org = await makeOrg(t.db);
		const yaourt = await makeProduct(t.db, org, { zone: 'chilled', dateType: 'dlc' });
		const o = await makeOrigin(t.db, org);
		const fridge = await makeLocation(t.db, org, 'chilled');
		const lot = await receive(t.db, org.actors.operator, yaourt.id, o.id, 10);
		await expectAppError(moveLot(t.db, org.actors.operator, { lotId: lot.id, locationId: org.locationId }), 'zone_mismatch', 409);
		await moveLot(t.db, org.actors.operator, { lotId: lot.id, locationId: fridge.id });
		const [row] = await t.db.select().from(lots).where(eq(lots.id, lot.id));
		expect(row!.locationId).toBe(fridge.id);
		await expectAppError(
			t.db.transaction((tx) =>
				createLot(tx, org.actors.operator, {
					productId: yaourt.id,
					originId: o.id,
					date: '2030-01-01',
					dateType: 'dlc',
					quantity: 1,
					locationId: org.locationId
				})
			),
			'zone_mismatch'
		);
	});

	it('splits a lot when part of it moves, both on the ledger', async () => {
		const org = await makeOrg(t.db);
		const p = await makeProduct(t.db, org);
		const o = await makeOrigin(t.db, org);
		const shelf = await makeLocation(t.db, org, 'ambient');
		const lot = await receive(t.db, org.actors.operator, p.id, o.id, 20, org.locationId);
		const part = await moveLot(t.db, org.actors.operator, { lotId: lot.id, locationId: shelf.id, quantity: 8 });
		expect(part.split).toBe(true);
		const [parent] = await t.db.select().from(lots).where(eq(lots.id, lot.id));
		const [child] = await t.db.select().from(lots).where(eq(lots.id, part.lotId));
		expect([parent!.onHand, parent!.locationId]).toEqual([12, org.locationId]);
		expect([child!.onHand, child!.locationId, child!.parentLotId, child!.date]).toEqual([8, shelf.id, lot.id, '2030-01-01']);
		expect((await auditRows(t.db, org.organisationId, 'stock.split')).length).toBe(1);
	});

	it('reverses a mistake by a correcting movement, once, and only by a supervisor', async () => {
		const org = await makeOrg(t.db);
		const p = await makeProduct(t.db, org);
		const o = await makeOrigin(t.db, org);
		const lot = await receive(t.db, org.actors.operator, p.id, o.id, 10);
		const loss = await recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 4, reason: 'broken' });
		await expectAppError(correctMovement(t.db, org.actors.operator, loss.movementId, 'erreur de saisie'), 'forbidden', 403);
		const fix = await correctMovement(t.db, org.actors.supervisor, loss.movementId, 'erreur de saisie');
		await expectAppError(correctMovement(t.db, org.actors.supervisor, loss.movementId, 'encore'), 'already_corrected', 409);
		await expectAppError(correctMovement(t.db, org.actors.supervisor, fix.movementId, 'encore'), 'correction_of_correction', 409);
		const other = await makeOrg(t.db);
		await expectAppError(correctMovement(t.db, other.actors.supervisor, loss.movementId, 'autre'), 'movement_not_found', 404);
		const [row] = await t.db.select().from(lots).where(eq(lots.id, lot.id));
		expect(row!.onHand).toBe(10);
		const mvs = await t.db.select().from(stockMovements).where(eq(stockMovements.lotId, lot.id)).orderBy(stockMovements.id);
		expect(mvs.map((x) => [x.kind, x.quantity, x.correctionOf])).toEqual([
			['reception', 10, null],
			['loss', -4, null],
			['correction', 4, loss.movementId]
		]);
	});

	it('refuses, in the database itself, to edit or delete a movement; the balance stays the sum', async () => {
		const org = await makeOrg(t.db);
		const p = await makeProduct(t.db, org);
		const o = await makeOrigin(t.db, org);
		const lot = await receive(t.db, org.actors.operator, p.id, o.id, 10);
		const loss = await recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 3, reason: 'broken' });
		// What a bug or a script that skips the services would do: the trigger refuses it (23001).
		const refused = async (op: 'UPDATE' | 'DELETE', promise: Promise<unknown>) =>
			expect(await expectPgError(promise, '23001')).toMatch(new RegExp(`stock_movements is append-only: ${op} refused`));
		await refused('UPDATE', t.db.update(stockMovements).set({ quantity: -1 }).where(eq(stockMovements.id, loss.movementId)));
		await refused('UPDATE', t.db.execute(sql`update stock_movements set note = 'oups' where lot_id = ${lot.id}`));
		await refused('DELETE', t.db.delete(stockMovements).where(eq(stockMovements.id, loss.movementId)));
		await refused('DELETE', t.db.execute(sql`delete from stock_movements where lot_id = ${lot.id}`));
		// Even with the balance changed to match, in one transaction: the whole transaction rolls back.
		await refused(
			'DELETE',
			t.db.transaction(async (tx) => {
				await tx.update(lots).set({ onHand: 10 }).where(eq(lots.id, lot.id));
				await tx.delete(stockMovements).where(eq(stockMovements.id, loss.movementId));
			})
		);
		expect(await balances(t.db, org)).toEqual([{ id: lot.id, onHand: 7, sum: 7 }]);
		const mvs = await t.db.select().from(stockMovements).where(eq(stockMovements.lotId, lot.id)).orderBy(stockMovements.id);
		expect(mvs.map((x) => [x.kind, x.quantity, x.note])).toEqual([
			['reception', 10, null],
			['loss', -3, null]
		]);
		// The services still append (a correction is a new movement).
		await correctMovement(t.db, org.actors.supervisor, loss.movementId, 'erreur de saisie');
		expect(await balances(t.db, org)).toEqual([{ id: lot.id, onHand: 10, sum: 10 }]);
		// TRUNCATE is a table command that row triggers do not see: it stays possible (restores, test
		// databases). Shown in a transaction rolled back, so the other tests keep their movements; CASCADE
		// because sale lines point at their movements.
		const rollback = new Error('rollback');
		await expect(
			t.db.transaction(async (tx) => {
				await tx.execute(sql`truncate stock_movements cascade`);
				expect(await tx.select({ id: stockMovements.id }).from(stockMovements)).toEqual([]);
				throw rollback;
			})
		).rejects.toBe(rollback);
		expect(await t.db.select().from(stockMovements).where(eq(stockMovements.lotId, lot.id))).toHaveLength(3);
	});

	it('never lets another organisation touch a lot', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const lot = await receive(t.db, org.actors.operator, (await makeProduct(t.db, org)).id, (await makeOrigin(t.db, org)).id, 3);
		await expectAppError(recordLoss(t.db, other.actors.operator, { lotId: lot.id, quantity: 1, reason: 'broken' }), 'lot_not_found', 404);
		await expectAppError(moveLot(t.db, org.actors.operator, { lotId: lot.id, locationId: other.locationId }), 'location_not_found', 404);
		await expectAppError(recordLoss(t.db, org.actors.social_worker, { lotId: lot.id, quantity: 1, reason: 'broken' }), 'forbidden', 403);
	});

	it('keeps every balance equal to the sum of its movements, never below zero, for any sequence', async () => {
		const org = await makeOrg(t.db);
		const p = await makeProduct(t.db, org);
		const o = await makeOrigin(t.db, org);
		const shelf = await makeLocation(t.db, org, 'ambient');
		const places = [org.locationId, shelf.id];
		const op = fc.oneof(
			fc.record({ op: fc.constant('receive' as const), qty: fc.integer({ min: 1, max: 30 }) }),
			fc.record({ op: fc.constant('move' as const), lot: fc.nat(), place: fc.nat(1), qty: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }) }),
			fc.record({ op: fc.constant('count' as const), lot: fc.nat(), qty: fc.integer({ min: 0, max: 40 }) }),
			fc.record({ op: fc.constant('loss' as const), lot: fc.nat(), qty: fc.integer({ min: 1, max: 30 }) }),
			fc.record({ op: fc.constant('correct' as const), mv: fc.nat() })
		);
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 16 }), async (ops) => {
				const ids: string[] = [];
				const mine = await t.db.select({ id: lots.id }).from(lots).where(eq(lots.organisationId, org.organisationId));
				ids.push(...mine.map((l) => l.id));
				for (const x of ops) {
					try {
						if (x.op === 'receive') ids.push((await receive(t.db, org.actors.operator, p.id, o.id, x.qty)).id);
						else if (ids.length === 0) continue;
						else if (x.op === 'move') {
							const r = await moveLot(t.db, org.actors.operator, { lotId: ids[x.lot % ids.length]!, locationId: places[x.place]!, quantity: x.qty });
							if (r.split) ids.push(r.lotId);
						} else if (x.op === 'count') await t.db.transaction((tx) => adjustToCount(tx, org.actors.supervisor, ids[x.lot % ids.length]!, x.qty));
						else if (x.op === 'loss') await recordLoss(t.db, org.actors.operator, { lotId: ids[x.lot % ids.length]!, quantity: x.qty, reason: 'spoiled' });
						else {
							const mvs = await t.db.select({ id: stockMovements.id }).from(stockMovements).where(eq(stockMovements.organisationId, org.organisationId));
							if (mvs.length) await correctMovement(t.db, org.actors.supervisor, mvs[x.mv % mvs.length]!.id, 'test');
						}
					} catch (e) {
						// Refusals are expected (not enough stock, already corrected, empty lot…) and must be clean.
						expect(e).toBeInstanceOf(AppError);
					}
				}
				for (const b of await balances(t.db, org)) {
					expect(b.onHand).toBe(b.sum);
					expect(b.onHand).toBeGreaterThanOrEqual(0);
				}
			}),
			{ numRuns: 20 }
		);
	});

	it('lets two tablets race on one lot without negative stock or a lost movement', async () => {
		const org = await makeOrg(t.db);
		const lot = await receive(t.db, org.actors.operator, (await makeProduct(t.db, org)).id, (await makeOrigin(t.db, org)).id, 5);
		const tries = Array.from({ length: 10 }, () =>
			recordLoss(t.db, org.actors.operator, { lotId: lot.id, quantity: 1, reason: 'broken' }).then(
				() => 'ok',
				(e: unknown) => (e instanceof AppError ? e.code : 'crash')
			)
		);
		const results = await Promise.all(tries);
		expect(results.filter((r) => r === 'ok')).toHaveLength(5);
		expect(results.filter((r) => r === 'insufficient_stock')).toHaveLength(5);
		const [row] = await t.db.select().from(lots).where(eq(lots.id, lot.id));
		const mvs = await t.db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.lotId, lot.id), eq(stockMovements.kind, 'loss')));
		expect(row!.onHand).toBe(0);
		expect(mvs).toHaveLength(5);
	});

	it('serialises a decrement behind another transaction holding the lot (row lock)', async () => {
		const org = await makeOrg(t.db);
		const actor = org.actors.operator;
		const lot = await receive(t.db, actor, (await makeProduct(t.db, org)).id, (await makeOrigin(t.db, org)).id, 3);
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		let firstLocked!: () => void;
		const locked = new Promise<void>((r) => (firstLocked = r));
		const first = t.db.transaction(async (tx) => {
			await recordMovement(tx, actor, { lotId: lot.id, quantity: -2, kind: 'loss', reason: 'broken' });
			firstLocked();
			await held;
		});
		await locked;
		const second = recordLoss(t.db, actor, { lotId: lot.id, quantity: 2, reason: 'broken' }).then(
			() => 'ok',
			(e: unknown) => (e instanceof AppError ? e.code : String(e))
		);
		// On PostgreSQL the second waits for the lock; let it try, then let the first commit.
		await new Promise((r) => setTimeout(r, 100));
		release();
		await first;
		expect(await second).toBe('insufficient_stock');
		const [row] = await t.db.select().from(lots).where(eq(lots.id, lot.id));
		expect(row!.onHand).toBe(1);
	});

	it('never lets a recalled lot or a passed DLC leave to a household or a customer', async () => {
		const org = await makeOrg(t.db);
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org, { dateType: 'dlc' });
		const op = org.actors.operator;
		const past = await t.db.transaction((tx) => createLot(tx, op, { productId: p.id, originId: o.id, date: '2020-01-01', dateType: 'dlc', quantity: 5 }));
		const fine = await t.db.transaction((tx) => createLot(tx, op, { productId: p.id, originId: o.id, date: '2099-01-01', dateType: 'dlc', quantity: 5 }));
		await expectAppError(
			t.db.transaction((tx) => recordMovement(tx, op, { lotId: past.id, quantity: -1, kind: 'sale' })),
			'dlc_past',
			409
		);
		await t.db.transaction((tx) => recordMovement(tx, op, { lotId: fine.id, quantity: -1, kind: 'distribution' }));
		await t.db.update(lots).set({ blocked: true }).where(eq(lots.id, fine.id));
		await expectAppError(
			t.db.transaction((tx) => recordMovement(tx, op, { lotId: fine.id, quantity: -1, kind: 'sale' })),
			'lot_blocked',
			409
		);
		// Taking it out as a loss is still possible.
		await recordLoss(t.db, op, { lotId: fine.id, quantity: 4, reason: 'recall' });
		await recordLoss(t.db, op, { lotId: past.id, quantity: 5, reason: 'dlc_passed' });
	});
});
