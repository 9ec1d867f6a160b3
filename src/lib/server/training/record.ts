import { and, desc, eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { OWN_TRAINING_RECORD, READ_TRAINING_RECORDS, VALIDATE_SKILLS } from '$lib/permissions';
import { addDays, isIsoDate, shopToday } from '$lib/stock/dates';
import { hasControlCharacter } from '$lib/text';
import { CONTRACT_ENDING_DAYS, isLevel, isLevelDown, type ExitKind, type Level } from '$lib/training/framework';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { hasAnyRole, requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { contracts, memberships, skills, skillValidations, trainingReviews, users } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../http/input';
import { actorZone } from '../timeZone';
import { evidenceOf, type Evidence, type SkillEvidence } from './evidence';
import { frameworkOf, type Skill } from './framework';
import { rowsOf } from '../reports/sql';
import type { Role } from '$lib/permissions';

/**
 * A person's training record (issue 13): who they are, their contracts, the framework's skills each with
 * its evidence, current level and history, the quality signals, and what is new since the last review.
 * Supervisors and managers read anyone's in their organisation (audited: `training.read`); an operator
 * reads their own (`myRecord`). Social workers and admins read none.
 */

export interface Person {
	id: string;
	firstName: string;
	lastName: string;
	name: string;
	roles: Role[];
	active: boolean;
	erased: boolean;
}

export interface Contract {
	id: string;
	startDate: string;
	endDate: string;
	weeklyMinutes: number;
	referentId: string | null;
	referentName: string | null;
	counsellor: string;
	exitKind: ExitKind | null;
	exitDate: string | null;
	exitNote: string | null;
}

export interface Validation {
	id: string;
	skillId: string;
	level: Level;
	day: string;
	comment: string | null;
	reason: string | null;
	validatedById: string;
	validatedBy: string;
	at: Date;
}

export interface SkillRecord {
	skill: Skill;
	evidence: SkillEvidence | null;
	/** The latest validation (the person's level now), if any. */
	current: Validation | null;
	/** Every validation of this skill, newest first. */
	history: Validation[];
}

export interface TrainingRecord {
	person: Person;
	contracts: Contract[];
	lastReview: { at: Date; by: string } | null;
	evidence: Evidence;
	skills: SkillRecord[];
	/** The record is the reader's own. */
	own: boolean;
}

const fullName = (first: string, last: string) => `${first} ${last}`.trim();

async function personOf(ex: Executor, organisationId: string, userId: string): Promise<Person> {
	if (!isUuid(userId)) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	const [u] = await ex
		.select({
			id: users.id,
			firstName: users.firstName,
			lastName: users.lastName,
			active: users.active,
			erasedAt: users.erasedAt,
			roles: sql<Role[]>`coalesce((select array_agg(ms.role::text order by ms.role) from ${memberships} ms
				where ms.organisation_id = ${users.organisationId} and ms.user_id = ${users.id}), '{}')`
		})
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, organisationId)));
	if (!u) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	return {
		id: u.id,
		firstName: u.firstName,
		lastName: u.lastName,
		name: fullName(u.firstName, u.lastName),
		roles: u.roles,
		active: u.active,
		erased: u.erasedAt !== null
	};
}

/** A person's contracts, newest first. */
export async function contractsOf(ex: Executor, organisationId: string, userId: string): Promise<Contract[]> {
	const rows = await ex
		.select({
			id: contracts.id,
			startDate: contracts.startDate,
			endDate: contracts.endDate,
			weeklyMinutes: contracts.weeklyMinutes,
			referentId: contracts.referentId,
			referentName: sql<string | null>`(select trim(r.first_name || ' ' || r.last_name) from users r where r.id = ${contracts.referentId})`,
			counsellor: contracts.counsellor,
			exitKind: contracts.exitKind,
			exitDate: contracts.exitDate,
			exitNote: contracts.exitNote
		})
		.from(contracts)
		.where(and(eq(contracts.organisationId, organisationId), eq(contracts.userId, userId)))
		.orderBy(desc(contracts.startDate), desc(contracts.createdAt));
	return rows.map((r) => ({ ...r, exitKind: r.exitKind as ExitKind | null }));
}

async function validationsOf(ex: Executor, organisationId: string, userId: string): Promise<Validation[]> {
	const rows = await ex
		.select({
			id: skillValidations.id,
			skillId: skillValidations.skillId,
			level: skillValidations.level,
			day: skillValidations.day,
			comment: skillValidations.comment,
			reason: skillValidations.reason,
			validatedById: skillValidations.validatedBy,
			validatedBy: sql<string>`(select trim(v.first_name || ' ' || v.last_name) from users v where v.id = ${skillValidations.validatedBy})`,
			at: skillValidations.createdAt
		})
		.from(skillValidations)
		.where(and(eq(skillValidations.organisationId, organisationId), eq(skillValidations.userId, userId)))
		.orderBy(desc(skillValidations.createdAt), desc(skillValidations.id));
	return rows.map((r) => ({ ...r, level: r.level as Level }));
}

async function lastReviewOf(ex: Executor, organisationId: string, userId: string): Promise<{ at: Date; by: string } | null> {
	const [r] = await ex
		.select({
			at: trainingReviews.at,
			by: sql<string>`(select trim(v.first_name || ' ' || v.last_name) from users v where v.id = ${trainingReviews.reviewedBy})`
		})
		.from(trainingReviews)
		.where(and(eq(trainingReviews.organisationId, organisationId), eq(trainingReviews.userId, userId)))
		.orderBy(desc(trainingReviews.at))
		.limit(1);
	return r ?? null;
}

/** Builds the record (no access check: callers do it). `from`/`to`: the period of the evidence (the booklet's). */
export async function buildRecord(ex: Executor, actor: Actor, userId: string, opts: { from?: Date | null; to?: Date | null } = {}): Promise<TrainingRecord> {
	const person = await personOf(ex, actor.organisationId, userId);
	const [framework, contractRows, validations, lastReview] = await Promise.all([
		frameworkOf(ex, actor.organisationId),
		contractsOf(ex, actor.organisationId, userId),
		validationsOf(ex, actor.organisationId, userId),
		lastReviewOf(ex, actor.organisationId, userId)
	]);
	const evidence = await evidenceOf(ex, actor.organisationId, userId, { zone: actorZone(actor), from: opts.from, to: opts.to, since: lastReview?.at ?? null });
	const skillRecords = framework
		// An inactive skill stays on the record of the people it was validated for.
		.filter((s) => s.active || validations.some((v) => v.skillId === s.id))
		.map((skill) => {
			const history = validations.filter((v) => v.skillId === skill.id);
			return { skill, evidence: evidence.skills.get(skill.id) ?? null, current: history[0] ?? null, history };
		});
	return { person, contracts: contractRows, lastReview, evidence, skills: skillRecords, own: userId === actor.userId };
}

/**
 * Someone else's record, for a supervisor or a manager of the organisation. The read is audited
 * (`training.read`, on the person). Another organisation's person, or an unknown id: 404.
 */
export async function trainingRecord(db: Database, actor: Actor, userId: string, opts: { from?: Date | null; to?: Date | null } = {}): Promise<TrainingRecord> {
	requireRole(actor, READ_TRAINING_RECORDS);
	return db.transaction(async (tx) => {
		const record = await buildRecord(tx, actor, userId, opts);
		if (userId !== actor.userId) await audit(tx, actor, 'training.read', { type: 'user', id: userId });
		return record;
	});
}

/** "Mon parcours": the operator's own record (no one else's: there is no id to give). */
export async function myRecord(db: Database, actor: Actor, opts: { from?: Date | null; to?: Date | null } = {}): Promise<TrainingRecord> {
	requireRole(actor, OWN_TRAINING_RECORD);
	return buildRecord(db, actor, actor.userId, opts);
}

// ——— Validation and review ———

export interface ValidationInput {
	skillId?: string;
	level?: string;
	/** YYYY-MM-DD; today (in the organisation's time zone) when empty. */
	day?: string;
	comment?: string;
	/** Required when the level goes down. */
	reason?: string;
}

/**
 * A supervisor validates a skill at a level (never the machine). A lower level than the current one needs
 * a reason. Nobody validates their own skills. History is kept: each validation is a new row.
 */
export async function validateSkill(db: Database, actor: Actor, userId: string, input: ValidationInput): Promise<{ id: string }> {
	requireRole(actor, VALIDATE_SKILLS);
	if (userId === actor.userId) throw new AppError('own_record', m.training_validate_own(), 403);
	const errors: Record<string, string> = {};
	const level = input.level ?? '';
	const today = shopToday(new Date(), actorZone(actor));
	const day = (input.day ?? '').trim() || today;
	const comment = (input.comment ?? '').trim();
	const reason = (input.reason ?? '').trim();
	if (!isLevel(level)) errors.level = m.training_level_required();
	if (!isIsoDate(day) || day > today || day < '2000-01-01') errors.day = m.training_day_invalid();
	if (comment.length > 1000 || hasControlCharacter(comment.replace(/\n/g, ' '))) errors.comment = m.training_comment_invalid();
	if (reason.length > 500 || hasControlCharacter(reason.replace(/\n/g, ' '))) errors.reason = m.training_reason_invalid();
	if (!isUuid(input.skillId)) errors.skillId = m.training_skill_not_found();
	const first = Object.keys(errors)[0];
	if (first) throw new AppError('invalid_validation', errors[first]!, first === 'skillId' ? 404 : 400, first, errors);
	return db.transaction(async (tx) => {
		const person = await personOf(tx, actor.organisationId, userId);
		if (person.erased) throw new AppError('person_erased', m.training_person_erased(), 409);
		const [skill] = await tx
			.select({ id: skills.id, code: skills.code, active: skills.active })
			.from(skills)
			.where(and(eq(skills.id, input.skillId!), eq(skills.organisationId, actor.organisationId)));
		if (!skill || !skill.active) throw new AppError('skill_not_found', m.training_skill_not_found(), 404, 'skillId');
		// The person's rows are locked so that two supervisors validating at once see each other's level.
		await tx.execute(sql`select id from users where id = ${userId} for update`);
		const [current] = await tx
			.select({ level: skillValidations.level })
			.from(skillValidations)
			.where(and(eq(skillValidations.organisationId, actor.organisationId), eq(skillValidations.userId, userId), eq(skillValidations.skillId, skill.id)))
			.orderBy(desc(skillValidations.createdAt), desc(skillValidations.id))
			.limit(1);
		const before = current && isLevel(current.level) ? current.level : null;
		if (isLevelDown(before, level as Level) && !reason) throw new AppError('reason_required', m.training_reason_required(), 400, 'reason');
		const [row] = await tx
			.insert(skillValidations)
			.values({
				organisationId: actor.organisationId,
				userId,
				skillId: skill.id,
				level,
				day,
				comment: comment || null,
				reason: reason || null,
				validatedBy: actor.userId
			})
			.returning({ id: skillValidations.id });
		await audit(tx, actor, 'training.validate', { type: 'user', id: userId }, { skill: skill.code, level, before, day });
		return { id: row!.id };
	});
}

/** The supervisor has gone through the record with the person: "new since the last review" starts again. */
export async function markReviewed(db: Database, actor: Actor, userId: string): Promise<void> {
	requireRole(actor, VALIDATE_SKILLS);
	if (userId === actor.userId) throw new AppError('own_record', m.training_validate_own(), 403);
	await db.transaction(async (tx) => {
		const person = await personOf(tx, actor.organisationId, userId);
		if (person.erased) throw new AppError('person_erased', m.training_person_erased(), 409);
		await tx.insert(trainingReviews).values({ organisationId: actor.organisationId, userId, reviewedBy: actor.userId });
		await audit(tx, actor, 'training.review', { type: 'user', id: userId });
	});
}

// ——— The supervisors' list ———

export interface Trainee {
	id: string;
	name: string;
	active: boolean;
	/** The contract running today, else the latest one. */
	contract: Pick<Contract, 'id' | 'startDate' | 'endDate' | 'referentId' | 'referentName' | 'exitKind' | 'exitDate'> | null;
	/** The asking supervisor is the referent of that contract. */
	mine: boolean;
	/** Days until the contract's end (negative: ended), when there is a contract without an exit. */
	daysLeft: number | null;
	/** Work events since the last review (all of them when never reviewed). */
	newSince: number;
	lastReview: Date | null;
	/** Skills at a level now (latest validation per skill). */
	validated: number;
	lastWork: Date | null;
}

export type TraineeFilter = 'all' | 'mine' | 'ending';

/**
 * The people whose record supervisors follow: operators and anyone with a contract, erased people left
 * out. `mine`: the asker is their referent; `ending`: a contract without exit ending within 60 days (or
 * already past its end). The asker's own people first, then by name.
 */
export async function listTrainees(db: Database, actor: Actor, opts: { filter?: TraineeFilter; q?: string } = {}): Promise<Trainee[]> {
	requireRole(actor, READ_TRAINING_RECORDS);
	const zone = actorZone(actor);
	const today = shopToday(new Date(), zone);
	const q = (opts.q ?? '').trim().slice(0, 100).toLowerCase();
	const rows = await rowsOf<{
		id: string;
		name: string;
		active: boolean;
		contract_id: string | null;
		start_date: string | null;
		end_date: string | null;
		referent_id: string | null;
		referent_name: string | null;
		exit_kind: string | null;
		exit_date: string | null;
		last_review: string | Date | null;
		new_since: number;
		validated: number;
		last_work: string | Date | null;
	}>(
		db,
		sql`with people as (
			select u.id, trim(u.first_name || ' ' || u.last_name) as name, u.active
			from users u
			where u.organisation_id = ${actor.organisationId} and u.erased_at is null
			  and (exists (select 1 from memberships ms where ms.organisation_id = u.organisation_id and ms.user_id = u.id and ms.role = 'operator')
			       or exists (select 1 from contracts c where c.organisation_id = u.organisation_id and c.user_id = u.id))
		)
		select p.id, p.name, p.active,
			c.id as contract_id, c.start_date::text as start_date, c.end_date::text as end_date, c.referent_id,
			(select trim(r.first_name || ' ' || r.last_name) from users r where r.id = c.referent_id) as referent_name,
			c.exit_kind, c.exit_date::text as exit_date,
			rv.at as last_review,
			(select count(*)::int from work_events e where e.organisation_id = ${actor.organisationId} and e.user_id = p.id
				and (rv.at is null or e.at > rv.at)) as new_since,
			(select count(distinct v.skill_id)::int from skill_validations v where v.organisation_id = ${actor.organisationId} and v.user_id = p.id) as validated,
			(select max(e.at) from work_events e where e.organisation_id = ${actor.organisationId} and e.user_id = p.id) as last_work
		from people p
		left join lateral (select * from contracts c where c.organisation_id = ${actor.organisationId} and c.user_id = p.id
			order by (c.start_date <= ${today}::date and c.end_date >= ${today}::date) desc, c.start_date desc limit 1) c on true
		left join lateral (select max(t.at) as at from training_reviews t where t.organisation_id = ${actor.organisationId} and t.user_id = p.id) rv on true
		order by (c.referent_id = ${actor.userId}) desc nulls last, p.active desc, lower(p.name)`
	);
	const horizon = addDays(today, CONTRACT_ENDING_DAYS);
	const dayNumber = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
	const asDate = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
	return rows
		.map((r): Trainee => {
			const open = r.contract_id !== null && r.exit_kind === null;
			return {
				id: r.id,
				name: r.name,
				active: r.active,
				contract: r.contract_id
					? {
							id: r.contract_id,
							startDate: r.start_date!,
							endDate: r.end_date!,
							referentId: r.referent_id,
							referentName: r.referent_name,
							exitKind: r.exit_kind as ExitKind | null,
							exitDate: r.exit_date
						}
					: null,
				mine: r.referent_id === actor.userId,
				daysLeft: open ? dayNumber(r.end_date!) - dayNumber(today) : null,
				newSince: Number(r.new_since),
				lastReview: asDate(r.last_review),
				validated: Number(r.validated),
				lastWork: asDate(r.last_work)
			};
		})
		.filter((t) => !q || t.name.toLowerCase().includes(q))
		.filter((t) => {
			if (opts.filter === 'mine') return t.mine;
			if (opts.filter === 'ending') return t.daysLeft !== null && t.contract!.endDate <= horizon;
			return true;
		});
}

/** Whether the actor may read records of others (for pages that show links). */
export const readsRecords = (actor: Actor): boolean => hasAnyRole(actor.roles, READ_TRAINING_RECORDS);
