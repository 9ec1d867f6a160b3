import { and, eq, gt, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import { READ_HOUSEHOLD_FILES } from '$lib/permissions';
import type { Actor } from '../auth/actor';
import { hasAnyRole } from '../auth/roles';
import type { Database } from '../db';
import { auditLog, authThrottle } from '../db/schema';
import { AppError } from '../errors';

/**
 * Who looks a household up at the till, and how often (issue 9, RGPD).
 *
 * A card scan means the household is there with its card: it is never slowed down. A typed
 * reference (FOY-0001) needs no card, so anyone at a till could page through every household: each
 * person may look up at most LOOKUP_LIMIT different households by reference in LOOKUP_WINDOW_MS,
 * then gets a French 429. Both are audited (`till.lookup`, details `{ reference, by: 'card' |
 * 'reference' }`, no name), once per household and person in the window: reading the same household
 * again (the serving screen reads it at each step) writes nothing and counts nothing, so a card
 * scanned once lets the till serve that household by its reference afterwards.
 * Social workers, who may open the whole file anyway, are not limited (still audited).
 */
export const LOOKUP_LIMIT = 10;
export const LOOKUP_WINDOW_MS = 10 * 60_000;

/** The throttle row serialising one person's lookups (auth_throttle holds no other kind of this key). */
const lockKey = (userId: string) => `lookup:${userId}`;

export async function recordTillLookup(
	db: Database,
	actor: Actor,
	household: { reference: string },
	by: 'card' | 'reference',
	opts: { now?: Date } = {}
): Promise<void> {
	const now = opts.now ?? new Date();
	const since = new Date(now.getTime() - LOOKUP_WINDOW_MS);
	const userId = actor.userId;
	const sameHousehold = sql`${auditLog.details}->>'reference' = ${household.reference}`;
	const mine = and(eq(auditLog.organisationId, actor.organisationId), gt(auditLog.at, since), eq(auditLog.action, 'till.lookup'), eq(auditLog.userId, userId));
	// The serving screen reads its household at each step: already recorded in the window, nothing to
	// write nor lock (the locked path below checks again, so two tablets still cannot both pass).
	if ((await db.select({ at: auditLog.at }).from(auditLog).where(and(mine, sameHousehold)).limit(1)).length > 0) return;
	const refused = await db.transaction(async (tx) => {
		// One person's lookups one at a time (two tablets of the same person cannot both pass at 9).
		await tx
			.insert(authThrottle)
			.values({ key: lockKey(userId), failures: 0, windowStartedAt: now })
			.onConflictDoUpdate({ target: authThrottle.key, set: { windowStartedAt: now } });
		const rows = await tx
			.select({ reference: sql<string>`${auditLog.details}->>'reference'`, by: sql<string>`${auditLog.details}->>'by'`, at: auditLog.at })
			.from(auditLog)
			.where(mine);
		if (rows.some((r) => r.reference === household.reference)) return null;
		if (by === 'reference' && !hasAnyRole(actor.roles, READ_HOUSEHOLD_FILES)) {
			const typed = rows.filter((r) => r.by === 'reference');
			if (new Set(typed.map((r) => r.reference)).size >= LOOKUP_LIMIT) {
				const oldest = Math.min(...typed.map((r) => new Date(r.at).getTime()));
				return Math.max(1, Math.ceil((oldest + LOOKUP_WINDOW_MS - now.getTime()) / 60_000));
			}
		}
		await audit(tx, actor, 'till.lookup', null, { reference: household.reference, by });
		return null;
	});
	if (refused !== null) {
		// The refusal is kept too (managers see who tried to page through the households), without the reference.
		await db.transaction((tx) => audit(tx, actor, 'till.lookup_refused', null, { by }));
		throw new AppError('too_many_lookups', m.till_lookup_throttled({ max: LOOKUP_LIMIT, minutes: refused }), 429);
	}
}
