import { and, asc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import type { Database } from '../db';
import { auditLog, users } from '../db/schema';

/** Changes to a person's account made by someone else, of which they are told at their next page. */
const NOTICE_ACTIONS = [
	'user.password_set',
	'user.pin_set',
	'user.pin_unlock',
	'user.badge_issue',
	'user.badge_replace',
	'user.badge_revoke',
	'user.deactivate',
	'user.reactivate',
	'user.update'
] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number] | 'user.roles';

export interface AccountNotice {
	/** The audited action; an edit that changed roles is 'user.roles' (other edits are not told). */
	action: NoticeAction;
	at: Date;
	/** First name of who did it; null when done from the command line (npm run admin). */
	by: string | null;
}

/**
 * The changes others made to the person's account since they were last told (read from the audit log,
 * the one record of them), oldest first, and marks them told: each notice is shown once. Nothing is
 * written when there is nothing to tell. API tokens get none.
 */
export async function takeAccountNotices(db: Database, actor: Actor): Promise<AccountNotice[]> {
	if (actor.kind !== 'user') return [];
	const seen = sql`(select ${users.noticesSeenAt} from ${users} where ${users.id} = ${actor.userId})`;
	const rows = await db
		.select({
			at: auditLog.at,
			// The exact instant (microseconds; a Date keeps only milliseconds), to mark up to it.
			exactAt: sql<string>`${auditLog.at}::text`,
			action: auditLog.action,
			by: sql<string | null>`(select u.first_name from users u where u.id = ${auditLog.userId})`,
			details: auditLog.details
		})
		.from(auditLog)
		.where(
			and(
				eq(auditLog.organisationId, actor.organisationId),
				eq(auditLog.entityType, 'user'),
				eq(auditLog.entityId, actor.userId),
				inArray(auditLog.action, [...NOTICE_ACTIONS]),
				or(isNull(auditLog.userId), ne(auditLog.userId, actor.userId)),
				gt(auditLog.at, seen)
			)
		)
		.orderBy(asc(auditLog.at), asc(auditLog.id))
		.limit(50);
	if (rows.length === 0) return [];
	const last = rows[rows.length - 1]!.exactAt;
	await db
		.update(users)
		.set({ noticesSeenAt: sql`greatest(${users.noticesSeenAt}, ${last}::timestamptz)` })
		.where(eq(users.id, actor.userId));
	return rows
		.filter((r) => r.action !== 'user.update' || (r.details !== null && 'roles' in r.details))
		.map((r) => ({ action: r.action === 'user.update' ? 'user.roles' : (r.action as NoticeAction), at: r.at, by: r.by }));
}
