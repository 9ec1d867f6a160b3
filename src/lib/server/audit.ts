import { and, count, desc, eq, gte, ilike, lt, or, sql, SQL } from 'drizzle-orm';
import { describeAuditEvent, type AuditAction } from '$lib/auditEvents';
import { isWorkEventType, workMeasure } from '$lib/training/events';
import { recordWork } from './training/events';
import { formatDateTime, startOfDayInZone } from '$lib/format';
import { addDays, isIsoDate } from '$lib/stock/dates';
import type { Actor } from './auth/actor';
import { requireRole } from './auth/roles';
import type { Database, Executor } from './db';
import { apiTokens, auditLog, devices, users } from './db/schema';
import { MANAGE_ORGANISATION } from '$lib/permissions';
import { likePattern, pageOf } from './db/lists';
import { formatCsv } from './http/csv';
import { actorZone } from './timeZone';

export interface AuditWho {
	organisationId: string;
	userId?: string | null;
	deviceId?: string | null;
	apiTokenId?: string | null;
}

/**
 * Writes one audit row. Call it with the transaction that makes the change, so that the record and
 * the change land together or not at all. `action` is one of the journal's actions (AuditAction: a
 * sentence for each). When the action is a work event ($lib/training/events.ts) done by a person (not an
 * API token), its work event is written in the same batch: that is how the training record fills itself.
 */
export function audit(
	ex: Executor,
	who: AuditWho,
	action: AuditAction,
	entity?: { type: string; id: string } | null,
	/** Or an SQL expression giving the JSON, when it depends on rows written in the same round trip. */
	details?: Record<string, unknown> | SQL
): Promise<void> {
	// Sent at once (not on a later tick), so that it keeps its place among pipelined statements.
	const row = ex
		.insert(auditLog)
		.values({
			organisationId: who.organisationId,
			userId: who.userId ?? null,
			deviceId: who.deviceId ?? null,
			apiTokenId: who.apiTokenId ?? null,
			action,
			entityType: entity?.type ?? null,
			entityId: entity?.id ?? null,
			details: details ?? null
		})
		.execute()
		.then(() => undefined);
	if (!isWorkEventType(action) || !who.userId || who.apiTokenId) return row;
	const plain = details && !(details instanceof SQL) ? details : null;
	// The work event keeps what the work was on, but never a household (counted, never named, outside the social pages).
	const on = entity && entity.type !== 'household' ? entity : null;
	const work = recordWork(
		ex,
		{ organisationId: who.organisationId, userId: who.userId, deviceId: who.deviceId },
		{ type: action, entity: on, ...workMeasure(action, plain) }
	);
	return Promise.all([row, work]).then(() => undefined);
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditQuery {
	/** Part of the acting person's first name, last name or username. */
	q?: string;
	/** A family of actions ("site": site.create, site.update…) or one action ("site.create"). */
	action?: string;
	/** First and last shop day (YYYY-MM-DD, in the organisation's time zone), both included. */
	from?: string;
	to?: string;
	page?: number;
}

/**
 * The journal's filters from an address (?q=&action=&from=&to=), shared by the page, its CSV export and
 * the API (GET /audit-events). `badDate`: a day that is not YYYY-MM-DD (the page ignores it and says so;
 * the API refuses it).
 */
export function journalQuery(url: URL): { query: Required<Omit<AuditQuery, 'page'>>; badDate: boolean } {
	const get = (k: string, max: number) => (url.searchParams.get(k) ?? '').trim().slice(0, max);
	const from = get('from', 10);
	const to = get('to', 10);
	const badDate = (from !== '' && !isIsoDate(from)) || (to !== '' && !isIsoDate(to));
	return {
		query: { q: get('q', 100), action: get('action', 60), from: isIsoDate(from) ? from : '', to: isIsoDate(to) ? to : '' },
		badDate
	};
}

export interface AuditRow {
	id: number;
	at: Date;
	action: string;
	/** First and last name of the person who acted (for an API token: its creator). */
	person: string | null;
	device: string | null;
	apiToken: string | null;
	entityType: string | null;
	entityId: string | null;
	/** What the entity is called now (a person's name, a site's name, a location's code…), when known. */
	entityName: string | null;
	details: Record<string, unknown> | null;
}

const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/;

/** The entity id as a uuid when it is one (CASE guarantees the cast only runs on valid text). */
const entityUuid = sql`(case when ${auditLog.entityId} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then ${auditLog.entityId}::uuid end)`;

/** Names of the entities the application audits today; other types show their type and id. */
const entityName = sql<string | null>`case ${auditLog.entityType}
	when 'user' then (select trim(e.first_name || ' ' || e.last_name) from users e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'site' then (select e.name from sites e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'location' then (select e.code || ' ' || e.name from locations e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'device' then (select e.name from devices e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'api_token' then (select e.name from api_tokens e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'product' then (select e.name from products e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'origin' then (select e.name from origins e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'category' then (select e.name from categories e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'lot' then (select e.code from lots e where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	when 'till_session' then (select coalesce(d.name, 'API') from till_sessions e left join devices d on d.id = e.device_id
		where e.id = ${entityUuid} and e.organisation_id = ${auditLog.organisationId})
	end`;

/**
 * The organisation's journal, newest first, 50 a page: who (person, tablet, API token), what, on
 * what. Filtered by a family of actions and by the person's name. Managers and admins only.
 */
export async function listAudit(db: Database, actor: Actor, query: AuditQuery = {}): Promise<{ rows: AuditRow[]; total: number; page: number; pages: number }> {
	requireRole(actor, MANAGE_ORGANISATION);
	const where = auditWhere(actor, query);
	const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(auditLog).leftJoin(users, eq(users.id, auditLog.userId)).where(where);
	const { page, pages, limit, offset } = pageOf(total, query.page, AUDIT_PAGE_SIZE);
	const rows = await auditRows(db, where, limit, offset);
	return { rows, total, page, pages };
}

/** The filters of the journal (and its export) as one SQL condition, always inside the actor's organisation. */
function auditWhere(actor: Actor, query: AuditQuery): SQL {
	const conds: SQL[] = [eq(auditLog.organisationId, actor.organisationId)];
	const action = query.action?.trim() ?? '';
	if (ACTION_PATTERN.test(action)) {
		conds.push(action.includes('.') ? eq(auditLog.action, action) : or(eq(auditLog.action, action), sql`${auditLog.action} like ${action + '.%'}`)!);
	}
	const q = query.q?.trim().slice(0, 100);
	if (q) {
		const like = likePattern(q);
		conds.push(
			or(
				ilike(users.firstName, like),
				ilike(users.lastName, like),
				ilike(users.username, like),
				sql`(${users.firstName} || ' ' || ${users.lastName}) ilike ${like}`
			)!
		);
	}
	// Shop days: from the start of `from` to the start of the day after `to`, in the organisation's zone.
	const zone = actorZone(actor);
	if (query.from && isIsoDate(query.from)) conds.push(gte(auditLog.at, startOfDayInZone(query.from, zone)));
	if (query.to && isIsoDate(query.to)) conds.push(lt(auditLog.at, startOfDayInZone(addDays(query.to, 1), zone)));
	return and(...conds)!;
}

function auditRows(db: Database, where: SQL, limit: number, offset: number): Promise<AuditRow[]> {
	return db
		.select({
			id: auditLog.id,
			at: auditLog.at,
			action: auditLog.action,
			person: sql<string | null>`nullif(trim(${users.firstName} || ' ' || ${users.lastName}), '')`,
			device: devices.name,
			apiToken: apiTokens.name,
			entityType: auditLog.entityType,
			entityId: auditLog.entityId,
			entityName,
			details: auditLog.details
		})
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.userId))
		.leftJoin(devices, eq(devices.id, auditLog.deviceId))
		.leftJoin(apiTokens, eq(apiTokens.id, auditLog.apiTokenId))
		.where(where)
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(limit)
		.offset(offset);
}

/** At most this many rows in one export (the newest); a wider export asks for a shorter period. */
export const AUDIT_EXPORT_MAX = 50_000;

/**
 * The journal with the same filters as the page, as a French spreadsheet (through formatCsv): the time in
 * the organisation's zone, who, the sentence, the action code, the tablet or API token. Managers only;
 * the export itself is not audited (it shows no household name: households appear by reference).
 */
export async function exportAuditCsv(db: Database, actor: Actor, query: AuditQuery = {}): Promise<string> {
	requireRole(actor, MANAGE_ORGANISATION);
	const zone = actorZone(actor);
	const rows = await auditRows(db, auditWhere(actor, query), AUDIT_EXPORT_MAX, 0);
	return formatCsv([
		['date_heure', 'fuseau', 'qui', 'phrase', 'action', 'tablette', 'jeton_api'],
		...rows.map((r) => [formatDateTime(r.at, zone, 'fr', ''), zone, r.person ?? '', describeAuditEvent(r), r.action, r.device ?? '', r.apiToken ?? ''])
	]);
}

/** Families of actions found in the organisation's journal ("auth", "site"…), for the filter. */
export async function auditActionFamilies(db: Database, actor: Actor): Promise<string[]> {
	requireRole(actor, MANAGE_ORGANISATION);
	const family = sql<string>`split_part(${auditLog.action}, '.', 1)`;
	const rows = await db.selectDistinct({ family }).from(auditLog).where(eq(auditLog.organisationId, actor.organisationId)).orderBy(family);
	return rows.map((r) => r.family);
}
