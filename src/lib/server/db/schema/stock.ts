import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, foreignKey, index, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { devices } from './auth';
import { locations, organisations, temperatureZone } from './organisations';
import { users } from './users';

/**
 * Stock: catalogue, origins, lots and one append-only ledger of movements.
 *
 * Quantities are integers in the product's base unit (see docs/decisions.md): pieces for `piece`
 * products, grams for `kg` products, millilitres for `litre` products. Prices are integer cents.
 */

/** How a product is counted: each quantity is in pieces, grams or millilitres. */
export const productUnit = pgEnum('product_unit', ['piece', 'kg', 'litre']);
/** DLC = use-by (never given once past), DDM = best-before (allowed, flagged), none. */
export const dateType = pgEnum('date_type', ['dlc', 'ddm', 'none']);
/** Where goods come from; FSE+ is a flag of the origin (free goods), not a kind. */
export const originKind = pgEnum('origin_kind', ['food_bank', 'fse', 'ramasse', 'purchase', 'donation', 'collecte']);
export const movementKind = pgEnum('movement_kind', ['reception', 'move', 'count', 'loss', 'correction', 'sale', 'distribution', 'return']);
export const receptionStatus = pgEnum('reception_status', ['draft', 'validated', 'cancelled']);

export const categories = pgTable(
	'categories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		parentId: uuid('parent_id'),
		name: text('name').notNull(),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('categories_org_id_key').on(t.organisationId, t.id),
		// NULLS NOT DISTINCT: two top-level categories cannot share a name either.
		unique('categories_parent_name_key').on(t.organisationId, t.parentId, t.name).nullsNotDistinct(),
		foreignKey({ name: 'categories_parent_fk', columns: [t.organisationId, t.parentId], foreignColumns: [t.organisationId, t.id] })
	]
);

export const products = pgTable(
	'products',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		categoryId: uuid('category_id'),
		name: text('name').notNull(),
		unit: productUnit('unit').notNull().default('piece'),
		/** Reference shop price in cents, per piece (unit piece/litre) or per kg (unit kg). */
		referencePriceCents: integer('reference_price_cents').notNull().default(0),
		/** Net weight of one piece in grams (for kg reports of piece products); null when unknown. */
		netWeightGrams: integer('net_weight_grams'),
		zone: temperatureZone('zone').notNull().default('ambient'),
		dateType: dateType('date_type').notNull().default('ddm'),
		/** Default quantity limits per visit / per month (base units); null = no limit. */
		limitPerVisit: integer('limit_per_visit'),
		limitPerMonth: integer('limit_per_month'),
		active: boolean('active').notNull().default(true),
		/** Created on the spot at a reception by someone who does not keep the catalogue: a manager checks it (saving clears it). */
		needsReview: boolean('needs_review').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('products_org_id_key').on(t.organisationId, t.id),
		unique('products_org_name_key').on(t.organisationId, t.name),
		foreignKey({ name: 'products_category_fk', columns: [t.organisationId, t.categoryId], foreignColumns: [categories.organisationId, categories.id] }),
		check('products_price_check', sql`${t.referencePriceCents} >= 0`),
		check('products_weight_check', sql`${t.netWeightGrams} is null or ${t.netWeightGrams} > 0`),
		check('products_limits_check', sql`coalesce(${t.limitPerVisit}, 1) > 0 and coalesce(${t.limitPerMonth}, 1) > 0`)
	]
);

/** A product's barcodes, each normalised to GTIN-14; one GTIN names one product in an organisation. */
export const productGtins = pgTable(
	'product_gtins',
	{
		organisationId: uuid('organisation_id').notNull(),
		productId: uuid('product_id').notNull(),
		gtin: text('gtin').notNull()
	},
	(t) => [
		unique('product_gtins_org_gtin_key').on(t.organisationId, t.gtin),
		foreignKey({ name: 'product_gtins_product_fk', columns: [t.organisationId, t.productId], foreignColumns: [products.organisationId, products.id] }).onDelete(
			'cascade'
		),
		check('product_gtins_format_check', sql`${t.gtin} ~ '^[0-9]{14}$'`),
		index('product_gtins_product_idx').on(t.productId)
	]
);

export const origins = pgTable(
	'origins',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		kind: originKind('kind').notNull(),
		/** FSE+/FEAD European aid: every lot from it is free and may not be sold. */
		fse: boolean('fse').notNull().default(false),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique('origins_org_id_key').on(t.organisationId, t.id), unique('origins_org_name_key').on(t.organisationId, t.name)]
);

export const receptions = pgTable(
	'receptions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		originId: uuid('origin_id').notNull(),
		/** Delivery note reference (bon de livraison), when there is one. */
		deliveryNote: text('delivery_note'),
		/** Weight of the whole delivery in grams as weighed or written on the delivery note (food banks count in kg); optional. */
		deliveredWeightGrams: integer('delivered_weight_grams'),
		status: receptionStatus('status').notNull().default('draft'),
		createdBy: uuid('created_by').notNull(),
		createdDeviceId: uuid('created_device_id'),
		validatedBy: uuid('validated_by'),
		validatedAt: timestamp('validated_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('receptions_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'receptions_origin_fk', columns: [t.organisationId, t.originId], foreignColumns: [origins.organisationId, origins.id] }),
		foreignKey({ name: 'receptions_created_by_fk', columns: [t.organisationId, t.createdBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'receptions_validated_by_fk', columns: [t.organisationId, t.validatedBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'receptions_device_fk', columns: [t.organisationId, t.createdDeviceId], foreignColumns: [devices.organisationId, devices.id] }),
		index('receptions_org_status_idx').on(t.organisationId, t.status),
		check('receptions_weight_check', sql`${t.deliveredWeightGrams} is null or ${t.deliveredWeightGrams} > 0`)
	]
);

export const lots = pgTable(
	'lots',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		/** Short human code printed on the label, unique in the organisation (L-000123). */
		code: text('code').notNull(),
		productId: uuid('product_id').notNull(),
		originId: uuid('origin_id').notNull(),
		receptionId: uuid('reception_id'),
		/** The lot this one was split from (moving part of a lot). */
		parentLotId: uuid('parent_lot_id'),
		/** The date printed on the goods; its meaning is dateType (DLC, DDM) — null with type none. */
		date: date('date', { mode: 'string' }),
		dateType: dateType('date_type').notNull(),
		/** The supplier's lot number (GS1 AI 10), used for recalls. */
		lotNumber: text('lot_number'),
		locationId: uuid('location_id'),
		/** Current balance in the product's base unit; always the sum of the lot's movements. */
		onHand: integer('on_hand').notNull().default(0),
		/** Blocked for a recall: never sold, given or moved out except as a loss. */
		blocked: boolean('blocked').notNull().default(false),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('lots_org_id_key').on(t.organisationId, t.id),
		unique('lots_org_code_key').on(t.organisationId, t.code),
		foreignKey({ name: 'lots_product_fk', columns: [t.organisationId, t.productId], foreignColumns: [products.organisationId, products.id] }),
		foreignKey({ name: 'lots_origin_fk', columns: [t.organisationId, t.originId], foreignColumns: [origins.organisationId, origins.id] }),
		foreignKey({ name: 'lots_reception_fk', columns: [t.organisationId, t.receptionId], foreignColumns: [receptions.organisationId, receptions.id] }),
		foreignKey({ name: 'lots_parent_fk', columns: [t.organisationId, t.parentLotId], foreignColumns: [t.organisationId, t.id] }),
		foreignKey({ name: 'lots_location_fk', columns: [t.organisationId, t.locationId], foreignColumns: [locations.organisationId, locations.id] }),
		check('lots_on_hand_check', sql`${t.onHand} >= 0`),
		check('lots_date_check', sql`(${t.dateType} = 'none') = (${t.date} is null)`),
		index('lots_org_product_idx').on(t.organisationId, t.productId, t.date),
		index('lots_org_location_idx').on(t.organisationId, t.locationId),
		index('lots_org_lot_number_idx').on(t.organisationId, t.lotNumber)
	]
);

export const receptionLines = pgTable(
	'reception_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		receptionId: uuid('reception_id').notNull(),
		productId: uuid('product_id').notNull(),
		/** Received quantity in the product's base unit. */
		quantity: integer('quantity').notNull(),
		/** Quantity the delivery note announced, when it says. */
		expectedQuantity: integer('expected_quantity'),
		date: date('date', { mode: 'string' }),
		dateType: dateType('date_type').notNull(),
		lotNumber: text('lot_number'),
		locationId: uuid('location_id'),
		/** The lot created at validation. */
		lotId: uuid('lot_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({
			name: 'reception_lines_reception_fk',
			columns: [t.organisationId, t.receptionId],
			foreignColumns: [receptions.organisationId, receptions.id]
		}).onDelete('cascade'),
		foreignKey({ name: 'reception_lines_product_fk', columns: [t.organisationId, t.productId], foreignColumns: [products.organisationId, products.id] }),
		foreignKey({ name: 'reception_lines_location_fk', columns: [t.organisationId, t.locationId], foreignColumns: [locations.organisationId, locations.id] }),
		foreignKey({ name: 'reception_lines_lot_fk', columns: [t.organisationId, t.lotId], foreignColumns: [lots.organisationId, lots.id] }),
		check('reception_lines_quantity_check', sql`${t.quantity} > 0 and coalesce(${t.expectedQuantity}, 0) >= 0`),
		index('reception_lines_reception_idx').on(t.receptionId)
	]
);

/**
 * The ledger: append-only. No service updates or deletes a row, and the database refuses it too (the
 * trigger stock_movements_append_only, migration ledger_append_only). A mistake is reversed by a new
 * movement whose correction_of names the one it reverses.
 */
export const stockMovements = pgTable(
	'stock_movements',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		organisationId: uuid('organisation_id').notNull(),
		lotId: uuid('lot_id').notNull(),
		/** Signed, in the product's base unit: + in, − out; 0 for a pure put-away (location change). */
		quantity: integer('quantity').notNull(),
		kind: movementKind('kind').notNull(),
		/** Loss reason, count note…: a stable code (dlc_passed, broken, spoiled, theft, recall, other). */
		reason: text('reason'),
		note: text('note'),
		fromLocationId: uuid('from_location_id'),
		toLocationId: uuid('to_location_id'),
		userId: uuid('user_id').notNull(),
		deviceId: uuid('device_id'),
		correctionOf: bigint('correction_of', { mode: 'number' }),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('stock_movements_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'stock_movements_lot_fk', columns: [t.organisationId, t.lotId], foreignColumns: [lots.organisationId, lots.id] }),
		foreignKey({ name: 'stock_movements_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'stock_movements_device_fk', columns: [t.organisationId, t.deviceId], foreignColumns: [devices.organisationId, devices.id] }),
		foreignKey({ name: 'stock_movements_from_fk', columns: [t.organisationId, t.fromLocationId], foreignColumns: [locations.organisationId, locations.id] }),
		foreignKey({ name: 'stock_movements_to_fk', columns: [t.organisationId, t.toLocationId], foreignColumns: [locations.organisationId, locations.id] }),
		foreignKey({ name: 'stock_movements_correction_fk', columns: [t.organisationId, t.correctionOf], foreignColumns: [t.organisationId, t.id] }),
		// A movement is corrected at most once.
		unique('stock_movements_correction_key').on(t.correctionOf),
		index('stock_movements_lot_idx').on(t.lotId, t.id),
		// Reports read the ledger of one organisation over a period.
		index('stock_movements_org_at_idx').on(t.organisationId, t.at),
		// Reports read one kind of movement over a period (losses, receptions, sales, counts): without the
		// kind the period's whole ledger was read and filtered (docs/reports.md, performance).
		index('stock_movements_org_kind_at_idx').on(t.organisationId, t.kind, t.at)
	]
);

/** Per-organisation counters for human codes (lot L-000123): one row, bumped atomically by an upsert. */
export const stockCounters = pgTable('stock_counters', {
	organisationId: uuid('organisation_id')
		.primaryKey()
		.references(() => organisations.id),
	lastLot: integer('last_lot').notNull().default(0)
});

export const countStatus = pgEnum('count_status', ['draft', 'validated', 'cancelled']);

/** An inventory count of one location (partial: only the lots scanned there are adjusted). */
export const stockCounts = pgTable(
	'stock_counts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		locationId: uuid('location_id').notNull(),
		status: countStatus('status').notNull().default('draft'),
		createdBy: uuid('created_by').notNull(),
		createdDeviceId: uuid('created_device_id'),
		validatedBy: uuid('validated_by'),
		validatedAt: timestamp('validated_at', { withTimezone: true }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('stock_counts_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'stock_counts_location_fk', columns: [t.organisationId, t.locationId], foreignColumns: [locations.organisationId, locations.id] }),
		foreignKey({ name: 'stock_counts_created_by_fk', columns: [t.organisationId, t.createdBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'stock_counts_validated_by_fk', columns: [t.organisationId, t.validatedBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'stock_counts_device_fk', columns: [t.organisationId, t.createdDeviceId], foreignColumns: [devices.organisationId, devices.id] }),
		index('stock_counts_org_status_idx').on(t.organisationId, t.status)
	]
);

/** One counted lot: what the shelf holds, and the balance the app had when it was counted. */
export const stockCountLines = pgTable(
	'stock_count_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		countId: uuid('count_id').notNull(),
		lotId: uuid('lot_id').notNull(),
		counted: integer('counted').notNull(),
		/** The lot's balance when it was counted; validation applies counted − expected. */
		expected: integer('expected').notNull(),
		countedBy: uuid('counted_by').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('stock_count_lines_lot_key').on(t.countId, t.lotId),
		foreignKey({
			name: 'stock_count_lines_count_fk',
			columns: [t.organisationId, t.countId],
			foreignColumns: [stockCounts.organisationId, stockCounts.id]
		}).onDelete('cascade'),
		foreignKey({ name: 'stock_count_lines_lot_fk', columns: [t.organisationId, t.lotId], foreignColumns: [lots.organisationId, lots.id] }),
		foreignKey({ name: 'stock_count_lines_user_fk', columns: [t.organisationId, t.countedBy], foreignColumns: [users.organisationId, users.id] }),
		check('stock_count_lines_counted_check', sql`${t.counted} >= 0 and ${t.expected} >= 0`)
	]
);
