/**
 * Stock at the end of a day (issue 12): what the lots held then, rebuilt from the ledger — a lot's
 * `on_hand` now less its movements at or after the instant (the start of the next day in the
 * organisation's zone). Value at the current reference price and kg (sql.ts), by category, origin
 * (FSE+ marked), site, location (lots without a location apart), and the ageing of the lots held:
 * days from the lot's first reception movement (else its creation) to that day.
 *
 * A lot's location then is where its last movement before the instant put it (`to_location_id`), else
 * its location now. The site is that location's site; lots without a location count only under
 * "all sites".
 */
import { sql } from 'drizzle-orm';
import { startOfDayInZone } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { formatValue } from '$lib/reports/format';
import { sumRows, type Report, type Row } from '$lib/reports/model';
import { addDays } from '$lib/reports/period';
import { isIsoDate } from '$lib/stock/dates';
import type { Executor } from '../db';
import { AppError } from '../errors';
import { groupSum, originRows, unknownWeightNote } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { gramsOf, instant, movedSince, num, num0, rowsOf, valueOf, weightUnknown } from './sql';

/** Age bands of a lot, in days since it was received: [lowest day, message]. */
export const AGE_BANDS = [
	[0, () => m.report_stock_age_0()],
	[31, () => m.report_stock_age_31()],
	[91, () => m.report_stock_age_91()],
	[181, () => m.report_stock_age_181()]
] as const;

/** The band (index in AGE_BANDS) of a lot `days` old. */
export const ageBand = (days: number): number => (days >= 181 ? 3 : days >= 91 ? 2 : days >= 31 ? 1 : 0);

/** The `at` parameter: a day not after today (default today); 400 in French otherwise. */
export function stockDay(ctx: ReportContext): string {
	const at = ctx.params.get('at') || ctx.today;
	if (!isIsoDate(at) || at > ctx.today) throw new AppError('invalid_parameter', m.report_stock_bad_day(), 400, 'at');
	return at;
}

interface StockRow extends Record<string, unknown> {
	category: string | null;
	origin: string;
	originKind: string;
	fse: boolean;
	site: string | null;
	location: string | null;
	band: number;
	lots: number;
	grams: number | null;
	cents: number;
}

/** The lots held at the end of `day`, grouped finely (the report adds them up each way), and the products without weight among them. */
export async function stockRows(ex: Executor, ctx: ReportContext, day: string): Promise<{ rows: StockRow[]; unknown: number }> {
	const org = ctx.actor.organisationId;
	const end = startOfDayInZone(addDays(day, 1), ctx.zone);
	const site = ctx.siteId ? sql` and loc.site_id = ${ctx.siteId}` : sql``;
	// `held` is materialised: the planner cannot tell how few lots hold stock at the instant, and would
	// otherwise look up the place of every lot the organisation ever had before dropping the empty ones.
	const raw = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with after as (${movedSince(org, end)}), held as materialized (
			select l.id, l.organisation_id, l.product_id, l.origin_id, l.location_id, l.created_at, (l.on_hand - coalesce(a.q, 0))::bigint as q
			  from lots l left join after a on a.lot_id = l.id
			 where l.organisation_id = ${org} and l.on_hand - coalesce(a.q, 0) <> 0
		), placed as (
			select h.*,
			       coalesce((select mv.to_location_id from stock_movements mv
			                  where mv.organisation_id = h.organisation_id and mv.lot_id = h.id and mv.at < ${instant(end)} and mv.to_location_id is not null
			                  order by mv.at desc, mv.id desc limit 1), h.location_id) as loc_id,
			       coalesce((select min(mv.at) from stock_movements mv
			                  where mv.organisation_id = h.organisation_id and mv.lot_id = h.id and mv.kind = 'reception'), h.created_at) as received
			  from held h
		)
		select cat.name as category, o.name as origin, o.kind::text as origin_kind, o.fse,
		       s.name as site, loc.name as location,
		       (${day}::date - (h.received at time zone ${ctx.zone})::date) as age,
		       count(*)::int as lots,
		       sum(${gramsOf(sql`h.q`)}) as grams,
		       coalesce(sum(${valueOf(sql`h.q`)}), 0) as cents,
		       array_agg(distinct p.id::text) filter (where ${weightUnknown()}) as unknown
		  from placed h
		  join products p on p.organisation_id = h.organisation_id and p.id = h.product_id
		  left join categories cat on cat.organisation_id = p.organisation_id and cat.id = p.category_id
		  join origins o on o.organisation_id = h.organisation_id and o.id = h.origin_id
		  left join locations loc on loc.organisation_id = h.organisation_id and loc.id = h.loc_id
		  left join sites s on s.organisation_id = loc.organisation_id and s.id = loc.site_id
		 where true ${site}
		 group by 1, 2, 3, 4, 5, 6, 7`
	);
	const unknown = new Set<string>();
	const rows = raw.map((r): StockRow => {
		for (const id of (r.unknown as string[] | null) ?? []) unknown.add(id);
		return {
			category: (r.category as string | null) ?? null,
			origin: String(r.origin),
			originKind: String(r.origin_kind),
			fse: r.fse === true,
			site: (r.site as string | null) ?? null,
			location: (r.location as string | null) ?? null,
			band: ageBand(num0(r.age)),
			lots: num0(r.lots),
			grams: num(r.grams),
			cents: num0(r.cents)
		};
	});
	return { rows, unknown: unknown.size };
}

const SUMS = ['lots', 'grams', 'cents'] as const;
const byValue = (a: Row, b: Row) => num0(b.cents) - num0(a.cents);

export async function buildStockReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const day = stockDay(ctx);
	const { rows, unknown } = await stockRows(ex, ctx, day);
	const total = sumRows(rows as unknown as Row[], SUMS);
	const by = (key: (r: StockRow) => string) => groupSum(rows, key, SUMS);
	const none = m.report_stock_no_location();

	const categories = [...by((r) => r.category ?? '')].map(([c, s]): Row => ({ category: c || m.report_no_category(), ...s })).sort(byValue);
	const origins = originRows(rows, SUMS);
	const sitesRows = [...by((r) => r.site ?? '')].map(([site, s]): Row => ({ site: site || none, ...s })).sort(byValue);
	// Lots without a location come last, apart.
	const locations = [...by((r) => JSON.stringify([r.site ?? '', r.location ?? '']))]
		.map(([k, s]): Row => {
			const [site, location] = JSON.parse(k) as [string, string];
			return { location: location || none, site: site || none, ...s, _none: location ? 0 : 1 };
		})
		.sort((a, b) => num0(a._none) - num0(b._none) || byValue(a, b))
		.map(({ _none, ...r }) => (void _none, r));
	const bandTotals = by((r) => String(r.band));
	const ages = AGE_BANDS.map(([, label], i): Row => ({ age: label(), ...(bandTotals.get(String(i)) ?? { lots: 0, grams: null, cents: 0 }) }));

	const cols = {
		lots: { key: 'lots', label: m.report_stock_col_lots(), type: 'count' as const },
		grams: { key: 'grams', label: m.report_col_weight(), type: 'grams' as const },
		cents: { key: 'cents', label: m.report_col_value(), type: 'cents' as const }
	};
	const nums = [cols.lots, cols.grams, cols.cents];
	const empty = m.report_stock_empty();
	const label = m.report_at_day({ day: formatValue('day', day) });
	return {
		name: 'stock',
		title: m.report_stock_title(),
		description: m.report_stock_description(),
		period: { kind: 'custom', from: day, to: day },
		periodLabel: label,
		siteId: ctx.siteId,
		generatedAt: ctx.now.toISOString(),
		notes: unknownWeightNote(unknown),
		figures: [
			{ id: 'cents', label: m.report_stock_value(), type: 'cents', value: num0(total.cents) },
			{ id: 'grams', label: m.report_stock_kg(), type: 'grams', value: num(total.grams) },
			{ id: 'lots', label: m.report_stock_lots(), type: 'count', value: num0(total.lots) },
			{ id: 'unknownWeight', label: m.report_unknown_weight_fix(), type: 'count', value: unknown, href: '/catalogue?poids=inconnu' }
		],
		charts: [
			{
				id: 'categories',
				title: m.report_stock_value_by_category(),
				kind: 'bar',
				type: 'cents',
				horizontal: true,
				labels: categories.map((r) => String(r.category)),
				series: [{ label: m.report_col_value(), values: categories.map((r) => num0(r.cents)) }]
			},
			{
				id: 'ages',
				title: m.report_stock_by_age(),
				kind: 'bar',
				type: 'grams',
				labels: ages.map((r) => String(r.age)),
				series: [{ label: m.report_col_weight(), values: ages.map((r) => num(r.grams)) }]
			}
		],
		tables: [
			{
				id: 'categories',
				title: m.report_by_category(),
				columns: [{ key: 'category', label: m.report_col_category(), type: 'text' }, ...nums],
				rows: categories,
				total,
				empty
			},
			{
				id: 'origines',
				title: m.report_by_origin(),
				columns: [{ key: 'origin', label: m.report_col_origin(), type: 'text' }, { key: 'kind', label: m.report_col_origin_kind(), type: 'text' }, ...nums],
				rows: origins,
				total,
				empty
			},
			{
				id: 'sites',
				title: m.report_stock_by_site(),
				columns: [{ key: 'site', label: m.report_stock_col_site(), type: 'text' }, ...nums],
				rows: sitesRows,
				total,
				empty
			},
			{
				id: 'emplacements',
				title: m.report_stock_by_location(),
				columns: [
					{ key: 'location', label: m.report_stock_col_location(), type: 'text' },
					{ key: 'site', label: m.report_stock_col_site(), type: 'text' },
					...nums
				],
				rows: locations,
				total,
				empty
			},
			{
				id: 'age',
				title: m.report_stock_by_age(),
				columns: [{ key: 'age', label: m.report_stock_col_age(), type: 'text' }, ...nums],
				rows: ages,
				total,
				empty
			}
		]
	};
}

export const stockReport: ReportDef = {
	name: 'stock',
	path: '/rapports/stock',
	audience: 'stock',
	title: () => m.report_stock_title(),
	summary:
		'Stock à la fin d’un jour (refait à partir des mouvements) : valeur au prix de référence et kg par catégorie, origine, site et emplacement ; âge des lots.',
	params: [
		{
			name: 'at',
			description: 'Le jour (AAAA-MM-JJ, pas après aujourd’hui) : le stock à la fin de ce jour. Par défaut aujourd’hui.',
			schema: { type: 'string', format: 'date' }
		}
	],
	run: buildStockReport
};
