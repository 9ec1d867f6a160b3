import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import { requestBackup } from '../backup/schedule';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { devices, saleReturns, salePayments, sales, tillCashMovements, tillCounters, tillSessions, users, type ZTotals } from '../db/schema';
import { AppError, fieldErrors, isUniqueViolation } from '../errors';
import { type TillPoint } from './access';
import { READ_Z_REPORTS, RUN_TILL } from '$lib/permissions';
import { pageOf } from '../db/lists';

export const MAX_CASH_CENTS = 10_000_000;
const METHODS = ['cash', 'card', 'cheque'] as const;
type Method = (typeof METHODS)[number];
const isUuid = (v: string) => z.uuid().safeParse(v).success;

/** The till point of a request: the enrolled tablet (PIN, badge or password on it) or the API token. */
export function tillPointOf(actor: Actor, device: { id: string; organisationId: string } | null): TillPoint {
	if (actor.apiTokenId) return { apiTokenId: actor.apiTokenId };
	const deviceId = actor.deviceId ?? (device && device.organisationId === actor.organisationId ? device.id : null);
	if (!deviceId) throw new AppError('till_needs_tablet', m.till_needs_tablet(), 409);
	return { deviceId };
}

const pointWhere = (actor: Actor, point: TillPoint) =>
	and(
		eq(tillSessions.organisationId, actor.organisationId),
		eq(tillSessions.status, 'open'),
		point.deviceId ? eq(tillSessions.deviceId, point.deviceId) : eq(tillSessions.apiTokenId, point.apiTokenId!)
	);

export type TillSessionRow = typeof tillSessions.$inferSelect;

/** The open till session of this tablet (or API token), or null. */
export async function currentSession(ex: Executor, actor: Actor, point: TillPoint): Promise<TillSessionRow | null> {
	requireRole(actor, RUN_TILL);
	const [s] = await ex.select().from(tillSessions).where(pointWhere(actor, point));
	return s ?? null;
}

/**
 * The open session, locked in the caller's transaction: shared by sales and returns (many at once),
 * exclusive for closing (which thus waits for sales in flight, and after which no sale gets in).
 */
export async function lockOpenSession(tx: Tx, actor: Actor, point: TillPoint, mode: 'share' | 'update'): Promise<TillSessionRow> {
	const [s] = await tx
		.select()
		.from(tillSessions)
		.where(pointWhere(actor, point))
		.for(mode === 'share' ? 'share' : 'update');
	if (!s) throw new AppError('till_closed', m.till_session_closed(), 409);
	return s;
}

function readCents(v: unknown, field: string, allowZero = true): number {
	if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > MAX_CASH_CENTS || (!allowZero && v === 0)) {
		throw new AppError('invalid_input', m.till_amount_invalid(), 400, field);
	}
	return v;
}

/** Opens the till of this tablet with the cash float counted. One open till per tablet. */
export async function openTill(db: Database, actor: Actor, point: TillPoint, input: { floatCents: number; note?: string }): Promise<{ id: string }> {
	requireRole(actor, RUN_TILL);
	const floatCents = readCents(input.floatCents, 'floatCents');
	const note = (input.note ?? '').trim().slice(0, 500) || null;
	try {
		return await db.transaction(async (tx) => {
			if (point.deviceId) {
				const [d] = await tx
					.select({ id: devices.id, revokedAt: devices.revokedAt })
					.from(devices)
					.where(and(eq(devices.id, point.deviceId), eq(devices.organisationId, actor.organisationId)));
				if (!d || d.revokedAt) throw new AppError('till_needs_tablet', m.till_needs_tablet(), 409);
			}
			const [row] = await tx
				.insert(tillSessions)
				.values({
					organisationId: actor.organisationId,
					deviceId: point.deviceId ?? null,
					apiTokenId: point.apiTokenId ?? null,
					floatCents,
					openedBy: actor.userId,
					note
				})
				.returning({ id: tillSessions.id });
			await audit(tx, actor, 'till.open', { type: 'till_session', id: row!.id }, { floatCents });
			return { id: row!.id };
		});
	} catch (e) {
		if (isUniqueViolation(e)) throw new AppError('till_already_open', m.till_already_open(), 409);
		throw e;
	}
}

/** Cash put in or taken out of the drawer, with a reason (change fetched, float topped up…). */
export async function cashMovement(
	db: Database,
	actor: Actor,
	point: TillPoint,
	input: { kind: 'in' | 'out'; amountCents: number; reason: string }
): Promise<{ sessionId: string; kind: 'in' | 'out'; amountCents: number; reason: string }> {
	requireRole(actor, RUN_TILL);
	if (input.kind !== 'in' && input.kind !== 'out') throw new AppError('invalid_input', m.till_cash_kind_invalid(), 400, 'kind');
	const amountCents = readCents(input.amountCents, 'amountCents', false);
	const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
	if (reason.length < 3 || reason.length > 300) throw new AppError('invalid_input', m.till_reason_required(), 400, 'reason');
	return db.transaction(async (tx) => {
		const s = await lockOpenSession(tx, actor, point, 'share');
		await tx
			.insert(tillCashMovements)
			.values({ organisationId: actor.organisationId, sessionId: s.id, kind: input.kind, amountCents, reason, userId: actor.userId });
		await audit(tx, actor, input.kind === 'in' ? 'till.cash_in' : 'till.cash_out', { type: 'till_session', id: s.id }, { amountCents, reason });
		return { sessionId: s.id, kind: input.kind, amountCents, reason };
	});
}

const zero = (): Record<Method, number> => ({ cash: 0, card: 0, cheque: 0 });

/** The session's figures from its sales, returns, payments and cash movements (counted: as given). */
export async function computeTotals(
	ex: Executor,
	organisationId: string,
	session: Pick<TillSessionRow, 'id' | 'floatCents'>,
	counted: Record<Method, number> = zero()
): Promise<ZTotals> {
	const [s] = await ex
		.select({
			n: count(),
			reference: sql<number>`coalesce(sum(${sales.referenceCents}), 0)::int`,
			paid: sql<number>`coalesce(sum(${sales.paidCents}), 0)::int`,
			fse: sql<number>`coalesce(sum(${sales.fseCents}), 0)::int`
		})
		.from(sales)
		.where(and(eq(sales.organisationId, organisationId), eq(sales.sessionId, session.id), eq(sales.kind, 'epicerie')));
	// The ressourcerie's public sales, apart: the épicerie's figures above stay its own.
	const [pub] = await ex
		.select({
			n: count(),
			paid: sql<number>`coalesce(sum(${sales.paidCents}), 0)::int`,
			discount: sql<number>`coalesce(sum(${sales.referenceCents} - ${sales.paidCents}), 0)::int`
		})
		.from(sales)
		.where(and(eq(sales.organisationId, organisationId), eq(sales.sessionId, session.id), eq(sales.kind, 'public')));
	const [r] = await ex
		.select({ n: count(), refund: sql<number>`coalesce(sum(${saleReturns.refundCents}), 0)::int` })
		.from(saleReturns)
		.where(and(eq(saleReturns.organisationId, organisationId), eq(saleReturns.sessionId, session.id)));
	const pays = await ex
		.select({ method: salePayments.method, total: sql<number>`coalesce(sum(${salePayments.amountCents}), 0)::int` })
		.from(salePayments)
		.where(and(eq(salePayments.organisationId, organisationId), eq(salePayments.sessionId, session.id)))
		.groupBy(salePayments.method);
	const cash = await ex
		.select({ kind: tillCashMovements.kind, total: sql<number>`coalesce(sum(${tillCashMovements.amountCents}), 0)::int` })
		.from(tillCashMovements)
		.where(and(eq(tillCashMovements.organisationId, organisationId), eq(tillCashMovements.sessionId, session.id)))
		.groupBy(tillCashMovements.kind);
	const byMethod = zero();
	for (const p of pays) byMethod[p.method] = p.total;
	const cashInCents = cash.find((c) => c.kind === 'in')?.total ?? 0;
	const cashOutCents = cash.find((c) => c.kind === 'out')?.total ?? 0;
	const expected: Record<Method, number> = {
		cash: session.floatCents + byMethod.cash + cashInCents - cashOutCents,
		card: byMethod.card,
		cheque: byMethod.cheque
	};
	const difference = zero();
	for (const k of METHODS) difference[k] = counted[k] - expected[k];
	return {
		sales: s?.n ?? 0,
		returns: r?.n ?? 0,
		referenceCents: s?.reference ?? 0,
		paidCents: s?.paid ?? 0,
		savedCents: (s?.reference ?? 0) - (s?.paid ?? 0),
		fseCents: s?.fse ?? 0,
		refundedCents: r?.refund ?? 0,
		byMethod,
		cashInCents,
		cashOutCents,
		floatCents: session.floatCents,
		expected,
		counted,
		difference,
		// Only when the session sold to the public: an épicerie's Z report reads as it always did.
		...(pub && pub.n > 0 ? { publicSales: pub.n, publicPaidCents: pub.paid, publicDiscountCents: pub.discount } : {})
	};
}

/** What the closing screen shows before counting: the figures so far (counted left at 0). */
export async function currentTotals(db: Database, actor: Actor, point: TillPoint): Promise<{ session: TillSessionRow; totals: ZTotals } | null> {
	const session = await currentSession(db, actor, point);
	if (!session) return null;
	return { session, totals: await computeTotals(db, actor.organisationId, session) };
}

/**
 * Closes the till with the cash counted per method: computes the Z report, numbers it, keeps it.
 * Waits for sales in flight (exclusive lock on the session); nothing can be sold on it afterwards.
 */
export async function closeTill(
	db: Database,
	actor: Actor,
	point: TillPoint,
	input: {
		counted: Partial<Record<Method, number>>;
		note?: string;
		/**
		 * The closing form: a method left empty is not a zero when money was expected in it (the float is
		 * always in the drawer): refused, field by field, nothing closed. The API keeps "omitted = 0".
		 */
		requireCounted?: boolean;
	}
): Promise<{ id: string; zNumber: number; totals: ZTotals }> {
	requireRole(actor, RUN_TILL);
	const counted = zero();
	for (const k of METHODS) counted[k] = readCents(input.counted?.[k] ?? 0, `counted.${k}`);
	const note = (input.note ?? '').trim().slice(0, 500);
	const closed = await db.transaction(async (tx) => {
		const s = await lockOpenSession(tx, actor, point, 'update');
		const totals = await computeTotals(tx, actor.organisationId, s, counted);
		if (input.requireCounted) {
			const missing = Object.fromEntries(
				METHODS.filter((k) => input.counted?.[k] === undefined && totals.expected[k] !== 0).map((k) => [k, m.till_close_count_missing()])
			);
			const e = fieldErrors(missing);
			if (e) throw e;
		}
		const [c] = await tx
			.insert(tillCounters)
			.values({ organisationId: actor.organisationId, lastZ: 1 })
			.onConflictDoUpdate({ target: tillCounters.organisationId, set: { lastZ: sql`${tillCounters.lastZ} + 1` } })
			.returning({ n: tillCounters.lastZ });
		const zNumber = c!.n;
		await tx
			.update(tillSessions)
			.set({
				status: 'closed',
				closedBy: actor.userId,
				closedAt: new Date(),
				zNumber,
				zReport: totals,
				note: [s.note, note].filter(Boolean).join('\n') || null
			})
			.where(eq(tillSessions.id, s.id));
		await audit(tx, actor, 'till.close', { type: 'till_session', id: s.id }, { zNumber, difference: totals.difference });
		return { id: s.id, zNumber, totals };
	});
	// The closing is saved: back up the day's sales (in the background; the closing never waits for it nor fails with it).
	requestBackup('closing');
	return closed;
}

export interface SessionView {
	id: string;
	status: 'open' | 'closed';
	deviceName: string | null;
	openedBy: string;
	openedAt: Date;
	closedBy: string | null;
	closedAt: Date | null;
	zNumber: number | null;
	floatCents: number;
	note: string | null;
	totals: ZTotals;
}

/** One till session with its Z report (kept as printed for a closed one, live for an open one): supervisors, managers, admins. */
export async function getSession(db: Database, actor: Actor, id: string): Promise<SessionView> {
	requireRole(actor, READ_Z_REPORTS);
	return sessionView(db, actor, id, false);
}

/**
 * The Z figures of a session this person closed (what they counted against what was expected), for
 * the till's closing screen: an operator who closes sees their own closing, no other Z report.
 */
export async function closedSession(db: Database, actor: Actor, id: string): Promise<SessionView> {
	requireRole(actor, RUN_TILL);
	return sessionView(db, actor, id, true);
}

/**
 * A session of the caller's own till point (the tablet or the API token), open or closed: what the
 * till API answers when it opens, reads the current session or closes it.
 */
export async function pointSession(db: Database, actor: Actor, point: TillPoint, id: string): Promise<SessionView> {
	requireRole(actor, RUN_TILL);
	return sessionView(db, actor, id, point.deviceId ? eq(tillSessions.deviceId, point.deviceId) : eq(tillSessions.apiTokenId, point.apiTokenId!));
}

async function sessionView(db: Database, actor: Actor, id: string, only: boolean | SQL): Promise<SessionView> {
	if (!isUuid(id)) throw new AppError('not_found', m.till_session_not_found(), 404);
	const [s] = await db
		.select()
		.from(tillSessions)
		.where(
			and(
				eq(tillSessions.id, id),
				eq(tillSessions.organisationId, actor.organisationId),
				only === true ? eq(tillSessions.closedBy, actor.userId) : only === false ? undefined : only
			)
		);
	if (!s) throw new AppError('not_found', m.till_session_not_found(), 404);
	const names = await peopleNames(db, actor.organisationId, [s.openedBy, s.closedBy]);
	const [d] = s.deviceId ? await db.select({ name: devices.name }).from(devices).where(eq(devices.id, s.deviceId)) : [];
	return {
		id: s.id,
		status: s.status,
		deviceName: d?.name ?? null,
		openedBy: names.get(s.openedBy) ?? '',
		openedAt: s.openedAt,
		closedBy: s.closedBy ? (names.get(s.closedBy) ?? '') : null,
		closedAt: s.closedAt,
		zNumber: s.zNumber,
		floatCents: s.floatCents,
		note: s.note,
		totals: s.zReport ?? (await computeTotals(db, actor.organisationId, s))
	};
}

async function peopleNames(ex: Executor, organisationId: string, ids: (string | null)[]): Promise<Map<string, string>> {
	const list = ids.filter((x): x is string => !!x);
	if (list.length === 0) return new Map();
	const rows = await ex
		.select({ id: users.id, firstName: users.firstName, lastName: users.lastName })
		.from(users)
		.where(and(eq(users.organisationId, organisationId), sql`${users.id} in ${list}`));
	return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName.slice(0, 1)}.`]));
}

export const SESSIONS_PAGE_SIZE = 30;

/** Till sessions of the organisation, newest first, with their Z figures: the managers' list. */
export async function listSessions(db: Database, actor: Actor, opts: { page?: number } = {}) {
	requireRole(actor, READ_Z_REPORTS);
	const [{ n }] = (await db.select({ n: count() }).from(tillSessions).where(eq(tillSessions.organisationId, actor.organisationId))) as [{ n: number }];
	const { page, pages, limit, offset } = pageOf(n, opts.page, SESSIONS_PAGE_SIZE);
	const rows = await db
		.select({
			id: tillSessions.id,
			status: tillSessions.status,
			zNumber: tillSessions.zNumber,
			floatCents: tillSessions.floatCents,
			openedAt: tillSessions.openedAt,
			closedAt: tillSessions.closedAt,
			deviceName: devices.name,
			openedByFirst: users.firstName,
			zReport: tillSessions.zReport
		})
		.from(tillSessions)
		.leftJoin(devices, eq(devices.id, tillSessions.deviceId))
		.innerJoin(users, eq(users.id, tillSessions.openedBy))
		.where(eq(tillSessions.organisationId, actor.organisationId))
		.orderBy(desc(tillSessions.openedAt))
		.limit(limit)
		.offset(offset);
	return { total: n, page, pages, rows };
}
