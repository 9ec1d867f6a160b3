/**
 * Food parcels (issue 14, item 8; docs/reports.md "Parcels", docs/parcels.md "Reports"): per month of the
 * period, the parcels handed over, not collected and absent, the households and people served by parcels,
 * the participation collected, the kg given by origin (FSE+ apart) and the FSE+ quantities per product.
 * Counted, never named: every query groups before answering (no name, reference or id leaves it).
 *
 * - Parcels: `parcels` of the distribution days (`distribution_days.day`) of the period, at the day's site.
 * - Households served = distinct households with a parcel handed over; people = per household the most
 *   persons its parcels were made for (a household served twice with 3 then 4 persons counts 4 people),
 *   added up. Over the period each household once (not the sum of the months).
 * - Kg and value given: the ledger — `distribution` movements with reason `parcel` (the handover) in the
 *   period, at the movement's site, by the lot's origin; products without a weight counted apart.
 * - FSE+ per product: the same movements of FSE+ lots, in the product's unit, kg and value, with the
 *   households whose handed-over parcels held it.
 * - Participation collected = Σ `participation_cents` of the parcels handed over.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { sumRows, unitWord, type Column, type Report, type Row } from '$lib/reports/model';
import { monthShortLabel } from '$lib/reports/period';
import type { Executor } from '../db';
import { originRows, reportFrame, unknownWeightNote } from './common';
import type { ReportContext } from './context';
import { centsColumn, gramsColumn } from './flows';
import type { ReportDef } from './registry';
import { monthsIn, parcelFseReached } from './series';
import { gramsOf, instant, monthOf, movementSiteJoin, num, num0, rowsOf, siteFilter, valueOf, weightUnknown } from './sql';

const monthOfDay = (col: string) => sql.raw(`to_char(date_trunc('month', ${col}::timestamp), 'YYYY-MM-DD')`);

/** Parcels `p` of the period's distribution days `d`, at the chosen site. */
const parcelsOfPeriod = (ctx: ReportContext) =>
	sql`parcels p join distribution_days d on d.organisation_id = p.organisation_id and d.id = p.day_id
	     where p.organisation_id = ${ctx.actor.organisationId} and d.day >= ${ctx.period.from} and d.day <= ${ctx.period.to}
	       ${ctx.siteId ? sql`and d.site_id = ${ctx.siteId}` : sql``}`;

/** Households served by parcels and their people (most persons of their parcels), per month and over the period. */
async function served(ex: Executor, ctx: ReportContext, perMonth: boolean): Promise<Map<string, { households: number; people: number }>> {
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with hp as (
			select ${perMonth ? monthOfDay('d.day') : sql`'all'`} as k, p.household_id, max(p.persons) as persons
			  from ${parcelsOfPeriod(ctx)} and p.status = 'handed_over'
			 group by 1, 2
		)
		select k, count(*)::int as households, coalesce(sum(persons), 0)::int as people from hp group by 1`
	);
	return new Map(rows.map((r) => [String(r.k), { households: num0(r.households), people: num0(r.people) }]));
}

export async function buildParcelsReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const org = ctx.actor.organisationId;
	const counts = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select ${monthOfDay('d.day')} as month,
		           count(distinct d.id)::int as days,
		           count(*) filter (where p.status = 'handed_over')::int as given,
		           count(*) filter (where p.status = 'not_collected')::int as not_collected,
		           count(*) filter (where p.status = 'absent')::int as absent,
		           coalesce(sum(p.participation_cents) filter (where p.status = 'handed_over'), 0) as participation
		      from ${parcelsOfPeriod(ctx)}
		     group by 1`
	);
	const perMonth = await served(ex, ctx, true);
	const overall = (await served(ex, ctx, false)).get('all') ?? { households: 0, people: 0 };
	// The handovers on the ledger: what left the stock in parcels, by month, origin and product.
	const given = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select ${monthOf(sql`m.at`, ctx.zone)} as month, o.name as origin, o.kind::text as origin_kind, o.fse,
		           p.id as product_id, p.name as product, p.unit::text as unit, ${weightUnknown()} as unknown,
		           -sum(m.quantity) as q, -sum(${gramsOf(sql`m.quantity`)}) as grams, -coalesce(sum(${valueOf(sql`m.quantity`)}), 0) as cents
		      from stock_movements m
		      join lots l on l.organisation_id = ${org} and l.id = m.lot_id
		      join products p on p.organisation_id = ${org} and p.id = l.product_id
		      join origins o on o.organisation_id = ${org} and o.id = l.origin_id
		      ${movementSiteJoin()}
		     where m.organisation_id = ${org} and m.kind = 'distribution' and m.reason = 'parcel'
		       and m.at >= ${instant(ctx.from)} and m.at < ${instant(ctx.to)} ${siteFilter(ctx.siteId)}
		     group by 1, 2, 3, 4, 5, 6, 7, 8`
	);
	const reachedSql = (perProduct: boolean) =>
		sql`select x.product_id, count(distinct x.household_id)::int as households
		      from (${parcelFseReached(org, ctx.period.from, ctx.period.to, ctx.siteId, perProduct)}) x group by 1`;
	const reached = await rowsOf<Record<string, unknown>>(ex, reachedSql(true));
	const reachedAll = await rowsOf<Record<string, unknown>>(ex, reachedSql(false));

	const flows = given.map((g) => ({
		month: String(g.month),
		origin: String(g.origin),
		originKind: String(g.origin_kind),
		fse: g.fse === true,
		productId: String(g.product_id),
		product: String(g.product),
		unit: String(g.unit),
		unknown: g.unknown === true,
		q: num0(g.q),
		grams: num(g.grams),
		cents: num0(g.cents)
	}));
	const byMonthCounts = new Map(counts.map((c) => [String(c.month), c]));
	const monthRows = monthsIn(ctx.period).map((month): Row => {
		const c = byMonthCounts.get(month);
		const s = perMonth.get(month);
		const f = flows.filter((x) => x.month === month);
		const sumGrams = (xs: typeof f) => (xs.some((x) => x.grams !== null) ? xs.reduce((a, x) => a + (x.grams ?? 0), 0) : xs.length ? null : 0);
		return {
			month: monthShortLabel(month, ctx.locale),
			days: num0(c?.days),
			given: num0(c?.given),
			notCollected: num0(c?.not_collected),
			absent: num0(c?.absent),
			households: s?.households ?? 0,
			people: s?.people ?? 0,
			grams: sumGrams(f.filter((x) => !x.fse)),
			fseGrams: sumGrams(f.filter((x) => x.fse)),
			participation: num0(c?.participation)
		};
	});
	const monthTotal: Row = {
		...sumRows(monthRows, ['days', 'given', 'notCollected', 'absent', 'grams', 'fseGrams', 'participation']),
		households: overall.households,
		people: overall.people
	};
	const origins = originRows(
		flows.filter((x) => !x.fse),
		['grams', 'cents']
	);
	const fseProducts = new Map<string, Row & { name: string }>();
	const reachedBy = new Map(reached.map((r) => [String(r.product_id), num0(r.households)]));
	for (const f of flows.filter((x) => x.fse)) {
		const row = fseProducts.get(f.productId) ?? {
			name: f.product,
			product: f.product,
			unit: unitWord(f.unit),
			quantity: 0,
			grams: null,
			cents: 0,
			households: reachedBy.get(f.productId) ?? 0
		};
		row.quantity = Number(row.quantity) + f.q;
		if (f.grams !== null) row.grams = Number(row.grams ?? 0) + f.grams;
		row.cents = Number(row.cents) + f.cents;
		fseProducts.set(f.productId, row);
	}
	const fseRows: Row[] = [...fseProducts.values()].sort((a, b) => a.name.localeCompare(b.name)).map(({ name: _name, ...r }) => r);
	const fseTotal = sumRows(fseRows, ['grams', 'cents']);
	const unknown = new Set(flows.filter((x) => x.unknown).map((x) => x.productId)).size;

	const col = {
		given: { key: 'given', label: m.rep_parcels_given(), type: 'count' as const },
		households: { key: 'households', label: m.rep_parcels_households(), type: 'count' as const },
		people: { key: 'people', label: m.rep_parcels_people(), type: 'count' as const }
	};
	const productCol: Column = { key: 'product', label: m.report_fse_product(), type: 'text' };
	return {
		name: 'parcels',
		title: m.rep_parcels_title(),
		description: m.rep_parcels_description(),
		...reportFrame(ctx),
		notes: unknownWeightNote(unknown),
		figures: [
			{ id: 'given', label: m.rep_parcels_given(), type: 'count', value: num0(monthTotal.given) },
			{ id: 'notCollected', label: m.rep_parcels_not_collected(), type: 'count', value: num0(monthTotal.notCollected) },
			{ id: 'households', label: m.rep_parcels_households(), type: 'count', value: overall.households },
			{ id: 'people', label: m.rep_parcels_people(), type: 'count', value: overall.people },
			{ id: 'grams', label: m.rep_parcels_kg(), type: 'grams', value: num(monthTotal.grams) },
			{ id: 'fseGrams', label: m.rep_parcels_fse_kg(), type: 'grams', value: num(monthTotal.fseGrams) },
			{ id: 'participation', label: m.rep_parcels_participation(), type: 'cents', value: num0(monthTotal.participation) }
		],
		charts: [
			{
				id: 'mois',
				title: m.rep_parcels_by_month(),
				kind: 'bar',
				type: 'count',
				labels: monthRows.map((r) => String(r.month)),
				series: [
					{ label: m.rep_parcels_given(), values: monthRows.map((r) => num0(r.given)) },
					{ label: m.rep_parcels_not_collected(), values: monthRows.map((r) => num0(r.notCollected)) }
				]
			}
		],
		tables: [
			{
				id: 'mois',
				title: m.rep_parcels_by_month(),
				columns: [
					{ key: 'month', label: m.report_col_month(), type: 'text' },
					{ key: 'days', label: m.rep_parcels_days(), type: 'count' },
					col.given,
					{ key: 'notCollected', label: m.rep_parcels_not_collected(), type: 'count' },
					{ key: 'absent', label: m.rep_parcels_absent(), type: 'count' },
					col.households,
					col.people,
					{ key: 'grams', label: m.rep_parcels_kg(), type: 'grams' },
					{ key: 'fseGrams', label: m.rep_parcels_fse_kg(), type: 'grams' },
					{ key: 'participation', label: m.rep_parcels_participation(), type: 'cents' }
				],
				rows: monthRows,
				total: monthTotal,
				empty: m.rep_parcels_empty()
			},
			{
				id: 'origines',
				title: m.rep_parcels_by_origin(),
				columns: [
					{ key: 'origin', label: m.report_col_origin(), type: 'text' },
					{ key: 'kind', label: m.report_col_origin_kind(), type: 'text' },
					gramsColumn('grams', m.rep_parcels_given_short()),
					centsColumn('cents', m.rep_parcels_given_short())
				],
				rows: origins,
				total: sumRows(origins, ['grams', 'cents']),
				empty: m.rep_parcels_empty()
			},
			{
				id: 'fse',
				title: m.rep_parcels_fse(),
				columns: [
					productCol,
					{ key: 'unit', label: m.report_fse_unit(), type: 'text', hidden: true },
					{ key: 'quantity', label: m.rep_parcels_quantity(), type: 'quantity', unitKey: 'unit' },
					gramsColumn('grams', m.rep_parcels_given_short()),
					centsColumn('cents', m.rep_parcels_given_short()),
					col.households
				],
				rows: fseRows,
				// Quantities of different units do not add up; households are counted once across products.
				total: { unit: null, quantity: null, ...fseTotal, households: num0(reachedAll[0]?.households) },
				empty: m.rep_parcels_fse_empty()
			}
		]
	};
}

export const parcelsReport: ReportDef = {
	name: 'parcels',
	path: '/rapports/colis',
	audience: 'manager',
	title: () => m.rep_parcels_title(),
	summary:
		'Colis par mois : remis, non retirés, absents ; foyers et personnes servis (sans doublon, jamais nommés) ; kg donnés par origine (FSE+ à part) ; quantités FSE+ par produit ; participation encaissée.',
	run: buildParcelsReport
};
