import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { devices } from './auth';
import { locations, organisations, sites } from './organisations';
import { users } from './users';

/**
 * The ressourcerie (issue 15, docs/ressourcerie.md): object categories by flux, containers with their
 * tare, weighed intakes (arrivages), items (one object, or a batch of alike objects) with their own
 * append-only ledger, and exits by channel. Weights in integer grams, money in integer cents.
 *
 * One source of truth for tonnage: what came in is the sum of the intake lines' net weights; what went
 * out is the sum of the exit lines' net weights (given, partner, recycling, waste) plus the weights of the
 * public sales' lines (sold). Nothing is edited: an intake line or an exit line entered by mistake is
 * cancelled by a new row that reverses it (`correction_of`), items move only by `reuse_item_movements`.
 */

/** The flux an object belongs to (the ressourceries' network and the eco-organisms count by flux). */
export const reuseFlux = pgEnum('reuse_flux', ['mobilier', 'deee', 'textile', 'livres', 'jouets', 'vaisselle', 'deco', 'sport', 'bricolage', 'autre']);
/** Where an intake comes from. */
export const reuseSource = pgEnum('reuse_source', ['apport', 'collecte', 'dechetterie', 'partenaire']);
/** How an object leaves other than sold: given (to a person or partner), a partner convention, recycling by an eco-organism's channel, waste. */
export const reuseChannel = pgEnum('reuse_channel', ['don', 'partenaire', 'recyclage', 'dechet']);
/** How a line's weight is known: weighed on the scale (tare deducted), counted × the category's average weight, or an item's own weight. */
export const reuseWeightMethod = pgEnum('reuse_weight_method', ['weighed', 'counted', 'item']);
/** An item's weight: weighed, or the category's average weight. */
export const reuseItemWeightSource = pgEnum('reuse_item_weight_source', ['weighed', 'average']);
/**
 * Item ledger kinds: creation (+quantity), sale (−, a public sale line), return (+, a sale returned to
 * stock), exit (−, an exit line), move (0, location change), correction (±, a supervisor's correction).
 */
export const reuseItemMovementKind = pgEnum('reuse_item_movement_kind', ['creation', 'sale', 'return', 'exit', 'move', 'correction']);

/**
 * An object category of the organisation, in a flux, with its average unit weight (for counted intake
 * and unweighed items), its eco-organism category (furniture: Assise, Couchage, Rangement, Plan de pose,
 * Décoration textile…; DEEE: the seven official categories) and its price grid. Seeded from
 * `$lib/reuse/flux.ts` DEFAULT_REUSE_CATEGORIES; a manager edits them.
 */
export const reuseCategories = pgTable(
	'reuse_categories',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		flux: reuseFlux('flux').notNull(),
		name: text('name').notNull(),
		/** The eco-organism's category this one is declared under (free text, e.g. « Assise », « 5 — Petits équipements »). */
		ecoCategory: text('eco_category'),
		averageWeightGrams: integer('average_weight_grams').notNull(),
		/** Price grid: suggested prices, e.g. [{ label: 'Petit', priceCents: 200 }, …]. */
		priceGrid: jsonb('price_grid')
			.$type<{ label: string; priceCents: number }[]>()
			.notNull()
			.default(sql`'[]'::jsonb`),
		/** Order on the tablet (quick keys, intake). */
		position: integer('position').notNull().default(0),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_categories_org_id_key').on(t.organisationId, t.id),
		unique('reuse_categories_org_name_key').on(t.organisationId, t.name),
		check('reuse_categories_weight_check', sql`${t.averageWeightGrams} between 1 and 1000000`),
		index('reuse_categories_org_flux_idx').on(t.organisationId, t.flux, t.position)
	]
);

/** A container with a known tare (bac, caddie, palette…), chosen by a tap and deducted from the gross weight. */
export const reuseContainers = pgTable(
	'reuse_containers',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		name: text('name').notNull(),
		tareGrams: integer('tare_grams').notNull(),
		active: boolean('active').notNull().default(true),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_containers_org_id_key').on(t.organisationId, t.id),
		unique('reuse_containers_org_name_key').on(t.organisationId, t.name),
		check('reuse_containers_tare_check', sql`${t.tareGrams} between 0 and 1000000`)
	]
);

/** An intake (arrivage): a source, an optional commune and partner, at a ressourcerie site. */
export const reuseIntakes = pgTable(
	'reuse_intakes',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		/** Human number per organisation: A-000123. */
		number: text('number').notNull(),
		siteId: uuid('site_id').notNull(),
		source: reuseSource('source').notNull(),
		/** The commune the objects come from (collectivities ask for it), optional. */
		commune: text('commune'),
		/** The partner's name for a partner intake, or the déchetterie's. */
		partner: text('partner'),
		note: text('note'),
		createdBy: uuid('created_by').notNull(),
		deviceId: uuid('device_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_intakes_org_id_key').on(t.organisationId, t.id),
		unique('reuse_intakes_org_number_key').on(t.organisationId, t.number),
		foreignKey({ name: 'reuse_intakes_site_fk', columns: [t.organisationId, t.siteId], foreignColumns: [sites.organisationId, sites.id] }),
		foreignKey({ name: 'reuse_intakes_user_fk', columns: [t.organisationId, t.createdBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'reuse_intakes_device_fk', columns: [t.organisationId, t.deviceId], foreignColumns: [devices.organisationId, devices.id] }),
		index('reuse_intakes_org_at_idx').on(t.organisationId, t.createdAt)
	]
);

/**
 * One weighing (or count) of an intake, in one flux (and optionally one category). `netGrams` is what
 * counts: gross − tare for a weighing, count × the category's average for a count. A line entered by
 * mistake is cancelled by a line with the opposite weights and `correction_of` (never deleted).
 */
export const reuseIntakeLines = pgTable(
	'reuse_intake_lines',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		organisationId: uuid('organisation_id').notNull(),
		intakeId: uuid('intake_id').notNull(),
		flux: reuseFlux('flux').notNull(),
		categoryId: uuid('category_id'),
		method: reuseWeightMethod('method').notNull(),
		grossGrams: integer('gross_grams'),
		containerId: uuid('container_id'),
		/** The container's tare when weighed (kept: a container's tare may change later). */
		tareGrams: integer('tare_grams').notNull().default(0),
		/** counted: how many objects. */
		count: integer('count'),
		netGrams: integer('net_grams').notNull(),
		correctionOf: bigint('correction_of', { mode: 'number' }),
		userId: uuid('user_id').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_intake_lines_org_id_key').on(t.organisationId, t.id),
		foreignKey({
			name: 'reuse_intake_lines_intake_fk',
			columns: [t.organisationId, t.intakeId],
			foreignColumns: [reuseIntakes.organisationId, reuseIntakes.id]
		}),
		foreignKey({
			name: 'reuse_intake_lines_category_fk',
			columns: [t.organisationId, t.categoryId],
			foreignColumns: [reuseCategories.organisationId, reuseCategories.id]
		}),
		foreignKey({
			name: 'reuse_intake_lines_container_fk',
			columns: [t.organisationId, t.containerId],
			foreignColumns: [reuseContainers.organisationId, reuseContainers.id]
		}),
		foreignKey({ name: 'reuse_intake_lines_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'reuse_intake_lines_correction_fk', columns: [t.organisationId, t.correctionOf], foreignColumns: [t.organisationId, t.id] }),
		unique('reuse_intake_lines_correction_key').on(t.correctionOf),
		check(
			'reuse_intake_lines_weight_check',
			sql`(${t.correctionOf} is not null and ${t.netGrams} <= 0) or (${t.correctionOf} is null and ${t.netGrams} > 0 and (${t.method} <> 'weighed' or ${t.grossGrams} - ${t.tareGrams} = ${t.netGrams}) and (${t.method} <> 'counted' or ${t.count} > 0))`
		),
		index('reuse_intake_lines_intake_idx').on(t.intakeId),
		index('reuse_intake_lines_org_at_idx').on(t.organisationId, t.at)
	]
);

/**
 * An item: one object, or a batch of alike objects (30 books at 1 €), with its category, description,
 * unit price and unit weight, a unique code on its QR label (O-000123) and a location. Its stock moves
 * only by `reuse_item_movements` (on_hand is their sum; CHECK keeps it between 0 and the quantity made).
 */
export const reuseItems = pgTable(
	'reuse_items',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		/** Short human code printed on the QR label, unique in the organisation (O-000123). */
		code: text('code').notNull(),
		siteId: uuid('site_id').notNull(),
		locationId: uuid('location_id'),
		categoryId: uuid('category_id').notNull(),
		/** The intake it came from, when known. */
		intakeId: uuid('intake_id'),
		description: text('description').notNull(),
		/** Pieces made: 1 for one object, n for a batch. */
		quantity: integer('quantity').notNull(),
		onHand: integer('on_hand').notNull(),
		priceCents: integer('price_cents').notNull(),
		unitWeightGrams: integer('unit_weight_grams').notNull(),
		weightSource: reuseItemWeightSource('weight_source').notNull(),
		createdBy: uuid('created_by').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_items_org_id_key').on(t.organisationId, t.id),
		unique('reuse_items_org_code_key').on(t.organisationId, t.code),
		foreignKey({ name: 'reuse_items_site_fk', columns: [t.organisationId, t.siteId], foreignColumns: [sites.organisationId, sites.id] }),
		foreignKey({ name: 'reuse_items_location_fk', columns: [t.organisationId, t.locationId], foreignColumns: [locations.organisationId, locations.id] }),
		foreignKey({
			name: 'reuse_items_category_fk',
			columns: [t.organisationId, t.categoryId],
			foreignColumns: [reuseCategories.organisationId, reuseCategories.id]
		}),
		foreignKey({ name: 'reuse_items_intake_fk', columns: [t.organisationId, t.intakeId], foreignColumns: [reuseIntakes.organisationId, reuseIntakes.id] }),
		foreignKey({ name: 'reuse_items_user_fk', columns: [t.organisationId, t.createdBy], foreignColumns: [users.organisationId, users.id] }),
		check('reuse_items_quantity_check', sql`${t.quantity} between 1 and 10000 and ${t.onHand} >= 0 and ${t.onHand} <= ${t.quantity}`),
		check('reuse_items_price_check', sql`${t.priceCents} between 0 and 10000000`),
		check('reuse_items_weight_check', sql`${t.unitWeightGrams} between 1 and 1000000`),
		index('reuse_items_org_created_idx').on(t.organisationId, t.createdAt),
		index('reuse_items_org_category_idx').on(t.organisationId, t.categoryId)
	]
);

/** An exit by channel: given, partner convention, recycling (by an eco-organism's channel), waste. */
export const reuseExits = pgTable(
	'reuse_exits',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		/** Human number per organisation: S-000123. */
		number: text('number').notNull(),
		siteId: uuid('site_id').notNull(),
		channel: reuseChannel('channel').notNull(),
		/** Who or what receives: the person or partner given to, the eco-organism's channel (Ecomaison, ecosystem, Refashion…), the déchetterie. */
		recipient: text('recipient'),
		note: text('note'),
		createdBy: uuid('created_by').notNull(),
		deviceId: uuid('device_id'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_exits_org_id_key').on(t.organisationId, t.id),
		unique('reuse_exits_org_number_key').on(t.organisationId, t.number),
		foreignKey({ name: 'reuse_exits_site_fk', columns: [t.organisationId, t.siteId], foreignColumns: [sites.organisationId, sites.id] }),
		foreignKey({ name: 'reuse_exits_user_fk', columns: [t.organisationId, t.createdBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'reuse_exits_device_fk', columns: [t.organisationId, t.deviceId], foreignColumns: [devices.organisationId, devices.id] }),
		index('reuse_exits_org_at_idx').on(t.organisationId, t.createdAt)
	]
);

/**
 * One line of an exit: a weighing by flux (same tare logic as intake), a count × average weight, or an
 * item (pieces × its unit weight; the item's stock goes down by an `exit` movement in the same transaction).
 */
export const reuseExitLines = pgTable(
	'reuse_exit_lines',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		organisationId: uuid('organisation_id').notNull(),
		exitId: uuid('exit_id').notNull(),
		flux: reuseFlux('flux').notNull(),
		categoryId: uuid('category_id'),
		method: reuseWeightMethod('method').notNull(),
		itemId: uuid('item_id'),
		grossGrams: integer('gross_grams'),
		containerId: uuid('container_id'),
		tareGrams: integer('tare_grams').notNull().default(0),
		/** counted: how many objects; item: how many pieces of the item. */
		count: integer('count'),
		netGrams: integer('net_grams').notNull(),
		correctionOf: bigint('correction_of', { mode: 'number' }),
		userId: uuid('user_id').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_exit_lines_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'reuse_exit_lines_exit_fk', columns: [t.organisationId, t.exitId], foreignColumns: [reuseExits.organisationId, reuseExits.id] }),
		foreignKey({
			name: 'reuse_exit_lines_category_fk',
			columns: [t.organisationId, t.categoryId],
			foreignColumns: [reuseCategories.organisationId, reuseCategories.id]
		}),
		foreignKey({ name: 'reuse_exit_lines_item_fk', columns: [t.organisationId, t.itemId], foreignColumns: [reuseItems.organisationId, reuseItems.id] }),
		foreignKey({
			name: 'reuse_exit_lines_container_fk',
			columns: [t.organisationId, t.containerId],
			foreignColumns: [reuseContainers.organisationId, reuseContainers.id]
		}),
		foreignKey({ name: 'reuse_exit_lines_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'reuse_exit_lines_correction_fk', columns: [t.organisationId, t.correctionOf], foreignColumns: [t.organisationId, t.id] }),
		unique('reuse_exit_lines_correction_key').on(t.correctionOf),
		check(
			'reuse_exit_lines_weight_check',
			sql`(${t.correctionOf} is not null and ${t.netGrams} <= 0) or (${t.correctionOf} is null and ${t.netGrams} > 0 and (${t.method} <> 'weighed' or ${t.grossGrams} - ${t.tareGrams} = ${t.netGrams}) and (${t.method} = 'weighed' or ${t.count} > 0) and ((${t.method} = 'item') = (${t.itemId} is not null)))`
		),
		index('reuse_exit_lines_exit_idx').on(t.exitId),
		index('reuse_exit_lines_org_at_idx').on(t.organisationId, t.at)
	]
);

/**
 * The items' ledger: append-only like the stock ledger (the trigger reuse_item_movements_append_only).
 * `quantity` is signed (pieces); the item's on_hand is updated in the same transaction. A sale movement
 * names its sale line, an exit movement its exit line (each piece leaves by one channel only).
 */
export const reuseItemMovements = pgTable(
	'reuse_item_movements',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		organisationId: uuid('organisation_id').notNull(),
		itemId: uuid('item_id').notNull(),
		kind: reuseItemMovementKind('kind').notNull(),
		quantity: integer('quantity').notNull(),
		fromLocationId: uuid('from_location_id'),
		toLocationId: uuid('to_location_id'),
		saleLineId: uuid('sale_line_id'),
		exitLineId: bigint('exit_line_id', { mode: 'number' }),
		reason: text('reason'),
		userId: uuid('user_id').notNull(),
		deviceId: uuid('device_id'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('reuse_item_movements_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'reuse_item_movements_item_fk', columns: [t.organisationId, t.itemId], foreignColumns: [reuseItems.organisationId, reuseItems.id] }),
		foreignKey({ name: 'reuse_item_movements_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({
			name: 'reuse_item_movements_from_fk',
			columns: [t.organisationId, t.fromLocationId],
			foreignColumns: [locations.organisationId, locations.id]
		}),
		foreignKey({ name: 'reuse_item_movements_to_fk', columns: [t.organisationId, t.toLocationId], foreignColumns: [locations.organisationId, locations.id] }),
		foreignKey({
			name: 'reuse_item_movements_exit_line_fk',
			columns: [t.organisationId, t.exitLineId],
			foreignColumns: [reuseExitLines.organisationId, reuseExitLines.id]
		}),
		index('reuse_item_movements_item_idx').on(t.itemId, t.id),
		index('reuse_item_movements_org_kind_at_idx').on(t.organisationId, t.kind, t.at)
	]
);

/** Per-organisation counters for the ressourcerie's human codes (items O-, intakes A-, exits S-). */
export const reuseCounters = pgTable('reuse_counters', {
	organisationId: uuid('organisation_id')
		.primaryKey()
		.references(() => organisations.id),
	lastItem: integer('last_item').notNull().default(0),
	lastIntake: integer('last_intake').notNull().default(0),
	lastExit: integer('last_exit').notNull().default(0)
});
