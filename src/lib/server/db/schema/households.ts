import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';
import { users } from './users';

/**
 * Households (foyers) oriented by a social worker, their applications to the allocation committee,
 * the committee's decisions, the rights that follow and the beneficiary cards. Sensitive data (RGPD):
 * only the services in src/lib/server/households/ read these tables, with role checks.
 */

export const memberRelation = pgEnum('member_relation', ['conjoint', 'enfant', 'parent', 'autre']);
export const budgetLineKind = pgEnum('budget_line_kind', ['resource', 'charge']);
export const applicationStatus = pgEnum('application_status', ['pending', 'accepted', 'refused', 'postponed']);
export const decisionOutcome = pgEnum('decision_outcome', ['accepted', 'refused', 'postponed']);
export const rightStatus = pgEnum('right_status', ['active', 'suspended', 'revoked']);
export const budgetBasis = pgEnum('budget_basis', ['reference_value', 'amount_paid']);

export const households = pgTable(
	'households',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** Reference printed on the card, unique in the organisation (FOY-0001…). */
		reference: text('reference').notNull(),
		firstName: text('first_name').notNull(),
		lastName: text('last_name').notNull(),
		/** Lower case, accents removed, "first last": for search and duplicate detection. */
		nameKey: text('name_key').notNull(),
		birthDate: date('birth_date'),
		phone: text('phone'),
		commune: text('commune'),
		orientingStructure: text('orienting_structure'),
		socialWorkerId: uuid('social_worker_id'),
		rgpdInformedOn: date('rgpd_informed_on'),
		consent: boolean('consent').notNull().default(false),
		notes: text('notes'),
		/** Set when the file was anonymised (erasure on request or retention): names and details are gone. */
		anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('households_org_id_key').on(t.organisationId, t.id),
		unique('households_org_reference_key').on(t.organisationId, t.reference),
		foreignKey({
			name: 'households_social_worker_fk',
			columns: [t.organisationId, t.socialWorkerId],
			foreignColumns: [users.organisationId, users.id]
		}),
		index('households_org_name_idx').on(t.organisationId, t.nameKey)
	]
);

export const householdMembers = pgTable(
	'household_members',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		householdId: uuid('household_id').notNull(),
		birthYear: integer('birth_year').notNull(),
		relation: memberRelation('relation').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({
			name: 'household_members_household_fk',
			columns: [t.organisationId, t.householdId],
			foreignColumns: [households.organisationId, households.id]
		}).onDelete('cascade'),
		check('household_members_birth_year_check', sql`${t.birthYear} between 1900 and 2200`),
		index('household_members_household_idx').on(t.organisationId, t.householdId)
	]
);

/** Monthly resources and charges of a household, by type, in integer cents. */
export const householdBudgetLines = pgTable(
	'household_budget_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		householdId: uuid('household_id').notNull(),
		kind: budgetLineKind('kind').notNull(),
		type: text('type').notNull(),
		monthlyCents: integer('monthly_cents').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({
			name: 'household_budget_lines_household_fk',
			columns: [t.organisationId, t.householdId],
			foreignColumns: [households.organisationId, households.id]
		}).onDelete('cascade'),
		check('household_budget_lines_amount_check', sql`${t.monthlyCents} >= 0`),
		index('household_budget_lines_household_idx').on(t.organisationId, t.householdId)
	]
);

/** An application to the allocation committee, with the social worker's assessment. */
export const applications = pgTable(
	'applications',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		householdId: uuid('household_id').notNull(),
		assessment: text('assessment').notNull(),
		status: applicationStatus('status').notNull().default('pending'),
		submittedBy: uuid('submitted_by').notNull(),
		submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('applications_org_id_key').on(t.organisationId, t.id),
		foreignKey({
			name: 'applications_household_fk',
			columns: [t.organisationId, t.householdId],
			foreignColumns: [households.organisationId, households.id]
		}),
		foreignKey({
			name: 'applications_submitted_by_fk',
			columns: [t.organisationId, t.submittedBy],
			foreignColumns: [users.organisationId, users.id]
		}),
		index('applications_org_status_idx').on(t.organisationId, t.status)
	]
);

/** What the committee decided for an application (a postponed application may get a later decision). */
export const committeeDecisions = pgTable(
	'committee_decisions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		applicationId: uuid('application_id').notNull(),
		outcome: decisionOutcome('outcome').notNull(),
		decidedOn: date('decided_on').notNull(),
		reason: text('reason').notNull().default(''),
		/** The committee saw the application without names. */
		anonymous: boolean('anonymous').notNull().default(false),
		recordedBy: uuid('recorded_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('committee_decisions_org_id_key').on(t.organisationId, t.id),
		foreignKey({
			name: 'committee_decisions_application_fk',
			columns: [t.organisationId, t.applicationId],
			foreignColumns: [applications.organisationId, applications.id]
		}),
		foreignKey({
			name: 'committee_decisions_recorded_by_fk',
			columns: [t.organisationId, t.recordedBy],
			foreignColumns: [users.organisationId, users.id]
		})
	]
);

/**
 * A right of access (droit d'accès): a period, a participation rate (basis points: 2000 = 20 %) and a
 * monthly budget. Renewing extends valid_to and counts; suspending and revoking keep a reason.
 */
export const rights = pgTable(
	'rights',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		householdId: uuid('household_id').notNull(),
		decisionId: uuid('decision_id'),
		validFrom: date('valid_from').notNull(),
		validTo: date('valid_to').notNull(),
		rateBp: integer('rate_bp').notNull(),
		monthlyBudgetCents: integer('monthly_budget_cents').notNull(),
		budgetBasis: budgetBasis('budget_basis').notNull(),
		/** Set when the budget differs from the organisation's grid. */
		budgetOverrideReason: text('budget_override_reason'),
		/** Optional limits per product category (id in `categories`), in units a month: {"<category id>": 4}. */
		categoryLimits: jsonb('category_limits').$type<Record<string, number>>(),
		renewals: integer('renewals').notNull().default(0),
		status: rightStatus('status').notNull().default('active'),
		statusReason: text('status_reason'),
		issuedBy: uuid('issued_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('rights_org_id_key').on(t.organisationId, t.id),
		foreignKey({
			name: 'rights_household_fk',
			columns: [t.organisationId, t.householdId],
			foreignColumns: [households.organisationId, households.id]
		}),
		foreignKey({
			name: 'rights_decision_fk',
			columns: [t.organisationId, t.decisionId],
			foreignColumns: [committeeDecisions.organisationId, committeeDecisions.id]
		}),
		foreignKey({
			name: 'rights_issued_by_fk',
			columns: [t.organisationId, t.issuedBy],
			foreignColumns: [users.organisationId, users.id]
		}),
		check('rights_period_check', sql`${t.validFrom} <= ${t.validTo}`),
		check('rights_rate_check', sql`${t.rateBp} between 0 and 10000`),
		check('rights_budget_check', sql`${t.monthlyBudgetCents} >= 0`),
		check('rights_renewals_check', sql`${t.renewals} >= 0`),
		index('rights_household_idx').on(t.organisationId, t.householdId),
		index('rights_org_valid_to_idx').on(t.organisationId, t.validTo)
	]
);

/**
 * Budget spent on a right, one row per sale (written by the till, in the sale's transaction).
 * `month` is the first day of the month the spending counts in.
 */
export const rightBudgetUses = pgTable(
	'right_budget_uses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		rightId: uuid('right_id').notNull(),
		month: date('month').notNull(),
		amountCents: integer('amount_cents').notNull(),
		/** What spent it (e.g. the sale's id), for the till issue. */
		source: text('source').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({
			name: 'right_budget_uses_right_fk',
			columns: [t.organisationId, t.rightId],
			foreignColumns: [rights.organisationId, rights.id]
		}),
		// Negative: budget given back by a return (in the month of the sale).
		check('right_budget_uses_amount_check', sql`${t.amountCents} <> 0`),
		index('right_budget_uses_right_month_idx').on(t.organisationId, t.rightId, t.month)
	]
);

/** Beneficiary cards: the QR holds a random token, only its hash is stored. One live card per household. */
export const beneficiaryCards = pgTable(
	'beneficiary_cards',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		householdId: uuid('household_id').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		issuedBy: uuid('issued_by').notNull(),
		issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp('revoked_at', { withTimezone: true })
	},
	(t) => [
		foreignKey({
			name: 'beneficiary_cards_household_fk',
			columns: [t.organisationId, t.householdId],
			foreignColumns: [households.organisationId, households.id]
		}),
		foreignKey({
			name: 'beneficiary_cards_issued_by_fk',
			columns: [t.organisationId, t.issuedBy],
			foreignColumns: [users.organisationId, users.id]
		}),
		uniqueIndex('beneficiary_cards_one_live_key')
			.on(t.organisationId, t.householdId)
			.where(sql`${t.revokedAt} is null`)
	]
);
