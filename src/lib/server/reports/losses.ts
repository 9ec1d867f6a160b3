/**
 * Losses (issue 12): what left the stock as a loss over the period — by reason, category, origin and
 * month — in units, kg and value at reference price, and the loss rate against the kg received.
 *
 * From the ledger only: movements `loss` (negative quantities) in the period, less the corrections of
 * such losses ("Annuler ce mouvement", kind `correction` naming a loss) made in the period. A returned
 * article thrown away (reason `return`) is a loss too. Site: where the movement happened (sql.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { sumRows, type Report, type Row } from '$lib/reports/model';
import { lossReasonLabel } from '$lib/stock/labels';
import type { Executor } from '../db';
import { groupSum, originRows, rateBp, reportFrame, unknownWeightNote } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { gramsOf, inPeriod, monthOf, movementSiteJoin, num, num0, rowsOf, siteFilter, valueOf, weightUnknown } from './sql';
import { monthShortLabel, monthsOf, periodQuery } from '$lib/reports/period';

interface LossRow extends Record<string, unknown> {
	reason: string;
	category: string | null;
	origin: string;
	originKind: string;
	fse: boolean;
	month: string;
	movements: number;
	grams: number | null;
	cents: number;
	unknownWeight: number;
}

/**
 * The movements that count as lost over [from, to) (`lm`: organisation_id, lot_id, at, q = quantity lost,
 * reason, to/from location): losses, less the corrections of losses made in the period. Every report that
 * says "lost" reads this one definition (losses, flows by origin, FSE+).
 */
export const lossMovements = (org: string, from: Date, to: Date): SQL =>
	sql`select m.organisation_id, m.lot_id, m.at, -m.quantity as q, m.reason, m.to_location_id, m.from_location_id
	      from stock_movements m
	     where m.organisation_id = ${org} and m.kind = 'loss' and ${inPeriod(sql`m.at`, { from, to })}
	    union all
	    select c.organisation_id, c.lot_id, c.at, -c.quantity, o.reason, c.to_location_id, c.from_location_id
	      from stock_movements c
	      join stock_movements o on o.organisation_id = c.organisation_id and o.id = c.correction_of and o.kind = 'loss'
	     where c.organisation_id = ${org} and c.kind = 'correction' and ${inPeriod(sql`c.at`, { from, to })}`;

/** The period's losses (net of corrections), grouped finely; the report adds them up each way. */
export async function lossRows(ex: Executor, ctx: ReportContext): Promise<LossRow[]> {
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		// Lots, products and origins are joined on the organisation itself, not on `m.organisation_id`: the
		// planner cannot see through the union that it is one organisation, and then guessed a handful of
		// rows and looked lots up one by one (flows.ts does the same).
		sql`with lm as (${lossMovements(ctx.actor.organisationId, ctx.from, ctx.to)})
		select coalesce(m.reason, 'other') as reason, cat.name as category, o.name as origin, o.kind::text as origin_kind, o.fse,
		       ${monthOf(sql`m.at`, ctx.zone)} as month,
		       count(*)::int as movements,
		       sum(${gramsOf(sql`m.q`)}) as grams,
		       coalesce(sum(${valueOf(sql`m.q`)}), 0) as cents,
		       count(distinct case when ${weightUnknown()} then p.id end)::int as unknown_weight
		  from lm m
		  join lots l on l.organisation_id = ${ctx.actor.organisationId} and l.id = m.lot_id
		  join products p on p.organisation_id = ${ctx.actor.organisationId} and p.id = l.product_id
		  left join categories cat on cat.organisation_id = p.organisation_id and cat.id = p.category_id
		  join origins o on o.organisation_id = ${ctx.actor.organisationId} and o.id = l.origin_id
		  ${movementSiteJoin()}
		 where true ${siteFilter(ctx.siteId)}
		 group by 1, 2, 3, 4, 5, 6`
	);
	return rows.map((r) => ({
		reason: String(r.reason),
		category: (r.category as string | null) ?? null,
		origin: String(r.origin),
		originKind: String(r.origin_kind),
		fse: r.fse === true,
		month: String(r.month),
		movements: num0(r.movements),
		grams: num(r.grams),
		cents: num0(r.cents),
		unknownWeight: num0(r.unknown_weight)
	}));
}

/** Grams received over the period (reception movements), the base of the loss rate. */
async function receivedGrams(ex: Executor, ctx: ReportContext): Promise<number | null> {
	const [r] = await rowsOf<{ grams: unknown }>(
		ex,
		sql`select sum(${gramsOf(sql`m.quantity`)}) as grams
		      from stock_movements m
		      join lots l on l.organisation_id = m.organisation_id and l.id = m.lot_id
		      join products p on p.organisation_id = l.organisation_id and p.id = l.product_id
		      ${movementSiteJoin()}
		     where m.organisation_id = ${ctx.actor.organisationId} and m.kind = 'reception' and ${inPeriod(sql`m.at`, ctx)} ${siteFilter(ctx.siteId)}`
	);
	return num(r?.grams);
}

/** Products without a weight among the period's losses. */
async function unknownWeightProducts(ex: Executor, ctx: ReportContext): Promise<number> {
	const [r] = await rowsOf<{ n: unknown }>(
		ex,
		sql`select count(distinct p.id)::int as n
		      from stock_movements m
		      join lots l on l.organisation_id = m.organisation_id and l.id = m.lot_id
		      join products p on p.organisation_id = l.organisation_id and p.id = l.product_id
		      ${movementSiteJoin()}
		     where m.organisation_id = ${ctx.actor.organisationId} and m.kind = 'loss' and ${inPeriod(sql`m.at`, ctx)}
		       and ${weightUnknown()} ${siteFilter(ctx.siteId)}`
	);
	return num0(r?.n);
}

const SUMS = ['movements', 'grams', 'cents'] as const;

export async function buildLossesReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const rows = await lossRows(ex, ctx);
	const received = await receivedGrams(ex, ctx);
	const unknown = await unknownWeightProducts(ex, ctx);
	const total = sumRows(rows as unknown as Row[], SUMS);
	const by = (key: (r: LossRow) => string) => groupSum(rows, key, SUMS);

	const reasons = [...by((r) => r.reason)].map(([reason, s]): Row => ({ reason: lossReasonLabel(reason), ...s })).sort((a, b) => num0(b.cents) - num0(a.cents));
	const categories = [...by((r) => r.category ?? '')]
		.map(([c, s]): Row => ({ category: c || m.report_no_category(), ...s }))
		.sort((a, b) => num0(b.cents) - num0(a.cents));
	const origins = originRows(rows, SUMS);
	const monthTotals = by((r) => r.month);
	const months = monthsOf(ctx.period).map((month): Row => ({
		month: monthShortLabel(month, ctx.locale),
		...(monthTotals.get(month) ?? { movements: 0, grams: 0, cents: 0 })
	}));

	const cols = {
		movements: { key: 'movements', label: m.report_col_lines(), type: 'count' as const },
		grams: { key: 'grams', label: m.report_col_weight(), type: 'grams' as const },
		cents: { key: 'cents', label: m.report_col_value(), type: 'cents' as const }
	};
	const totalRow = { ...total };
	return {
		name: 'losses',
		title: m.report_losses_title(),
		description: m.report_losses_description(),
		...reportFrame(ctx),
		notes: unknownWeightNote(unknown),
		figures: [
			{ id: 'grams', label: m.report_losses_kg(), type: 'grams', value: num(total.grams) },
			{ id: 'cents', label: m.report_losses_value(), type: 'cents', value: num0(total.cents) },
			{ id: 'movements', label: m.report_col_lines(), type: 'count', value: num0(total.movements) },
			{
				id: 'rate',
				label: m.report_losses_rate(),
				type: 'bp',
				value: rateBp(num(total.grams), received),
				href: `/rapports/origines?${periodQuery(ctx.period, { site: ctx.siteId })}`
			}
		],
		charts: [
			{
				id: 'reasons',
				title: m.report_losses_by_reason(),
				kind: 'bar',
				type: 'grams',
				horizontal: true,
				labels: reasons.map((r) => String(r.reason)),
				series: [{ label: m.report_col_weight(), values: reasons.map((r) => num(r.grams)) }]
			},
			...(months.length > 1
				? [
						{
							id: 'months',
							title: m.report_losses_by_month(),
							kind: 'bar' as const,
							type: 'cents' as const,
							labels: months.map((r) => String(r.month)),
							series: [{ label: m.report_col_value(), values: months.map((r) => num0(r.cents)) }]
						}
					]
				: [])
		],
		tables: [
			{
				id: 'raisons',
				title: m.report_losses_by_reason(),
				columns: [{ key: 'reason', label: m.loss_reason(), type: 'text' }, cols.movements, cols.grams, cols.cents],
				rows: reasons,
				total: totalRow,
				empty: m.report_losses_empty()
			},
			{
				id: 'categories',
				title: m.report_by_category(),
				columns: [{ key: 'category', label: m.report_col_category(), type: 'text' }, cols.movements, cols.grams, cols.cents],
				rows: categories,
				total: totalRow,
				empty: m.report_losses_empty()
			},
			{
				id: 'origines',
				title: m.report_by_origin(),
				columns: [
					{ key: 'origin', label: m.report_col_origin(), type: 'text' },
					{ key: 'kind', label: m.report_col_origin_kind(), type: 'text' },
					cols.movements,
					cols.grams,
					cols.cents
				],
				rows: origins,
				total: totalRow,
				empty: m.report_losses_empty()
			},
			{
				id: 'mois',
				title: m.report_by_month(),
				columns: [{ key: 'month', label: m.report_col_month(), type: 'text' }, cols.movements, cols.grams, cols.cents],
				rows: months,
				total: totalRow,
				empty: m.report_losses_empty()
			}
		]
	};
}

export const lossesReport: ReportDef = {
	name: 'losses',
	path: '/rapports/pertes',
	audience: 'stock',
	title: () => m.report_losses_title(),
	summary: 'Pertes par raison, catégorie, origine et mois : lignes, kg et valeur au prix de référence ; taux de perte sur les kg reçus.',
	run: buildLossesReport
};
