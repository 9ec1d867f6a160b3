/**
 * Sales (issue 12): what the till sold over the period — by product and by category (lines, quantity,
 * kg, reference value, paid), the number of sales, the average basket, the participation collected,
 * the FSE+ value given, the payment methods (money kept, refunds, change given back) and the months.
 *
 * From the sales only: `sales` and `sale_lines` of the period's days (`sales.day` is the shop's day),
 * less the returns made in the period (`sale_returns` and their lines: a return takes its quantity,
 * reference value and refund off what was sold); payments from `sale_payments` (a sale's payment keeps
 * `amount_cents`, the cash handed over is `tendered_cents`, the change given back `change_cents`; a
 * refund is a negative amount). A sale's site is its till's tablet's site (`saleSiteJoin`).
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { sumRows, unitWord, type Column, type Report, type Row } from '$lib/reports/model';
import { monthShortLabel, monthsOf } from '$lib/reports/period';
import { methodLabel } from '$lib/till/format';
import type { Executor } from '../db';
import { groupSum, reportFrame, unknownWeightNote } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { gramsOf, monthOf, num, num0, instant, rowsOf, saleSiteJoin, siteFilter, weightUnknown } from './sql';
import { ofEpicerieSale } from './series';

interface LineRow extends Record<string, unknown> {
	product: string;
	unit: string;
	category: string | null;
	month: string;
	lines: number;
	quantity: number;
	grams: number | null;
	referenceCents: number;
	paidCents: number;
	unknownWeight: boolean;
}

/** The period's sale lines less its returned lines, per product, category (at the time of the sale) and month. */
async function lineRows(ex: Executor, ctx: ReportContext): Promise<LineRow[]> {
	const org = ctx.actor.organisationId;
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with x as (
			select sl.product_id, sl.category_id, to_char(date_trunc('month', s.day), 'YYYY-MM-DD') as month,
			       1 as line, sl.quantity as q, sl.reference_cents as ref, sl.paid_cents as paid
			  from sales s
			  join sale_lines sl on sl.organisation_id = s.organisation_id and sl.sale_id = s.id
			  ${saleSiteJoin()}
			 where s.organisation_id = ${org} and s.kind = 'epicerie' and s.day >= ${ctx.period.from} and s.day <= ${ctx.period.to} ${siteFilter(ctx.siteId, sql.raw('sd'))}
			union all
			select sl.product_id, sl.category_id, ${monthOf(sql`s.at`, ctx.zone)}, 0, -rl.quantity, -rl.reference_cents, -rl.refund_cents
			  from sale_returns s
			  join sale_return_lines rl on rl.organisation_id = s.organisation_id and rl.return_id = s.id
			  join sale_lines sl on sl.organisation_id = rl.organisation_id and sl.id = rl.sale_line_id
			  ${saleSiteJoin()}
			 where s.organisation_id = ${org} and s.at >= ${instant(ctx.from)} and s.at < ${instant(ctx.to)} ${siteFilter(ctx.siteId, sql.raw('sd'))} ${ofEpicerieSale()}
		)
		select p.id, p.name, p.unit::text as unit, cat.name as category, x.month,
		       sum(x.line)::int as lines, sum(x.q) as quantity, sum(${gramsOf(sql`x.q`)}) as grams,
		       sum(x.ref) as ref, sum(x.paid) as paid, ${weightUnknown()} as unknown
		  from x
		  join products p on p.organisation_id = ${org} and p.id = x.product_id
		  left join categories cat on cat.organisation_id = ${org} and cat.id = x.category_id
		 group by p.id, p.name, p.unit, p.net_weight_grams, cat.name, x.month`
	);
	return rows.map((r) => ({
		product: `${String(r.name)}\u0000${String(r.id)}`,
		unit: String(r.unit),
		category: (r.category as string | null) ?? null,
		month: String(r.month),
		lines: num0(r.lines),
		quantity: num0(r.quantity),
		grams: num(r.grams),
		referenceCents: num0(r.ref),
		paidCents: num0(r.paid),
		unknownWeight: r.unknown === true
	}));
}

/** The period's sales and returns per month: count, reference value, paid, FSE+ value. */
async function monthTotals(ex: Executor, ctx: ReportContext) {
	const org = ctx.actor.organisationId;
	return rowsOf<Record<string, unknown>>(
		ex,
		sql`select to_char(date_trunc('month', s.day), 'YYYY-MM-DD') as month, count(*)::int as sales, 0 as returns,
		           sum(s.reference_cents) as ref, sum(s.paid_cents) as paid, sum(s.fse_cents) as fse
		      from sales s ${saleSiteJoin()}
		     where s.organisation_id = ${org} and s.kind = 'epicerie' and s.day >= ${ctx.period.from} and s.day <= ${ctx.period.to} ${siteFilter(ctx.siteId, sql.raw('sd'))}
		     group by 1
		    union all
		    select ${monthOf(sql`s.at`, ctx.zone)}, 0, count(*)::int, -sum(s.reference_cents), -sum(s.refund_cents),
		           -coalesce(sum((select sum(rl.reference_cents) from sale_return_lines rl
		                           join sale_lines sl on sl.organisation_id = rl.organisation_id and sl.id = rl.sale_line_id and sl.fse
		                          where rl.organisation_id = s.organisation_id and rl.return_id = s.id)), 0)
		      from sale_returns s ${saleSiteJoin()}
		     where s.organisation_id = ${org} and s.at >= ${instant(ctx.from)} and s.at < ${instant(ctx.to)} ${siteFilter(ctx.siteId, sql.raw('sd'))} ${ofEpicerieSale()}
		     group by 1`
	);
}

/** The period's payments by method: money kept by sales, refunds, change given back. */
async function paymentRows(ex: Executor, ctx: ReportContext) {
	return rowsOf<Record<string, unknown>>(
		ex,
		sql`select s.method::text as method,
		           count(*) filter (where s.amount_cents > 0)::int as payments,
		           coalesce(sum(s.amount_cents) filter (where s.amount_cents > 0), 0) as paid,
		           coalesce(-sum(s.amount_cents) filter (where s.amount_cents < 0), 0) as refunded,
		           coalesce(sum(s.change_cents), 0) as change
		      from sale_payments s ${saleSiteJoin()}
		     where s.organisation_id = ${ctx.actor.organisationId} and s.at >= ${instant(ctx.from)} and s.at < ${instant(ctx.to)} ${siteFilter(ctx.siteId, sql.raw('sd'))} ${ofEpicerieSale()}
		     group by 1 order by 1`
	);
}

const SUMS = ['lines', 'quantity', 'grams', 'referenceCents', 'paidCents'] as const;

export async function buildSalesReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const lines = await lineRows(ex, ctx);
	const months = await monthTotals(ex, ctx);
	const payments = (await paymentRows(ex, ctx)).map((p): Row => ({
		method: methodLabel(String(p.method)),
		payments: num0(p.payments),
		paidCents: num0(p.paid),
		refundedCents: num0(p.refunded),
		netCents: num0(p.paid) - num0(p.refunded),
		changeCents: num0(p.change)
	}));
	const byMonth = groupSum(
		months.map((r) => ({ month: String(r.month), sales: num0(r.sales), returns: num0(r.returns), ref: num0(r.ref), paid: num0(r.paid), fse: num0(r.fse) })),
		(r) => r.month,
		['sales', 'returns', 'ref', 'paid', 'fse']
	);
	const monthRows = monthsOf(ctx.period).map((month): Row => {
		const t = byMonth.get(month);
		return {
			month: monthShortLabel(month, ctx.locale),
			sales: num0(t?.sales),
			returns: num0(t?.returns),
			referenceCents: num0(t?.ref),
			paidCents: num0(t?.paid),
			fseCents: num0(t?.fse)
		};
	});
	const totals = sumRows(monthRows, ['sales', 'returns', 'referenceCents', 'paidCents', 'fseCents']);
	const count = num0(totals.sales);
	const perSale = (v: unknown) => (count ? Math.round(num0(v) / count) : null);

	const products = [...groupSum(lines, (r) => r.product, SUMS)]
		.map(([key, s]): Row => {
			const unit = lines.find((r) => r.product === key)!.unit;
			return { product: key.split('\u0000')[0]!, unit: unitWord(unit), ...s };
		})
		.sort((a, b) => num0(b.referenceCents) - num0(a.referenceCents));
	const categories = [...groupSum(lines, (r) => r.category ?? '', ['lines', 'grams', 'referenceCents', 'paidCents'])]
		.map(([c, s]): Row => ({ category: c || m.report_no_category(), ...s }))
		.sort((a, b) => num0(b.referenceCents) - num0(a.referenceCents));
	const lineTotal = sumRows(lines as unknown as Row[], ['lines', 'grams', 'referenceCents', 'paidCents']);
	const unknown = new Set(lines.filter((r) => r.unknownWeight).map((r) => r.product)).size;
	const paymentTotal = sumRows(payments, ['payments', 'paidCents', 'refundedCents', 'netCents', 'changeCents']);

	const cols = {
		lines: { key: 'lines', label: m.report_col_lines(), type: 'count' },
		grams: { key: 'grams', label: m.report_col_weight(), type: 'grams' },
		ref: { key: 'referenceCents', label: m.report_sales_reference(), type: 'cents' },
		paid: { key: 'paidCents', label: m.report_sales_paid(), type: 'cents' }
	} satisfies Record<string, Column>;

	return {
		name: 'sales',
		title: m.report_sales_title(),
		description: m.report_sales_description(),
		...reportFrame(ctx),
		notes: unknownWeightNote(unknown),
		figures: [
			{ id: 'sales', label: m.report_sales_count(), type: 'count', value: count },
			{ id: 'referenceCents', label: m.report_sales_reference_given(), type: 'cents', value: num0(totals.referenceCents) },
			{ id: 'paidCents', label: m.report_sales_participation(), type: 'cents', value: num0(totals.paidCents) },
			{ id: 'fseCents', label: m.report_sales_fse(), type: 'cents', value: num0(totals.fseCents) },
			{ id: 'basketReferenceCents', label: m.report_sales_basket_reference(), type: 'cents', value: perSale(totals.referenceCents) },
			{ id: 'basketPaidCents', label: m.report_sales_basket_paid(), type: 'cents', value: perSale(totals.paidCents) },
			{ id: 'grams', label: m.report_sales_kg(), type: 'grams', value: num(lineTotal.grams) }
		],
		charts: [
			...(monthRows.length > 1
				? [
						{
							id: 'mois',
							title: m.report_sales_by_month(),
							kind: 'bar' as const,
							type: 'cents' as const,
							labels: monthRows.map((r) => String(r.month)),
							series: [
								{ label: m.report_sales_reference(), values: monthRows.map((r) => num0(r.referenceCents)) },
								{ label: m.report_sales_paid(), values: monthRows.map((r) => num0(r.paidCents)) }
							]
						}
					]
				: []),
			{
				id: 'paiements',
				title: m.report_sales_methods(),
				kind: 'doughnut',
				type: 'cents',
				labels: payments.map((p) => String(p.method)),
				series: [{ label: m.report_sales_net(), values: payments.map((p) => num0(p.netCents)) }]
			}
		],
		tables: [
			{
				id: 'produits',
				title: m.report_sales_by_product(),
				columns: [
					{ key: 'product', label: m.report_sales_product(), type: 'text' },
					{ key: 'unit', label: m.report_sales_unit(), type: 'text', hidden: true },
					cols.lines,
					{ key: 'quantity', label: m.report_sales_quantity(), type: 'quantity', unitKey: 'unit' },
					cols.grams,
					cols.ref,
					cols.paid
				],
				rows: products,
				total: { ...lineTotal, unit: null, quantity: null },
				empty: m.report_sales_empty()
			},
			{
				id: 'categories',
				title: m.report_by_category(),
				columns: [{ key: 'category', label: m.report_col_category(), type: 'text' }, cols.lines, cols.grams, cols.ref, cols.paid],
				rows: categories,
				total: lineTotal,
				empty: m.report_sales_empty()
			},
			{
				id: 'paiements',
				title: m.report_sales_methods(),
				columns: [
					{ key: 'method', label: m.report_sales_method(), type: 'text' },
					{ key: 'payments', label: m.report_sales_payments(), type: 'count' },
					{ key: 'paidCents', label: m.report_sales_collected(), type: 'cents' },
					{ key: 'refundedCents', label: m.report_sales_refunded(), type: 'cents' },
					{ key: 'netCents', label: m.report_sales_net(), type: 'cents' },
					{ key: 'changeCents', label: m.report_sales_change(), type: 'cents' }
				],
				rows: payments,
				total: paymentTotal,
				empty: m.report_sales_empty()
			},
			{
				id: 'mois',
				title: m.report_by_month(),
				columns: [
					{ key: 'month', label: m.report_col_month(), type: 'text' },
					{ key: 'sales', label: m.report_sales_count(), type: 'count' },
					{ key: 'returns', label: m.report_sales_returns(), type: 'count' },
					cols.ref,
					cols.paid,
					{ key: 'fseCents', label: m.report_sales_fse(), type: 'cents' }
				],
				rows: monthRows,
				total: totals,
				empty: m.report_sales_empty()
			}
		]
	};
}

export const salesReport: ReportDef = {
	name: 'sales',
	path: '/rapports/ventes',
	audience: 'manager',
	title: () => m.report_sales_title(),
	summary:
		'Ventes par produit, catégorie et mois (retours de la période déduits) : lignes, quantités, kg, valeur de référence, payé ; panier moyen, participation, valeur FSE+, moyens de paiement.',
	run: buildSalesReport
};
