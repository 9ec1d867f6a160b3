import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { seedReuseSales, reuseSaleDays } from '$lib/server/demo/reuseSales';
import { organisations, tillSessions, users } from '$lib/server/db/schema';
import { REPORTS, runReport } from '$lib/server/reports/registry';
import { reuseLines } from '$lib/server/reports/reuse';
import { rowsOf } from '$lib/server/reports/sql';
import { seedDemo } from '$lib/server/seed';
import { computeTotals } from '$lib/server/till/sessions';
import { demoActorOf } from '$lib/server/demo/actor';
import { useTestDatabase } from '../helpers/db';

// The demo uses fixed names (admin, sophie…), so it gets a database of its own.
const t = useTestDatabase();
const TODAY = '2026-03-15';

describe('the demo public sales (seedReuseSales)', () => {
	test('eight past ressourcerie days with closed sessions, consistent sales, items and Z reports; the épicerie’s reports untouched', async () => {
		await seedDemo(t.db, { today: TODAY, historyMonths: 1 });
		const [org] = await t.db.select().from(organisations);
		const organisationId = org!.id;
		const q = <T extends Record<string, unknown>>(s: ReturnType<typeof sql>) => rowsOf<T>(t.db, s);

		// Public sales in closed sessions of the revoked ressourcerie tablet at the ressourcerie site, on Wednesdays and Saturdays, never today.
		const sessions = await q<{ id: string; day: string; status: string; revoked: boolean; site: string; dow: number; sales: number; float_cents: number }>(sql`
			select ts.id, (ts.opened_at at time zone 'Europe/Paris')::date::text as day, ts.status::text as status, d.revoked_at is not null as revoked,
				si.name as site, extract(isodow from (ts.opened_at at time zone 'Europe/Paris'))::int as dow, ts.float_cents,
				(select count(*) from sales s where s.session_id = ts.id)::int as sales
			from till_sessions ts join devices d on d.id = ts.device_id join sites si on si.id = d.site_id
			where d.name = 'Tablette ressourcerie (historique)' order by ts.opened_at`);
		expect(sessions).toHaveLength(8);
		expect(sessions.map((s) => s.day)).toEqual(reuseSaleDays(TODAY));
		for (const s of sessions) {
			expect(s).toMatchObject({ status: 'closed', revoked: true, site: 'Ressourcerie La Deuxième Vie' });
			expect([3, 6]).toContain(s.dow);
			expect(s.day < TODAY && s.day >= '2026-01-15').toBe(true);
			expect(s.sales).toBeGreaterThanOrEqual(3);
			expect(s.sales).toBeLessThanOrEqual(8);
		}
		const [kinds] = await q<{ public: number; wrong: number; today: number }>(sql`
			select count(*) filter (where s.kind = 'public')::int as public,
				count(*) filter (where s.kind = 'public' and (s.household_id is not null or d.name <> 'Tablette ressourcerie (historique)' or s.day <> (s.at at time zone 'Europe/Paris')::date))::int as wrong,
				count(*) filter (where s.kind = 'public' and s.day >= ${TODAY})::int as today
			from sales s join till_sessions ts on ts.id = s.session_id join devices d on d.id = ts.device_id`);
		expect(kinds!.public).toBe(sessions.reduce((n, s) => n + s.sales, 0));
		expect(kinds!.wrong).toBe(0);
		expect(kinds!.today).toBe(0);

		// Each sale's totals are its lines' and its payments'; lines paid = reference − discount, with a reason when discounted.
		const badTotals = await q(sql`
			select s.number from sales s
			where s.kind = 'public' and (
				s.reference_cents <> (select sum(l.reference_cents) from sale_lines l where l.sale_id = s.id)
				or s.paid_cents <> (select sum(l.paid_cents) from sale_lines l where l.sale_id = s.id)
				or s.paid_cents <> (select coalesce(sum(p.amount_cents), 0) from sale_payments p where p.sale_id = s.id)
				or exists (select 1 from sale_lines l where l.sale_id = s.id and (l.paid_cents <> l.reference_cents - l.discount_cents
					or l.reference_cents <> l.unit_price_cents * l.quantity or (l.discount_cents > 0) <> (l.discount_reason is not null) or l.weight_grams <= 0))
				or exists (select 1 from sale_payments p where p.sale_id = s.id and p.method = 'cash' and p.change_cents <> p.tendered_cents - p.amount_cents))`);
		expect(badTotals).toEqual([]);
		const [mix] = await q<{ items: number; quick: number; discounts: number; cash: number; card: number }>(sql`
			select count(*) filter (where l.item_id is not null)::int as items, count(*) filter (where l.item_id is null)::int as quick,
				count(*) filter (where l.discount_cents > 0)::int as discounts,
				(select count(*) from sale_payments p join sales s2 on s2.id = p.sale_id where s2.kind = 'public' and p.method = 'cash')::int as cash,
				(select count(*) from sale_payments p join sales s2 on s2.id = p.sale_id where s2.kind = 'public' and p.method = 'card')::int as card
			from sale_lines l join sales s on s.id = l.sale_id where s.kind = 'public'`);
		expect(mix!.items).toBeGreaterThan(0);
		expect(mix!.items).toBeLessThanOrEqual(6);
		expect(mix!.quick).toBeGreaterThan(0);
		expect(mix!.discounts).toBeGreaterThan(0);
		expect(mix!.cash).toBeGreaterThan(0);
		expect(mix!.card).toBeGreaterThan(0);

		// Items sold: made before the sale's day, one piece a line; on_hand = quantity − sold (− given) = their ledger; the books' batch never emptied.
		const badItems = await q(sql`
			select i.code from reuse_items i where i.organisation_id = ${organisationId} and (
				i.on_hand <> (select sum(m.quantity) from reuse_item_movements m where m.item_id = i.id)
				or i.on_hand <> i.quantity + (select coalesce(sum(m.quantity), 0) from reuse_item_movements m where m.item_id = i.id and m.kind in ('sale', 'exit')))`);
		expect(badItems).toEqual([]);
		const badSold = await q(sql`
			select i.code from sale_lines l join sales s on s.id = l.sale_id join reuse_items i on i.id = l.item_id
			left join reuse_item_movements m on m.sale_line_id = l.id
			where l.quantity <> 1 or i.created_at >= s.at or m.id is null or m.kind <> 'sale' or m.quantity <> -1 or m.at <> s.at or l.weight_grams <> i.unit_weight_grams`);
		expect(badSold).toEqual([]);
		const [stock] = await q<{ in_stock: number; books: number }>(sql`
			select count(*) filter (where on_hand > 0)::int as in_stock, max(on_hand) filter (where description like 'Romans%')::int as books from reuse_items`);
		expect(stock!.in_stock).toBeGreaterThanOrEqual(14);
		expect(stock!.books).toBeGreaterThan(0);

		// Z reports: what computeTotals says of each session, counted = expected; Z and sale numbers from the counters.
		for (const s of sessions) {
			const [row] = await t.db.select().from(tillSessions).where(eq(tillSessions.id, s.id));
			const expected = await computeTotals(t.db, organisationId, row!);
			expect(row!.zReport).toEqual(await computeTotals(t.db, organisationId, row!, expected.expected));
			expect(row!.zReport).toMatchObject({ sales: 0, publicSales: s.sales, difference: { cash: 0, card: 0, cheque: 0 } });
		}
		const [tc] = await q<{ last_sale: number; last_z: number; sales: number; maxz: number; numbers: number }>(sql`
			select last_sale, last_z, (select count(*) from sales)::int as sales, (select count(distinct number) from sales)::int as numbers,
				(select max(z_number) from till_sessions)::int as maxz from till_counters`);
		expect(tc!.last_sale).toBe(tc!.sales);
		expect(tc!.numbers).toBe(tc!.sales);
		expect(tc!.last_z).toBe(tc!.maxz);

		// Work events: opening, each sale (reuse.sale) and closing, by the person at the till.
		const [we] = await q<{ sales: number; opens: number; closes: number }>(sql`
			with ss as (select ts.id, ts.opened_by from till_sessions ts join devices d on d.id = ts.device_id where d.name = 'Tablette ressourcerie (historique)')
			select count(*) filter (where w.type = 'reuse.sale' and exists (select 1 from sales s join ss on ss.id = s.session_id where s.id::text = w.entity_id and s.user_id = w.user_id))::int as sales,
				count(*) filter (where w.type = 'till.open' and exists (select 1 from ss where ss.id::text = w.entity_id and ss.opened_by = w.user_id))::int as opens,
				count(*) filter (where w.type = 'till.close' and exists (select 1 from ss where ss.id::text = w.entity_id))::int as closes
			from work_events w`);
		expect(we).toEqual({ sales: kinds!.public, opens: 8, closes: 8 });

		// The ressourcerie's tonnage report: kilograms sold over the last months.
		const lines = await reuseLines(t.db, organisationId, 'Europe/Paris', {
			from: new Date('2025-12-01T00:00:00Z'),
			to: new Date('2026-03-16T00:00:00Z'),
			fromDay: '2025-12-01',
			toDay: TODAY,
			siteId: null
		});
		expect(lines.filter((l) => l.what === 'sold').reduce((g, l) => g + l.grams, 0)).toBeGreaterThan(0);

		// The épicerie's reports read the same with more public sales (seeded again, on the same days).
		const [sophie] = await t.db.select().from(users).where(eq(users.username, 'sophie'));
		const manager = await t.db.transaction((tx) => demoActorOf(tx, organisationId, sophie!.id));
		const now = new Date(`${TODAY}T12:00:00Z`);
		const params = [
			{ period: 'month', from: '2026-02-15' },
			{ period: 'year', from: TODAY }
		];
		const all = async () => {
			const out: Record<string, unknown> = {};
			for (const def of REPORTS.filter((r) => r.audience !== 'reuse' && r.name !== 'workshop'))
				for (const p of params) out[`${def.name}:${p.period}`] = await runReport(t.db, manager, def.name, new URLSearchParams(p), { now });
			return out;
		};
		const before = await all();
		expect(JSON.stringify(before['sales:month'])).toContain('"paidCents"');
		const ids = new Map((await t.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
		expect(await t.db.transaction((tx) => seedReuseSales(tx, organisationId, ids, TODAY))).toBeGreaterThan(0);
		expect(await all()).toEqual(before);
	}, 300_000);
});
