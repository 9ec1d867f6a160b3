/**
 * Count differences (issue 12): what the inventory counts validated over the period found more (+) or
 * less (−) on the shelves than the app held — by count, location, product and person (who validated,
 * who counted), in kg and value at reference price, and in units per product (where a unit means
 * something).
 *
 * From the ledger only: the adjustments are movements `kind = 'count'` (signed quantities); each
 * carries the note `count:<id>` of its count (stock/counts.ts), its validator as `user_id`, and the
 * count line of its lot names who counted it. The number of lines counted (differences or not) comes
 * from the count lines of the counts validated in the period. Site: where the movement happened (sql.ts).
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { sumRows, unitWord, type Column, type Report, type Row } from '$lib/reports/model';
import type { Executor } from '../db';
import { groupSum, reportFrame, unknownWeightNote } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { dayOf, gramsOf, inPeriod, movementSiteJoin, num, num0, rowsOf, siteFilter, valueOf, weightUnknown } from './sql';

interface CountRow extends Record<string, unknown> {
	countId: string;
	day: string;
	location: string;
	validator: string;
	counter: string;
	product: string;
	unit: string;
	lines: number;
	unitsPlus: number;
	unitsMinus: number;
	gramsPlus: number | null;
	gramsMinus: number | null;
	centsPlus: number;
	centsMinus: number;
	cents: number;
}

const person = (alias: string) => sql.raw(`nullif(trim(${alias}.first_name || ' ' || ${alias}.last_name), '')`);

/** The period's count movements, grouped finely by count, product and person. */
export async function countRows(ex: Executor, ctx: ReportContext): Promise<{ rows: CountRow[]; unknown: number }> {
	const org = ctx.actor.organisationId;
	const raw = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select coalesce(sc.id::text, '') as count_id, ${dayOf(sql`m.at`, ctx.zone)} as day,
		       coalesce(cl.name, ml.name) as location, ${person('v')} as validator, ${person('cb')} as counter,
		       p.name as product, p.unit::text as unit,
		       count(*)::int as lines,
		       coalesce(sum(greatest(m.quantity, 0)), 0) as units_plus,
		       coalesce(sum(greatest(-m.quantity, 0)), 0) as units_minus,
		       sum(${gramsOf(sql`greatest(m.quantity, 0)`)}) as grams_plus,
		       sum(${gramsOf(sql`greatest(-m.quantity, 0)`)}) as grams_minus,
		       coalesce(sum(${valueOf(sql`greatest(m.quantity, 0)`)}), 0) as cents_plus,
		       coalesce(sum(${valueOf(sql`greatest(-m.quantity, 0)`)}), 0) as cents_minus,
		       array_agg(distinct p.id::text) filter (where ${weightUnknown()}) as unknown
		  from stock_movements m
		  join lots l on l.organisation_id = m.organisation_id and l.id = m.lot_id
		  join products p on p.organisation_id = l.organisation_id and p.id = l.product_id
		  left join stock_counts sc on sc.organisation_id = m.organisation_id and m.note = 'count:' || sc.id::text
		  left join locations cl on cl.organisation_id = sc.organisation_id and cl.id = sc.location_id
		  left join stock_count_lines scl on scl.organisation_id = sc.organisation_id and scl.count_id = sc.id and scl.lot_id = m.lot_id
		  left join users v on v.organisation_id = m.organisation_id and v.id = m.user_id
		  left join users cb on cb.organisation_id = scl.organisation_id and cb.id = scl.counted_by
		  ${movementSiteJoin()}
		 where m.organisation_id = ${org} and m.kind = 'count' and ${inPeriod(sql`m.at`, ctx)} ${siteFilter(ctx.siteId)}
		 group by 1, 2, 3, 4, 5, 6, 7`
	);
	const unknown = new Set<string>();
	const who = (v: unknown) => (v as string | null) ?? m.report_counts_unknown_person();
	const rows = raw.map((r): CountRow => {
		for (const id of (r.unknown as string[] | null) ?? []) unknown.add(id);
		const centsPlus = num0(r.cents_plus);
		const centsMinus = num0(r.cents_minus);
		return {
			countId: String(r.count_id),
			day: String(r.day),
			location: (r.location as string | null) ?? m.report_stock_no_location(),
			validator: who(r.validator),
			counter: who(r.counter),
			product: String(r.product),
			unit: String(r.unit),
			lines: num0(r.lines),
			unitsPlus: num0(r.units_plus),
			unitsMinus: num0(r.units_minus),
			gramsPlus: num(r.grams_plus),
			gramsMinus: num(r.grams_minus),
			centsPlus,
			centsMinus,
			cents: centsPlus - centsMinus
		};
	});
	return { rows, unknown: unknown.size };
}

/** Counts validated in the period (at a location of the site, when one is chosen) and their number of lines. */
async function validatedCounts(ex: Executor, ctx: ReportContext): Promise<Map<string, { day: string; location: string; validator: string; counted: number }>> {
	const raw = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select sc.id::text as id, ${dayOf(sql`sc.validated_at`, ctx.zone)} as day, ml.name as location, ${person('v')} as validator,
		       (select count(*) from stock_count_lines scl where scl.organisation_id = sc.organisation_id and scl.count_id = sc.id)::int as counted
		  from stock_counts sc
		  join locations ml on ml.organisation_id = sc.organisation_id and ml.id = sc.location_id
		  left join users v on v.organisation_id = sc.organisation_id and v.id = sc.validated_by
		 where sc.organisation_id = ${ctx.actor.organisationId} and sc.status = 'validated'
		   and ${inPeriod(sql`sc.validated_at`, ctx)} ${siteFilter(ctx.siteId)}`
	);
	return new Map(
		raw.map((r) => [
			String(r.id),
			{
				day: String(r.day),
				location: String(r.location),
				validator: (r.validator as string | null) ?? m.report_counts_unknown_person(),
				counted: num0(r.counted)
			}
		])
	);
}

const SUMS = ['lines', 'gramsPlus', 'gramsMinus', 'centsPlus', 'centsMinus', 'cents'] as const;
const byLoss = (a: Row, b: Row) => num0(a.cents) - num0(b.cents);

export async function buildCountsReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const { rows, unknown } = await countRows(ex, ctx);
	const counts = await validatedCounts(ex, ctx);
	const total = sumRows(rows as unknown as Row[], SUMS);
	const by = (key: (r: CountRow) => string) => groupSum(rows, key, SUMS);

	// By count: every count validated in the period (even without a difference), and its movements.
	const perCount = by((r) => r.countId);
	const first = new Map<string, CountRow>();
	for (const r of rows) if (!first.has(r.countId)) first.set(r.countId, r);
	const zero = { lines: 0, gramsPlus: null, gramsMinus: null, centsPlus: 0, centsMinus: 0, cents: 0 };
	const ids = [...new Set([...counts.keys(), ...perCount.keys()])];
	const byCount = ids
		.map((id): Row => {
			const c = counts.get(id);
			const r = first.get(id);
			return {
				day: c?.day ?? r?.day ?? null,
				location: c?.location ?? r?.location ?? '',
				validator: c?.validator ?? r?.validator ?? '',
				counted: c?.counted ?? null,
				...(perCount.get(id) ?? zero)
			};
		})
		.sort((a, b) => String(a.day).localeCompare(String(b.day)) || String(a.location).localeCompare(String(b.location)));
	const counted = [...counts.values()].reduce((s, c) => s + c.counted, 0);
	const countTotal: Row = { ...total, counted };

	const named = (key: 'location' | 'validator' | 'counter') => [...by((r) => r[key])].map(([k, s]): Row => ({ [key]: k, ...s })).sort(byLoss);
	const locations = named('location');
	const products = [...groupSum(rows, (r) => JSON.stringify([r.product, r.unit]), ['lines', 'unitsPlus', 'unitsMinus', ...SUMS.slice(1)] as const)]
		.map(([k, s]): Row => {
			const [product, unit] = JSON.parse(k) as [string, string];
			return { product, unit: unitWord(unit), ...s };
		})
		.sort(byLoss);

	const nums: Column[] = [
		{ key: 'lines', label: m.report_counts_diff_lines(), type: 'count' },
		{ key: 'gramsPlus', label: m.report_counts_kg_plus(), type: 'grams' },
		{ key: 'gramsMinus', label: m.report_counts_kg_minus(), type: 'grams' },
		{ key: 'centsPlus', label: m.report_counts_value_plus(), type: 'cents' },
		{ key: 'centsMinus', label: m.report_counts_value_minus(), type: 'cents' },
		{ key: 'cents', label: m.report_counts_value_net(), type: 'cents' }
	];
	const empty = m.report_counts_empty();
	return {
		name: 'counts',
		title: m.report_counts_title(),
		description: m.report_counts_description(),
		...reportFrame(ctx),
		notes: unknownWeightNote(unknown),
		figures: [
			{ id: 'counts', label: m.report_counts_counts(), type: 'count', value: counts.size },
			{ id: 'counted', label: m.report_counts_lines(), type: 'count', value: counted },
			{ id: 'lines', label: m.report_counts_diff_lines(), type: 'count', value: num0(total.lines) },
			{ id: 'gramsPlus', label: m.report_counts_kg_plus(), type: 'grams', value: num(total.gramsPlus) },
			{ id: 'gramsMinus', label: m.report_counts_kg_minus(), type: 'grams', value: num(total.gramsMinus) },
			{ id: 'centsPlus', label: m.report_counts_value_plus(), type: 'cents', value: num0(total.centsPlus) },
			{ id: 'centsMinus', label: m.report_counts_value_minus(), type: 'cents', value: num0(total.centsMinus) },
			{ id: 'cents', label: m.report_counts_value_net(), type: 'cents', value: num0(total.cents) }
		],
		charts: [
			{
				id: 'locations',
				title: m.report_counts_chart(),
				kind: 'bar',
				type: 'cents',
				horizontal: true,
				labels: locations.map((r) => String(r.location)),
				series: [
					{ label: m.report_counts_value_plus(), values: locations.map((r) => num0(r.centsPlus)) },
					{ label: m.report_counts_value_minus(), values: locations.map((r) => -num0(r.centsMinus)) }
				]
			}
		],
		tables: [
			{
				id: 'inventaires',
				title: m.report_counts_by_count(),
				columns: [
					{ key: 'day', label: m.report_counts_col_day(), type: 'day' },
					{ key: 'location', label: m.report_counts_col_location(), type: 'text' },
					{ key: 'validator', label: m.report_counts_col_validated_by(), type: 'text' },
					{ key: 'counted', label: m.report_counts_lines(), type: 'count' },
					...nums
				],
				rows: byCount,
				total: countTotal,
				empty
			},
			{
				id: 'emplacements',
				title: m.report_counts_by_location(),
				columns: [{ key: 'location', label: m.report_counts_col_location(), type: 'text' }, ...nums],
				rows: locations,
				total,
				empty
			},
			{
				id: 'produits',
				title: m.report_counts_by_product(),
				columns: [
					{ key: 'product', label: m.report_counts_col_product(), type: 'text' },
					{ key: 'unit', label: m.report_counts_col_unit(), type: 'text', hidden: true },
					{ key: 'unitsPlus', label: m.report_counts_units_plus(), type: 'quantity', unitKey: 'unit' },
					{ key: 'unitsMinus', label: m.report_counts_units_minus(), type: 'quantity', unitKey: 'unit' },
					...nums
				],
				rows: products,
				total,
				empty
			},
			{
				id: 'valideurs',
				title: m.report_counts_by_validator(),
				columns: [{ key: 'validator', label: m.report_counts_col_validated_by(), type: 'text' }, ...nums],
				rows: named('validator'),
				total,
				empty
			},
			{
				id: 'compteurs',
				title: m.report_counts_by_counter(),
				columns: [{ key: 'counter', label: m.report_counts_col_counted_by(), type: 'text' }, ...nums],
				rows: named('counter'),
				total,
				empty
			}
		]
	};
}

export const countsReport: ReportDef = {
	name: 'counts',
	path: '/rapports/inventaires',
	audience: 'stock',
	title: () => m.report_counts_title(),
	summary: 'Écarts des inventaires validés : par inventaire, emplacement, produit et personne (qui a validé, qui a compté), en quantités, kg et valeur.',
	run: buildCountsReport
};
