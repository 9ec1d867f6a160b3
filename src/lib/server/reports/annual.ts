/**
 * The annual report (issue 12): one page with what a food bank and the épiceries' network ask their
 * members for, for the year of `from` (whatever the period asked): kg received and distributed by origin
 * kind (FSE+ apart), households and people served (each once over the year), visits, reference value
 * given, participation collected, FSE+ value, kg lost — and the same by month.
 *
 * Built from the shared monthly series (series.ts), as the dashboard: the year's kg, visits and values
 * are the sums of its months; households and people are counted over the whole year.
 */
import { m } from '$lib/paraglide/messages';
import type { Report, Row } from '$lib/reports/model';
import { monthShortLabel, periodContaining, periodLabel } from '$lib/reports/period';
import { originKindLabel } from '$lib/stock/labels';
import type { Executor } from '../db';
import { groupSum } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { flowSeries, monthsIn, salesSeries, servedOver, type FlowRow } from './series';

const FLOW_SUMS = ['receivedGrams', 'distributedGrams', 'soldGrams', 'givenGrams', 'distributedCents', 'lostGrams', 'lostCents'] as const;
/** Origin kinds in the order the networks list them; FSE+ apart, last. */
const KIND_ORDER = ['food_bank', 'ramasse', 'donation', 'purchase', 'collecte', 'fse'];

export async function buildAnnualReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const year = periodContaining('year', ctx.period.from);
	const range = { from: year.from, to: year.to };
	const flows = await flowSeries(ex, ctx, range, { byOrigin: true });
	const sales = await salesSeries(ex, ctx, range);
	const served = await servedOver(ex, ctx, range);

	const byKind = groupSum(flows, (f) => f.kind, FLOW_SUMS);
	const byMonth = groupSum(flows, (f) => f.month, FLOW_SUMS);
	const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
	const kinds = [...byKind.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
	const originRows = kinds.map((k): Row => ({ kind: k === 'fse' ? m.report_annual_fse_origin() : originKindLabel(k), ...byKind.get(k)! }));
	const sum = (f: (typeof FLOW_SUMS)[number]) => flows.reduce((a, x: FlowRow) => a + x[f], 0);
	const totals = {
		receivedGrams: sum('receivedGrams'),
		distributedGrams: sum('distributedGrams'),
		soldGrams: sum('soldGrams'),
		givenGrams: sum('givenGrams'),
		distributedCents: sum('distributedCents'),
		lostGrams: sum('lostGrams'),
		lostCents: sum('lostCents')
	};
	const fseDistributed = flows.filter((f) => f.kind === 'fse').reduce((a, f) => a + f.distributedGrams, 0);
	const s = (f: 'visits' | 'referenceCents' | 'paidCents' | 'fseCents') => sales.reduce((a, x) => a + x[f], 0);
	const monthRows = monthsIn(range).map((month, i): Row => {
		const f = byMonth.get(month);
		const x = sales[i]!;
		return {
			month: monthShortLabel(month, ctx.locale),
			households: x.households,
			people: x.people,
			visits: x.visits,
			receivedGrams: f?.receivedGrams ?? 0,
			distributedGrams: f?.distributedGrams ?? 0,
			referenceCents: x.referenceCents,
			paidCents: x.paidCents
		};
	});
	const g = (key: string, label: string) => ({ key, label, type: 'grams' as const });
	const c = (key: string, label: string) => ({ key, label, type: 'cents' as const });
	const n = (key: string, label: string) => ({ key, label, type: 'count' as const });
	return {
		name: 'annual',
		title: m.report_annual_title(),
		description: m.report_annual_description(),
		period: year,
		periodLabel: periodLabel(year, ctx.locale),
		siteId: ctx.siteId,
		generatedAt: ctx.now.toISOString(),
		notes: [],
		figures: [
			{ id: 'distributedGrams', label: m.report_annual_distributed(), type: 'grams', value: totals.distributedGrams },
			{ id: 'fseGrams', label: m.report_annual_fse_distributed(), type: 'grams', value: fseDistributed },
			{ id: 'receivedGrams', label: m.report_annual_received(), type: 'grams', value: totals.receivedGrams },
			{ id: 'households', label: m.report_households_served(), type: 'count', value: served.households },
			{ id: 'people', label: m.report_households_people(), type: 'count', value: served.people },
			{ id: 'visits', label: m.report_households_col_visits(), type: 'count', value: s('visits') },
			{ id: 'reference', label: m.report_dashboard_reference(), type: 'cents', value: s('referenceCents') },
			{ id: 'paid', label: m.report_dashboard_paid(), type: 'cents', value: s('paidCents') },
			{ id: 'fse', label: m.report_dashboard_fse(), type: 'cents', value: s('fseCents') },
			{ id: 'lostGrams', label: m.report_dashboard_lost(), type: 'grams', value: totals.lostGrams }
		],
		charts: [
			{
				id: 'origins',
				title: m.report_annual_by_origin(),
				kind: 'bar',
				type: 'grams',
				horizontal: true,
				labels: originRows.map((r) => String(r.kind)),
				series: [
					{ label: m.report_annual_col_received(), values: originRows.map((r) => r.receivedGrams as number) },
					{ label: m.report_annual_col_distributed(), values: originRows.map((r) => r.distributedGrams as number) }
				]
			}
		],
		tables: [
			{
				id: 'origines',
				title: m.report_annual_by_origin(),
				columns: [
					{ key: 'kind', label: m.report_col_origin_kind(), type: 'text' },
					g('receivedGrams', m.report_annual_col_received()),
					g('soldGrams', m.report_annual_col_sold()),
					g('givenGrams', m.report_annual_col_given()),
					g('distributedGrams', m.report_annual_col_distributed()),
					c('distributedCents', m.report_annual_col_distributed_value()),
					g('lostGrams', m.report_annual_col_lost())
				],
				rows: originRows,
				total: totals,
				empty: m.report_annual_empty()
			},
			{
				id: 'mois',
				title: m.report_by_month(),
				columns: [
					{ key: 'month', label: m.report_col_month(), type: 'text' },
					n('households', m.report_households_col_households()),
					n('people', m.report_households_col_people()),
					n('visits', m.report_households_col_visits()),
					g('receivedGrams', m.report_annual_col_received()),
					g('distributedGrams', m.report_annual_col_distributed()),
					c('referenceCents', m.report_annual_col_reference()),
					c('paidCents', m.report_annual_col_paid())
				],
				rows: monthRows,
				// Households and people over the year: each once (not the sum of the months).
				total: {
					households: served.households,
					people: served.people,
					visits: s('visits'),
					receivedGrams: totals.receivedGrams,
					distributedGrams: totals.distributedGrams,
					referenceCents: s('referenceCents'),
					paidCents: s('paidCents')
				},
				empty: m.report_annual_empty()
			}
		]
	};
}

export const annualReport: ReportDef = {
	name: 'annual',
	path: '/rapports/annuel',
	audience: 'manager',
	title: () => m.report_annual_title(),
	summary:
		"Rapport annuel (l'année de from) : kg reçus et distribués par type d'origine (FSE+ à part), foyers et personnes sans doublon, passages, valeur donnée, participation, valeur FSE+, kg perdus ; par mois.",
	run: buildAnnualReport
};
