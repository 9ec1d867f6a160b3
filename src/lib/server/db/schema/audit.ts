import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from './organisations';

/**
 * Append-only record of who did what, from which tablet. Written in the same transaction as the
 * change it describes; never deleted by the application, and updated only to remove the free texts
 * (reasons) about a household whose file is erased (households/privacy.ts).
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
		userId: uuid('user_id'),
		deviceId: uuid('device_id'),
		apiTokenId: uuid('api_token_id'),
		action: text('action').notNull(),
		entityType: text('entity_type'),
		entityId: text('entity_id'),
		details: jsonb('details').$type<Record<string, unknown>>()
	},
	(t) => [index('audit_log_org_at_idx').on(t.organisationId, t.at), index('audit_log_entity_idx').on(t.organisationId, t.entityType, t.entityId)]
);
