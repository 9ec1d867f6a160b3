import { sql, type SQL } from 'drizzle-orm';
import { QUALITY_SIGNAL_OF, QUALITY_SIGNALS, WORK_EVENT_TYPES, type QualitySignal, type WorkEventType } from '$lib/training/events';
import type { Executor } from '../db';
import { rowsOf } from '../reports/sql';

/**
 * Evidence gathered by itself (issue 13, item 3): per person, per work event type and per skill, how many
 * times, the first and last time, the weeks active (weeks of the organisation's calendar), and the
 * quality signals of the same data. Facts, never a mark. Every count here is a count of `work_events` rows.
 */

export interface Span {
	/** How many work events (rows). */
	times: number;
	first: Date | null;
	last: Date | null;
	/** Distinct weeks (Monday to Sunday in the organisation's time zone) with at least one event. */
	weeks: number;
	/** Events after `since` (the last review), when given. */
	newSince: number;
}

export interface EventEvidence extends Span {
	type: WorkEventType;
	/** Sum of the rows' quantities (labels printed…). */
	quantity: number;
	/** Rows with a non-zero quality signal (a till closing with a difference, a counted line that differed). */
	nonZero: number;
}

export interface SkillEvidence extends Span {
	skillId: string;
	signals: Partial<Record<QualitySignal, number>>;
}

export interface Evidence {
	events: EventEvidence[];
	skills: Map<string, SkillEvidence>;
	signals: Record<QualitySignal, number>;
	/** Over all the person's work events. */
	total: Span;
}

export interface EvidenceOptions {
	/** The organisation's time zone (weeks are counted in it). */
	zone: string;
	/** Only events at or after this instant / before this one. */
	from?: Date | null;
	to?: Date | null;
	/** "New since the last review": events strictly after this instant. */
	since?: Date | null;
}

const instant = (d: Date) => sql`${d.toISOString()}::timestamptz`;

function window(opts: EvidenceOptions): SQL {
	const parts: SQL[] = [];
	if (opts.from) parts.push(sql`and e.at >= ${instant(opts.from)}`);
	if (opts.to) parts.push(sql`and e.at < ${instant(opts.to)}`);
	return sql.join(parts, sql` `);
}

const spanColumns = (opts: EvidenceOptions) => sql`count(e.id)::int as times, min(e.at) as first, max(e.at) as last,
	count(distinct date_trunc('week', e.at at time zone ${opts.zone}))::int as weeks,
	${opts.since ? sql`count(e.id) filter (where e.at > ${instant(opts.since)})::int` : sql`0`} as new_since`;

type SpanRow = {
	times: number;
	first: string | Date | null;
	last: string | Date | null;
	weeks: number;
	new_since: number;
};
const asDate = (v: string | Date | null): Date | null => (v === null ? null : v instanceof Date ? v : new Date(v));
const spanOf = (r: SpanRow): Span => ({
	times: Number(r.times),
	first: asDate(r.first),
	last: asDate(r.last),
	weeks: Number(r.weeks),
	newSince: Number(r.new_since)
});

/** The evidence of one person's work (with the organisation's framework as it is now). */
export async function evidenceOf(ex: Executor, organisationId: string, userId: string, opts: EvidenceOptions): Promise<Evidence> {
	const w = window(opts);
	const [byType, bySkill, total] = await Promise.all([
		rowsOf<SpanRow & { type: string; quantity: number; non_zero: number }>(
			ex,
			sql`select e.type, ${spanColumns(opts)}, coalesce(sum(e.quantity), 0)::int as quantity,
			count(e.id) filter (where coalesce(e.signal, 0) <> 0)::int as non_zero
			from work_events e where e.organisation_id = ${organisationId} and e.user_id = ${userId} ${w} group by e.type`
		),
		rowsOf<SpanRow & { skill_id: string }>(
			ex,
			sql`select se.skill_id, ${spanColumns(opts)}
			from skill_events se join work_events e on e.organisation_id = se.organisation_id and e.type = se.event_type and e.user_id = ${userId} ${w}
			where se.organisation_id = ${organisationId} group by se.skill_id`
		),
		rowsOf<SpanRow>(ex, sql`select ${spanColumns(opts)} from work_events e where e.organisation_id = ${organisationId} and e.user_id = ${userId} ${w}`)
	]);
	const typeRows = byType;
	const events: EventEvidence[] = WORK_EVENT_TYPES.flatMap((type) => {
		const r = typeRows.find((x) => x.type === type);
		return r ? [{ type, ...spanOf(r), quantity: Number(r.quantity), nonZero: Number(r.non_zero) }] : [];
	});
	const signalOf = (signal: QualitySignal): number => {
		const { type, nonZeroSignal } = QUALITY_SIGNAL_OF[signal];
		const e = events.find((x) => x.type === type);
		return e ? (nonZeroSignal ? e.nonZero : e.times) : 0;
	};
	const signals = Object.fromEntries(QUALITY_SIGNALS.map((s) => [s, signalOf(s)])) as Record<QualitySignal, number>;
	const skillEvents = await skillEventTypes(ex, organisationId);
	const skills = new Map<string, SkillEvidence>();
	for (const r of bySkill) {
		const types = skillEvents.get(r.skill_id) ?? [];
		const own: Partial<Record<QualitySignal, number>> = {};
		for (const s of QUALITY_SIGNALS) if (types.includes(QUALITY_SIGNAL_OF[s].type) && signals[s] > 0) own[s] = signals[s];
		skills.set(r.skill_id, { skillId: r.skill_id, ...spanOf(r), signals: own });
	}
	return { events, skills, signals, total: spanOf(total[0]!) };
}

async function skillEventTypes(ex: Executor, organisationId: string): Promise<Map<string, string[]>> {
	const rows = await rowsOf<{ skill_id: string; event_type: string }>(
		ex,
		sql`select skill_id, event_type from skill_events where organisation_id = ${organisationId}`
	);
	const out = new Map<string, string[]>();
	for (const r of rows) out.set(r.skill_id, [...(out.get(r.skill_id) ?? []), r.event_type]);
	return out;
}
