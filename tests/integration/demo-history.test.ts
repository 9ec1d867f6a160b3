import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { generateHistory } from '$lib/server/demo/history';
import { rowsOf } from '$lib/server/reports/sql';
import { seedDemo } from '$lib/server/seed';
import { linePrice } from '$lib/till/pricing';
import type { ProductUnit } from '$lib/stock/units';
import { useTestDatabase } from '../helpers/db';

// The demo's fixed names need a database of their own.
const t = useTestDatabase();

const q = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => rowsOf<T>(t.db, query);

describe('generateHistory', () => {
	test('writes months of history whose ledger, sales, payments and codes hold together', async () => {
		await seedDemo(t.db, { today: '2026-03-15', historyMonths: 0 });
		const [org] = await q<{ id: string }>(sql`select id from organisations`);
		const organisationId = org!.id;
		const lotsBefore = await q<{ code: string }>(sql`select code from lots order by code`);
		const s = await t.db.transaction((tx) =>
			generateHistory(tx, organisationId, { months: 3, households: 8, visitsPerHouseholdMonth: 2, endDay: '2026-03-14', seed: 7 })
		);
		// Numbers of rows as asked: 8 households, about 2 visits each a month over 3 months, 5-line baskets.
		expect(s.households).toBe(8);
		expect(s.sales).toBeGreaterThan(8 * 3 * 2 * 0.4);
		// 3 months from 15 December: 4 calendar months, each visit drawn in one of them.
		expect(s.sales).toBeLessThanOrEqual(8 * 4 * 2);
		expect(s.lines).toBe(s.sales * 5);
		const [c] = await q<Record<string, string>>(sql`select
			(select count(*) from households where reference like 'HIST-%') as households,
			(select count(*) from sales) as sales, (select count(*) from sale_lines) as lines,
			(select count(*) from stock_movements) as movements, (select count(*) from till_sessions where status = 'closed') as sessions,
			(select count(*) from till_sessions where status = 'open') as open`);
		expect(Number(c!.households)).toBe(8);
		expect(Number(c!.sales)).toBe(s.sales);
		expect(Number(c!.lines)).toBe(s.lines);
		expect(Number(c!.sessions)).toBe(s.sessions);
		expect(Number(c!.open)).toBe(0);
		expect(Number(c!.movements)).toBe(s.movements + lotsBefore.length);

		// Ledger balanced per lot, never below 0 at any movement, history lots empty at the end.
		const unbalanced = await q(
			sql`select l.code from lots l left join stock_movements m on m.lot_id = l.id group by l.id having l.on_hand <> coalesce(sum(m.quantity), 0)`
		);
		expect(unbalanced).toEqual([]);
		const negative = await q(
			sql`select lot_id from (select lot_id, sum(quantity) over (partition by lot_id order by at, id) as bal from stock_movements) x where bal < 0`
		);
		expect(negative).toEqual([]);
		const notEmpty = await q(sql`select code from lots l where l.code > ${lotsBefore.at(-1)!.code} and on_hand <> 0`);
		expect(notEmpty).toEqual([]);
		// The demo's lots keep their codes, history lots come after them, counters bumped.
		expect((await q<{ code: string }>(sql`select code from lots order by code limit ${lotsBefore.length}`)).map((r) => r.code)).toEqual(
			lotsBefore.map((r) => r.code)
		);
		const [lc] = await q<{ last_lot: number; n: string }>(sql`select last_lot, (select count(*) from lots) as n from stock_counters`);
		expect(lc!.last_lot).toBe(Number(lc!.n));
		const dupLots = await q(sql`select code from lots group by organisation_id, code having count(*) > 1`);
		expect(dupLots).toEqual([]);

		// Sales = Σ lines; payments = paid; FSE+ lines at 0; prices as the till's rule computes them.
		const badTotals = await q(sql`select s.number from sales s join sale_lines l on l.sale_id = s.id group by s.id
			having s.reference_cents <> sum(l.reference_cents) or s.paid_cents <> sum(l.paid_cents) or s.fse_cents <> sum(case when l.fse then l.reference_cents else 0 end)`);
		expect(badTotals).toEqual([]);
		const badPaid = await q(
			sql`select s.number from sales s left join sale_payments p on p.sale_id = s.id and p.return_id is null group by s.id having s.paid_cents <> coalesce(sum(p.amount_cents), 0)`
		);
		expect(badPaid).toEqual([]);
		const lines = await q<{
			unit: ProductUnit;
			quantity: number;
			unit_price_cents: number;
			rate_bp: number;
			fse: boolean;
			reference_cents: number;
			paid_cents: number;
			origin_fse: boolean;
		}>(
			sql`select p.unit, l.quantity, l.unit_price_cents, s.rate_bp, l.fse, l.reference_cents, l.paid_cents, o.fse as origin_fse
			from sale_lines l join sales s on s.id = l.sale_id join products p on p.id = l.product_id join lots lt on lt.id = l.lot_id join origins o on o.id = lt.origin_id`
		);
		expect(lines.some((l) => l.fse)).toBe(true);
		for (const l of lines) {
			expect(l.fse).toBe(l.origin_fse);
			expect({ referenceCents: l.reference_cents, paidCents: l.paid_cents }).toEqual(
				linePrice({ unit: l.unit, quantity: l.quantity, unitPriceCents: l.unit_price_cents, rateBp: l.rate_bp, fse: l.fse })
			);
		}
		// Sale movements are the lines' movements; sale numbers and Z numbers unique and counted.
		const badMoves = await q(
			sql`select l.id from sale_lines l join stock_movements m on m.id = l.movement_id where m.kind <> 'sale' or m.quantity <> -l.quantity or m.lot_id <> l.lot_id`
		);
		expect(badMoves).toEqual([]);
		const [tc] = await q<{ last_sale: number; last_z: number; sales: string; zs: string; maxz: number }>(
			sql`select last_sale, last_z, (select count(distinct number) from sales) as sales, (select count(distinct z_number) from till_sessions) as zs, (select max(z_number) from till_sessions) as maxz from till_counters`
		);
		expect(tc!.last_sale).toBe(s.sales);
		expect(Number(tc!.sales)).toBe(s.sales);
		expect(Number(tc!.zs)).toBe(s.sessions);
		expect(tc!.last_z).toBe(tc!.maxz);
		// Days in the organisation's zone: each sale's day is its instant's day in Europe/Paris, in its session's day.
		const badDays = await q(sql`select s.number from sales s join till_sessions ts on ts.id = s.session_id
			where s.day <> (s.at at time zone 'Europe/Paris')::date or s.day <> (ts.opened_at at time zone 'Europe/Paris')::date or s.day > '2026-03-14'`);
		expect(badDays).toEqual([]);
		// Z reports as kept at closing: their sales and paid amounts are the session's.
		const badZ = await q(sql`select ts.z_number from till_sessions ts left join sales s on s.session_id = ts.id group by ts.id
			having (ts.z_report->>'sales')::int <> count(s.id) or (ts.z_report->>'paidCents')::int <> coalesce(sum(s.paid_cents), 0)`);
		expect(badZ).toEqual([]);
		// Budget uses: one a sale that spent budget, less what returns gave back.
		const [bu] = await q<{ uses: string; spent: string }>(sql`select (select coalesce(sum(amount_cents), 0) from right_budget_uses) as uses,
			(select coalesce(sum(budget_cents), 0) from sales) - (select coalesce(sum(budget_restored_cents), 0) from sale_returns) as spent`);
		expect(Number(bu!.uses)).toBe(Number(bu!.spent));
		// Sales happen inside the household's right.
		const outside = await q(
			sql`select s.number from sales s join rights r on r.id = s.right_id where s.day not between r.valid_from and r.valid_to or r.household_id <> s.household_id`
		);
		expect(outside).toEqual([]);
	});

	test('is deterministic for a seed', async () => {
		const sums = await q<{ n: string; paid: string }>(sql`select count(*) as n, sum(paid_cents) as paid from sales`);
		expect(Number(sums[0]!.n)).toBeGreaterThan(0);
		// The same seed again (in a transaction rolled back): the same number of sales.
		const [org] = await q<{ id: string }>(sql`select id from organisations`);
		const again = await t.db
			.transaction(async (tx) => {
				throw new Rollback(
					await generateHistory(tx, org!.id, { months: 3, households: 8, visitsPerHouseholdMonth: 2, endDay: '2026-03-14', seed: 7, referencePrefix: 'BIS-' })
				);
			})
			.catch((e: unknown) => (e instanceof Rollback ? e.value : Promise.reject(e)));
		expect(again.sales).toBe(Number(sums[0]!.n));
	});
});

class Rollback extends Error {
	constructor(readonly value: Awaited<ReturnType<typeof generateHistory>>) {
		super('rollback');
	}
}
