import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { devices } from './auth';
import { committeeDecisions, households, rightStatus } from './households';
import { locations, organisations, sites } from './organisations';
import { categories, lots, products } from './stock';
import { users } from './users';

/**
 * Food-parcel distribution (issue 14, docs/parcels.md): parcel rights (from the same committee as the
 * épicerie's rights), parcel templates (lines by category that scale with the persons counted),
 * distribution days with their parcels, the lots picked into each parcel, the handover's signature.
 *
 * Stock: preparing a parcel splits the picked quantity off its lot into a new lot placed in the site's
 * "prepared parcels" location (locations.kind = 'colis'), on the ledger; the handover is a
 * `distribution` movement of those lots; a parcel not collected goes back (a `move` to where it was taken
 * from) when the day is closed. Nothing is edited: movements only.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
	dataType: () => 'bytea',
	fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v))
});

export const parcelFrequency = pgEnum('parcel_frequency', ['weekly', 'biweekly', 'monthly']);
/** How a template line's quantity grows with the persons counted. */
export const parcelScaling = pgEnum('parcel_scaling', ['fixed', 'per_person', 'bands']);
/** A line counts pieces, or grams (kg lines: kg products by weight, piece products by their net weight). */
export const parcelLineUnit = pgEnum('parcel_line_unit', ['piece', 'kg']);
export const distributionDayStatus = pgEnum('distribution_day_status', ['planned', 'closed']);
/**
 * expected: on the day's list, nothing picked yet; preparing: lots picked, not finished; prepared: ready
 * (labelled, in the prepared-parcels place); handed_over: given and signed; absent: marked absent (nothing
 * prepared or what was prepared went back); not_collected: prepared but not collected, returned at closing.
 */
export const parcelStatus = pgEnum('parcel_status', ['expected', 'preparing', 'prepared', 'handed_over', 'absent', 'not_collected']);

/** A parcel right: a household gets a parcel at a frequency, for a period (same committee, same card). */
export const parcelRights = pgTable(
	'parcel_rights',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		householdId: uuid('household_id').notNull(),
		decisionId: uuid('decision_id'),
		validFrom: date('valid_from').notNull(),
		validTo: date('valid_to').notNull(),
		frequency: parcelFrequency('frequency').notNull(),
		/** The persons the parcel is made for (usually the household's size). */
		persons: integer('persons').notNull(),
		/** 0: free; else the fixed participation asked at each handover (the organisation's setting when issued). */
		participationCents: integer('participation_cents').notNull().default(0),
		renewals: integer('renewals').notNull().default(0),
		status: rightStatus('status').notNull().default('active'),
		statusReason: text('status_reason'),
		issuedBy: uuid('issued_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('parcel_rights_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'parcel_rights_household_fk', columns: [t.organisationId, t.householdId], foreignColumns: [households.organisationId, households.id] }),
		foreignKey({
			name: 'parcel_rights_decision_fk',
			columns: [t.organisationId, t.decisionId],
			foreignColumns: [committeeDecisions.organisationId, committeeDecisions.id]
		}),
		foreignKey({ name: 'parcel_rights_issued_by_fk', columns: [t.organisationId, t.issuedBy], foreignColumns: [users.organisationId, users.id] }),
		check('parcel_rights_period_check', sql`${t.validFrom} <= ${t.validTo}`),
		check('parcel_rights_persons_check', sql`${t.persons} between 1 and 30`),
		check('parcel_rights_participation_check', sql`${t.participationCents} between 0 and 100000`),
		check('parcel_rights_renewals_check', sql`${t.renewals} >= 0`),
		index('parcel_rights_household_idx').on(t.organisationId, t.householdId),
		index('parcel_rights_org_valid_idx').on(t.organisationId, t.validTo)
	]
);

/** A parcel template (composition): lines by product category, scaled by the persons counted. */
export const parcelTemplates = pgTable(
	'parcel_templates',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		name: text('name').notNull(),
		note: text('note'),
		active: boolean('active').notNull().default(true),
		createdBy: uuid('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('parcel_templates_org_id_key').on(t.organisationId, t.id),
		unique('parcel_templates_org_name_key').on(t.organisationId, t.name),
		foreignKey({ name: 'parcel_templates_created_by_fk', columns: [t.organisationId, t.createdBy], foreignColumns: [users.organisationId, users.id] })
	]
);

/**
 * One line of a template: a category, a unit (pieces or kg, stored in grams), and how it scales —
 * fixed, per person (`perPerson` × persons) or by bands (1 / 2 / 3–4 / 5+ persons). `cold`: a chilled or
 * frozen line, prepared last.
 */
export const parcelTemplateLines = pgTable(
	'parcel_template_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		templateId: uuid('template_id').notNull(),
		position: integer('position').notNull(),
		categoryId: uuid('category_id').notNull(),
		unit: parcelLineUnit('unit').notNull(),
		scaling: parcelScaling('scaling').notNull(),
		/** fixed and per_person: the quantity (pieces, or grams for kg lines). */
		quantity: integer('quantity'),
		/** bands: quantities for 1, 2, 3–4 and 5 or more persons. */
		band1: integer('band1'),
		band2: integer('band2'),
		band3: integer('band3'),
		band5: integer('band5'),
		cold: boolean('cold').notNull().default(false)
	},
	(t) => [
		unique('parcel_template_lines_org_id_key').on(t.organisationId, t.id),
		foreignKey({
			name: 'parcel_template_lines_template_fk',
			columns: [t.organisationId, t.templateId],
			foreignColumns: [parcelTemplates.organisationId, parcelTemplates.id]
		}).onDelete('cascade'),
		foreignKey({
			name: 'parcel_template_lines_category_fk',
			columns: [t.organisationId, t.categoryId],
			foreignColumns: [categories.organisationId, categories.id]
		}),
		check(
			'parcel_template_lines_quantity_check',
			sql`(${t.scaling} = 'bands' and ${t.band1} >= 0 and ${t.band2} >= 0 and ${t.band3} >= 0 and ${t.band5} >= 0 and ${t.band1} + ${t.band2} + ${t.band3} + ${t.band5} > 0)
			 or (${t.scaling} <> 'bands' and ${t.quantity} > 0)`
		),
		index('parcel_template_lines_template_idx').on(t.organisationId, t.templateId, t.position)
	]
);

/** A distribution day: a site, a day, time slots, the template its parcels are made from. */
export const distributionDays = pgTable(
	'distribution_days',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		siteId: uuid('site_id').notNull(),
		day: date('day').notNull(),
		templateId: uuid('template_id').notNull(),
		/** Time slots, e.g. ["09:00-10:00", "10:00-11:00"] (shop time). */
		slots: jsonb('slots')
			.$type<string[]>()
			.notNull()
			.default(sql`'[]'::jsonb`),
		status: distributionDayStatus('status').notNull().default('planned'),
		createdBy: uuid('created_by').notNull(),
		closedBy: uuid('closed_by'),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** Written at closing: parcels given, not collected, kg by origin… (what the closing screen shows). */
		summary: jsonb('summary').$type<Record<string, unknown>>(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('distribution_days_org_id_key').on(t.organisationId, t.id),
		unique('distribution_days_site_day_key').on(t.organisationId, t.siteId, t.day),
		foreignKey({ name: 'distribution_days_site_fk', columns: [t.organisationId, t.siteId], foreignColumns: [sites.organisationId, sites.id] }),
		foreignKey({
			name: 'distribution_days_template_fk',
			columns: [t.organisationId, t.templateId],
			foreignColumns: [parcelTemplates.organisationId, parcelTemplates.id]
		}),
		foreignKey({ name: 'distribution_days_created_by_fk', columns: [t.organisationId, t.createdBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'distribution_days_closed_by_fk', columns: [t.organisationId, t.closedBy], foreignColumns: [users.organisationId, users.id] }),
		check('distribution_days_closed_check', sql`(${t.status} = 'closed') = (${t.closedAt} is not null)`),
		index('distribution_days_org_day_idx').on(t.organisationId, t.day)
	]
);

/** A household's parcel on a distribution day (one per household and day). */
export const parcels = pgTable(
	'parcels',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		dayId: uuid('day_id').notNull(),
		householdId: uuid('household_id').notNull(),
		parcelRightId: uuid('parcel_right_id').notNull(),
		/** Short human code printed on the label (COLIS-000123), unique in the organisation. */
		code: text('code').notNull(),
		/** The persons the parcel is made for (the right's, when the parcel was listed). */
		persons: integer('persons').notNull(),
		slot: text('slot'),
		status: parcelStatus('status').notNull().default('expected'),
		/** The parcel has a cold part (chilled or frozen lines): its label says "froid". */
		cold: boolean('cold').notNull().default(false),
		/** Added by hand (not from the rights' list). */
		addedByHand: boolean('added_by_hand').notNull().default(false),
		preparedBy: uuid('prepared_by'),
		preparedAt: timestamp('prepared_at', { withTimezone: true }),
		handedBy: uuid('handed_by'),
		handedAt: timestamp('handed_at', { withTimezone: true }),
		handedDeviceId: uuid('handed_device_id'),
		/** The household's finger signature (PNG), the émargement FSE+ audits ask for. */
		signaturePng: bytea('signature_png'),
		/** When nobody could sign: why (written on the sign-off sheet instead of the signature). */
		noSignatureReason: text('no_signature_reason'),
		/** The participation paid at the handover (the right's), 0 when free. */
		participationCents: integer('participation_cents').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('parcels_org_id_key').on(t.organisationId, t.id),
		unique('parcels_org_code_key').on(t.organisationId, t.code),
		unique('parcels_day_household_key').on(t.organisationId, t.dayId, t.householdId),
		foreignKey({ name: 'parcels_day_fk', columns: [t.organisationId, t.dayId], foreignColumns: [distributionDays.organisationId, distributionDays.id] }),
		foreignKey({ name: 'parcels_household_fk', columns: [t.organisationId, t.householdId], foreignColumns: [households.organisationId, households.id] }),
		foreignKey({
			name: 'parcels_right_fk',
			columns: [t.organisationId, t.parcelRightId],
			foreignColumns: [parcelRights.organisationId, parcelRights.id]
		}),
		foreignKey({ name: 'parcels_prepared_by_fk', columns: [t.organisationId, t.preparedBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'parcels_handed_by_fk', columns: [t.organisationId, t.handedBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'parcels_device_fk', columns: [t.organisationId, t.handedDeviceId], foreignColumns: [devices.organisationId, devices.id] }),
		check('parcels_persons_check', sql`${t.persons} between 1 and 30`),
		check('parcels_participation_check', sql`${t.participationCents} >= 0`),
		check('parcels_handed_check', sql`(${t.status} = 'handed_over') = (${t.handedAt} is not null)`),
		check('parcels_signed_check', sql`${t.status} <> 'handed_over' or ${t.signaturePng} is not null or ${t.noSignatureReason} is not null`),
		index('parcels_day_idx').on(t.organisationId, t.dayId, t.status),
		index('parcels_household_idx').on(t.organisationId, t.householdId)
	]
);

/**
 * What was picked into a parcel: per template line and source lot, the quantity (the lot's base unit),
 * and the lot it now sits in (split off into the prepared-parcels place). `substitute`: taken from a
 * neighbouring category because the line's own ran short.
 */
export const parcelLines = pgTable(
	'parcel_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		parcelId: uuid('parcel_id').notNull(),
		templateLineId: uuid('template_line_id').notNull(),
		sourceLotId: uuid('source_lot_id').notNull(),
		/** The lot split off into the prepared-parcels place (what is handed over or returned). */
		parcelLotId: uuid('parcel_lot_id').notNull(),
		productId: uuid('product_id').notNull(),
		/** Where the goods were taken from: a parcel not collected goes back there. */
		fromLocationId: uuid('from_location_id'),
		quantity: integer('quantity').notNull(),
		substitute: boolean('substitute').notNull().default(false),
		pickedBy: uuid('picked_by').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('parcel_lines_org_id_key').on(t.organisationId, t.id),
		unique('parcel_lines_lot_key').on(t.parcelId, t.templateLineId, t.sourceLotId),
		foreignKey({ name: 'parcel_lines_parcel_fk', columns: [t.organisationId, t.parcelId], foreignColumns: [parcels.organisationId, parcels.id] }),
		foreignKey({
			name: 'parcel_lines_template_line_fk',
			columns: [t.organisationId, t.templateLineId],
			foreignColumns: [parcelTemplateLines.organisationId, parcelTemplateLines.id]
		}),
		foreignKey({ name: 'parcel_lines_source_lot_fk', columns: [t.organisationId, t.sourceLotId], foreignColumns: [lots.organisationId, lots.id] }),
		foreignKey({ name: 'parcel_lines_parcel_lot_fk', columns: [t.organisationId, t.parcelLotId], foreignColumns: [lots.organisationId, lots.id] }),
		foreignKey({ name: 'parcel_lines_product_fk', columns: [t.organisationId, t.productId], foreignColumns: [products.organisationId, products.id] }),
		foreignKey({
			name: 'parcel_lines_from_location_fk',
			columns: [t.organisationId, t.fromLocationId],
			foreignColumns: [locations.organisationId, locations.id]
		}),
		foreignKey({ name: 'parcel_lines_picked_by_fk', columns: [t.organisationId, t.pickedBy], foreignColumns: [users.organisationId, users.id] }),
		check('parcel_lines_quantity_check', sql`${t.quantity} >= 0`),
		index('parcel_lines_parcel_idx').on(t.organisationId, t.parcelId)
	]
);

/** Per-organisation counter for parcel codes (COLIS-000123). */
export const parcelCounters = pgTable('parcel_counters', {
	organisationId: uuid('organisation_id')
		.primaryKey()
		.references(() => organisations.id),
	lastParcel: integer('last_parcel').notNull().default(0)
});
