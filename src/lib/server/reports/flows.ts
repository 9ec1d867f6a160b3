/**
 * Flows by origin (issue 12): per kind of origin (food bank, ramasse, purchase, donation, collecte) and
 * per origin, what came in and what went out over the period — received, sold, given, lost and the
 * count differences, in kg and in value at reference price — and the delivered weight written on the
 * period's validated receptions. FSE+ origins are always apart: their own table and total, never in the
 * other totals (the FSE+ programme asks for its own figures).
 *
 * From the ledger only (the brief's shared definitions): received = reception movements; sold = −(sale +
 * return); given = −distribution; lost = the losses report's own movements (`lossMovements`, losses.ts);
 * count differences = count movements. Over all time, received − sold − given − lost + count differences
 * is what the lots hold (moves and splits only carry goods from one place or lot to another).
 */
import { sql, type SQL } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { sumRows, type Column, type Report, type Row } from '$lib/reports/model';
import { originKindLabel } from '$lib/stock/labels';
import type { Executor } from '../db';
import { groupSum, reportFrame, unknownWeightNote } from './common';
import type { ReportContext } from './context';
import { lossMovements } from './losses';
import type { ReportDef } from './registry';
import { gramsOf, movementSiteJoin, num, num0, instant, rowsOf, siteFilter, valueOf, weightUnknown } from './sql';

/** The flows of the ledger, each signed so that a flow out counts positive. */
export const FLOWS = ['received', 'sold', 'given', 'lost', 'counted'] as const;
export type Flow = (typeof FLOWS)[number];

export interface OriginFlows extends Record<string, unknown> {
	origin: string;
	originKind: string;
	fse: boolean;
	receivedGrams: number | null;
	soldGrams: number | null;
	givenGrams: number | null;
	lostGrams: number | null;
	countedGrams: number | null;
	deliveredGrams: number | null;
	receivedCents: number;
	soldCents: number;
	givenCents: number;
	lostCents: number;
	countedCents: number;
}

const GRAMS = ['receivedGrams', 'soldGrams', 'givenGrams', 'lostGrams', 'countedGrams', 'deliveredGrams'] as const;
const CENTS = ['receivedCents', 'soldCents', 'givenCents', 'lostCents', 'countedCents'] as const;
const SUMS = [...GRAMS, ...CENTS] as const;

/**
 * The period's ledger movements as flows (`fm`: organisation_id, lot_id, to/from location, flow, q): q is
 * positive for what came in (received) and for what went out (sold, given, lost); count differences keep
 * their sign. Lost is the losses report's definition (`lossMovements`).
 */
export const flowMovements = (org: string, from: Date, to: Date): SQL =>
	sql`select m.organisation_id, m.lot_id, m.to_location_id, m.from_location_id,
	           case m.kind when 'reception' then 'received' when 'distribution' then 'given' when 'count' then 'counted' else 'sold' end as flow,
	           case when m.kind in ('sale', 'return', 'distribution') then -m.quantity else m.quantity end as q
	      from stock_movements m
	     where m.organisation_id = ${org} and m.kind in ('reception', 'sale', 'return', 'distribution', 'count')
	       and m.at >= ${instant(from)} and m.at < ${instant(to)}
	    union all
	    select lm.organisation_id, lm.lot_id, lm.to_location_id, lm.from_location_id, 'lost', lm.q
	      from (${lossMovements(org, from, to)}) lm`;

/** The period's flows per origin (origins with nothing in the period are left out), and the products without a weight met. */
export async function originFlows(ex: Executor, ctx: ReportContext): Promise<{ rows: OriginFlows[]; unknownWeight: number }> {
	const org = ctx.actor.organisationId;
	const flows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with fm as (${flowMovements(org, ctx.from, ctx.to)})
		select o.id as origin_id, m.flow,
		       sum(${gramsOf(sql`m.q`)}) as grams,
		       coalesce(sum(${valueOf(sql`m.q`)}), 0) as cents,
		       string_agg(distinct p.id::text, ',') filter (where ${weightUnknown()}) as unknown
		  from fm m
		  join lots l on l.organisation_id = ${org} and l.id = m.lot_id
		  join products p on p.organisation_id = ${org} and p.id = l.product_id
		  join origins o on o.organisation_id = ${org} and o.id = l.origin_id
		  ${movementSiteJoin()}
		 where true ${siteFilter(ctx.siteId)}
		 group by 1, 2`
	);
	// The weight written on the period's validated receptions; under a site when goods of it were received there.
	const delivered = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select r.origin_id, sum(r.delivered_weight_grams) as grams
		      from receptions r
		     where r.organisation_id = ${org} and r.status = 'validated' and r.delivered_weight_grams is not null
		       and r.validated_at >= ${instant(ctx.from)} and r.validated_at < ${instant(ctx.to)}
		       ${
							ctx.siteId
								? sql`and exists (select 1 from lots l
								      join stock_movements m on m.organisation_id = l.organisation_id and m.lot_id = l.id and m.kind = 'reception'
								      ${movementSiteJoin()}
								     where l.organisation_id = r.organisation_id and l.reception_id = r.id ${siteFilter(ctx.siteId)})`
								: sql``
						}
		     group by 1`
	);
	const originList = await rowsOf<{ id: string; name: string; kind: string; fse: boolean }>(
		ex,
		sql`select id, name, kind::text as kind, fse from origins where organisation_id = ${org} order by name`
	);
	const byId = new Map<string, OriginFlows>();
	const get = (id: string): OriginFlows => {
		let r = byId.get(id);
		if (!r) {
			const o = originList.find((x) => x.id === id)!;
			r = {
				origin: o.name,
				originKind: o.kind,
				fse: o.fse === true,
				...Object.fromEntries(GRAMS.map((k) => [k, null])),
				...Object.fromEntries(CENTS.map((k) => [k, 0]))
			} as OriginFlows;
			byId.set(id, r);
		}
		return r;
	};
	const unknown = new Set<string>();
	for (const f of flows) {
		const r = get(String(f.origin_id)) as unknown as Record<string, number | null>;
		const flow = String(f.flow) as Flow;
		const g = num(f.grams);
		if (g !== null) r[`${flow}Grams`] = (r[`${flow}Grams`] ?? 0) + g;
		r[`${flow}Cents`] = num0(r[`${flow}Cents`]) + num0(f.cents);
		for (const id of f.unknown ? String(f.unknown).split(',') : []) unknown.add(id);
	}
	for (const d of delivered) get(String(d.origin_id)).deliveredGrams = num(d.grams);
	const rows = [...byId.values()].sort((a, b) => a.originKind.localeCompare(b.originKind) || a.origin.localeCompare(b.origin));
	return { rows, unknownWeight: unknown.size };
}

/** "Reçu, poids" (a kg column: the exports add "(kg)") and "Reçu, valeur" (€), for a flow shown both ways. */
export const gramsColumn = (key: string, label: string): Column => ({ key, label: `${label}, ${m.report_col_weight().toLowerCase()}`, type: 'grams' });
export const centsColumn = (key: string, label: string): Column => ({ key, label: `${label}, ${m.report_col_value().toLowerCase()}`, type: 'cents' });

const distributed = (r: Row): number | null => (r.soldGrams === null && r.givenGrams === null ? null : num0(r.soldGrams) + num0(r.givenGrams));

export async function buildFlowsReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const { rows, unknownWeight } = await originFlows(ex, ctx);
	const common = rows.filter((r) => !r.fse);
	const fse = rows.filter((r) => r.fse);
	const total = sumRows(common as unknown as Row[], SUMS);
	const fseTotal = sumRows(fse as unknown as Row[], SUMS);
	const kinds = [...groupSum(common, (r) => r.originKind, SUMS)].map(([kind, s]): Row => ({ kind: originKindLabel(kind), ...s }));
	const originRow = (r: OriginFlows): Row => {
		const row: Row = { origin: r.origin, kind: originKindLabel(r.originKind) };
		for (const k of SUMS) row[k] = r[k];
		return row;
	};

	const g = gramsColumn;
	const c = centsColumn;
	const figuresCols: Column[] = [
		g('receivedGrams', m.report_flows_received()),
		g('soldGrams', m.report_flows_sold()),
		g('givenGrams', m.report_flows_given()),
		g('lostGrams', m.report_flows_lost()),
		g('countedGrams', m.report_flows_counted()),
		{ key: 'deliveredGrams', label: m.report_flows_delivered(), type: 'grams' },
		c('receivedCents', m.report_flows_received()),
		c('soldCents', m.report_flows_sold()),
		c('givenCents', m.report_flows_given()),
		c('lostCents', m.report_flows_lost()),
		c('countedCents', m.report_flows_counted())
	];
	const kindCol: Column = { key: 'kind', label: m.report_col_origin_kind(), type: 'text' };
	const originCol: Column = { key: 'origin', label: m.report_col_origin(), type: 'text' };
	const chartRows = [...kinds, ...(fse.length ? [{ kind: 'FSE+', ...fseTotal }] : [])];

	return {
		name: 'flows',
		title: m.report_flows_title(),
		description: m.report_flows_description(),
		...reportFrame(ctx),
		notes: unknownWeightNote(unknownWeight),
		figures: [
			{ id: 'received', label: m.report_flows_received_kg(), type: 'grams', value: num(total.receivedGrams) },
			{ id: 'distributed', label: m.report_flows_distributed_kg(), type: 'grams', value: distributed(total) },
			{ id: 'lost', label: m.report_flows_lost_kg(), type: 'grams', value: num(total.lostGrams) },
			{ id: 'fseReceived', label: m.report_flows_fse_received_kg(), type: 'grams', value: num(fseTotal.receivedGrams) },
			{ id: 'fseDistributed', label: m.report_flows_fse_distributed_kg(), type: 'grams', value: distributed(fseTotal) }
		],
		charts: [
			{
				id: 'kinds',
				title: m.report_flows_chart(),
				kind: 'bar',
				type: 'grams',
				stacked: true,
				labels: chartRows.map((r) => String(r.kind)),
				series: [
					{ label: m.report_flows_received(), values: chartRows.map((r) => num(r.receivedGrams)) },
					{ label: m.report_flows_distributed(), values: chartRows.map(distributed) },
					{ label: m.report_flows_lost(), values: chartRows.map((r) => num(r.lostGrams)) }
				]
			}
		],
		tables: [
			{
				id: 'types',
				title: m.report_flows_by_kind(),
				columns: [kindCol, ...figuresCols],
				rows: kinds,
				total,
				empty: m.report_flows_empty()
			},
			{
				id: 'origines',
				title: m.report_by_origin(),
				columns: [originCol, kindCol, ...figuresCols],
				rows: common.map(originRow),
				total,
				empty: m.report_flows_empty()
			},
			{
				id: 'fse',
				title: m.report_flows_fse(),
				columns: [originCol, kindCol, ...figuresCols],
				rows: fse.map(originRow),
				total: fseTotal,
				empty: m.report_flows_fse_empty()
			}
		]
	};
}

export const flowsReport: ReportDef = {
	name: 'flows',
	path: '/rapports/origines',
	audience: 'manager',
	title: () => m.report_flows_title(),
	summary:
		'Flux par origine et type d’origine : reçu, vendu, donné, perdu, écarts d’inventaire, en kg et en valeur ; poids livré des bons de réception. FSE+ toujours à part.',
	run: buildFlowsReport
};
