import { and, count, desc, eq, gte, lt } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { READ_TRAINING_RECORDS } from '$lib/permissions';
import { addDays, isIsoDate } from '$lib/stock/dates';
import { startOfDayInZone } from '$lib/format';
import { WORK_EVENT_AREA, isWorkEventType, workEventLabel, type WorkEventType } from '$lib/training/events';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { pageOf } from '../db/lists';
import { users, workEvents } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../http/input';
import { actorZone } from '../timeZone';
import type { TrainingRecord } from './record';

/** Work events a page of the API lists. */
export const EVENTS_PAGE_SIZE = 50;

export interface WorkEventItem {
	id: number;
	type: WorkEventType | string;
	/** Its French label ("Ranger un lot"). */
	label: string;
	area: (typeof WORK_EVENT_AREA)[WorkEventType] | null;
	at: Date;
	entity: { type: string; id: string } | null;
	quantity: number;
	/** A quality fact (a cash difference in cents, a count difference), when the event has one. */
	signal: number | null;
}

export interface WorkEventPage {
	items: WorkEventItem[];
	total: number;
	page: number;
	pages: number;
}

/**
 * A person's work events, newest first, a page at a time (the API's `/training/people/{id}/events`).
 * `from`/`to`: days (YYYY-MM-DD, both included) in the organisation's time zone. Supervisors and managers
 * of the organisation; reading someone else's is audited (`training.read`) as their record is. Another
 * organisation's person or an unknown id: 404.
 */
export async function listWorkEvents(
	db: Database,
	actor: Actor,
	userId: string,
	opts: { from?: string | null; to?: string | null; page?: number } = {}
): Promise<WorkEventPage> {
	requireRole(actor, READ_TRAINING_RECORDS);
	const zone = actorZone(actor);
	const errors: Record<string, string> = {};
	const from = opts.from?.trim() || null;
	const to = opts.to?.trim() || null;
	if (from !== null && !isIsoDate(from)) errors.from = m.training_api_day_invalid();
	if (to !== null && !isIsoDate(to)) errors.to = m.training_api_day_invalid();
	if (from && to && isIsoDate(from) && isIsoDate(to) && from > to) errors.to = m.training_api_period_invalid();
	const first = Object.keys(errors)[0];
	if (first) throw new AppError('invalid_period', errors[first]!, 400, first, errors);
	if (!isUuid(userId)) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	return db.transaction(async (tx) => {
		const [person] = await tx
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)));
		if (!person) throw new AppError('person_not_found', m.training_person_not_found(), 404);
		const where = and(
			eq(workEvents.organisationId, actor.organisationId),
			eq(workEvents.userId, userId),
			from ? gte(workEvents.at, startOfDayInZone(from, zone)) : undefined,
			to ? lt(workEvents.at, startOfDayInZone(addDays(to, 1), zone)) : undefined
		);
		const [n] = await tx.select({ n: count() }).from(workEvents).where(where);
		const p = pageOf(n?.n ?? 0, opts.page, EVENTS_PAGE_SIZE);
		const rows = await tx.select().from(workEvents).where(where).orderBy(desc(workEvents.at), desc(workEvents.id)).limit(p.limit).offset(p.offset);
		if (userId !== actor.userId) await audit(tx, actor, 'training.read', { type: 'user', id: userId }, { events: true, page: p.page });
		return {
			items: rows.map((r) => ({
				id: r.id,
				type: r.type,
				label: workEventLabel(r.type),
				area: isWorkEventType(r.type) ? WORK_EVENT_AREA[r.type] : null,
				at: r.at,
				entity: r.entityType && r.entityId ? { type: r.entityType, id: r.entityId } : null,
				quantity: r.quantity,
				signal: r.signal
			})),
			total: n?.n ?? 0,
			page: p.page,
			pages: p.pages
		};
	});
}

/** A training record as the API answers it (the evidence's map becomes each skill's own `evidence`). */
export function recordJson(r: TrainingRecord) {
	return {
		person: r.person,
		contracts: r.contracts,
		lastReview: r.lastReview,
		own: r.own,
		total: r.evidence.total,
		signals: r.evidence.signals,
		events: r.evidence.events.map((e) => ({ ...e, label: workEventLabel(e.type) })),
		skills: r.skills.map((s) => ({ skill: s.skill, evidence: s.evidence, current: s.current, history: s.history }))
	};
}
