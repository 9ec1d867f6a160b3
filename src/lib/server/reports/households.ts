/**
 * Households served (issue 12): counted, never named — no name, reference, id or birth date leaves the
 * database here (the queries group before answering). Per month of the period: households and people
 * served (each household once per month; over the period once, not the sum of the months), by
 * composition (1 / 2 / 3–4 / 5+ persons) and by commune (communes with fewer than 3 households grouped as
 * "Autres communes", so that no household can be picked out), new files, rights issued / renewed /
 * ended, average budget used against the monthly budget, visits per household.
 *
 * Served = had a sale (`sales.day`) or a parcel handed over (its distribution day, issue 14) in the period,
 * each household once; people = 1 + the household's members (series.ts).
 * Rights: issued = created in the period; renewed = renewals made in the period (the journal's
 * `right.renew`, where each renewal's moment is kept); ended = reached their last day in the period
 * (not revoked) or revoked in the period. Rights and new files do not depend on a site.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Report, Row } from '$lib/reports/model';
import { monthShortLabel } from '$lib/reports/period';
import type { Executor } from '../db';
import { rateBp, reportFrame } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { parcelHouseholdsOfDays, salesOfDays, salesSeries, servedOver } from './series';
import { instant, num0, rowsOf } from './sql';

/** Below this many households a commune is not shown by name (privacy). */
export const COMMUNE_MIN_HOUSEHOLDS = 3;

/** The composition band of a household of `persons` persons. */
export const compositionBand = (persons: number): '1' | '2' | '3-4' | '5+' => (persons <= 1 ? '1' : persons === 2 ? '2' : persons <= 4 ? '3-4' : '5+');
const BANDS = ['1', '2', '3-4', '5+'] as const;

/** Communes with their households and people; those under the threshold added up as one "other" row (key null). */
export function groupCommunes(
	rows: readonly { commune: string | null; households: number; people: number }[]
): { commune: string | null; households: number; people: number }[] {
	const shown = rows
		.filter((r) => r.commune !== null && r.households >= COMMUNE_MIN_HOUSEHOLDS)
		.sort((a, b) => b.households - a.households || a.commune!.localeCompare(b.commune!));
	const rest = rows.filter((r) => !shown.includes(r));
	const other = rest.reduce((a, r) => ({ commune: null, households: a.households + r.households, people: a.people + r.people }), {
		commune: null as string | null,
		households: 0,
		people: 0
	});
	return other.households > 0 ? [...shown, other] : shown;
}

/** Households served in the period by commune and size (no household named: grouped in SQL). */
async function servedProfile(ex: Executor, ctx: ReportContext): Promise<{ commune: string | null; persons: number; households: number }[]> {
	const org = ctx.actor.organisationId;
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with hs as (
			select s.household_id from sales s
			${ctx.siteId ? sql`join till_sessions ts on ts.organisation_id = s.organisation_id and ts.id = s.session_id join devices d on d.id = ts.device_id and d.site_id = ${ctx.siteId}` : sql``}
			 where ${salesOfDays(org, ctx.period.from, ctx.period.to)}
			union
			select ph.household_id from (${parcelHouseholdsOfDays(org, ctx.period.from, ctx.period.to, ctx.siteId)}) ph
		)
		select nullif(trim(h.commune), '') as commune,
		       1 + (select count(*) from household_members hm where hm.organisation_id = h.organisation_id and hm.household_id = h.id)::int as persons,
		       count(*)::int as households
		  from hs join households h on h.organisation_id = ${org} and h.id = hs.household_id
		 group by 1, 2`
	);
	return rows.map((r) => ({ commune: (r.commune as string | null) ?? null, persons: num0(r.persons), households: num0(r.households) }));
}

/** New files, rights issued, renewed and ended in the period; budget used against the monthly budgets. */
async function rightsFigures(ex: Executor, ctx: ReportContext) {
	const org = ctx.actor.organisationId;
	const [r] = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select
		   (select count(*)::int from households h where h.organisation_id = ${org} and h.created_at >= ${instant(ctx.from)} and h.created_at < ${instant(ctx.to)}) as new_files,
		   (select count(*)::int from rights r where r.organisation_id = ${org} and r.created_at >= ${instant(ctx.from)} and r.created_at < ${instant(ctx.to)}) as issued,
		   (select count(*)::int from audit_log a where a.organisation_id = ${org} and a.action = 'right.renew' and a.at >= ${instant(ctx.from)} and a.at < ${instant(ctx.to)}) as renewed,
		   (select count(*)::int from rights r where r.organisation_id = ${org}
		      and ((r.status <> 'revoked' and r.valid_to >= ${ctx.period.from} and r.valid_to <= ${ctx.period.to})
		        or (r.status = 'revoked' and r.updated_at >= ${instant(ctx.from)} and r.updated_at < ${instant(ctx.to)}))) as ended`
	);
	// Budget: per right and month with spending in the period, what was spent against that month's budget.
	const [b] = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select count(*)::int as right_months, coalesce(sum(u.spent), 0) as spent, coalesce(sum(r.monthly_budget_cents), 0) as budget
		      from (select bu.right_id, bu.month, sum(bu.amount_cents) as spent from right_budget_uses bu
		             where bu.organisation_id = ${org} and bu.month >= date_trunc('month', ${ctx.period.from}::timestamp)::date and bu.month <= ${ctx.period.to}
		             group by 1, 2) u
		      join rights r on r.organisation_id = ${org} and r.id = u.right_id`
	);
	return {
		newFiles: num0(r?.new_files),
		issued: num0(r?.issued),
		renewed: num0(r?.renewed),
		ended: num0(r?.ended),
		rightMonths: num0(b?.right_months),
		spent: num0(b?.spent),
		budget: num0(b?.budget)
	};
}

export async function buildHouseholdsReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const range = { from: ctx.period.from, to: ctx.period.to };
	const months = await salesSeries(ex, ctx, range);
	const total = await servedOver(ex, ctx, range);
	const profile = await servedProfile(ex, ctx);
	const rights = await rightsFigures(ex, ctx);
	const visits = months.reduce((a, x) => a + x.visits, 0);

	const bands = BANDS.map((band): Row => {
		const rows = profile.filter((p) => compositionBand(p.persons) === band);
		return {
			band: m.report_households_band({ band }),
			households: rows.reduce((a, p) => a + p.households, 0),
			people: rows.reduce((a, p) => a + p.households * p.persons, 0)
		};
	});
	const byCommune = new Map<string | null, { commune: string | null; households: number; people: number }>();
	for (const p of profile) {
		const c = byCommune.get(p.commune) ?? { commune: p.commune, households: 0, people: 0 };
		c.households += p.households;
		c.people += p.households * p.persons;
		byCommune.set(p.commune, c);
	}
	const communes = groupCommunes([...byCommune.values()]).map((c): Row => ({
		commune: c.commune ?? m.report_households_other_communes(),
		households: c.households,
		people: c.people
	}));
	const cols = {
		households: { key: 'households', label: m.report_households_col_households(), type: 'count' as const },
		people: { key: 'people', label: m.report_households_col_people(), type: 'count' as const },
		visits: { key: 'visits', label: m.report_households_col_visits(), type: 'count' as const }
	};
	const monthRows = months.map((x): Row => ({ month: monthShortLabel(x.month, ctx.locale), households: x.households, people: x.people, visits: x.visits }));
	const totalRow: Row = { households: total.households, people: total.people };
	return {
		name: 'households',
		title: m.report_households_title(),
		description: m.report_households_description(),
		...reportFrame(ctx),
		notes: [{ text: m.report_households_privacy({ min: COMMUNE_MIN_HOUSEHOLDS }), tone: 'info' }],
		figures: [
			{ id: 'households', label: m.report_households_served(), type: 'count', value: total.households },
			{ id: 'people', label: m.report_households_people(), type: 'count', value: total.people },
			{ id: 'visits', label: m.report_households_col_visits(), type: 'count', value: visits },
			{
				id: 'visitsPerHousehold',
				label: m.report_households_visits_per_household(),
				type: 'count',
				value: total.households ? Math.round((visits / total.households) * 10) / 10 : null
			},
			{ id: 'newFiles', label: m.report_households_new_files(), type: 'count', value: rights.newFiles },
			{ id: 'rightsIssued', label: m.report_households_rights_issued(), type: 'count', value: rights.issued },
			{ id: 'rightsRenewed', label: m.report_households_rights_renewed(), type: 'count', value: rights.renewed },
			{ id: 'rightsEnded', label: m.report_households_rights_ended(), type: 'count', value: rights.ended },
			{ id: 'budgetUsed', label: m.report_households_budget_used(), type: 'bp', value: rateBp(rights.spent, rights.budget) },
			{
				id: 'budgetSpent',
				label: m.report_households_budget_spent(),
				type: 'cents',
				value: rights.rightMonths ? Math.round(rights.spent / rights.rightMonths) : null
			}
		],
		charts: [
			{
				id: 'months',
				title: m.report_households_by_month(),
				kind: 'bar',
				type: 'count',
				labels: monthRows.map((r) => String(r.month)),
				series: [
					{ label: m.report_households_col_households(), values: months.map((x) => x.households) },
					{ label: m.report_households_col_people(), values: months.map((x) => x.people) }
				]
			}
		],
		tables: [
			{
				id: 'mois',
				title: m.report_households_by_month(),
				columns: [{ key: 'month', label: m.report_col_month(), type: 'text' }, cols.households, cols.people, cols.visits],
				rows: monthRows,
				total: { ...totalRow, visits },
				empty: m.report_households_empty()
			},
			{
				id: 'composition',
				title: m.report_households_by_composition(),
				columns: [{ key: 'band', label: m.report_households_col_band(), type: 'text' }, cols.households, cols.people],
				rows: bands,
				total: totalRow,
				empty: m.report_households_empty()
			},
			{
				id: 'communes',
				title: m.report_households_by_commune(),
				columns: [{ key: 'commune', label: m.report_households_col_commune(), type: 'text' }, cols.households, cols.people],
				rows: communes,
				total: totalRow,
				empty: m.report_households_empty()
			}
		]
	};
}

export const householdsReport: ReportDef = {
	name: 'households',
	path: '/rapports/foyers',
	audience: 'manager',
	title: () => m.report_households_title(),
	summary:
		'Foyers servis, comptés sans jamais être nommés : foyers et personnes par mois (sans doublon), par composition et par commune (moins de 3 foyers : « Autres communes »), nouveaux dossiers, droits ouverts, renouvelés et finis, budget utilisé, passages par foyer.',
	run: buildHouseholdsReport
};
