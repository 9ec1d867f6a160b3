/**
 * The dashboard (`/rapports`, `GET /api/v1/reports/dashboard`; issue 12): the month of `from` against
 * the month before and the same month last year, with the last 12 months of each figure, every figure
 * linking to the report behind it. Supervisors get the stock part only (kg received, losses, lots to
 * remove); the household and sales figures are then not computed at all. Managers and admins: all.
 *
 * Few queries: the shared monthly series (series.ts) over the 13 months ending with the month (which
 * hold the same month last year), and one count of lots by date.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { READ_REPORTS, READ_STOCK_REPORTS } from '$lib/permissions';
import type { Figure, Report } from '$lib/reports/model';
import { addDays, lastMonths, periodContaining, periodLabel, periodQuery } from '$lib/reports/period';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { readReportContext, type ReportContext } from './context';
import { flowSeries, salesSeries, wholeMonths } from './series';
import { num0, reportSnapshot, rowsOf } from './sql';

/** Days ahead for "DLC soon" (as the expiry report's default). */
export const DLC_SOON_DAYS = 3;

/** Lots with stock whose DLC is past (to remove) and within the next days. */
async function lotsByDate(ex: Executor, ctx: ReportContext): Promise<{ past: number; soon: number }> {
	const [r] = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select count(*) filter (where l.date < ${ctx.today})::int as past,
		           count(*) filter (where l.date >= ${ctx.today} and l.date <= ${addDays(ctx.today, DLC_SOON_DAYS)})::int as soon
		      from lots l
		      ${ctx.siteId ? sql`join locations ll on ll.organisation_id = l.organisation_id and ll.id = l.location_id and ll.site_id = ${ctx.siteId}` : sql``}
		     where l.organisation_id = ${ctx.actor.organisationId} and l.on_hand > 0 and l.date_type = 'dlc'`
	);
	return { past: num0(r?.past), soon: num0(r?.soon) };
}

/** The dashboard of the month of `ctx.period.from`. */
export async function buildDashboard(ex: Executor, ctx: ReportContext): Promise<Report> {
	const month = periodContaining('month', ctx.period.from);
	const months = lastMonths(month.from, 13);
	const range = wholeMonths(months[0]!, months[12]!);
	const everything = READ_REPORTS.some((r) => ctx.actor.roles.includes(r));
	const flows = await flowSeries(ex, ctx, range);
	const sales = everything ? await salesSeries(ex, ctx, range) : [];
	const lots = await lotsByDate(ex, ctx);

	const link = (path: string) => `${path}?${periodQuery(month, { site: ctx.siteId })}`;
	/** A figure from a monthly series: this month, the month before, a year before, the last 12 months. */
	const fig = (id: string, label: string, type: Figure['type'], values: number[], path: string): Figure => ({
		id,
		label,
		type,
		value: values[12]!,
		previous: values[11]!,
		lastYear: values[0]!,
		trend: values.slice(1),
		href: link(path)
	});
	const figures: Figure[] = [];
	if (everything) {
		figures.push(
			fig(
				'households',
				m.report_dashboard_households(),
				'count',
				sales.map((s) => s.households),
				'/rapports/foyers'
			),
			fig(
				'people',
				m.report_dashboard_people(),
				'count',
				sales.map((s) => s.people),
				'/rapports/foyers'
			),
			fig(
				'visits',
				m.report_dashboard_visits(),
				'count',
				sales.map((s) => s.visits),
				'/rapports/ventes'
			),
			fig(
				'reference',
				m.report_dashboard_reference(),
				'cents',
				sales.map((s) => s.referenceCents),
				'/rapports/ventes'
			),
			fig(
				'paid',
				m.report_dashboard_paid(),
				'cents',
				sales.map((s) => s.paidCents),
				'/rapports/ventes'
			),
			fig(
				'fse',
				m.report_dashboard_fse(),
				'cents',
				sales.map((s) => s.fseCents),
				'/rapports/fse'
			)
		);
	}
	figures.push(
		fig(
			'received',
			m.report_dashboard_received(),
			'grams',
			flows.map((f) => f.receivedGrams),
			'/rapports/origines'
		)
	);
	if (everything)
		figures.push(
			fig(
				'distributed',
				m.report_dashboard_distributed(),
				'grams',
				flows.map((f) => f.distributedGrams),
				'/rapports/origines'
			)
		);
	figures.push(
		fig(
			'lost',
			m.report_dashboard_lost(),
			'grams',
			flows.map((f) => f.lostGrams),
			'/rapports/pertes'
		),
		fig(
			'lostValue',
			m.report_dashboard_lost_value(),
			'cents',
			flows.map((f) => f.lostCents),
			'/rapports/pertes'
		),
		{ id: 'dlcPast', label: m.report_dashboard_dlc_past(), type: 'count', value: lots.past, href: '/rapports/peremptions' },
		{ id: 'dlcSoon', label: m.report_dashboard_dlc_soon({ days: DLC_SOON_DAYS }), type: 'count', value: lots.soon, href: '/rapports/peremptions' }
	);
	return {
		name: 'dashboard',
		title: m.report_dashboard_title(),
		description: everything ? m.report_dashboard_description() : m.report_dashboard_description_stock(),
		period: month,
		periodLabel: periodLabel(month, ctx.locale),
		siteId: ctx.siteId,
		generatedAt: ctx.now.toISOString(),
		notes: [],
		figures,
		charts: [],
		tables: []
	};
}

/** The dashboard for a person (supervisors, managers, admins), in one read-only snapshot. */
export async function runDashboard(db: Database, actor: Actor, params: URLSearchParams, opts: { now?: Date; locale?: string } = {}): Promise<Report> {
	requireRole(actor, READ_STOCK_REPORTS);
	const ctx = await readReportContext(db, actor, params, { locale: opts.locale ?? 'fr', now: opts.now });
	return db.transaction(async (tx) => {
		await reportSnapshot(tx);
		return buildDashboard(tx, ctx);
	});
}
