/**
 * FSE+ (issue 12): what an FSE+ audit asks to see, per FSE+ product (products of lots whose origin is
 * FSE+): the quantity received, distributed, in stock at the end of the period and lost — in the
 * product's unit, in kg and in value at reference price — and the households and people it reached.
 * Households are counted, never named.
 *
 * From the ledger (`flowMovements`, flows.ts: the same received / distributed / lost as every report),
 * the stock at the end of the period rebuilt from the lots (on hand now, less what moved since), and
 * the period's sales and parcels: a household is reached by a product when one of its sales of the period
 * has an FSE+ line of that product, or a parcel handed over on a distribution day of the period holds it
 * (issue 14; each household once); people = 1 + the household's members. A sale's site is its till's
 * site, a parcel's its distribution day's. Parcels given are `distribution` movements: already counted in
 * "distributed" by `flowMovements`.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { sumRows, unitWord, type Column, type Report, type Row } from '$lib/reports/model';
import type { Executor } from '../db';
import { reportFrame, unknownWeightNote } from './common';
import type { ReportContext } from './context';
import { centsColumn, flowMovements, gramsColumn } from './flows';
import { parcelFseReached } from './series';
import type { ReportDef } from './registry';
import { gramsOf, movedSince, movementSiteJoin, num, num0, rowsOf, saleSiteJoin, siteFilter, valueOf, weightUnknown } from './sql';

const KEYS = ['received', 'distributed', 'stock', 'lost'] as const;
type Key = (typeof KEYS)[number];

interface ProductRow {
	id: string;
	name: string;
	unit: string;
	unknownWeight: boolean;
	q: Record<Key, number>;
	grams: Record<Key, number | null>;
	cents: Record<Key, number>;
	households: number;
	people: number;
}

export async function buildFseReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const org = ctx.actor.organisationId;
	const flows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with fm as (${flowMovements(org, ctx.from, ctx.to)})
		select p.id, case m.flow when 'sold' then 'distributed' when 'given' then 'distributed' else m.flow end as k,
		       sum(m.q) as q, sum(${gramsOf(sql`m.q`)}) as grams, coalesce(sum(${valueOf(sql`m.q`)}), 0) as cents
		  from fm m
		  join lots l on l.organisation_id = ${org} and l.id = m.lot_id
		  join origins o on o.organisation_id = ${org} and o.id = l.origin_id and o.fse
		  join products p on p.organisation_id = ${org} and p.id = l.product_id
		  ${movementSiteJoin()}
		 where m.flow <> 'counted' ${siteFilter(ctx.siteId)}
		 group by 1, 2`
	);
	// Stock at the end of the period: what each FSE+ lot holds now, less what moved since (at its location's site).
	const stock = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with after as (${movedSince(org, ctx.to)}), ls as (
			select l.product_id, l.on_hand - coalesce(a.q, 0) as q
			  from lots l
			  left join after a on a.lot_id = l.id
			  join origins o on o.organisation_id = l.organisation_id and o.id = l.origin_id and o.fse
			  left join locations ml on ml.organisation_id = l.organisation_id and ml.id = l.location_id
			 where l.organisation_id = ${org} ${siteFilter(ctx.siteId)}
		)
		select p.id, sum(ls.q) as q, sum(${gramsOf(sql`ls.q`)}) as grams, coalesce(sum(${valueOf(sql`ls.q`)}), 0) as cents
		  from ls join products p on p.organisation_id = ${org} and p.id = ls.product_id
		 group by 1 having sum(ls.q) <> 0`
	);
	const reachedSql = (perProduct: boolean) =>
		sql`with fl as (
			select distinct ${perProduct ? sql`sl.product_id` : sql`null::uuid`} as product_id, s.household_id
			  from sales s
			  join sale_lines sl on sl.organisation_id = s.organisation_id and sl.sale_id = s.id and sl.fse
			  ${saleSiteJoin()}
			 where s.organisation_id = ${org} and s.kind = 'epicerie' and s.day >= ${ctx.period.from} and s.day <= ${ctx.period.to}
			   ${siteFilter(ctx.siteId, sql.raw('sd'))}
			union
			${parcelFseReached(org, ctx.period.from, ctx.period.to, ctx.siteId, perProduct)}
		)
		select fl.product_id as id, count(*)::int as households,
		       (count(*) + coalesce(sum((select count(*) from household_members hm where hm.organisation_id = ${org} and hm.household_id = fl.household_id)), 0))::int as people
		  from fl group by 1`;
	const reached = await rowsOf<Record<string, unknown>>(ex, reachedSql(true));
	const [reachedAll] = await rowsOf<Record<string, unknown>>(ex, reachedSql(false));

	const ids = [...new Set([...flows, ...stock, ...reached].map((r) => String(r.id)))];
	const products = ids.length
		? await rowsOf<Record<string, unknown>>(
				ex,
				sql`select p.id, p.name, p.unit::text as unit, ${weightUnknown()} as unknown from products p
				     where p.organisation_id = ${org} and p.id in (${sql.join(
								ids.map((id) => sql`${id}`),
								sql`, `
							)})`
			)
		: [];
	const byId = new Map<string, ProductRow>();
	for (const p of products)
		byId.set(String(p.id), {
			id: String(p.id),
			name: String(p.name),
			unit: String(p.unit),
			unknownWeight: p.unknown === true,
			q: { received: 0, distributed: 0, stock: 0, lost: 0 },
			grams: { received: null, distributed: null, stock: null, lost: null },
			cents: { received: 0, distributed: 0, stock: 0, lost: 0 },
			households: 0,
			people: 0
		});
	const add = (r: ProductRow, k: Key, x: Record<string, unknown>) => {
		r.q[k] += num0(x.q);
		const g = num(x.grams);
		if (g !== null) r.grams[k] = (r.grams[k] ?? 0) + g;
		r.cents[k] += num0(x.cents);
	};
	for (const f of flows) add(byId.get(String(f.id))!, String(f.k) as Key, f);
	for (const s of stock) add(byId.get(String(s.id))!, 'stock', s);
	for (const h of reached) {
		const r = byId.get(String(h.id))!;
		r.households = num0(h.households);
		r.people = num0(h.people);
	}
	const list = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));

	const quantities: Row[] = list.map((r) => ({
		product: r.name,
		unit: unitWord(r.unit),
		...Object.fromEntries(KEYS.map((k) => [k, r.q[k]])),
		households: r.households,
		people: r.people
	}));
	const weights: Row[] = list.map((r) => ({
		product: r.name,
		...Object.fromEntries(KEYS.map((k) => [`${k}Grams`, r.grams[k]])),
		...Object.fromEntries(KEYS.map((k) => [`${k}Cents`, r.cents[k]]))
	}));
	const weightKeys = KEYS.flatMap((k) => [`${k}Grams`, `${k}Cents`]);
	const weightTotal = sumRows(weights, weightKeys);
	const households = num0(reachedAll?.households);
	const people = num0(reachedAll?.people);
	const label: Record<Key, () => string> = {
		received: m.report_fse_received,
		distributed: m.report_fse_distributed,
		stock: m.report_fse_stock,
		lost: m.report_fse_lost
	};
	const productCol: Column = { key: 'product', label: m.report_fse_product(), type: 'text' };

	return {
		name: 'fse',
		title: m.report_fse_title(),
		description: m.report_fse_description(),
		...reportFrame(ctx),
		notes: unknownWeightNote(list.filter((r) => r.unknownWeight).length),
		figures: [
			{ id: 'distributedGrams', label: m.report_fse_distributed_kg(), type: 'grams', value: num(weightTotal.distributedGrams) },
			{ id: 'distributedCents', label: m.report_fse_distributed_value(), type: 'cents', value: num0(weightTotal.distributedCents) },
			{ id: 'households', label: m.report_fse_households(), type: 'count', value: households },
			{ id: 'people', label: m.report_fse_people(), type: 'count', value: people },
			{ id: 'stockGrams', label: m.report_fse_stock_kg(), type: 'grams', value: num(weightTotal.stockGrams) },
			{ id: 'lostGrams', label: m.report_fse_lost_kg(), type: 'grams', value: num(weightTotal.lostGrams) }
		],
		charts: [
			{
				id: 'produits',
				title: m.report_fse_chart(),
				kind: 'bar',
				type: 'grams',
				horizontal: true,
				labels: list.map((r) => r.name),
				series: [{ label: m.report_fse_distributed(), values: list.map((r) => r.grams.distributed) }]
			}
		],
		tables: [
			{
				id: 'quantites',
				title: m.report_fse_quantities(),
				columns: [
					productCol,
					{ key: 'unit', label: m.report_fse_unit(), type: 'text', hidden: true },
					...KEYS.map((k): Column => ({ key: k, label: label[k](), type: 'quantity', unitKey: 'unit' })),
					{ key: 'households', label: m.report_fse_households(), type: 'count' },
					{ key: 'people', label: m.report_fse_people(), type: 'count' }
				],
				rows: quantities,
				// Quantities of different units do not add up; households are counted once across products.
				total: { unit: null, received: null, distributed: null, stock: null, lost: null, households, people },
				empty: m.report_fse_empty()
			},
			{
				id: 'poids',
				title: m.report_fse_weights(),
				columns: [productCol, ...KEYS.map((k) => gramsColumn(`${k}Grams`, label[k]())), ...KEYS.map((k) => centsColumn(`${k}Cents`, label[k]()))],
				rows: weights,
				total: weightTotal,
				empty: m.report_fse_empty()
			}
		]
	};
}

export const fseReport: ReportDef = {
	name: 'fse',
	path: '/rapports/fse',
	audience: 'manager',
	title: () => m.report_fse_title(),
	summary:
		'FSE+ par produit : quantités reçues, distribuées, en stock en fin de période et perdues (unités, kg, valeur) ; ménages et personnes touchés (comptés, jamais nommés).',
	run: buildFseReport
};
