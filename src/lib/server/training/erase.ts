import { and, eq, or, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { MANAGE_CONTRACTS, type Role } from '$lib/permissions';
import { shopToday } from '$lib/stock/dates';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { canManagePerson, requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { auditLog, contracts, organisations, sessions, skillValidations, users } from '../db/schema';
import { AppError } from '../errors';
import { compactAfterErase } from '../households/privacy';
import { retentionDue } from '../households/rules';
import { isUuid } from '../http/input';
import { rowsOf } from '../reports/sql';
import { actorZone } from '../timeZone';

/**
 * Erasing a person from the training record (issue 13, "Rules and privacy"; docs/training.md "Erasure").
 *
 * What goes: the person's names (first name "Personne effacée", last name empty), user name (replaced by
 * `effacee-<id>`, unique and meaningless), e-mail, password, PIN and badge, their sessions; the free texts
 * that may name them — validation comments and reasons, the contracts' counsellor and exit note — and the
 * names, e-mail and user name copied into the journal's details about them.
 * What stays, so that the workshop report's counts do not move: the rows themselves — work events,
 * validations with their levels and days, reviews, contracts with their dates, hours and exit kind — and
 * the journal's rows (they name the person only through the users row, now blank).
 *
 * Only after the contract: a person with a contract running (no exit, end not past) is not erased. An
 * active person is deactivated in the same transaction (erasing is the end of the account; asking to
 * deactivate first would be one more step for the same result). Nobody erases themselves, and only people
 * whose every role the manager covers (canManagePerson: not an admin, not a social worker).
 */

export const ERASE_REASONS = ['request', 'after_contract'] as const;
export type EraseReason = (typeof ERASE_REASONS)[number];
const isEraseReason = (v: unknown): v is EraseReason => typeof v === 'string' && (ERASE_REASONS as readonly string[]).includes(v);

/** Tables an erasure rewrites (compacted after it, see compactAfterErase). */
const ERASED_TABLES = ['users', 'sessions', 'skill_validations', 'contracts', 'audit_log'];

/** Keys of the journal's details that may hold a person's name or contact (user.create, user.update…). */
const NAME_KEYS = ['firstName', 'lastName', 'username', 'email', 'name', 'counsellor', 'exitNote', 'comment', 'reason', 'note'];

/** Normalised for the typed confirmation: case, accents kept, spaces folded. */
const folded = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr');

interface ErasablePerson {
	id: string;
	firstName: string;
	lastName: string;
	name: string;
	active: boolean;
	erased: boolean;
	roles: Role[];
}

async function lockErasable(tx: Tx, organisationId: string, userId: string): Promise<ErasablePerson> {
	if (!isUuid(userId)) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	const [u] = await tx
		.select({ id: users.id, firstName: users.firstName, lastName: users.lastName, active: users.active, erasedAt: users.erasedAt })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId)))
		.for('update');
	if (!u) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	const roles = await rowsOf<{ role: Role }>(
		tx,
		sql`select role::text as role from memberships where organisation_id = ${organisationId} and user_id = ${userId}`
	);
	return {
		id: u.id,
		firstName: u.firstName,
		lastName: u.lastName,
		name: `${u.firstName} ${u.lastName}`.trim(),
		active: u.active,
		erased: u.erasedAt !== null,
		roles: roles.map((r) => r.role)
	};
}

/** A contract runs while it has no exit and its end is today or later. */
async function hasRunningContract(ex: Executor, organisationId: string, userId: string, today: string): Promise<boolean> {
	const [r] = await rowsOf<{ n: number }>(
		ex,
		sql`select count(*)::int as n from contracts where organisation_id = ${organisationId} and user_id = ${userId} and exit_kind is null and end_date >= ${today}::date`
	);
	return Number(r?.n ?? 0) > 0;
}

/** Blanks the person inside a transaction (see the module's comment). Returns whether they were active. */
async function blankPerson(tx: Tx, organisationId: string, userId: string): Promise<void> {
	const now = new Date();
	await tx
		.update(users)
		.set({
			firstName: m.training_erase_erased_name({}, { locale: 'fr' }),
			lastName: '',
			username: `effacee-${userId}`,
			email: null,
			passwordHash: null,
			mustChangePassword: false,
			pinHash: null,
			pinFailedCount: 0,
			pinLockedAt: null,
			badgeTokenHash: null,
			badgeIssuedAt: null,
			active: false,
			deactivatedAt: sql`coalesce(${users.deactivatedAt}, now())`,
			erasedAt: now,
			updatedAt: now
		})
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId)));
	await tx.delete(sessions).where(eq(sessions.userId, userId));
	await tx
		.update(skillValidations)
		.set({ comment: null, reason: null })
		.where(and(eq(skillValidations.organisationId, organisationId), eq(skillValidations.userId, userId)));
	await tx
		.update(contracts)
		.set({ counsellor: '', exitNote: null, updatedAt: now })
		.where(and(eq(contracts.organisationId, organisationId), eq(contracts.userId, userId)));
	// The journal's rows stay (who did what, when); the names copied into their details go.
	await tx
		.update(auditLog)
		.set({ details: sql`${auditLog.details} - ${sql.raw(`array[${NAME_KEYS.map((k) => `'${k}'`).join(', ')}]`)}::text[]` })
		.where(
			and(
				eq(auditLog.organisationId, organisationId),
				sql`${auditLog.details} is not null`,
				or(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId)), eq(auditLog.userId, userId))
			)
		);
}

export interface EraseInput {
	/** Why: on the person's request, or after their contract. */
	reason?: string;
	/** The person's name as typed by the manager, to confirm. */
	confirm?: string;
}

/** A manager erases a person's training record (see the module's comment). Audited `training.erase`. */
export async function erasePerson(db: Database, actor: Actor, userId: string, input: EraseInput, opts: { today?: string } = {}): Promise<void> {
	requireRole(actor, MANAGE_CONTRACTS);
	if (userId === actor.userId) throw new AppError('own_record', m.training_erase_self(), 403);
	const today = opts.today ?? shopToday(new Date(), actorZone(actor));
	await db.transaction(async (tx) => {
		const p = await lockErasable(tx, actor.organisationId, userId);
		if (!canManagePerson(actor.roles, p.roles)) throw new AppError('forbidden', m.training_erase_not_yours(), 403);
		if (p.erased) throw new AppError('person_erased', m.training_person_erased(), 409);
		const reason = input.reason ?? '';
		if (!isEraseReason(reason))
			throw new AppError('invalid_input', m.training_erase_reason_required(), 400, 'reason', { reason: m.training_erase_reason_required() });
		if (folded(input.confirm ?? '') !== folded(p.name)) {
			throw new AppError('invalid_input', m.training_erase_confirm_mismatch(), 400, 'confirm', { confirm: m.training_erase_confirm_mismatch() });
		}
		if (await hasRunningContract(tx, actor.organisationId, userId, today)) throw new AppError('contract_running', m.training_erase_contract_running(), 409);
		await blankPerson(tx, actor.organisationId, userId);
		await audit(tx, actor, 'training.erase', { type: 'user', id: userId }, { reason, deactivated: p.active });
	});
	await compactAfterErase(db, ERASED_TABLES);
}

/** What the erasure page shows before the step: the person and whether they can be erased now. */
export async function erasePreview(
	db: Database,
	actor: Actor,
	userId: string
): Promise<{ id: string; name: string; active: boolean; erased: boolean; mayErase: boolean; contractRunning: boolean; self: boolean }> {
	requireRole(actor, MANAGE_CONTRACTS);
	const today = shopToday(new Date(), actorZone(actor));
	return db.transaction(async (tx) => {
		const p = await lockErasable(tx, actor.organisationId, userId);
		const contractRunning = await hasRunningContract(tx, actor.organisationId, userId, today);
		return {
			id: p.id,
			name: p.name,
			active: p.active,
			erased: p.erased,
			mayErase: canManagePerson(actor.roles, p.roles) && userId !== actor.userId,
			contractRunning,
			self: userId === actor.userId
		};
	});
}

// ——— Retention ———

export const DEFAULT_TRAINING_RETENTION_MONTHS = 24;
export const MAX_TRAINING_RETENTION_MONTHS = 120;

/** `trainingRetentionMonths` of the organisation's settings (1–120), else 24. */
export function readTrainingRetention(settings: Record<string, unknown> | null | undefined): number {
	const v = settings?.trainingRetentionMonths;
	return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_TRAINING_RETENTION_MONTHS ? v : DEFAULT_TRAINING_RETENTION_MONTHS;
}

async function retentionMonthsOf(ex: Executor, organisationId: string): Promise<number> {
	const [org] = await ex.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, organisationId));
	return readTrainingRetention(org?.settings as Record<string, unknown> | undefined);
}

/**
 * The people whose retention has passed: deactivated, not erased, operators or people with a contract
 * (anyone else is never erased by retention), no contract running, and the later of the end of their last
 * contract (its exit's day when earlier) and their deactivation more than `months` months ago (days in the
 * organisation's time zone). Only people the actor may manage (canManagePerson).
 */
async function dueForRetention(ex: Executor, actor: Actor, months: number, today: string): Promise<{ id: string }[]> {
	const zone = actorZone(actor);
	const rows = await rowsOf<{ id: string; last_end: string; roles: Role[] }>(
		ex,
		sql`select u.id,
			greatest(
				(select max(least(coalesce(c.exit_date, c.end_date), c.end_date)) from contracts c where c.organisation_id = u.organisation_id and c.user_id = u.id),
				(coalesce(u.deactivated_at, u.updated_at) at time zone ${zone})::date
			)::text as last_end,
			coalesce((select array_agg(ms.role::text) from memberships ms where ms.organisation_id = u.organisation_id and ms.user_id = u.id), '{}') as roles
		from users u
		where u.organisation_id = ${actor.organisationId} and u.erased_at is null and not u.active and u.id <> ${actor.userId}
		  and (exists (select 1 from memberships ms where ms.organisation_id = u.organisation_id and ms.user_id = u.id and ms.role = 'operator')
		       or exists (select 1 from contracts c where c.organisation_id = u.organisation_id and c.user_id = u.id))
		  and not exists (select 1 from contracts c where c.organisation_id = u.organisation_id and c.user_id = u.id
		       and c.exit_kind is null and c.end_date >= ${today}::date)
		order by u.id`
	);
	return rows.filter((r) => canManagePerson(actor.roles, r.roles) && retentionDue(r.last_end, months, today)).map((r) => ({ id: r.id }));
}

/** The retention setting and how many people are due now (the managers' page). */
export async function trainingRetention(db: Database, actor: Actor, opts: { today?: string } = {}): Promise<{ months: number; due: number }> {
	requireRole(actor, MANAGE_CONTRACTS);
	const today = opts.today ?? shopToday(new Date(), actorZone(actor));
	const months = await retentionMonthsOf(db, actor.organisationId);
	return { months, due: (await dueForRetention(db, actor, months, today)).length };
}

/** A manager changes the retention (months, 1–120). Audited `training.settings` with before and after. */
export async function setTrainingRetention(db: Database, actor: Actor, monthsText: string): Promise<{ months: number }> {
	requireRole(actor, MANAGE_CONTRACTS);
	const t = monthsText.trim();
	const months = /^\d{1,3}$/.test(t) ? Number(t) : NaN;
	if (!Number.isInteger(months) || months < 1 || months > MAX_TRAINING_RETENTION_MONTHS) {
		const msg = m.training_erase_retention_invalid({ max: MAX_TRAINING_RETENTION_MONTHS });
		throw new AppError('invalid_input', msg, 400, 'months', { months: msg });
	}
	return db.transaction(async (tx) => {
		const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('update');
		const settings = (org?.settings ?? {}) as Record<string, unknown>;
		const before = readTrainingRetention(settings);
		await tx
			.update(organisations)
			.set({ settings: { ...settings, trainingRetentionMonths: months } })
			.where(eq(organisations.id, actor.organisationId));
		await audit(tx, actor, 'training.settings', null, { trainingRetentionMonths: [before, months] });
		return { months };
	});
}

/** Erases everyone whose retention has passed (dueForRetention), in one transaction. Audited `training.retention_run` with the count. */
export async function runTrainingRetention(db: Database, actor: Actor, opts: { today?: string } = {}): Promise<{ erased: number }> {
	requireRole(actor, MANAGE_CONTRACTS);
	const today = opts.today ?? shopToday(new Date(), actorZone(actor));
	const erased = await db.transaction(async (tx) => {
		const months = await retentionMonthsOf(tx, actor.organisationId);
		// The candidates are locked, then chosen again: a person reactivated meanwhile is left alone.
		await tx.execute(sql`select id from users where organisation_id = ${actor.organisationId} and erased_at is null and not active for update`);
		const due = await dueForRetention(tx, actor, months, today);
		for (const p of due) await blankPerson(tx, actor.organisationId, p.id);
		await audit(tx, actor, 'training.retention_run', null, { today, retentionMonths: months, count: due.length });
		return due.length;
	});
	if (erased > 0) await compactAfterErase(db, ERASED_TABLES);
	return { erased };
}
