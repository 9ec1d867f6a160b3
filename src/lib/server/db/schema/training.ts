import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { users } from './users';

/**
 * The operators' training record (issue 13, docs/training.md).
 *
 * `work_events`: what a person really did, one row per action worth learning from (a reception line, a
 * shelving, a sale, a till closing…). Written by the services in the same transaction as the action
 * (`recordWork` in server/training/events.ts); its `type` is one of WORK_EVENT_TYPES ($lib/training/events.ts),
 * a closed union. Append-only. `quantity`: how much work the row stands for (lines, labels, lots); `signal`:
 * a quality fact from the same data (a cash difference in cents, a count difference in base units).
 */
export const workEvents = pgTable(
	'work_events',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		userId: uuid('user_id').notNull(),
		type: text('type').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		deviceId: uuid('device_id'),
		entityType: text('entity_type'),
		entityId: text('entity_id'),
		quantity: integer('quantity').notNull().default(1),
		signal: integer('signal'),
		details: jsonb('details').$type<Record<string, unknown>>()
	},
	(t) => [
		foreignKey({ name: 'work_events_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		index('work_events_user_at_idx').on(t.organisationId, t.userId, t.at),
		index('work_events_org_at_idx').on(t.organisationId, t.at),
		check('work_events_quantity_check', sql`${t.quantity} >= 0`)
	]
);

/**
 * The organisation's skills framework: seeded with CAP Équipier polyvalent du commerce (RNCP34947) and
 * CléA, plus the organisation's own skills (`framework` = 'own'). A skill is never deleted (its
 * validations keep pointing at it): it is deactivated.
 */
export const skills = pgTable(
	'skills',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** 'cap_epc', 'clea' or 'own'. */
		framework: text('framework').notNull(),
		/** Short stable code shown beside the name (CAP-B1-1, CLEA-2, OWN-1…), unique in the organisation. */
		code: text('code').notNull(),
		/** The block or domain the skill belongs to ("Bloc 1 — Recevoir et suivre les commandes"). */
		block: text('block').notNull(),
		name: text('name').notNull(),
		description: text('description').notNull().default(''),
		position: integer('position').notNull().default(0),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('skills_org_id_key').on(t.organisationId, t.id),
		unique('skills_org_code_key').on(t.organisationId, t.code),
		check('skills_framework_check', sql`${t.framework} in ('cap_epc', 'clea', 'own')`)
	]
);

/** Which work events give evidence of a skill (each skill lists its events). */
export const skillEvents = pgTable(
	'skill_events',
	{
		organisationId: uuid('organisation_id').notNull(),
		skillId: uuid('skill_id').notNull(),
		eventType: text('event_type').notNull()
	},
	(t) => [
		primaryKey({ name: 'skill_events_pk', columns: [t.organisationId, t.skillId, t.eventType] }),
		foreignKey({ name: 'skill_events_skill_fk', columns: [t.organisationId, t.skillId], foreignColumns: [skills.organisationId, skills.id] })
	]
);

/**
 * A supervisor's validation of a skill for a person: a level, the day, a comment, who validated. Never
 * edited: the history is the rows; the person's current level is their latest row. A lower level than
 * the previous one carries its reason.
 */
export const skillValidations = pgTable(
	'skill_validations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		userId: uuid('user_id').notNull(),
		skillId: uuid('skill_id').notNull(),
		/** 'discovery' (découverte), 'with_help' (avec aide), 'autonomous' (en autonomie), 'mastered' (maîtrisé). */
		level: text('level').notNull(),
		/** The day of the validation (in the organisation's time zone). */
		day: date('day', { mode: 'string' }).notNull(),
		comment: text('comment'),
		/** Required when the level goes down. */
		reason: text('reason'),
		validatedBy: uuid('validated_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({ name: 'skill_validations_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'skill_validations_by_fk', columns: [t.organisationId, t.validatedBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'skill_validations_skill_fk', columns: [t.organisationId, t.skillId], foreignColumns: [skills.organisationId, skills.id] }),
		index('skill_validations_user_idx').on(t.organisationId, t.userId, t.skillId, t.createdAt),
		check('skill_validations_level_check', sql`${t.level} in ('discovery', 'with_help', 'autonomous', 'mastered')`)
	]
);

/** A supervisor looked at a person's record: "new since the last review" counts from the latest one. */
export const trainingReviews = pgTable(
	'training_reviews',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		userId: uuid('user_id').notNull(),
		reviewedBy: uuid('reviewed_by').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({ name: 'training_reviews_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'training_reviews_by_fk', columns: [t.organisationId, t.reviewedBy], foreignColumns: [users.organisationId, users.id] }),
		index('training_reviews_user_idx').on(t.organisationId, t.userId, t.at)
	]
);

/**
 * An insertion contract (CDDI, 4 to 24 months): its dates, weekly hours, the referent supervisor and the
 * insertion counsellor; at the end, the exit ("sortie") and its day. A renewal is a new row.
 */
export const contracts = pgTable(
	'contracts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		userId: uuid('user_id').notNull(),
		startDate: date('start_date', { mode: 'string' }).notNull(),
		endDate: date('end_date', { mode: 'string' }).notNull(),
		/** Weekly hours in minutes (26 h = 1560). */
		weeklyMinutes: integer('weekly_minutes').notNull(),
		referentId: uuid('referent_id'),
		/** The insertion counsellor (CIP): a name, often outside the organisation's accounts. */
		counsellor: text('counsellor').notNull().default(''),
		/** 'durable_job', 'transition_job', 'positive' (training), 'other'; null while the contract runs. */
		exitKind: text('exit_kind'),
		exitDate: date('exit_date', { mode: 'string' }),
		exitNote: text('exit_note'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({ name: 'contracts_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'contracts_referent_fk', columns: [t.organisationId, t.referentId], foreignColumns: [users.organisationId, users.id] }),
		index('contracts_org_end_idx').on(t.organisationId, t.endDate),
		index('contracts_user_idx').on(t.organisationId, t.userId),
		check('contracts_dates_check', sql`${t.endDate} >= ${t.startDate}`),
		check('contracts_hours_check', sql`${t.weeklyMinutes} > 0 and ${t.weeklyMinutes} <= 2880`),
		check('contracts_exit_check', sql`(${t.exitKind} is null) = (${t.exitDate} is null)`),
		check('contracts_exit_kind_check', sql`${t.exitKind} is null or ${t.exitKind} in ('durable_job', 'transition_job', 'positive', 'other')`)
	]
);
