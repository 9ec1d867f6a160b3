import { dayInZone, startOfDayInZone } from '$lib/format';
import { OWN_TRAINING_RECORD } from '$lib/permissions';
import { addDays, shopToday } from '$lib/stock/dates';
import { QUALITY_SIGNAL_OF, QUALITY_SIGNALS, WORK_EVENT_AREA, type WorkEventType } from '$lib/training/events';
import { nextSteps } from '$lib/training/next';
import { mondayOf, type Parcours } from '$lib/training/parcours';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { actorZone } from '../timeZone';
import { evidenceOf } from './evidence';
import { buildRecord } from './record';

/**
 * "Mon parcours" (issue 13, item 5): the operator's own record, shaped for their page. Always the actor's
 * own id (there is none to give). Quality signals are left out on purpose: they are facts for the
 * supervisor's review; the employee's page stays encouraging (docs/training.md). The work events that
 * are signals themselves (a movement corrected by a supervisor, a sale refused by the till) are not
 * counted as "this week's work" either.
 */

/** Work events counted on the page: all but the quality signals that are events of their own. */
const SIGNAL_ONLY = new Set<WorkEventType>(QUALITY_SIGNALS.filter((s) => !QUALITY_SIGNAL_OF[s].nonZeroSignal).map((s) => QUALITY_SIGNAL_OF[s].type));
export const shownOnParcours = (type: WorkEventType): boolean => !SIGNAL_ONLY.has(type);

export async function myParcours(db: Database, actor: Actor, now: Date = new Date()): Promise<Parcours> {
	requireRole(actor, OWN_TRAINING_RECORD);
	const zone = actorZone(actor);
	const today = shopToday(now, zone);
	const monday = mondayOf(today);
	const [record, week] = await Promise.all([
		buildRecord(db, actor, actor.userId),
		evidenceOf(db, actor.organisationId, actor.userId, { zone, from: startOfDayInZone(monday, zone), to: startOfDayInZone(addDays(today, 1), zone) })
	]);
	const day = (d: Date | null) => (d ? dayInZone(d, zone) : null);
	const running = record.contracts.find((c) => c.startDate <= today && c.endDate >= today) ?? record.contracts[0] ?? null;
	return {
		firstName: record.person.firstName,
		week: {
			from: monday,
			to: today,
			work: week.events.filter((e) => shownOnParcours(e.type) && e.times > 0).map((e) => ({ type: e.type, area: WORK_EVENT_AREA[e.type], times: e.times }))
		},
		learning: record.skills
			.filter((s) => s.evidence && s.evidence.times > 0)
			.sort((a, b) => b.evidence!.times - a.evidence!.times)
			.map((s) => ({ skillId: s.skill.id, name: s.skill.name, block: s.skill.block, times: s.evidence!.times, sinceDay: day(s.evidence!.first)! })),
		validated: record.skills
			.filter((s) => s.current)
			.map((s) => ({
				skillId: s.skill.id,
				name: s.skill.name,
				block: s.skill.block,
				level: s.current!.level,
				day: s.current!.day,
				by: s.current!.validatedBy,
				comment: s.current!.comment
			})),
		next: nextSteps(
			record.skills.map((s) => ({
				id: s.skill.id,
				name: s.skill.name,
				block: s.skill.block,
				active: s.skill.active,
				times: s.evidence?.times ?? 0,
				lastDay: day(s.evidence?.last ?? null),
				level: s.current?.level ?? null
			})),
			today
		),
		contract: running ? { endDate: running.endDate, referentName: running.referentName } : null
	};
}
