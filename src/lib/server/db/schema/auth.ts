import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisations, sites } from './organisations';
import { role, users } from './users';

export const sessionMethod = pgEnum('session_method', ['password', 'pin', 'badge']);

/** Enrolled shared tablets. The device cookie holds a random token; only its hash is stored. */
export const devices = pgTable(
	'devices',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		siteId: uuid('site_id'),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		enrolledBy: uuid('enrolled_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		revokedBy: uuid('revoked_by')
	},
	(t) => [
		unique('devices_org_id_key').on(t.organisationId, t.id),
		foreignKey({
			name: 'devices_site_fk',
			columns: [t.organisationId, t.siteId],
			foreignColumns: [sites.organisationId, sites.id]
		}),
		foreignKey({
			name: 'devices_enrolled_by_fk',
			columns: [t.organisationId, t.enrolledBy],
			foreignColumns: [users.organisationId, users.id]
		})
	]
);

/** Sessions, the Lucia way: the id is the SHA-256 of the cookie's token, never the token. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		organisationId: uuid('organisation_id').notNull(),
		userId: uuid('user_id').notNull(),
		deviceId: uuid('device_id'),
		method: sessionMethod('method').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		/** Absolute expiry: the session ends then whatever the activity. */
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		/** Idle expiry: pushed forward by activity. */
		idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true }).notNull(),
		userAgent: text('user_agent')
	},
	(t) => [
		foreignKey({
			name: 'sessions_user_fk',
			columns: [t.organisationId, t.userId],
			foreignColumns: [users.organisationId, users.id]
		}),
		foreignKey({
			name: 'sessions_device_fk',
			columns: [t.organisationId, t.deviceId],
			foreignColumns: [devices.organisationId, devices.id]
		}),
		index('sessions_user_idx').on(t.userId)
	]
);

/** Per-organisation API tokens (Bearer), created and revoked by a manager. */
export const apiTokens = pgTable(
	'api_tokens',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		/** First characters of the token, shown in lists so a person can tell tokens apart. */
		tokenPrefix: text('token_prefix').notNull(),
		roles: role('roles')
			.array()
			.notNull()
			.default(sql`'{}'`),
		createdBy: uuid('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
		revokedAt: timestamp('revoked_at', { withTimezone: true }),
		revokedBy: uuid('revoked_by')
	},
	(t) => [
		foreignKey({
			name: 'api_tokens_created_by_fk',
			columns: [t.organisationId, t.createdBy],
			foreignColumns: [users.organisationId, users.id]
		})
	]
);

/**
 * Failed sign-in counters, keyed by what is being guessed ("user:alice", "ip:…").
 * Infrastructure, not business data: it carries no organisation.
 */
export const authThrottle = pgTable('auth_throttle', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
	lockedUntil: timestamp('locked_until', { withTimezone: true })
});
