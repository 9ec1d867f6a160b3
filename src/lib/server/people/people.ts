import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { hashSecret, passwordProblem, pinProblem, verifySecret, PASSWORD_MAX } from '../auth/password';
import { throttledError } from '../auth/login';
import { checkPin as checkCurrentPin } from '../auth/pin';
import { assignableRoles, canManagePerson, requireRole, ROLES, type Role } from '../auth/roles';
import { endBadgeSessions, invalidateUserSessions } from '../auth/sessions';
import { BADGE_PREFIX } from '../auth/tablet';
import { checkThrottle, recordFailure, userKey } from '../auth/throttle';
import { generateToken, hashToken } from '../auth/tokens';
import type { Database, Executor, Tx } from '../db';
import { auditLog, memberships, users } from '../db/schema';
import { AppError, isUniqueViolation } from '../errors';
import { MANAGE_ORGANISATION, SUPERVISE_STAFF } from '$lib/permissions';
import { likePattern, pageOf } from '../db/lists';

export const PAGE_SIZE = 25;

const name = (max: number) => z.string().trim().min(1).max(max);
export const usernameSchema = z
	.string()
	.trim()
	.toLowerCase()
	.regex(/^[a-z0-9][a-z0-9._-]{1,39}$/);

/** Fields of a person that a manager edits. */
export const personSchema = z.object({
	firstName: name(60),
	lastName: z.string().trim().max(60).default(''),
	email: z.union([z.literal(''), z.email().max(200)]).default(''),
	roles: z.array(z.enum(ROLES)).max(ROLES.length).default([])
});
export type PersonInput = z.input<typeof personSchema>;

export const newPersonSchema = personSchema.extend({
	username: usernameSchema,
	password: z.string().max(PASSWORD_MAX).default(''),
	pin: z.string().max(6).default('')
});
export type NewPersonInput = z.input<typeof newPersonSchema>;

export interface PersonRow {
	id: string;
	username: string;
	firstName: string;
	lastName: string;
	email: string | null;
	active: boolean;
	roles: Role[];
	hasPassword: boolean;
	hasPin: boolean;
	pinLocked: boolean;
	hasBadge: boolean;
	createdAt: Date;
	deactivatedAt: Date | null;
}

/** Turns a zod failure into the first field's French message. */
export function invalidPerson(issues: z.core.$ZodIssue[]): AppError {
	const field = String(issues[0]?.path[0] ?? '');
	const messages: Record<string, () => string> = {
		username: m.person_username_invalid,
		firstName: m.person_first_name_invalid,
		lastName: m.person_last_name_invalid,
		email: m.person_email_invalid,
		roles: m.person_roles_invalid,
		password: m.password_too_long,
		pin: m.pin_format
	};
	return new AppError('invalid_input', (messages[field] ?? m.error_invalid_input)(), 400, field || undefined);
}

export function checkPassword(password: string): void {
	const p = passwordProblem(password);
	if (p === 'too_short') throw new AppError('weak_password', m.password_too_short(), 400, 'password');
	if (p === 'too_long') throw new AppError('weak_password', m.password_too_long(), 400, 'password');
	if (p === 'too_simple') throw new AppError('weak_password', m.password_too_simple(), 400, 'password');
}

export function checkPin(pin: string, field = 'pin'): void {
	const p = pinProblem(pin);
	if (p === 'format') throw new AppError('invalid_pin', m.pin_format(), 400, field);
	if (p === 'too_simple') throw new AppError('invalid_pin', m.pin_too_simple(), 400, field);
}

function checkRoles(actor: Actor, wanted: readonly Role[], current: readonly Role[] = []): void {
	const allowed = assignableRoles(actor.roles);
	// A manager may leave an existing admin role in place but may not add or remove it.
	const changed = [...wanted.filter((r) => !current.includes(r)), ...current.filter((r) => !wanted.includes(r))];
	if (changed.some((r) => !allowed.includes(r))) throw new AppError('forbidden_role', m.person_role_not_allowed(), 403, 'roles');
}

/** The refusal when the person holds a role the actor does not cover (see canManagePerson). */
const notYours = () => new AppError('forbidden', m.person_change_not_allowed(), 403);

/**
 * The one check before changing another person's account: every role they hold must be covered by the
 * actor's (canManagePerson). A refusal is written to the journal (outside any transaction, so that it
 * stays), then thrown as a 403. Returns the person as read now; the change re-checks them locked.
 */
async function requireMayManage(db: Database, actor: Actor, id: string, action: string): Promise<PersonRow> {
	const person = await loadPerson(db, actor, id);
	if (!canManagePerson(actor.roles, person.roles)) {
		await audit(db, actor, 'user.change_refused', { type: 'user', id }, { action });
		throw notYours();
	}
	return person;
}

/** Who may do each change (on top of canManagePerson), as the services below check it. */
const CHANGE_ROLES = {
	update: MANAGE_ORGANISATION,
	active: MANAGE_ORGANISATION,
	password: MANAGE_ORGANISATION,
	pin: SUPERVISE_STAFF,
	badge: SUPERVISE_STAFF
} as const;

/**
 * The API's first check on a path's person (before reading the body): the action's role (a password on
 * one's own account is one's own change: setPassword), one of the organisation's people (else 404) whom
 * the actor may change (else 403, written to the journal as `user.change_refused`). The service called
 * next checks again, locked.
 */
export async function checkMayChange(db: Database, actor: Actor, id: string, action: keyof typeof CHANGE_ROLES): Promise<void> {
	requireRole(actor, action === 'password' && id === actor.userId ? SUPERVISE_STAFF : CHANGE_ROLES[action]);
	await requireMayManage(db, actor, id, action);
}

/** The same check on the row locked inside the change's transaction (roles may have changed meanwhile). */
function recheck(actor: Actor, person: PersonRow): void {
	if (!canManagePerson(actor.roles, person.roles)) throw notYours();
}

const personColumns = {
	id: users.id,
	username: users.username,
	firstName: users.firstName,
	lastName: users.lastName,
	email: users.email,
	active: users.active,
	hasPassword: sql<boolean>`${users.passwordHash} is not null`,
	hasPin: sql<boolean>`${users.pinHash} is not null`,
	pinLocked: sql<boolean>`${users.pinLockedAt} is not null`,
	hasBadge: sql<boolean>`${users.badgeTokenHash} is not null`,
	createdAt: users.createdAt,
	deactivatedAt: users.deactivatedAt
};

async function attachRoles(ex: Executor, organisationId: string, rows: Omit<PersonRow, 'roles'>[]): Promise<PersonRow[]> {
	if (rows.length === 0) return [];
	const rs = await ex
		.select({ userId: memberships.userId, role: memberships.role })
		.from(memberships)
		.where(
			and(
				eq(memberships.organisationId, organisationId),
				inArray(
					memberships.userId,
					rows.map((r) => r.id)
				)
			)
		);
	return rows.map((r) => ({
		...r,
		roles: ROLES.filter((role) => rs.some((x) => x.userId === r.id && x.role === role))
	}));
}

export interface PeopleQuery {
	q?: string;
	status?: 'active' | 'inactive' | 'all';
	role?: Role | '';
	page?: number;
}

/** The organisation's people, searchable by name, filtered by role and status, 25 a page. */
export async function listPeople(
	db: Database,
	actor: Actor,
	query: PeopleQuery = {}
): Promise<{ rows: PersonRow[]; total: number; page: number; pages: number }> {
	requireRole(actor, SUPERVISE_STAFF);
	const conds: SQL[] = [eq(users.organisationId, actor.organisationId)];
	const status = query.status ?? 'active';
	if (status !== 'all') conds.push(eq(users.active, status === 'active'));
	const q = query.q?.trim().slice(0, 100);
	if (q) {
		const like = likePattern(q);
		conds.push(or(ilike(users.firstName, like), ilike(users.lastName, like), ilike(users.username, like))!);
	}
	if (query.role) {
		conds.push(
			sql`exists (select 1 from ${memberships} where ${memberships.userId} = ${users.id} and ${memberships.organisationId} = ${users.organisationId} and ${memberships.role} = ${query.role})`
		);
	}
	const where = and(...conds);
	const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(users).where(where);
	const { page, pages, limit, offset } = pageOf(total, query.page, PAGE_SIZE);
	const rows = await db
		.select(personColumns)
		.from(users)
		.where(where)
		.orderBy(asc(users.firstName), asc(users.lastName), asc(users.username))
		.limit(limit)
		.offset(offset);
	return { rows: await attachRoles(db, actor.organisationId, rows), total, page, pages };
}

async function loadPerson(ex: Executor, actor: Actor, id: string, lock = false): Promise<PersonRow> {
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.person_not_found(), 404);
	const base = ex
		.select(personColumns)
		.from(users)
		.where(and(eq(users.id, id), eq(users.organisationId, actor.organisationId)));
	const [row] = lock ? await base.for('update') : await base;
	if (!row) throw new AppError('not_found', m.person_not_found(), 404);
	const [person] = await attachRoles(ex, actor.organisationId, [row]);
	return person!;
}

export async function getPerson(db: Database, actor: Actor, id: string): Promise<PersonRow> {
	requireRole(actor, SUPERVISE_STAFF);
	return loadPerson(db, actor, id);
}

export interface HistoryRow {
	at: Date;
	action: string;
	by: string | null;
	details: Record<string, unknown> | null;
}

/** What was done to a person's account, newest first (from the audit log). */
export async function personHistory(db: Database, actor: Actor, id: string): Promise<HistoryRow[]> {
	requireRole(actor, SUPERVISE_STAFF);
	await loadPerson(db, actor, id);
	return db
		.select({
			at: auditLog.at,
			action: auditLog.action,
			by: sql<string | null>`(select ${users.firstName} || ' ' || ${users.lastName} from ${users} where ${users.id} = ${auditLog.userId})`,
			details: auditLog.details
		})
		.from(auditLog)
		.where(and(eq(auditLog.organisationId, actor.organisationId), eq(auditLog.entityType, 'user'), eq(auditLog.entityId, id)))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(100);
}

async function setRoles(tx: Tx, organisationId: string, userId: string, roles: readonly Role[]): Promise<void> {
	await tx.delete(memberships).where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)));
	if (roles.length > 0) await tx.insert(memberships).values(roles.map((role) => ({ organisationId, userId, role })));
}

/** Creates a person in the actor's organisation (managers). Password and PIN are optional. */
export async function createPerson(db: Database, actor: Actor, input: NewPersonInput): Promise<PersonRow> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = newPersonSchema.safeParse(input);
	if (!parsed.success) throw invalidPerson(parsed.error.issues);
	const p = parsed.data;
	const roles = [...new Set(p.roles)];
	checkRoles(actor, roles);
	if (p.password) checkPassword(p.password);
	if (p.pin) checkPin(p.pin);
	const passwordHash = p.password ? await hashSecret(p.password) : null;
	const pinHash = p.pin ? await hashSecret(p.pin) : null;
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(users)
				.values({
					organisationId: actor.organisationId,
					username: p.username,
					firstName: p.firstName,
					lastName: p.lastName,
					email: p.email || null,
					passwordHash,
					// A password chosen by someone else is temporary: the person changes it at their first sign-in.
					mustChangePassword: !!passwordHash,
					pinHash
				})
				.returning({ id: users.id });
			await setRoles(tx, actor.organisationId, row!.id, roles);
			await audit(tx, actor, 'user.create', { type: 'user', id: row!.id }, { username: p.username, roles, password: !!passwordHash, pin: !!pinHash });
			return loadPerson(tx, actor, row!.id);
		});
	} catch (e) {
		if (isUniqueViolation(e, 'users_username_unique')) throw new AppError('username_taken', m.person_username_taken(), 409, 'username');
		throw e;
	}
}

/** Edits names, e-mail and roles (managers). Nobody changes their own roles. */
export async function updatePerson(db: Database, actor: Actor, id: string, input: PersonInput): Promise<PersonRow> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = personSchema.safeParse(input);
	if (!parsed.success) throw invalidPerson(parsed.error.issues);
	const p = parsed.data;
	const roles = ROLES.filter((r) => p.roles.includes(r));
	await requireMayManage(db, actor, id, 'update');
	return db.transaction(async (tx) => {
		const before = await loadPerson(tx, actor, id, true);
		recheck(actor, before);
		const rolesChanged = roles.join() !== before.roles.join();
		if (rolesChanged && id === actor.userId) throw new AppError('own_roles', m.person_cannot_change_own_roles(), 403, 'roles');
		checkRoles(actor, roles, before.roles);
		await tx
			.update(users)
			.set({ firstName: p.firstName, lastName: p.lastName, email: p.email || null, updatedAt: new Date() })
			.where(eq(users.id, id));
		if (rolesChanged) await setRoles(tx, actor.organisationId, id, roles);
		const changes: Record<string, unknown> = {};
		if (before.firstName !== p.firstName) changes.firstName = [before.firstName, p.firstName];
		if (before.lastName !== p.lastName) changes.lastName = [before.lastName, p.lastName];
		if ((before.email ?? '') !== p.email) changes.email = [before.email, p.email || null];
		if (rolesChanged) changes.roles = [before.roles, roles];
		if (Object.keys(changes).length > 0) await audit(tx, actor, 'user.update', { type: 'user', id }, changes);
		return loadPerson(tx, actor, id);
	});
}

/** Deactivates (never deletes) a person: they can no longer sign in, their sessions end. */
export async function setPersonActive(db: Database, actor: Actor, id: string, active: boolean): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	if (id === actor.userId && !active) throw new AppError('self', m.person_cannot_deactivate_self(), 403);
	await requireMayManage(db, actor, id, active ? 'reactivate' : 'deactivate');
	await db.transaction(async (tx) => {
		const before = await loadPerson(tx, actor, id, true);
		recheck(actor, before);
		if (before.active === active) return;
		await tx
			.update(users)
			.set({ active, deactivatedAt: active ? null : new Date(), updatedAt: new Date() })
			.where(eq(users.id, id));
		if (!active) await invalidateUserSessions(tx, id);
		await audit(tx, actor, active ? 'user.reactivate' : 'user.deactivate', { type: 'user', id });
	});
}

/**
 * Sets or resets a person's password (managers, for people they may manage). The password is temporary:
 * the person must change it at their next sign-in. Their sessions end. On one's own account this is a
 * change of one's own password, which asks for the current one (changeOwnPassword).
 */
export async function setPassword(db: Database, actor: Actor, id: string, password: string, current = ''): Promise<void> {
	if (id === actor.userId) return changeOwnPassword(db, actor, current, password);
	requireRole(actor, MANAGE_ORGANISATION);
	checkPassword(password);
	await requireMayManage(db, actor, id, 'password');
	const passwordHash = await hashSecret(password);
	await db.transaction(async (tx) => {
		recheck(actor, await loadPerson(tx, actor, id, true));
		await tx.update(users).set({ passwordHash, mustChangePassword: true, updatedAt: new Date() }).where(eq(users.id, id));
		await invalidateUserSessions(tx, id);
		await audit(tx, actor, 'user.password_set', { type: 'user', id }, { temporary: true });
	});
}

/**
 * Sets or resets a PIN (supervisors and up, for people they may manage). Clears a lock. On one's own
 * account this is a change of one's own PIN, which asks for the current one (changeOwnPin).
 */
export async function setPin(db: Database, actor: Actor, id: string, pin: string, current = ''): Promise<void> {
	if (id === actor.userId) return changeOwnPin(db, actor, current, pin);
	requireRole(actor, SUPERVISE_STAFF);
	checkPin(pin);
	await requireMayManage(db, actor, id, 'pin');
	const pinHash = await hashSecret(pin);
	await db.transaction(async (tx) => {
		recheck(actor, await loadPerson(tx, actor, id, true));
		await tx.update(users).set({ pinHash, pinFailedCount: 0, pinLockedAt: null, updatedAt: new Date() }).where(eq(users.id, id));
		await audit(tx, actor, 'user.pin_set', { type: 'user', id });
	});
}

/** Unlocks a PIN locked after PIN_MAX_FAILURES wrong tries in a row (supervisors and up, for people they may manage). */
export async function unlockPin(db: Database, actor: Actor, id: string): Promise<void> {
	requireRole(actor, SUPERVISE_STAFF);
	await requireMayManage(db, actor, id, 'pin_unlock');
	await db.transaction(async (tx) => {
		recheck(actor, await loadPerson(tx, actor, id, true));
		await tx.update(users).set({ pinFailedCount: 0, pinLockedAt: null }).where(eq(users.id, id));
		await audit(tx, actor, 'user.pin_unlock', { type: 'user', id });
	});
}

/**
 * Issues a new badge and returns what its QR code holds. The previous badge stops working at once
 * (only the hash is kept, so a badge is never reprinted, only replaced).
 */
export async function issueBadge(db: Database, actor: Actor, id: string): Promise<{ code: string; person: PersonRow }> {
	requireRole(actor, SUPERVISE_STAFF);
	await requireMayManage(db, actor, id, 'badge');
	const token = generateToken();
	return db.transaction(async (tx) => {
		const person = await loadPerson(tx, actor, id, true);
		recheck(actor, person);
		if (!person.active) throw new AppError('inactive', m.person_inactive(), 409);
		await tx
			.update(users)
			.set({ badgeTokenHash: hashToken(token), badgeIssuedAt: new Date() })
			.where(eq(users.id, id));
		// The old badge's sessions end with it (a replaced badge may be lost or in someone else's hands).
		await endBadgeSessions(tx, id);
		await audit(tx, actor, person.hasBadge ? 'user.badge_replace' : 'user.badge_issue', { type: 'user', id });
		return { code: BADGE_PREFIX + token.toUpperCase(), person };
	});
}

export async function revokeBadge(db: Database, actor: Actor, id: string): Promise<void> {
	requireRole(actor, SUPERVISE_STAFF);
	await requireMayManage(db, actor, id, 'badge_revoke');
	await db.transaction(async (tx) => {
		const person = await loadPerson(tx, actor, id, true);
		recheck(actor, person);
		if (!person.hasBadge) return;
		await tx.update(users).set({ badgeTokenHash: null, badgeIssuedAt: null }).where(eq(users.id, id));
		await endBadgeSessions(tx, id);
		await audit(tx, actor, 'user.badge_revoke', { type: 'user', id });
	});
}

/**
 * A person changes their own password, proving the current one. A wrong current password counts
 * against the same throttle as a wrong password at sign-in (per user name). Other sessions end; a
 * temporary password stops being one.
 */
export async function changeOwnPassword(db: Database, actor: Actor, current: string, next: string, now = new Date()): Promise<void> {
	checkPassword(next);
	const keys = [userKey(actor.username)];
	const locked = await checkThrottle(db, keys, now);
	if (locked) throw throttledError(locked, now);
	const [me] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
	if (!me?.hash || !(await verifySecret(me.hash, current))) {
		await recordFailure(db, keys, now);
		await audit(db, actor, 'user.password_change_failed', { type: 'user', id: actor.userId });
		const after = await checkThrottle(db, keys, now);
		if (after) throw throttledError(after, now);
		throw new AppError('wrong_password', m.account_wrong_current_password(), 400, 'current');
	}
	const passwordHash = await hashSecret(next);
	await db.transaction(async (tx) => {
		await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: new Date() }).where(eq(users.id, actor.userId));
		await tx.execute(sql`delete from sessions where user_id = ${actor.userId} and id <> ${actor.sessionId ?? ''}`);
		await audit(tx, actor, 'user.password_change', { type: 'user', id: actor.userId });
	});
}

/**
 * A person changes their own PIN, proving the current one (or, if they have none yet, just setting it).
 * A wrong current PIN counts like a wrong PIN at the tablet (same delays, same lock, same audit).
 */
export async function changeOwnPin(db: Database, actor: Actor, current: string, next: string, now = new Date()): Promise<void> {
	checkPin(next, 'next');
	const pinHash = await hashSecret(next);
	// The wrong-PIN count must be kept even though the change is refused: the transaction returns the refusal.
	const refused = await db.transaction(async (tx): Promise<AppError | null> => {
		const [me] = await tx
			.select({
				id: users.id,
				organisationId: users.organisationId,
				pinHash: users.pinHash,
				pinLockedAt: users.pinLockedAt,
				pinFailedCount: users.pinFailedCount
			})
			.from(users)
			.where(eq(users.id, actor.userId))
			.for('update');
		if (!me) return new AppError('not_found', m.person_not_found(), 404);
		if (me.pinLockedAt) return new AppError('pin_locked', m.pin_locked(), 423, 'current');
		if (me.pinHash) {
			// The same check (delays, lock, audit) as a PIN typed at the tablet.
			const place = { deviceId: actor.deviceId, apiTokenId: actor.apiTokenId };
			const checked = await checkCurrentPin(tx, { user: me, place, pin: current, purpose: 'sign_in', field: 'current' }, now);
			if (!checked.ok) return checked.error;
		}
		await tx.update(users).set({ pinHash, pinFailedCount: 0, updatedAt: new Date() }).where(eq(users.id, actor.userId));
		await audit(tx, actor, 'user.pin_change', { type: 'user', id: actor.userId });
		return null;
	});
	if (refused) throw refused;
}
