import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** The kinds of site an organisation runs. */
export const siteKind = pgEnum('site_kind', ['epicerie', 'ressourcerie', 'entrepot', 'distribution']);
/** Temperature zones for the cold chain (ambient, +4 °C, −18 °C). */
export const temperatureZone = pgEnum('temperature_zone', ['ambient', 'chilled', 'frozen']);
export const locationKind = pgEnum('location_kind', ['rayon', 'etagere', 'reserve', 'chambre_froide', 'refrigerateur', 'congelateur', 'zone', 'colis']);

export const organisations = pgTable('organisations', {
	id: uuid('id').primaryKey().defaultRandom(),
	name: text('name').notNull(),
	slug: text('slug').notNull().unique(),
	/** Domain settings (thresholds, rates…); each feature reads its own keys with defaults. */
	settings: jsonb('settings')
		.$type<Record<string, unknown>>()
		.notNull()
		.default(sql`'{}'::jsonb`),
	active: boolean('active').notNull().default(true),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

export const sites = pgTable(
	'sites',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		kind: siteKind('kind').notNull(),
		address: text('address'),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('sites_org_id_key').on(t.organisationId, t.id), unique('sites_org_name_key').on(t.organisationId, t.name)]
);

export const locations = pgTable(
	'locations',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		siteId: uuid('site_id').notNull(),
		/** Short human code printed on the label, unique in the organisation (e.g. EMP-0007). */
		code: text('code').notNull(),
		name: text('name').notNull(),
		kind: locationKind('kind').notNull(),
		zone: temperatureZone('zone').notNull(),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		// The site must belong to the same organisation: enforced by the database.
		foreignKey({
			name: 'locations_site_fk',
			columns: [t.organisationId, t.siteId],
			foreignColumns: [sites.organisationId, sites.id]
		}),
		unique('locations_org_id_key').on(t.organisationId, t.id),
		unique('locations_org_code_key').on(t.organisationId, t.code),
		unique('locations_site_name_key').on(t.siteId, t.name),
		index('locations_org_site_idx').on(t.organisationId, t.siteId)
	]
);
