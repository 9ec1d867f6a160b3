/**
 * Expiry (issue 12): a moment, not a period — the lots in stock today (the organisation's day) whose
 * DLC is past (to remove: the write-off on the lot's page), whose DLC comes within N days, whose DDM is
 * past; and ★ what to move before it is lost: lots close to their date with the suggested action
 * ($lib/stock/rescue) and, once done, the kg saved this month and last month (rescue movements).
 *
 * The dates' rules are $lib/stock/expiry's (DLC alert window: `days`, default the organisation's
 * stock.dlcAlertDays; DDM delay: the till's ddmGraceMonths). Site: where the lot is (its location's
 * site). Usual sales (for "more than sells before the date"): sales less returns of the product over
 * the 28 days before now, from the ledger, every site.
 */
import { sql } from 'drizzle-orm';
import { startOfDayInZone } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { sumRows, unitWord, type Column, type Report, type Row, type Table } from '$lib/reports/model';
import { addDays, frenchDate } from '$lib/stock/dates';
import { expiryStatus, ddmGraceEnd } from '$lib/stock/expiry';
import { daysBetween, RESCUE_REASONS, suggestRescue, type RescueAction } from '$lib/stock/rescue';
import { rescueReasonLabel } from '$lib/stock/labels';
import type { Executor } from '../db';
import { stockSettings } from '../stock/settings';
import { unknownWeightNote } from './common';
import { intParam, type ReportContext } from './context';
import type { ReportDef } from './registry';
import { gramsOf, movementSiteJoin, num, num0, rowsOf, siteFilter, valueOf, weightUnknown } from './sql';

/** Days of sales the "usual sales" average is taken over. */
export const SALES_DAYS = 28;
/** The longest window a person may ask for. */
export const MAX_EXPIRY_DAYS = 90;

export interface ExpiryLot {
	id: string;
	code: string;
	product: string;
	unit: string;
	location: string;
	dateType: 'dlc' | 'ddm';
	date: string;
	onHand: number;
	blocked: boolean;
	grams: number | null;
	cents: number;
	unknownWeight: boolean;
	/** Sold less returned over the last SALES_DAYS days, base units. */
	sold: number;
}

/** The lots in stock with a DLC up to `through`, or a past DDM, of the site's locations when a site is chosen. */
export async function expiryLots(ex: Executor, ctx: ReportContext, through: string): Promise<ExpiryLot[]> {
	const org = ctx.actor.organisationId;
	const since = new Date(ctx.now.getTime() - SALES_DAYS * 86_400_000);
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with sold as (
			select sl.product_id, -sum(sm.quantity) as q
			  from stock_movements sm
			  join lots sl on sl.organisation_id = sm.organisation_id and sl.id = sm.lot_id
			 where sm.organisation_id = ${org} and sm.kind in ('sale', 'return') and sm.at >= ${since.toISOString()}::timestamptz and sm.at < ${ctx.now.toISOString()}::timestamptz
			 group by sl.product_id
		)
		select l.id, l.code, p.name as product, p.unit::text as unit, coalesce(ml.code, '') as location,
		       l.date_type::text as date_type, to_char(l.date, 'YYYY-MM-DD') as date, l.on_hand, l.blocked,
		       ${gramsOf(sql`l.on_hand`)} as grams, coalesce(${valueOf(sql`l.on_hand`)}, 0) as cents,
		       ${weightUnknown()} as unknown_weight, coalesce(s.q, 0) as sold
		  from lots l
		  join products p on p.organisation_id = l.organisation_id and p.id = l.product_id
		  left join locations ml on ml.organisation_id = l.organisation_id and ml.id = l.location_id
		  left join sold s on s.product_id = l.product_id
		 where l.organisation_id = ${org} and l.on_hand > 0 and l.date is not null
		   and ((l.date_type = 'dlc' and l.date <= ${through}) or (l.date_type = 'ddm' and l.date < ${ctx.today}))
		   ${siteFilter(ctx.siteId)}
		 order by l.date, l.code`
	);
	return rows.map((r) => ({
		id: String(r.id),
		code: String(r.code),
		product: String(r.product),
		unit: String(r.unit),
		location: String(r.location),
		dateType: r.date_type === 'ddm' ? 'ddm' : 'dlc',
		date: String(r.date),
		onHand: num0(r.on_hand),
		blocked: r.blocked === true,
		grams: num(r.grams),
		cents: num0(r.cents),
		unknownWeight: r.unknown_weight === true,
		sold: Math.max(0, num0(r.sold))
	}));
}

/** First day of the month of `day`, and of the month `shift` months away. */
function monthStart(day: string, shift = 0): string {
	const d = new Date(`${day.slice(0, 8)}01T00:00:00Z`);
	d.setUTCMonth(d.getUTCMonth() + shift);
	return d.toISOString().slice(0, 10);
}

interface SavedRow {
	reason: string;
	month: string;
	movements: number;
	grams: number | null;
	cents: number;
}

/**
 * What the rescue actions saved from `from` to `to` (instants): the rescue movements not undone by a
 * correction — a gift (partner, parcel) counts the quantity that left, a move to the free shelf the
 * lot's balance right after it (the goods put there). Site: where the movement happened.
 */
export async function savedRows(ex: Executor, ctx: ReportContext, from: Date, to: Date): Promise<SavedRow[]> {
	const org = ctx.actor.organisationId;
	const rows = await rowsOf<Record<string, unknown>>(
		ex,
		sql`with r as (
			select m.organisation_id, m.lot_id, m.at, m.reason, m.to_location_id, m.from_location_id,
			       case when m.kind = 'move'
			            then (select l2.on_hand - coalesce((select sum(x.quantity) from stock_movements x where x.organisation_id = m.organisation_id and x.lot_id = m.lot_id and x.id > m.id), 0)
			                    from lots l2 where l2.organisation_id = m.organisation_id and l2.id = m.lot_id)
			            else -m.quantity end as q
			  from stock_movements m
			 where m.organisation_id = ${org} and m.kind in ('move', 'distribution')
			   and m.reason in (${sql.join(
						RESCUE_REASONS.map((x) => sql`${x}`),
						sql`, `
					)})
			   and m.at >= ${from.toISOString()}::timestamptz and m.at < ${to.toISOString()}::timestamptz
			   and not exists (select 1 from stock_movements c where c.organisation_id = m.organisation_id and c.correction_of = m.id)
		)
		select m.reason, to_char(date_trunc('month', m.at at time zone ${ctx.zone}), 'YYYY-MM-DD') as month, count(*)::int as movements,
		       sum(${gramsOf(sql`m.q`)}) as grams, coalesce(sum(${valueOf(sql`m.q`)}), 0) as cents
		  from r m
		  join lots l on l.organisation_id = m.organisation_id and l.id = m.lot_id
		  join products p on p.organisation_id = l.organisation_id and p.id = l.product_id
		  ${movementSiteJoin()}
		 where true ${siteFilter(ctx.siteId)}
		 group by 1, 2
		 order by 2 desc, 1`
	);
	return rows.map((r) => ({ reason: String(r.reason), month: String(r.month), movements: num0(r.movements), grams: num(r.grams), cents: num0(r.cents) }));
}

const ACTION_LABEL: Record<RescueAction, () => string> = {
	free_shelf: m.rescue_action_free_shelf,
	parcel: m.rescue_action_parcel,
	partner: m.rescue_action_partner
};
export const rescueActionLabel = (a: RescueAction) => ACTION_LABEL[a]();
const WHY_LABEL = {
	dlc_now: m.rescue_why_dlc_now,
	dlc_soon: m.rescue_why_dlc_soon,
	ddm_too_old: m.rescue_why_ddm_too_old,
	too_much: m.rescue_why_too_much
} as const;

const SUMS = ['grams', 'cents'] as const;

export async function buildExpiryReport(ex: Executor, ctx: ReportContext): Promise<Report> {
	const settings = await stockSettings(ex, ctx.actor);
	const fallback = Math.min(Math.max(settings.dlcAlertDays, 1), MAX_EXPIRY_DAYS);
	const days = intParam(ctx, 'days', fallback, 1, MAX_EXPIRY_DAYS, m.report_expiry_days());
	const grace = settings.ddmGraceMonths;
	const today = ctx.today;
	// The rescue list looks at least 3 days ahead (a parcel for a DLC in 2 or 3 days).
	const lots = await expiryLots(ex, ctx, addDays(today, Math.max(days, 3)));
	const state = (l: ExpiryLot) => expiryStatus(l, today, grace, days).state;

	const line = (l: ExpiryLot, daysCell: number): Row => ({
		code: l.code,
		product: l.product,
		location: l.location,
		date: l.date,
		days: daysCell,
		quantity: l.onHand,
		unit: unitWord(l.unit),
		grams: l.grams,
		cents: l.cents
	});
	const dlcPast = lots.filter((l) => state(l) === 'dlc_past');
	const dlcSoon = lots.filter((l) => state(l) === 'dlc_soon');
	const ddmPast = lots.filter((l) => l.dateType === 'ddm');
	const rescue = lots
		.map((l) => ({ l, s: suggestRescue({ ...l, dailySales: l.sold / SALES_DAYS }, today, { ddmGraceMonths: grace, window: days }) }))
		.filter((x): x is { l: ExpiryLot; s: NonNullable<typeof x.s> } => x.s !== null);

	const cols = (daysLabel: string): Column[] => [
		{ key: 'code', label: m.report_expiry_col_lot(), type: 'text' },
		{ key: 'product', label: m.report_expiry_col_product(), type: 'text' },
		{ key: 'location', label: m.report_expiry_col_location(), type: 'text' },
		{ key: 'date', label: m.report_expiry_col_date(), type: 'day' },
		{ key: 'days', label: daysLabel, type: 'count' },
		{ key: 'quantity', label: m.report_expiry_col_quantity(), type: 'quantity', unitKey: 'unit' },
		{ key: 'unit', label: m.report_expiry_col_unit(), type: 'text', hidden: true },
		{ key: 'grams', label: m.report_col_weight(), type: 'grams' },
		{ key: 'cents', label: m.report_col_value(), type: 'cents' }
	];
	const links = (ls: ExpiryLot[]) => Object.fromEntries(ls.map((l) => [l.code, `/stock/lots/${encodeURIComponent(l.code)}`]));
	const table = (id: string, title: string, daysLabel: string, ls: ExpiryLot[], rows: Row[], empty: string, extra: Column[] = []): Table => ({
		id,
		title,
		columns: [...cols(daysLabel), ...extra],
		rows,
		total: sumRows(rows, SUMS),
		empty,
		links: links(ls)
	});
	const past = (l: ExpiryLot) => -daysBetween(today, l.date);
	const tPast = table(
		'dlc-passee',
		m.report_expiry_dlc_past(),
		m.report_expiry_col_days_past(),
		dlcPast,
		dlcPast.map((l) => line(l, past(l))),
		m.report_expiry_none()
	);
	const tSoon = table(
		'dlc-bientot',
		m.report_expiry_dlc_soon({ days }),
		m.report_expiry_col_days_left(),
		dlcSoon,
		dlcSoon.map((l) => line(l, daysBetween(today, l.date))),
		m.report_expiry_none()
	);
	const tDdm = table(
		'ddm-passee',
		m.report_expiry_ddm_past(),
		m.report_expiry_col_days_past(),
		ddmPast,
		ddmPast.map((l) => ({
			...line(l, past(l)),
			delay: state(l) === 'ddm_too_old' ? m.report_expiry_delay_over() : m.report_expiry_delay_within({ day: frenchDate(ddmGraceEnd(l.date, grace)) })
		})),
		m.report_expiry_none(),
		[{ key: 'delay', label: m.report_expiry_col_delay({ months: grace }), type: 'text' }]
	);
	const rescueRows = rescue.map(({ l, s }): Row => ({
		...line(l, daysBetween(today, l.date)),
		dateType: l.dateType === 'dlc' ? 'DLC' : 'DDM',
		suggestion: rescueActionLabel(s.action),
		why: WHY_LABEL[s.why](),
		action: s.action,
		lotId: l.id
	}));
	const tRescue = table(
		'a-sauver',
		m.report_expiry_rescue(),
		m.report_expiry_col_days_left(),
		rescue.map((x) => x.l),
		rescueRows,
		m.report_expiry_rescue_none(),
		[
			{ key: 'dateType', label: m.report_expiry_col_date_type(), type: 'text' },
			{ key: 'suggestion', label: m.report_expiry_col_suggestion(), type: 'text' },
			{ key: 'why', label: m.report_expiry_col_why(), type: 'text' },
			{ key: 'action', label: 'action', type: 'text', hidden: true },
			{ key: 'lotId', label: 'lot_id', type: 'text', hidden: true }
		]
	);

	// Kg saved: this month and last month (the organisation's months), whatever the period asked.
	const thisMonth = monthStart(today);
	const lastMonth = monthStart(today, -1);
	const saved = await savedRows(ex, ctx, startOfDayInZone(lastMonth, ctx.zone), startOfDayInZone(monthStart(today, 1), ctx.zone));
	const savedIn = (month: string) => sumRows(saved.filter((r) => r.month === month) as unknown as Row[], ['movements', ...SUMS]);
	const now = savedIn(thisMonth);
	const before = savedIn(lastMonth);
	const savedTableRows = saved.map((r): Row => ({
		month: r.month === thisMonth ? m.report_expiry_this_month() : m.report_expiry_last_month(),
		action: rescueReasonLabel(r.reason),
		movements: r.movements,
		grams: r.grams,
		cents: r.cents
	}));

	const total = (ls: ExpiryLot[]) => sumRows(ls as unknown as Row[], SUMS);
	const fig = (id: string, label: string, ls: ExpiryLot[], withValue = true) => [
		{ id: `${id}_lots`, label: m.report_expiry_fig_lots({ what: label }), type: 'count' as const, value: ls.length },
		{ id: `${id}_grams`, label: m.report_expiry_fig_kg({ what: label }), type: 'grams' as const, value: num(total(ls).grams) },
		...(withValue ? [{ id: `${id}_cents`, label: m.report_expiry_fig_value({ what: label }), type: 'cents' as const, value: num0(total(ls).cents) }] : [])
	];
	const unknown = new Set(lots.filter((l) => l.unknownWeight).map((l) => l.product)).size;
	return {
		name: 'expiry',
		title: m.report_expiry_title(),
		description: m.report_expiry_description({ days, months: grace }),
		period: { kind: 'custom', from: today, to: today },
		periodLabel: frenchDate(today),
		siteId: ctx.siteId,
		generatedAt: ctx.now.toISOString(),
		notes: unknownWeightNote(unknown),
		figures: [
			...fig('dlc_past', m.report_expiry_short_dlc_past(), dlcPast),
			...fig('dlc_soon', m.report_expiry_short_dlc_soon(), dlcSoon),
			...fig('ddm_past', m.report_expiry_short_ddm_past(), ddmPast),
			...fig(
				'rescue',
				m.report_expiry_short_rescue(),
				rescue.map((x) => x.l),
				false
			),
			{ id: 'saved_grams', label: m.report_expiry_saved_kg(), type: 'grams', value: num(now.grams), previous: num(before.grams) },
			{ id: 'saved_cents', label: m.report_expiry_saved_value(), type: 'cents', value: num0(now.cents), previous: num0(before.cents) }
		],
		charts: [
			{
				id: 'kg',
				title: m.report_expiry_chart(),
				kind: 'bar',
				type: 'grams',
				horizontal: true,
				labels: [m.report_expiry_short_dlc_past(), m.report_expiry_short_dlc_soon(), m.report_expiry_short_ddm_past(), m.report_expiry_short_rescue()],
				series: [{ label: m.report_col_weight(), values: [dlcPast, dlcSoon, ddmPast, rescue.map((x) => x.l)].map((ls) => num(total(ls).grams)) }]
			}
		],
		tables: [
			tRescue,
			tPast,
			tSoon,
			tDdm,
			{
				id: 'sauves',
				title: m.report_expiry_saved(),
				columns: [
					{ key: 'month', label: m.report_col_month(), type: 'text' },
					{ key: 'action', label: m.report_expiry_col_action(), type: 'text' },
					{ key: 'movements', label: m.report_col_lines(), type: 'count' },
					{ key: 'grams', label: m.report_col_weight(), type: 'grams' },
					{ key: 'cents', label: m.report_col_value(), type: 'cents' }
				],
				rows: savedTableRows,
				empty: m.report_expiry_saved_none()
			}
		]
	};
}

export const expiryReport: ReportDef = {
	name: 'expiry',
	path: '/rapports/peremptions',
	audience: 'stock',
	title: () => m.report_expiry_title(),
	summary:
		"Lots en stock aujourd'hui : DLC passée (à retirer), DLC dans N jours, DDM passée ; les lots à sauver avec l'action conseillée, et les kg sauvés ce mois-ci et le mois dernier.",
	params: [
		{
			name: 'days',
			description: "DLC dans combien de jours (1 à 90 ; par défaut le réglage d'alerte de l'organisation).",
			schema: { type: 'integer', minimum: 1, maximum: MAX_EXPIRY_DAYS }
		}
	],
	run: buildExpiryReport
};
