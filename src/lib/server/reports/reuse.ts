/**
 * The ressourcerie's tonnage report (issue 15, item 7; docs/ressourcerie.md "Reports", docs/reports.md):
 * over the period (and site), what came in and went out by flux and channel, the reuse, recycling and
 * waste rates, the same month by month (in the organisation's zone), the items in stock at the period's
 * end by age, and the takings of the public sales by category. Every sum and rate: $lib/reuse/rates.ts.
 *
 * - In: the intake lines' net weights at their own instant (`reuse_intake_lines.at`); a cancellation is
 *   a line with a negative net, counted when it was made. Site: the intake's.
 * - Out by channel: the exit lines' nets (`reuse_exit_lines.at`), by the exit's channel. Site: the exit's.
 * - Sold: the public sales' lines' `weight_grams` (`sales.kind = 'public'`, by the sale's shop day), less
 *   what was returned in the period: each returned line `quantity` × the line's weight per piece
 *   (`weight_grams ÷ quantity`, rounded to the gram). Flux: the line's ressourcerie category. Site: the
 *   till's tablet's (a till opened through the API counts only under "all sites"), as the épicerie's sales.
 * - Stock: items held at the end of the period (or now, for a period not over): `on_hand` less their
 *   movements since; age from the day the item was made, in calendar months.
 * - Takings by category: public sale lines of the period (lines, pieces, kg, reference, discounts, paid),
 *   refunds of the period's returns, net = paid − refunds.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { dayInZone } from '$lib/format';
import { sumRows, type Column, type Report, type Row } from '$lib/reports/model';
import { dayLabel, monthShortLabel } from '$lib/reports/period';
import { fluxLabel, REUSE_FLUXES } from '$lib/reuse/flux';
import {
	AGE_BANDS,
	ageBand,
	givenGrams,
	outGrams,
	rateBp,
	REUSE_OUTS,
	reusedGrams,
	reuseRates,
	sumTonnage,
	tonnageBy,
	type AgeBand,
	type ReuseOut,
	type Tonnage,
	type TonnageLine
} from '$lib/reuse/rates';
import type { Executor } from '../db';
import { reportFrame } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { monthsIn } from './series';
import { dayOf, instant, monthOf, num0, rowsOf, saleSiteJoin, siteFilter } from './sql';

/** What one weighed line of the ledger adds, grouped by month, flux, category and way. */
export interface ReuseLine {
	month: string;
	flux: string;
	categoryId: string | null;
	what: keyof Tonnage;
	grams: number;
}

/** The bounds of a tonnage query: instants [from, to) and the shop days [fromDay, toDay] (sales). */
export interface ReuseRange {
	from: Date;
	to: Date;
	fromDay: string;
	toDay: string;
	siteId: string | null;
}

const monthOfDay = (col: string) => sql.raw(`to_char(date_trunc('month', ${col}::timestamp), 'YYYY-MM-DD')`);

/**
 * Every gram in and out of the period, grouped by month (organisation's zone), flux, category and way
 * (intake, sold, or an exit's channel). The one query behind the tonnage report and the declaration.
 */
export async function reuseLines(ex: Executor, org: string, zone: string, r: ReuseRange): Promise<ReuseLine[]> {
	const period = (col: string) => sql`${sql.raw(col)} >= ${instant(r.from)} and ${sql.raw(col)} < ${instant(r.to)}`;
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select ${monthOf(sql`l.at`, zone)} as month, l.flux::text as flux, l.category_id, 'intake' as what, sum(l.net_grams) as grams
		      from reuse_intake_lines l
		      join reuse_intakes i on i.organisation_id = ${org} and i.id = l.intake_id
		     where l.organisation_id = ${org} and ${period('l.at')} ${siteFilter(r.siteId, sql.raw('i'))}
		     group by 1, 2, 3
		    union all
		    select ${monthOf(sql`l.at`, zone)}, l.flux::text, coalesce(l.category_id, it.category_id), x.channel::text, sum(l.net_grams)
		      from reuse_exit_lines l
		      join reuse_exits x on x.organisation_id = ${org} and x.id = l.exit_id
		      left join reuse_items it on it.organisation_id = ${org} and it.id = l.item_id
		     where l.organisation_id = ${org} and ${period('l.at')} ${siteFilter(r.siteId, sql.raw('x'))}
		     group by 1, 2, 3, 4
		    union all
		    select ${monthOfDay('s.day')}, c.flux::text, c.id, 'sold', sum(sl.weight_grams)
		      from sales s
		      join sale_lines sl on sl.organisation_id = ${org} and sl.sale_id = s.id
		      join reuse_categories c on c.organisation_id = ${org} and c.id = sl.reuse_category_id
		      ${saleSiteJoin(sql.raw('s'))}
		     where s.organisation_id = ${org} and s.kind = 'public' and s.day >= ${r.fromDay} and s.day <= ${r.toDay} ${siteFilter(r.siteId, sql.raw('sd'))}
		     group by 1, 2, 3
		    union all
		    select ${monthOf(sql`rt.at`, zone)}, c.flux::text, c.id, 'sold', -sum(round(sl.weight_grams::numeric * rl.quantity / sl.quantity))
		      from sale_returns rt
		      join sale_return_lines rl on rl.organisation_id = ${org} and rl.return_id = rt.id
		      join sale_lines sl on sl.organisation_id = ${org} and sl.id = rl.sale_line_id
		      join sales s on s.organisation_id = ${org} and s.id = sl.sale_id
		      join reuse_categories c on c.organisation_id = ${org} and c.id = sl.reuse_category_id
		      ${saleSiteJoin(sql.raw('rt'))}
		     where rt.organisation_id = ${org} and s.kind = 'public' and ${period('rt.at')} ${siteFilter(r.siteId, sql.raw('sd'))}
		     group by 1, 2, 3`
	);
	return rows.map((x) => ({
		month: String(x.month),
		flux: String(x.flux),
		categoryId: x.category_id === null || x.category_id === undefined ? null : String(x.category_id),
		what: String(x.what) as keyof Tonnage,
		grams: num0(x.grams)
	}));
}

/** The range of a report's period. */
export const rangeOf = (ctx: ReportContext): ReuseRange => ({ from: ctx.from, to: ctx.to, fromDay: ctx.period.from, toDay: ctx.period.to, siteId: ctx.siteId });

/** Fluxes in the order of $lib/reuse/flux (unknown ones last). */
export const fluxRank = (f: string): number => {
	const i = (REUSE_FLUXES as readonly string[]).indexOf(f);
	return i < 0 ? REUSE_FLUXES.length : i;
};

/** « Vendu », « Donné »… (the ways out, in the order of REUSE_OUTS). */
export const outLabel = (w: ReuseOut): string =>
	({ sold: m.rr_out_sold, don: m.rr_out_don, partenaire: m.rr_out_partenaire, recyclage: m.rr_out_recyclage, dechet: m.rr_out_dechet })[w]();

const AGE_LABEL: Record<AgeBand, () => string> = { lt1: m.rr_age_lt1, m1to3: m.rr_age_1to3, m3to6: m.rr_age_3to6, gt6: m.rr_age_gt6 };

/** A tonnage as a table row: in, each way out, reused, and the rates. */
export function tonnageRow(t: Tonnage): Row {
	const r = reuseRates(t);
	return {
		intake: t.intake,
		sold: t.sold,
		don: t.don,
		partenaire: t.partenaire,
		recyclage: t.recyclage,
		dechet: t.dechet,
		out: outGrams(t),
		reused: reusedGrams(t),
		reuseRate: r.reuseBp,
		recyclingRate: r.recyclingBp,
		wasteRate: r.wasteBp
	};
}

const grams = (key: string, label: string): Column => ({ key, label, type: 'grams' });
const bp = (key: string, label: string): Column => ({ key, label, type: 'bp' });

/** The columns of a tonnage row (after the row's own first column). */
function tonnageColumns(): Column[] {
	return [
		grams('intake', m.rr_col_intake()),
		...REUSE_OUTS.map((w) => grams(w, outLabel(w))),
		grams('out', m.rr_col_out()),
		bp('reuseRate', m.rr_reuse_rate()),
		bp('recyclingRate', m.rr_recycling_rate()),
		bp('wasteRate', m.rr_waste_rate())
	];
}

interface StockBand {
	items: number;
	pieces: number;
	grams: number;
	cents: number;
}

/** Items held at instant `at` (not after now), by age band on the day `atDay`. */
async function stockByAge(ex: Executor, ctx: ReportContext, at: Date, atDay: string): Promise<Map<AgeBand, StockBand>> {
	const org = ctx.actor.organisationId;
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with moved as materialized (
			select item_id, sum(quantity) as q from reuse_item_movements where organisation_id = ${org} and at >= ${instant(at)} group by item_id
		), held as (
			select i.created_at, i.on_hand - coalesce(mv.q, 0) as held, i.unit_weight_grams, i.price_cents
			  from reuse_items i left join moved mv on mv.item_id = i.id
			 where i.organisation_id = ${org} and i.created_at < ${instant(at)} ${siteFilter(ctx.siteId, sql.raw('i'))}
		)
		select ${dayOf(sql`created_at`, ctx.zone)} as made, count(*)::int as items, sum(held) as pieces,
		       sum(held * unit_weight_grams) as grams, sum(held * price_cents) as cents
		  from held where held > 0 group by 1`
	);
	const out = new Map<AgeBand, StockBand>(AGE_BANDS.map((b) => [b, { items: 0, pieces: 0, grams: 0, cents: 0 }]));
	for (const r of rows) {
		const b = out.get(ageBand(String(r.made), atDay))!;
		b.items += num0(r.items);
		b.pieces += num0(r.pieces);
		b.grams += num0(r.grams);
		b.cents += num0(r.cents);
	}
	return out;
}

/** Public sales' takings by ressourcerie category: the period's lines, and the refunds of its returns. */
async function takingsByCategory(ex: Executor, ctx: ReportContext): Promise<Row[]> {
	const org = ctx.actor.organisationId;
	const sold = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select c.id, c.name, c.flux::text as flux, count(*)::int as lines, sum(sl.quantity) as pieces, sum(sl.weight_grams) as grams,
		           sum(sl.reference_cents) as reference, sum(sl.discount_cents) as discounts, sum(sl.paid_cents) as paid
		      from sales s
		      join sale_lines sl on sl.organisation_id = ${org} and sl.sale_id = s.id
		      join reuse_categories c on c.organisation_id = ${org} and c.id = sl.reuse_category_id
		      ${saleSiteJoin(sql.raw('s'))}
		     where s.organisation_id = ${org} and s.kind = 'public' and s.day >= ${ctx.period.from} and s.day <= ${ctx.period.to} ${siteFilter(ctx.siteId, sql.raw('sd'))}
		     group by 1, 2, 3`
	);
	const refunded = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select c.id, c.name, c.flux::text as flux, sum(rl.quantity) as returned, sum(rl.refund_cents) as refunds
		      from sale_returns rt
		      join sale_return_lines rl on rl.organisation_id = ${org} and rl.return_id = rt.id
		      join sale_lines sl on sl.organisation_id = ${org} and sl.id = rl.sale_line_id
		      join sales s on s.organisation_id = ${org} and s.id = sl.sale_id
		      join reuse_categories c on c.organisation_id = ${org} and c.id = sl.reuse_category_id
		      ${saleSiteJoin(sql.raw('rt'))}
		     where rt.organisation_id = ${org} and s.kind = 'public' and rt.at >= ${instant(ctx.from)} and rt.at < ${instant(ctx.to)} ${siteFilter(ctx.siteId, sql.raw('sd'))}
		     group by 1, 2, 3`
	);
	const byId = new Map<string, Row & { rank: number }>();
	const rowOf = (x: Record<string, unknown>) => {
		let r = byId.get(String(x.id));
		if (!r) {
			r = {
				rank: fluxRank(String(x.flux)),
				category: String(x.name),
				flux: fluxLabel(String(x.flux)),
				lines: 0,
				pieces: 0,
				returned: 0,
				grams: 0,
				reference: 0,
				discounts: 0,
				paid: 0,
				refunds: 0,
				net: 0
			};
			byId.set(String(x.id), r);
		}
		return r;
	};
	for (const x of sold) {
		const r = rowOf(x);
		for (const k of ['lines', 'pieces', 'grams', 'reference', 'discounts', 'paid'] as const) r[k] = num0(x[k]);
	}
	for (const x of refunded) {
		const r = rowOf(x);
		r.returned = num0(x.returned);
		r.refunds = num0(x.refunds);
	}
	for (const r of byId.values()) r.net = Number(r.paid) - Number(r.refunds);
	return [...byId.values()].sort((a, b) => a.rank - b.rank || String(a.category).localeCompare(String(b.category))).map(({ rank: _rank, ...r }): Row => r);
}

export async function buildReuseReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const lines = await reuseLines(ex, ctx.actor.organisationId, ctx.zone, rangeOf(ctx));
	const line = (key: (l: ReuseLine) => string) => lines.map((l): TonnageLine => ({ key: key(l), what: l.what, grams: l.grams }));
	const byFlux = tonnageBy(line((l) => l.flux));
	const months = monthsIn(ctx.period);
	const byMonth = tonnageBy(
		line((l) => l.month),
		months
	);
	const total = sumTonnage(byFlux.values());
	const rates = reuseRates(total);

	const fluxRows = [...byFlux.entries()].sort(([a], [b]) => fluxRank(a) - fluxRank(b)).map(([f, t]): Row => ({ flux: fluxLabel(f), ...tonnageRow(t) }));
	const monthRows = months.map((mo): Row => ({ month: monthShortLabel(mo, ctx.locale), ...tonnageRow(byMonth.get(mo)!) }));
	const channelRows = REUSE_OUTS.map((w): Row => ({ channel: outLabel(w), grams: total[w], share: rateBp(total[w], outGrams(total)) }));

	// The stock at the period's end, or now while the period runs.
	const stockAt = ctx.to < ctx.now ? ctx.to : ctx.now;
	const stockDay = ctx.to < ctx.now ? ctx.period.to : dayInZone(ctx.now, ctx.zone);
	const stock = await stockByAge(ex, ctx, stockAt, stockDay);
	const stockRows = AGE_BANDS.map((b): Row => ({ band: AGE_LABEL[b](), ...stock.get(b)! }));
	const stockTotal = sumRows(stockRows, ['items', 'pieces', 'grams', 'cents']);
	const takings = await takingsByCategory(ex, ctx);
	const takingsTotal = sumRows(takings, ['lines', 'pieces', 'returned', 'grams', 'reference', 'discounts', 'paid', 'refunds', 'net']);
	const hasTonnage = lines.length > 0;

	return {
		name: 'reuse',
		title: m.rr_title(),
		description: m.rr_description(),
		...reportFrame(ctx),
		notes: [],
		figures: [
			{ id: 'intake', label: m.rr_col_intake(), type: 'grams', value: total.intake },
			{ id: 'sold', label: m.rr_out_sold(), type: 'grams', value: total.sold },
			{ id: 'given', label: m.rr_given(), type: 'grams', value: givenGrams(total) },
			{ id: 'recyclage', label: m.rr_out_recyclage(), type: 'grams', value: total.recyclage },
			{ id: 'dechet', label: m.rr_out_dechet(), type: 'grams', value: total.dechet },
			{ id: 'reuseRate', label: m.rr_reuse_rate(), type: 'bp', value: rates.reuseBp },
			{ id: 'recyclingRate', label: m.rr_recycling_rate(), type: 'bp', value: rates.recyclingBp },
			{ id: 'wasteRate', label: m.rr_waste_rate(), type: 'bp', value: rates.wasteBp },
			{ id: 'stockPieces', label: m.rr_stock_pieces(), type: 'count', value: num0(stockTotal.pieces) },
			{ id: 'stockValue', label: m.rr_stock_value(), type: 'cents', value: num0(stockTotal.cents) },
			{ id: 'takings', label: m.rr_takings_net(), type: 'cents', value: num0(takingsTotal.net) }
		],
		charts: hasTonnage
			? [
					{
						id: 'mois',
						title: m.rr_by_month(),
						kind: 'bar',
						type: 'grams',
						labels: monthRows.map((r) => String(r.month)),
						series: [
							{ label: m.rr_col_intake(), values: months.map((mo) => byMonth.get(mo)!.intake) },
							{ label: m.rr_col_reused(), values: months.map((mo) => reusedGrams(byMonth.get(mo)!)) },
							{ label: m.rr_out_recyclage(), values: months.map((mo) => byMonth.get(mo)!.recyclage) },
							{ label: m.rr_out_dechet(), values: months.map((mo) => byMonth.get(mo)!.dechet) }
						]
					},
					{
						id: 'flux',
						title: m.rr_by_flux(),
						kind: 'bar',
						type: 'grams',
						horizontal: true,
						labels: fluxRows.map((r) => String(r.flux)),
						series: [
							{ label: m.rr_col_intake(), values: fluxRows.map((r) => num0(r.intake)) },
							{ label: m.rr_col_reused(), values: fluxRows.map((r) => num0(r.reused)) }
						]
					},
					{
						id: 'canaux',
						title: m.rr_by_channel(),
						kind: 'doughnut',
						type: 'grams',
						labels: channelRows.map((r) => String(r.channel)),
						series: [{ label: m.rr_col_out(), values: channelRows.map((r) => Math.max(0, num0(r.grams))) }]
					}
				]
			: [],
		tables: [
			{
				id: 'flux',
				title: m.rr_by_flux(),
				columns: [{ key: 'flux', label: m.rr_col_flux(), type: 'text' }, ...tonnageColumns()],
				rows: hasTonnage ? fluxRows : [],
				total: tonnageRow(total),
				empty: m.rr_empty()
			},
			{
				id: 'canaux',
				title: m.rr_by_channel(),
				columns: [{ key: 'channel', label: m.rr_col_channel(), type: 'text' }, grams('grams', m.rr_col_weight()), bp('share', m.rr_col_share())],
				rows: hasTonnage ? channelRows : [],
				total: { grams: outGrams(total), share: outGrams(total) > 0 ? 10_000 : null },
				empty: m.rr_empty()
			},
			{
				id: 'mois',
				title: m.rr_by_month(),
				columns: [{ key: 'month', label: m.report_col_month(), type: 'text' }, ...tonnageColumns()],
				rows: hasTonnage ? monthRows : [],
				total: tonnageRow(total),
				empty: m.rr_empty()
			},
			{
				id: 'stock',
				title: m.rr_stock_title({ day: dayLabel(stockDay) }),
				columns: [
					{ key: 'band', label: m.rr_col_age(), type: 'text' },
					{ key: 'items', label: m.rr_col_items(), type: 'count' },
					{ key: 'pieces', label: m.rr_col_pieces(), type: 'count' },
					grams('grams', m.rr_col_weight()),
					{ key: 'cents', label: m.rr_col_value(), type: 'cents' }
				],
				rows: num0(stockTotal.items) > 0 ? stockRows : [],
				total: stockTotal,
				empty: m.rr_stock_empty()
			},
			{
				id: 'recettes',
				title: m.rr_takings_title(),
				columns: [
					{ key: 'category', label: m.rr_col_category(), type: 'text' },
					{ key: 'flux', label: m.rr_col_flux(), type: 'text' },
					{ key: 'lines', label: m.rr_col_lines(), type: 'count' },
					{ key: 'pieces', label: m.rr_col_pieces(), type: 'count' },
					{ key: 'returned', label: m.rr_col_returned(), type: 'count' },
					grams('grams', m.rr_col_sold_weight()),
					{ key: 'reference', label: m.rr_col_reference(), type: 'cents' },
					{ key: 'discounts', label: m.rr_col_discounts(), type: 'cents' },
					{ key: 'paid', label: m.rr_col_paid(), type: 'cents' },
					{ key: 'refunds', label: m.rr_col_refunds(), type: 'cents' },
					{ key: 'net', label: m.rr_takings_net(), type: 'cents' }
				],
				rows: takings,
				total: { flux: null, ...takingsTotal },
				empty: m.rr_takings_empty()
			}
		]
	};
}

export const reuseReport: ReportDef = {
	name: 'reuse',
	path: '/rapports/ressourcerie',
	audience: 'reuse',
	title: () => m.rr_title(),
	summary:
		'Ressourcerie : tonnage entré par flux (pesées des arrivages, annulations déduites), sorti par flux et par canal (vendu = poids des lignes de vente au public moins les retours ; donné ; partenaire ; recyclé ; déchet), taux de réemploi ((vendu + donné + partenaire) ÷ entrées), de recyclage et de déchet, par mois ; objets en stock par âge ; recettes des ventes au public par catégorie.',
	run: buildReuseReport
};
