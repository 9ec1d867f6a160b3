import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { auditLog, lots, rightBudgetUses, saleLines, salePayments, sales, stockMovements, tillCounters } from '$lib/server/db/schema';
import { settled, valueOf } from '$lib/server/db/pipeline';
import { checkMovements, lockLots, recordMovements, reserveMovementIds } from '$lib/server/stock/ledger';
import { completeSale } from '$lib/server/till/sales';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, type OrgFixture } from '../helpers/fixtures';
import { makeBeneficiary, makeLot, makeShop, newKey } from '../helpers/till';

/**
 * How a sale is written (see completeSale and db/pipeline.ts): statements sent together in the
 * transaction, the commit right behind them. These tests hold it to its promises: everything or
 * nothing, balances equal to the movements, no oversell and gapless numbers under concurrency.
 */
const t = useTestDatabase();

const onHand = async (lotId: string) => (await t.db.select({ n: lots.onHand }).from(lots).where(eq(lots.id, lotId)))[0]!.n;
const movementSum = async (lotId: string) =>
	(
		await t.db
			.select({ n: sql<number>`coalesce(sum(${stockMovements.quantity}), 0)::int` })
			.from(stockMovements)
			.where(eq(stockMovements.lotId, lotId))
	)[0]!.n;
async function footprint(org: OrgFixture) {
	const n = async (table: typeof sales | typeof saleLines | typeof salePayments | typeof stockMovements | typeof rightBudgetUses | typeof auditLog) =>
		(
			await t.db
				.select({ n: sql<number>`count(*)::int` })
				.from(table)
				.where(eq(table.organisationId, org.organisationId))
		)[0]!.n;
	const [counter] = await t.db.select({ n: tillCounters.lastSale }).from(tillCounters).where(eq(tillCounters.organisationId, org.organisationId));
	return {
		sales: await n(sales),
		lines: await n(saleLines),
		payments: await n(salePayments),
		movements: await n(stockMovements),
		budget: await n(rightBudgetUses),
		audit: await n(auditLog),
		counter: counter?.n ?? 0
	};
}

describe('pipelined statements', () => {
	test('statements started before the transaction callback returns run inside it, in order, before the commit', async () => {
		const s = await makeShop(t.db);
		const ids = await t.db.transaction(async (tx) => {
			const first = tx.execute(sql`select txid_current()::text as x, statement_timestamp()::text as at`).execute();
			const reserved = reserveMovementIds(tx, 3);
			const last = tx.execute(sql`select txid_current()::text as x, statement_timestamp()::text as at`).execute();
			const all = Promise.all([settled(first), settled(reserved), settled(last)]);
			return { all };
		});
		const [first, reserved, last] = await ids.all;
		const rows = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? r) as { x: string; at: string }[];
		// Same transaction; the last one ran after the first.
		expect(rows(valueOf(last!))[0]!.x).toBe(rows(valueOf(first!))[0]!.x);
		expect(rows(valueOf(last!))[0]!.at >= rows(valueOf(first!))[0]!.at).toBe(true);
		const r = valueOf(reserved!) as number[];
		expect(r).toHaveLength(3);
		expect(r[1]! - r[0]!).toBe(1);
		void s;
	});
});

describe('recordMovements: several movements with recordMovement’s guarantees', () => {
	test('checks everything before sending anything; the balance stays the sum of the movements', async () => {
		const s = await makeShop(t.db);
		const a = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 5);
		const b = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 3);
		const past = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 3, { date: '2020-01-01', dateType: 'dlc' });
		const before = await footprint(s.org);
		// 3 + 3 of lot a is more than its 5: refused, nothing written (the same lot twice counts once).
		await expectAppError(
			t.db.transaction(async (tx) => {
				const locked = await lockLots(tx, s.operator, [a.id, b.id]);
				const ids = await reserveMovementIds(tx, 3);
				await recordMovements(
					tx,
					s.operator,
					[
						{ id: ids[0]!, lotId: a.id, quantity: -3, kind: 'sale' },
						{ id: ids[1]!, lotId: b.id, quantity: -1, kind: 'sale' },
						{ id: ids[2]!, lotId: a.id, quantity: -3, kind: 'sale' }
					],
					locked
				);
			}),
			'insufficient_stock',
			409
		);
		await expectAppError(
			t.db.transaction(async (tx) => {
				const locked = await lockLots(tx, s.operator, [past.id]);
				checkMovements(s.operator, [{ id: 1, lotId: past.id, quantity: -1, kind: 'sale' }], locked);
			}),
			'dlc_past',
			409
		);
		// A lot not locked by the caller (or of another organisation) is not found.
		await expectAppError(
			t.db.transaction(async (_tx) => void checkMovements(s.operator, [{ id: 1, lotId: a.id, quantity: -1, kind: 'sale' }], new Map())),
			'lot_not_found',
			404
		);
		expect(await footprint(s.org)).toEqual(before);

		await t.db.transaction(async (tx) => {
			const locked = await lockLots(tx, s.operator, [a.id, b.id]);
			const ids = await reserveMovementIds(tx, 3);
			const r = await recordMovements(
				tx,
				s.operator,
				[
					{ id: ids[0]!, lotId: a.id, quantity: -2, kind: 'sale', note: 'test' },
					{ id: ids[1]!, lotId: b.id, quantity: -3, kind: 'sale' },
					{ id: ids[2]!, lotId: a.id, quantity: -3, kind: 'sale' }
				],
				locked
			);
			expect(r.onHand).toEqual(
				new Map([
					[a.id, 0],
					[b.id, 0]
				])
			);
		});
		for (const lot of [a, b]) expect(await onHand(lot.id)).toBe(await movementSum(lot.id));
		expect(await onHand(a.id)).toBe(0);
		const rows = await t.db
			.select()
			.from(stockMovements)
			.where(and(eq(stockMovements.lotId, a.id), eq(stockMovements.kind, 'sale')));
		expect(rows.map((r) => [r.quantity, r.userId, r.deviceId])).toEqual([
			[-2, s.operator.userId, s.device.id],
			[-3, s.operator.userId, s.device.id]
		]);
	});
});

describe('completing sales: all or nothing, under concurrency', () => {
	test('a write that fails in the database (after the stock was written) leaves nothing, not even a sale number', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 50);
		// Fault injection in the database, for this organisation only: its audit rows of sales are refused.
		const fn = `till_fail_${s.org.organisationId.replace(/-/g, '')}`;
		await t.db.execute(
			sql.raw(
				`create function ${fn}() returns trigger language plpgsql as $$ begin if new.organisation_id = '${s.org.organisationId}' and new.action = 'till.sale' then raise exception 'panne simulée'; end if; return new; end $$`
			)
		);
		await t.db.execute(sql.raw(`create trigger ${fn} before insert on audit_log for each row execute function ${fn}()`));
		const before = await footprint(s.org);
		const input = {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [
				{ lot: lot.id, quantity: 2 },
				{ lot: lot.code, quantity: 1 }
			],
			payments: [{ method: 'cash' as const, amountCents: 150 }]
		};
		const failed = await completeSale(t.db, s.operator, s.point, input).then(
			() => null,
			(e: unknown) => e
		);
		expect(String((failed as Error & { cause?: Error })?.cause?.message ?? failed)).toMatch(/panne simulée/);
		expect(await footprint(s.org)).toEqual(before);
		expect(await onHand(lot.id)).toBe(50);
		await t.db.execute(sql.raw(`drop trigger ${fn} on audit_log`));
		// The same key now records the sale, with the first number.
		const r = await completeSale(t.db, s.operator, s.point, input);
		expect(r).toMatchObject({ number: 'V-000001', replayed: false, paidCents: 150 });
		expect(await onHand(lot.id)).toBe(47);
		expect(await movementSum(lot.id)).toBe(47);
	});

	test('the movements and the audit row name the sale number', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const r = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [
				{ lot: lot.id, quantity: 1 },
				{ lot: lot.id, quantity: 2 }
			],
			payments: [{ method: 'card', amountCents: 150 }]
		});
		const moves = await t.db
			.select({ note: stockMovements.note, id: stockMovements.id })
			.from(stockMovements)
			.where(and(eq(stockMovements.lotId, lot.id), eq(stockMovements.kind, 'sale')));
		expect(moves.map((m) => m.note)).toEqual([r.number, r.number]);
		const lines = await t.db
			.select({ movementId: saleLines.movementId, quantity: saleLines.quantity })
			.from(saleLines)
			.where(eq(saleLines.saleId, r.id))
			.orderBy(saleLines.lineNo);
		const byId = new Map((await t.db.select().from(stockMovements).where(eq(stockMovements.lotId, lot.id))).map((m) => [m.id, m.quantity]));
		expect(lines.map((l) => byId.get(l.movementId!))).toEqual([-1, -2]);
		const [a] = await t.db
			.select({ details: auditLog.details, entityId: auditLog.entityId })
			.from(auditLog)
			.where(and(eq(auditLog.organisationId, s.org.organisationId), eq(auditLog.action, 'till.sale')));
		expect(a).toEqual({ entityId: r.id, details: { number: r.number, lines: 2, paidCents: 150, overrideId: null } });
	});

	test('two tills selling the last units of a lot at once: one sale, the other told there are not enough left', async () => {
		const s = await makeShop(t.db);
		const other = await makeBeneficiary(t.db, s.org);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 3);
		const sell = (customer: string) =>
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer,
				lines: [{ lot: lot.id, quantity: 2 }],
				payments: [{ method: 'cash', amountCents: 100 }]
			});
		const [a, b] = await Promise.allSettled([sell(s.household.card), sell(other.card)]);
		const ok = [a, b].filter((x) => x.status === 'fulfilled');
		const refused = [a, b].filter((x): x is PromiseRejectedResult => x.status === 'rejected');
		expect(ok).toHaveLength(1);
		expect(refused).toHaveLength(1);
		expect(refused[0]!.reason).toMatchObject({ code: 'insufficient_stock', status: 409 });
		expect((refused[0]!.reason as Error).message).toMatch(/il n'en reste que 1/);
		expect(await onHand(lot.id)).toBe(1);
		expect(await movementSum(lot.id)).toBe(1);
		expect((await footprint(s.org)).sales).toBe(1);
	});

	test('many sales at once on the same lots: each recorded once, numbers without gaps, balances equal to the movements', async () => {
		const s = await makeShop(t.db);
		const lotsMade = await Promise.all([1, 2, 3].map(() => makeLot(t.db, s.operator, s.product.id, s.origin.id, 100)));
		const people = [s.household, ...(await Promise.all([1, 2, 3].map(() => makeBeneficiary(t.db, s.org))))];
		const inputs = Array.from({ length: 12 }, (_, i) => ({
			idempotencyKey: newKey(),
			customer: people[i % people.length]!.card,
			lines: [
				{ lot: lotsMade[i % 3]!.id, quantity: 1 },
				{ lot: lotsMade[(i + 1) % 3]!.code, quantity: 1 }
			],
			payments: [{ method: 'cash' as const, amountCents: 100 }]
		}));
		// Each sent twice at once, as a till retrying a request whose answer was lost.
		const results = await Promise.all([...inputs, ...inputs].map((input) => completeSale(t.db, s.operator, s.point, input)));
		expect(new Set(results.map((r) => r.id)).size).toBe(12);
		expect(results.filter((r) => !r.replayed)).toHaveLength(12);
		const numbers = (await t.db.select({ number: sales.number }).from(sales).where(eq(sales.organisationId, s.org.organisationId))).map((r) => r.number).sort();
		expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => 'V-' + String(i + 1).padStart(6, '0')));
		for (const lot of lotsMade) {
			expect(await onHand(lot.id)).toBe(100 - 8);
			expect(await movementSum(lot.id)).toBe(100 - 8);
		}
		expect(await footprint(s.org)).toMatchObject({ sales: 12, lines: 24, payments: 12, budget: 12, counter: 12 });
	});
});
