/**
 * The workshop report (issue 13, item 8), for managers and funders: people in post over the period, new
 * contracts, skills validated per block and level, exits by category with the positive-exit rate, and the
 * work done by area — counts only, never a name (not even a referent's): every query groups before
 * answering. Erased people are still counted (their contracts, validations and work stay, anonymous).
 *
 * In post = a contract overlapping the period (its effective end: the exit day when earlier than the end
 * day); each person once, in the weekly-hours band of their latest such contract. New contracts = starting
 * in the period. Validations = those dated in the period: distinct (person, skill) per block, each at the
 * last level given to it in the period. Exits = exits dated in the period, by EXIT_KINDS; positive exits =
 * durable + transition + positive (training). Work events = the period's `work_events` by area.
 *
 * Nothing here belongs to a site (contracts, validations and people belong to the organisation): a chosen
 * site is ignored, and the report says so, as the households report does for rights.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Note, Report, Row } from '$lib/reports/model';
import { isWorkEventType, WORK_EVENT_AREA } from '$lib/training/events';
import { EXIT_KINDS, exitLabel, LEVELS, levelLabel, type ExitKind } from '$lib/training/framework';
import type { Executor } from '../db';
import { rateBp, reportFrame } from './common';
import type { ReportContext } from './context';
import type { ReportDef } from './registry';
import { inPeriod, num0, rowsOf } from './sql';

/** Weekly-hours bands of the people in post (CDDI: 20 h at least, 26 h typical, up to 35 h). */
export const HOURS_BANDS = ['lt20', '20to25', '26to34', '35plus'] as const;
export type HoursBand = (typeof HOURS_BANDS)[number];
export const hoursBand = (weeklyMinutes: number): HoursBand =>
	weeklyMinutes < 20 * 60 ? 'lt20' : weeklyMinutes < 26 * 60 ? '20to25' : weeklyMinutes < 35 * 60 ? '26to34' : '35plus';
const BAND_LABELS: Record<HoursBand, () => string> = {
	lt20: m.report_workshop_band_lt20,
	'20to25': m.report_workshop_band_20to25,
	'26to34': m.report_workshop_band_26to34,
	'35plus': m.report_workshop_band_35plus
};
export const AREAS = ['reception', 'stock', 'count', 'till', 'parcels', 'reuse'] as const;
const AREA_LABELS: Record<(typeof AREAS)[number], () => string> = {
	reception: m.report_workshop_area_reception,
	stock: m.report_workshop_area_stock,
	count: m.report_workshop_area_count,
	till: m.report_workshop_area_till,
	parcels: m.report_workshop_area_parcels,
	reuse: m.report_workshop_area_reuse
};
/** Exits that count as positive in the ACI reports: durable job, transition job, positive exit (training). */
export const POSITIVE_EXITS: readonly ExitKind[] = ['durable_job', 'transition_job', 'positive'];

export async function buildWorkshopReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const org = ctx.actor.organisationId;
	const { from, to } = ctx.period;
	// Each person in post once, with the weekly minutes of their latest contract overlapping the period.
	const inPost = await rowsOf<{ weekly_minutes: number; people: number }>(
		ex,
		sql`select x.weekly_minutes, count(*)::int as people from (
			select distinct on (c.user_id) c.user_id, c.weekly_minutes from contracts c
			 where c.organisation_id = ${org} and c.start_date <= ${to}::date and least(c.end_date, c.exit_date) >= ${from}::date
			 order by c.user_id, c.start_date desc, c.created_at desc) x
		 group by 1`
	);
	const [counts] = await rowsOf<{ new_contracts: number }>(
		ex,
		sql`select count(*)::int as new_contracts from contracts c where c.organisation_id = ${org} and c.start_date between ${from}::date and ${to}::date`
	);
	// Distinct (person, skill) validated in the period, at the last level the period gave it, by block.
	const validated = await rowsOf<{ framework: string; block: string; position: number; level: string; n: number }>(
		ex,
		sql`select s.framework, s.block, min(s.position)::int as position, v.level, count(*)::int as n from (
			select distinct on (v.user_id, v.skill_id) v.skill_id, v.level from skill_validations v
			 where v.organisation_id = ${org} and v.day between ${from}::date and ${to}::date
			 order by v.user_id, v.skill_id, v.day desc, v.created_at desc) v
		  join skills s on s.organisation_id = ${org} and s.id = v.skill_id
		 group by 1, 2, 4`
	);
	const exits = await rowsOf<{ exit_kind: string; n: number }>(
		ex,
		sql`select c.exit_kind, count(*)::int as n from contracts c
		 where c.organisation_id = ${org} and c.exit_kind is not null and c.exit_date between ${from}::date and ${to}::date group by 1`
	);
	const events = await rowsOf<{ type: string; n: number }>(
		ex,
		sql`select e.type, count(*)::int as n from work_events e where e.organisation_id = ${org} and ${inPeriod(sql`e.at`, ctx)} group by 1`
	);

	const bandRows = HOURS_BANDS.map((band): Row => ({
		band: BAND_LABELS[band](),
		people: inPost.filter((r) => hoursBand(num0(r.weekly_minutes)) === band).reduce((a, r) => a + num0(r.people), 0)
	}));
	const people = bandRows.reduce((a, r) => a + Number(r.people), 0);

	const fwOrder = (f: string) => (f === 'cap_epc' ? 0 : f === 'clea' ? 1 : 2);
	const blocks = [...new Map(validated.map((r) => [r.block, r])).values()]
		.sort((a, b) => fwOrder(a.framework) - fwOrder(b.framework) || num0(a.position) - num0(b.position) || a.block.localeCompare(b.block))
		.map((r) => r.block);
	const blockRows = blocks.map((block): Row => {
		const rows = validated.filter((r) => r.block === block);
		const row: Row = { block };
		for (const l of LEVELS) row[l] = rows.filter((r) => r.level === l).reduce((a, r) => a + num0(r.n), 0);
		row.total = rows.reduce((a, r) => a + num0(r.n), 0);
		return row;
	});
	const levelTotals: Row = {};
	for (const k of [...LEVELS, 'total']) levelTotals[k] = blockRows.reduce((a, r) => a + Number(r[k]), 0);

	const exitRows = EXIT_KINDS.map((k): Row => ({ kind: exitLabel(k), exits: exits.filter((r) => r.exit_kind === k).reduce((a, r) => a + num0(r.n), 0) }));
	const exitTotal = exits.reduce((a, r) => a + num0(r.n), 0);
	const positive = exits.filter((r) => (POSITIVE_EXITS as readonly string[]).includes(r.exit_kind)).reduce((a, r) => a + num0(r.n), 0);

	const areaRows = AREAS.map((area): Row => ({
		area: AREA_LABELS[area](),
		events: events.filter((r) => isWorkEventType(r.type) && WORK_EVENT_AREA[r.type] === area).reduce((a, r) => a + num0(r.n), 0)
	}));
	const eventTotal = areaRows.reduce((a, r) => a + Number(r.events), 0);

	const notes: Note[] = [{ text: m.report_workshop_privacy(), tone: 'info' }];
	if (ctx.siteId) notes.push({ text: m.report_workshop_no_site(), tone: 'info' });
	const count = (key: string, label: string) => ({ key, label, type: 'count' as const });
	return {
		name: 'workshop',
		title: m.report_workshop_title(),
		description: m.report_workshop_description(),
		...reportFrame(ctx),
		notes,
		figures: [
			{ id: 'people', label: m.report_workshop_people(), type: 'count', value: people },
			{ id: 'newContracts', label: m.report_workshop_new_contracts(), type: 'count', value: num0(counts?.new_contracts) },
			{ id: 'validated', label: m.report_workshop_validated(), type: 'count', value: Number(levelTotals.total) },
			{ id: 'exits', label: m.report_workshop_exits(), type: 'count', value: exitTotal },
			{ id: 'positiveRate', label: m.report_workshop_positive_rate(), type: 'bp', value: rateBp(positive, exitTotal) },
			{ id: 'events', label: m.report_workshop_events(), type: 'count', value: eventTotal }
		],
		charts: [
			{
				id: 'exits',
				title: m.report_workshop_by_exit(),
				kind: 'doughnut',
				type: 'count',
				labels: exitRows.map((r) => String(r.kind)),
				series: [{ label: m.report_workshop_exits(), values: exitRows.map((r) => Number(r.exits)) }]
			},
			{
				id: 'validations',
				title: m.report_workshop_by_block(),
				kind: 'bar',
				type: 'count',
				stacked: true,
				horizontal: true,
				labels: blockRows.map((r) => String(r.block)),
				series: LEVELS.map((l) => ({ label: levelLabel(l), values: blockRows.map((r) => Number(r[l])) }))
			}
		],
		tables: [
			{
				id: 'poste',
				title: m.report_workshop_by_hours(),
				columns: [{ key: 'band', label: m.report_workshop_col_hours(), type: 'text' }, count('people', m.report_workshop_col_people())],
				rows: bandRows,
				total: { people },
				empty: m.report_workshop_empty()
			},
			{
				id: 'competences',
				title: m.report_workshop_by_block(),
				columns: [
					{ key: 'block', label: m.report_workshop_col_block(), type: 'text' },
					...LEVELS.map((l) => count(l, levelLabel(l))),
					count('total', m.report_workshop_col_total())
				],
				rows: blockRows,
				total: levelTotals,
				empty: m.report_workshop_empty()
			},
			{
				id: 'sorties',
				title: m.report_workshop_by_exit(),
				columns: [{ key: 'kind', label: m.report_workshop_col_exit(), type: 'text' }, count('exits', m.report_workshop_exits())],
				rows: exitRows,
				total: { exits: exitTotal },
				empty: m.report_workshop_empty()
			},
			{
				id: 'travail',
				title: m.report_workshop_by_area(),
				columns: [{ key: 'area', label: m.report_workshop_col_area(), type: 'text' }, count('events', m.report_workshop_events())],
				rows: areaRows,
				total: { events: eventTotal },
				empty: m.report_workshop_empty()
			}
		]
	};
}

export const workshopReport: ReportDef = {
	name: 'workshop',
	path: '/rapports/atelier',
	audience: 'manager',
	title: () => m.report_workshop_title(),
	summary:
		"Atelier d'insertion, en nombres sans aucun nom : personnes en poste (par tranche d'heures par semaine), nouveaux contrats, compétences validées par bloc et par niveau, sorties par catégorie avec le taux de sorties positives, actions de travail par domaine.",
	run: buildWorkshopReport
};
