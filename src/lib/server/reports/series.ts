/**
 * Monthly series shared by the dashboard and the annual report (issue 12): the stock flows and the
 * sales of a run of months, one row per month, following the shared definitions (docs/reports.md):
 *
 * - received = Σ quantity of `reception` movements; distributed = −Σ quantity of `sale`, `distribution`
 *   and `return` (sold = sale + return, given = distribution); lost = `lossRows` (losses.ts) exactly.
 * - visits = sales of the month (`sales.day`, the shop's day); households = distinct `household_id`;
 *   people = Σ over those households of (1 + members); reference given = Σ reference − returns' reference
 *   (returns of the month); participation = Σ paid − returns' refunds; FSE+ = Σ fse − FSE+ lines returned.
 *
 * Households over several months are NOT the sum of the months: `salesTotals` counts them over the range.
 */
import { sql, type SQL } from 'drizzle-orm';
import { startOfDayInZone } from '$lib/format';
import { addDays, monthsOf, periodContaining } from '$lib/reports/period';
import type { Executor } from '../db';
import type { ReportContext } from './context';
import { lossRows } from './losses';
import { gramsOf, instant, monthOf, movementSiteJoin, num0, rowsOf, siteFilter, valueOf } from './sql';

/** A run of days (inclusive, YYYY-MM-DD): usually whole months; a custom period may start or end mid-month. */
export interface DayRange {
	from: string;
	to: string;
}

/** Every month a range touches (first days), oldest first. */
export const monthsIn = (r: DayRange): string[] => monthsOf({ kind: 'custom', from: r.from, to: r.to });

/** The range of whole months from the month of `first` to the month of `last`. */
export const wholeMonths = (first: string, last: string): DayRange => ({ from: periodContaining('month', first).from, to: periodContaining('month', last).to });

export interface FlowMonth extends Record<string, unknown> {
	month: string;
	receivedGrams: number;
	receivedCents: number;
	soldGrams: number;
	soldCents: number;
	givenGrams: number;
	givenCents: number;
	/** sold + given. */
	distributedGrams: number;
	distributedCents: number;
	lostGrams: number;
	lostCents: number;
}

export interface FlowOptions {
	/** Split by origin kind (FSE+ apart: kind `fse`), else one row per month under kind ''. */
	byOrigin?: boolean;
}

export interface FlowRow extends FlowMonth {
	/** The origin's kind, `fse` for FSE+ origins; '' when not split. */
	kind: string;
}

const zeroFlow = (month: string, kind = ''): FlowRow => ({
	month,
	kind,
	receivedGrams: 0,
	receivedCents: 0,
	soldGrams: 0,
	soldCents: 0,
	givenGrams: 0,
	givenCents: 0,
	distributedGrams: 0,
	distributedCents: 0,
	lostGrams: 0,
	lostCents: 0
});

/** Context of a month range for the shared queries (lossRows reads from/to, zone, site, organisation). */
function rangeContext(ctx: ReportContext, r: DayRange): ReportContext {
	return { ...ctx, from: startOfDayInZone(r.from, ctx.zone), to: startOfDayInZone(addDays(r.to, 1), ctx.zone) };
}

/**
 * Stock flows per month of the range (and per origin kind when asked): received, sold, given,
 * distributed and lost, in grams (products without a weight add nothing) and reference value.
 */
export async function flowSeries(ex: Executor, ctx: ReportContext, r: DayRange, opts: FlowOptions = {}): Promise<FlowRow[]> {
	const rc = rangeContext(ctx, r);
	const kindOf = opts.byOrigin ? sql`case when o.fse then 'fse' else o.kind::text end` : sql`''`;
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select ${monthOf(sql`m.at`, ctx.zone)} as month, ${kindOf} as kind, m.kind::text as mkind,
		           coalesce(sum(${gramsOf(sql`m.quantity`)}), 0) as grams, coalesce(sum(${valueOf(sql`m.quantity`)}), 0) as cents
		      from stock_movements m
		      join lots l on l.organisation_id = m.organisation_id and l.id = m.lot_id
		      join products p on p.organisation_id = l.organisation_id and p.id = l.product_id
		      join origins o on o.organisation_id = l.organisation_id and o.id = l.origin_id
		      ${ctx.siteId ? movementSiteJoin() : sql``}
		     where m.organisation_id = ${ctx.actor.organisationId} and m.kind in ('reception', 'sale', 'distribution', 'return')
		       and m.at >= ${instant(rc.from)} and m.at < ${instant(rc.to)} ${siteFilter(ctx.siteId)}
		     group by 1, 2, 3`
	);
	const out = new Map<string, FlowRow>();
	const at = (month: string, kind: string) => {
		const k = `${month}|${kind}`;
		let row = out.get(k);
		if (!row) out.set(k, (row = zeroFlow(month, kind)));
		return row;
	};
	for (const x of rows) {
		const row = at(String(x.month), String(x.kind));
		const g = num0(x.grams);
		const c = num0(x.cents);
		if (x.mkind === 'reception') {
			row.receivedGrams += g;
			row.receivedCents += c;
		} else if (x.mkind === 'distribution') {
			row.givenGrams -= g;
			row.givenCents -= c;
		} else {
			row.soldGrams -= g;
			row.soldCents -= c;
		}
	}
	for (const l of await lossRows(ex, rc)) {
		const row = at(l.month, opts.byOrigin ? (l.fse ? 'fse' : l.originKind) : '');
		row.lostGrams += l.grams ?? 0;
		row.lostCents += l.cents;
	}
	for (const row of out.values()) {
		row.distributedGrams = row.soldGrams + row.givenGrams;
		row.distributedCents = row.soldCents + row.givenCents;
	}
	if (opts.byOrigin) return [...out.values()].sort((a, b) => a.month.localeCompare(b.month) || a.kind.localeCompare(b.kind));
	return monthsIn(r).map((month) => out.get(`${month}|`) ?? zeroFlow(month));
}

export interface SalesMonth {
	month: string;
	visits: number;
	households: number;
	people: number;
	referenceCents: number;
	paidCents: number;
	fseCents: number;
}

/** Joins the site of a sale or return `x` (its till session's device) when a site is chosen. */
const saleSiteJoin = (x: SQL, siteId: string | null): SQL =>
	siteId
		? sql`join till_sessions ts on ts.organisation_id = ${x}.organisation_id and ts.id = ${x}.session_id
		      join devices d on d.id = ts.device_id and d.site_id = ${siteId}`
		: sql``;

/**
 * Sales `s` of the shop days from..to (inclusive). `sales.day` is the shop's day of `sales.at`, so the
 * instant lies within a day of it either side: the bound on `at` lets the (organisation, at) index serve
 * the query (a big database holds years of sales) without changing which sales count.
 */
export const salesOfDays = (org: string, from: string, to: string): SQL =>
	sql`s.organisation_id = ${org} and s.kind = 'epicerie' and s.day >= ${from} and s.day <= ${to}
	    and s.at >= ${instant(new Date(`${addDays(from, -1)}T00:00:00Z`))} and s.at < ${instant(new Date(`${addDays(to, 2)}T00:00:00Z`))}`;

/**
 * `and` the row (a return or a payment, alias `s`, with a `sale_id`) belongs to an épicerie sale: the
 * ressourcerie's public sales (issue 15, `sales.kind = 'public'`) are not the épicerie's figures.
 */
export const ofEpicerieSale = (alias = sql.raw('s')): SQL =>
	sql`and exists (select 1 from sales es where es.organisation_id = ${alias}.organisation_id and es.id = ${alias}.sale_id and es.kind = 'epicerie')`;

/** The first day of the month of a `date` column, as text. */
const monthOfDay = (d: SQL): SQL => sql`to_char(date_trunc('month', ${d}::timestamp), 'YYYY-MM-DD')`;

/**
 * The households served by a parcel (issue 14) on the distribution days from..to (inclusive): `day` and
 * `household_id` of each parcel handed over, at the day's site when one is chosen. The second source of
 * households served beside the sales (docs/reports.md: counted once across the épicerie and the parcels).
 */
export const parcelHouseholdsOfDays = (org: string, from: string, to: string, siteId: string | null): SQL =>
	sql`select d.day, p.household_id
	      from parcels p
	      join distribution_days d on d.organisation_id = p.organisation_id and d.id = p.day_id
	     where p.organisation_id = ${org} and p.status = 'handed_over' and d.day >= ${from} and d.day <= ${to}
	       ${siteId ? sql`and d.site_id = ${siteId}` : sql``}`;

/**
 * The FSE+ goods of the parcels handed over on the days from..to (at the day's site): `product_id` (or
 * null when `perProduct` is false) and `household_id` of each picked line from an FSE+ lot. The FSE+ and
 * parcels reports count the households a product reached through it.
 */
export const parcelFseReached = (org: string, from: string, to: string, siteId: string | null, perProduct: boolean): SQL =>
	sql`select ${perProduct ? sql`pl.product_id` : sql`null::uuid`} as product_id, pc.household_id
	      from parcels pc
	      join distribution_days d on d.organisation_id = pc.organisation_id and d.id = pc.day_id
	      join parcel_lines pl on pl.organisation_id = pc.organisation_id and pl.parcel_id = pc.id and pl.quantity > 0
	      join lots pl_lot on pl_lot.organisation_id = pl.organisation_id and pl_lot.id = pl.parcel_lot_id
	      join origins pl_o on pl_o.organisation_id = pl_lot.organisation_id and pl_o.id = pl_lot.origin_id and pl_o.fse
	     where pc.organisation_id = ${org} and pc.status = 'handed_over' and d.day >= ${from} and d.day <= ${to}
	       ${siteId ? sql`and d.site_id = ${siteId}` : sql``}`;

/**
 * The households served (distinct) per key of the day they were served — a sale (`sales.day`) or a parcel
 * handed over (its distribution day) between two days —, with their people (1 + members). A household
 * served at the till and by a parcel in the same key counts once.
 */
async function householdsBy(
	ex: Executor,
	ctx: ReportContext,
	from: string,
	to: string,
	key: (day: SQL) => SQL
): Promise<Map<string, { households: number; people: number }>> {
	const org = ctx.actor.organisationId;
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with hs as (
			select ${key(sql`s.day`)} as k, s.household_id
			  from sales s ${saleSiteJoin(sql`s`, ctx.siteId)}
			 where ${salesOfDays(org, from, to)}
			union
			select ${key(sql`ph.day`)} as k, ph.household_id
			  from (${parcelHouseholdsOfDays(org, from, to, ctx.siteId)}) ph
		), pm as (
			select hm.household_id, count(*)::int as n from household_members hm
			 where hm.organisation_id = ${org} and hm.household_id in (select household_id from hs)
			 group by 1
		)
		select hs.k, count(*)::int as households, sum(1 + coalesce(pm.n, 0))::int as people
		  from hs left join pm on pm.household_id = hs.household_id
		 group by 1`
	);
	return new Map(rows.map((x) => [String(x.k), { households: num0(x.households), people: num0(x.people) }]));
}

/** Sales figures per month of the range (households and people counted within each month). */
export async function salesSeries(ex: Executor, ctx: ReportContext, r: DayRange): Promise<SalesMonth[]> {
	const org = ctx.actor.organisationId;
	const rc = rangeContext(ctx, r);
	const sales = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select ${monthOfDay(sql`s.day`)} as month, count(*)::int as visits, sum(s.reference_cents) as reference,
		           sum(s.paid_cents) as paid, sum(s.fse_cents) as fse
		      from sales s ${saleSiteJoin(sql`s`, ctx.siteId)}
		     where ${salesOfDays(org, r.from, r.to)}
		     group by 1`
	);
	const returns = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select ${monthOf(sql`s.at`, ctx.zone)} as month, sum(s.reference_cents) as reference, sum(s.refund_cents) as refund,
		           sum((select coalesce(sum(rl.reference_cents), 0) from sale_return_lines rl
		                  join sale_lines sl on sl.organisation_id = rl.organisation_id and sl.id = rl.sale_line_id and sl.fse
		                 where rl.organisation_id = s.organisation_id and rl.return_id = s.id)) as fse
		      from sale_returns s ${saleSiteJoin(sql`s`, ctx.siteId)}
		     where s.organisation_id = ${org} and s.at >= ${instant(rc.from)} and s.at < ${instant(rc.to)} ${ofEpicerieSale()}
		     group by 1`
	);
	const hh = await householdsBy(ex, ctx, r.from, r.to, monthOfDay);
	const byMonth = new Map(sales.map((x) => [String(x.month), x]));
	const retByMonth = new Map(returns.map((x) => [String(x.month), x]));
	return monthsIn(r).map((month) => {
		const s = byMonth.get(month);
		const ret = retByMonth.get(month);
		const h = hh.get(month);
		return {
			month,
			visits: num0(s?.visits),
			households: h?.households ?? 0,
			people: h?.people ?? 0,
			referenceCents: num0(s?.reference) - num0(ret?.reference),
			paidCents: num0(s?.paid) - num0(ret?.refund),
			fseCents: num0(s?.fse) - num0(ret?.fse)
		};
	});
}

/** Households and people served over the whole range, each household once (not the sum of the months). */
export async function servedOver(ex: Executor, ctx: ReportContext, r: DayRange): Promise<{ households: number; people: number }> {
	const all = await householdsBy(ex, ctx, r.from, r.to, () => sql`'all'`);
	return all.get('all') ?? { households: 0, people: 0 };
}
