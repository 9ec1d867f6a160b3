import { boolean, foreignKey, integer, pgEnum, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';

export const role = pgEnum('role', ['admin', 'manager', 'social_worker', 'supervisor', 'operator']);

/**
 * Staff members. A person belongs to one organisation (see docs/decisions.md); their roles in it
 * are rows of `memberships`. Nothing is deleted: a person who leaves is deactivated.
 */
export const users = pgTable(
	'users',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** Sign-in name, stored in lower case, unique across the deployment. */
		username: text('username').notNull().unique(),
		firstName: text('first_name').notNull(),
		lastName: text('last_name').notNull().default(''),
		email: text('email'),
		passwordHash: text('password_hash'),
		/** Set when someone else set the password (a temporary one): it must be changed at the next sign-in. */
		mustChangePassword: boolean('must_change_password').notNull().default(false),
		pinHash: text('pin_hash'),
		pinFailedCount: integer('pin_failed_count').notNull().default(0),
		/** Set after PIN_MAX_FAILURES (30) wrong PINs in a row; only a supervisor or manager clears it. */
		pinLockedAt: timestamp('pin_locked_at', { withTimezone: true }),
		badgeTokenHash: text('badge_token_hash').unique(),
		badgeIssuedAt: timestamp('badge_issued_at', { withTimezone: true }),
		active: boolean('active').notNull().default(true),
		/**
		 * Changes others made to this account (audit rows on it) up to this instant have been shown to the
		 * person (the notice after sign-in); later ones are shown at their next page.
		 */
		noticesSeenAt: timestamp('notices_seen_at', { withTimezone: true }).notNull().defaultNow(),
		deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
		/** Set when the person was erased (training record, issue 13): names and secrets gone, counts kept. */
		erasedAt: timestamp('erased_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('users_org_id_key').on(t.organisationId, t.id)]
);

export const memberships = pgTable(
	'memberships',
	{
		organisationId: uuid('organisation_id').notNull(),
		userId: uuid('user_id').notNull(),
		role: role('role').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ name: 'memberships_pk', columns: [t.organisationId, t.userId, t.role] }),
		foreignKey({
			name: 'memberships_user_fk',
			columns: [t.organisationId, t.userId],
			foreignColumns: [users.organisationId, users.id]
		})
	]
);
