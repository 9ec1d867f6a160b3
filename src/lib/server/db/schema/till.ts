import { sql } from 'drizzle-orm';
import {
	bigint,
	boolean,
	check,
	date,
	foreignKey,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	text,
	timestamp,
	unique,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { apiTokens, devices } from './auth';
import { households, rights } from './households';
import { organisations } from './organisations';
import { reuseCategories, reuseItems } from './reuse';
import { categories, lots, products, stockMovements } from './stock';
import { users } from './users';

/**
 * The till: sessions (one open per tablet), cash in/out, sales with their lines and payments,
 * returns, supervisor overrides and held baskets. Money in integer cents; quantities in the
 * product's base unit (pieces, grams, millilitres). Sales and returns are never edited: a return is
 * a new row with its own stock movements, payments (negative) and budget restoration.
 */

export const tillSessionStatus = pgEnum('till_session_status', ['open', 'closed']);
export const paymentMethod = pgEnum('payment_method', ['cash', 'card', 'cheque']);
export const cashMovementKind = pgEnum('cash_movement_kind', ['in', 'out']);
export const returnDisposition = pgEnum('return_disposition', ['stock', 'loss']);
export const heldBasketStatus = pgEnum('held_basket_status', ['held', 'resumed', 'cancelled']);
/**
 * The policy a sale was made under (issue 15): `epicerie` — a household with a right, its budget,
 * participation rate, limits and FSE+ free; `public` — the ressourcerie's sale to anyone: no household,
 * each line at the item's own price (or a typed price by category), discounts with a reason.
 */
export const saleKind = pgEnum('sale_kind', ['epicerie', 'public']);

export interface ZTotals {
	sales: number;
	returns: number;
	referenceCents: number;
	paidCents: number;
	savedCents: number;
	fseCents: number;
	refundedCents: number;
	byMethod: Record<'cash' | 'card' | 'cheque', number>;
	cashInCents: number;
	cashOutCents: number;
	floatCents: number;
	expected: Record<'cash' | 'card' | 'cheque', number>;
	counted: Record<'cash' | 'card' | 'cheque', number>;
	difference: Record<'cash' | 'card' | 'cheque', number>;
	/**
	 * The ressourcerie's public sales of the session (issue 15): their count and what they took (paid,
	 * discounts given). `sales`, `referenceCents`, `paidCents`, `savedCents` and `fseCents` above are the
	 * épicerie's only; the payments by method (the drawer) count both. Absent on Z reports kept before.
	 */
	publicSales?: number;
	publicPaidCents?: number;
	publicDiscountCents?: number;
}

export const tillSessions = pgTable(
	'till_sessions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id')
			.notNull()
			.references(() => organisations.id),
		/** The enrolled tablet the till runs on; null for a till opened through the API. */
		deviceId: uuid('device_id'),
		/** The API token that opened it (scripts, partner software); null on a tablet. */
		apiTokenId: uuid('api_token_id'),
		status: tillSessionStatus('status').notNull().default('open'),
		floatCents: integer('float_cents').notNull(),
		openedBy: uuid('opened_by').notNull(),
		openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
		closedBy: uuid('closed_by'),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** Z report number, per organisation, given at closing. */
		zNumber: integer('z_number'),
		/** The Z report as computed at closing: kept as printed. */
		zReport: jsonb('z_report').$type<ZTotals>(),
		note: text('note')
	},
	(t) => [
		unique('till_sessions_org_id_key').on(t.organisationId, t.id),
		unique('till_sessions_org_z_key').on(t.organisationId, t.zNumber),
		foreignKey({ name: 'till_sessions_device_fk', columns: [t.organisationId, t.deviceId], foreignColumns: [devices.organisationId, devices.id] }),
		foreignKey({ name: 'till_sessions_token_fk', columns: [t.apiTokenId], foreignColumns: [apiTokens.id] }),
		foreignKey({ name: 'till_sessions_opened_by_fk', columns: [t.organisationId, t.openedBy], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'till_sessions_closed_by_fk', columns: [t.organisationId, t.closedBy], foreignColumns: [users.organisationId, users.id] }),
		check('till_sessions_float_check', sql`${t.floatCents} >= 0`),
		check('till_sessions_point_check', sql`(${t.deviceId} is null) <> (${t.apiTokenId} is null)`),
		// One open till per tablet (and per API token).
		uniqueIndex('till_sessions_open_device_key')
			.on(t.deviceId)
			.where(sql`status = 'open' and device_id is not null`),
		uniqueIndex('till_sessions_open_token_key')
			.on(t.apiTokenId)
			.where(sql`status = 'open' and api_token_id is not null`),
		index('till_sessions_org_opened_idx').on(t.organisationId, t.openedAt)
	]
);

/** Cash put into or taken out of the drawer during a session, with the reason. */
export const tillCashMovements = pgTable(
	'till_cash_movements',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		sessionId: uuid('session_id').notNull(),
		kind: cashMovementKind('kind').notNull(),
		amountCents: integer('amount_cents').notNull(),
		reason: text('reason').notNull(),
		userId: uuid('user_id').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({ name: 'till_cash_session_fk', columns: [t.organisationId, t.sessionId], foreignColumns: [tillSessions.organisationId, tillSessions.id] }),
		foreignKey({ name: 'till_cash_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		check('till_cash_amount_check', sql`${t.amountCents} > 0`),
		index('till_cash_session_idx').on(t.sessionId)
	]
);

/** A supervisor's on-the-spot authorisation (PIN + reason) to go over a budget or a limit, for one sale. */
export const tillOverrides = pgTable(
	'till_overrides',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		sessionId: uuid('session_id').notNull(),
		householdId: uuid('household_id').notNull(),
		supervisorId: uuid('supervisor_id').notNull(),
		/** The operator who asked. */
		requestedBy: uuid('requested_by').notNull(),
		reason: text('reason').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull()
	},
	(t) => [
		unique('till_overrides_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'till_overrides_session_fk', columns: [t.organisationId, t.sessionId], foreignColumns: [tillSessions.organisationId, tillSessions.id] }),
		foreignKey({ name: 'till_overrides_household_fk', columns: [t.organisationId, t.householdId], foreignColumns: [households.organisationId, households.id] }),
		foreignKey({ name: 'till_overrides_supervisor_fk', columns: [t.organisationId, t.supervisorId], foreignColumns: [users.organisationId, users.id] }),
		foreignKey({ name: 'till_overrides_requested_fk', columns: [t.organisationId, t.requestedBy], foreignColumns: [users.organisationId, users.id] })
	]
);

export const sales = pgTable(
	'sales',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		/** Human number per organisation: V-000123. */
		number: text('number').notNull(),
		sessionId: uuid('session_id').notNull(),
		/** Made by the client before the first try; the same key always answers the same sale. */
		idempotencyKey: text('idempotency_key').notNull(),
		/** SHA-256 of the request, to refuse a key reused for another basket. */
		requestHash: text('request_hash').notNull(),
		kind: saleKind('kind').notNull().default('epicerie'),
		/** The household and its right (épicerie sales); null for a public sale (anonymous customer). */
		householdId: uuid('household_id'),
		rightId: uuid('right_id'),
		/** The shop day of the sale (Europe/Paris), for monthly limits and reports. */
		day: date('day', { mode: 'string' }).notNull(),
		rateBp: integer('rate_bp').notNull(),
		budgetBasis: text('budget_basis').notNull(),
		referenceCents: integer('reference_cents').notNull(),
		paidCents: integer('paid_cents').notNull(),
		fseCents: integer('fse_cents').notNull(),
		/** Budget spent by this sale (reference or paid value of its non-FSE+ lines, by the right's basis). */
		budgetCents: integer('budget_cents').notNull(),
		budgetLeftCents: integer('budget_left_cents').notNull(),
		overrideId: uuid('override_id'),
		userId: uuid('user_id').notNull(),
		deviceId: uuid('device_id'),
		apiTokenId: uuid('api_token_id'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('sales_org_id_key').on(t.organisationId, t.id),
		unique('sales_org_number_key').on(t.organisationId, t.number),
		unique('sales_org_idempotency_key').on(t.organisationId, t.idempotencyKey),
		unique('sales_override_key').on(t.overrideId),
		foreignKey({ name: 'sales_session_fk', columns: [t.organisationId, t.sessionId], foreignColumns: [tillSessions.organisationId, tillSessions.id] }),
		foreignKey({ name: 'sales_household_fk', columns: [t.organisationId, t.householdId], foreignColumns: [households.organisationId, households.id] }),
		foreignKey({ name: 'sales_right_fk', columns: [t.organisationId, t.rightId], foreignColumns: [rights.organisationId, rights.id] }),
		foreignKey({ name: 'sales_override_fk', columns: [t.organisationId, t.overrideId], foreignColumns: [tillOverrides.organisationId, tillOverrides.id] }),
		foreignKey({ name: 'sales_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		check('sales_kind_check', sql`(${t.kind} = 'epicerie') = (${t.householdId} is not null and ${t.rightId} is not null)`),
		check('sales_amounts_check', sql`${t.referenceCents} >= 0 and ${t.paidCents} >= 0 and ${t.fseCents} >= 0 and ${t.budgetCents} >= 0`),
		index('sales_org_at_idx').on(t.organisationId, t.at),
		// Reports read the sales of a period by the shop's day (migration 0009).
		index('sales_org_day_idx').on(t.organisationId, t.day),
		index('sales_session_idx').on(t.sessionId),
		index('sales_household_day_idx').on(t.organisationId, t.householdId, t.day)
	]
);

export const saleLines = pgTable(
	'sale_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		saleId: uuid('sale_id').notNull(),
		lineNo: integer('line_no').notNull(),
		/** The lot and product sold (épicerie lines); null on a public sale's line. */
		lotId: uuid('lot_id'),
		productId: uuid('product_id'),
		categoryId: uuid('category_id'),
		/** Public sale: the item sold (scanned label), or null for a quick-key line (a category and a typed price). */
		itemId: uuid('item_id'),
		/** Public sale: the ressourcerie category of the line (the item's, or the quick key's). */
		reuseCategoryId: uuid('reuse_category_id'),
		/** Public sale: the weight sold (the item's unit weight × quantity, or the category's average) — tonnage « vendu ». */
		weightGrams: integer('weight_grams'),
		/** Public sale: a typed description for a quick-key line. */
		description: text('description'),
		/** Public sale: the discount given on this line, with its reason (paid = reference − discount). */
		discountCents: integer('discount_cents').notNull().default(0),
		discountReason: text('discount_reason'),
		quantity: integer('quantity').notNull(),
		/** Reference price per piece / kg / litre at the time of the sale. */
		unitPriceCents: integer('unit_price_cents').notNull(),
		referenceCents: integer('reference_cents').notNull(),
		paidCents: integer('paid_cents').notNull(),
		fse: boolean('fse').notNull(),
		/** The lot's best-before date was past when sold (allowed, flagged). */
		ddmPast: boolean('ddm_past').notNull().default(false),
		/** The stock movement of an épicerie line; null on a public line (items move on their own ledger). */
		movementId: bigint('movement_id', { mode: 'number' })
	},
	(t) => [
		unique('sale_lines_org_id_key').on(t.organisationId, t.id),
		unique('sale_lines_sale_no_key').on(t.saleId, t.lineNo),
		foreignKey({ name: 'sale_lines_sale_fk', columns: [t.organisationId, t.saleId], foreignColumns: [sales.organisationId, sales.id] }),
		foreignKey({ name: 'sale_lines_lot_fk', columns: [t.organisationId, t.lotId], foreignColumns: [lots.organisationId, lots.id] }),
		foreignKey({ name: 'sale_lines_product_fk', columns: [t.organisationId, t.productId], foreignColumns: [products.organisationId, products.id] }),
		foreignKey({ name: 'sale_lines_category_fk', columns: [t.organisationId, t.categoryId], foreignColumns: [categories.organisationId, categories.id] }),
		foreignKey({
			name: 'sale_lines_movement_fk',
			columns: [t.organisationId, t.movementId],
			foreignColumns: [stockMovements.organisationId, stockMovements.id]
		}),
		foreignKey({ name: 'sale_lines_item_fk', columns: [t.organisationId, t.itemId], foreignColumns: [reuseItems.organisationId, reuseItems.id] }),
		foreignKey({
			name: 'sale_lines_reuse_category_fk',
			columns: [t.organisationId, t.reuseCategoryId],
			foreignColumns: [reuseCategories.organisationId, reuseCategories.id]
		}),
		check(
			'sale_lines_kind_check',
			sql`(${t.lotId} is not null and ${t.productId} is not null and ${t.movementId} is not null and ${t.reuseCategoryId} is null and ${t.itemId} is null and ${t.discountCents} = 0)
			 or (${t.lotId} is null and ${t.productId} is null and ${t.movementId} is null and ${t.reuseCategoryId} is not null and ${t.weightGrams} > 0 and ${t.discountCents} >= 0 and ${t.paidCents} = ${t.referenceCents} - ${t.discountCents})`
		),
		check('sale_lines_amounts_check', sql`${t.quantity} > 0 and ${t.referenceCents} >= 0 and ${t.paidCents} >= 0 and (not ${t.fse} or ${t.paidCents} = 0)`),
		index('sale_lines_sale_idx').on(t.saleId)
	]
);

export const saleReturns = pgTable(
	'sale_returns',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		saleId: uuid('sale_id').notNull(),
		sessionId: uuid('session_id').notNull(),
		idempotencyKey: text('idempotency_key').notNull(),
		reason: text('reason').notNull(),
		refundCents: integer('refund_cents').notNull(),
		referenceCents: integer('reference_cents').notNull(),
		budgetRestoredCents: integer('budget_restored_cents').notNull(),
		userId: uuid('user_id').notNull(),
		deviceId: uuid('device_id'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('sale_returns_org_id_key').on(t.organisationId, t.id),
		unique('sale_returns_org_idempotency_key').on(t.organisationId, t.idempotencyKey),
		foreignKey({ name: 'sale_returns_sale_fk', columns: [t.organisationId, t.saleId], foreignColumns: [sales.organisationId, sales.id] }),
		foreignKey({ name: 'sale_returns_session_fk', columns: [t.organisationId, t.sessionId], foreignColumns: [tillSessions.organisationId, tillSessions.id] }),
		foreignKey({ name: 'sale_returns_user_fk', columns: [t.organisationId, t.userId], foreignColumns: [users.organisationId, users.id] }),
		check('sale_returns_amounts_check', sql`${t.refundCents} >= 0 and ${t.referenceCents} >= 0 and ${t.budgetRestoredCents} >= 0`),
		index('sale_returns_sale_idx').on(t.saleId),
		index('sale_returns_session_idx').on(t.sessionId)
	]
);

export const saleReturnLines = pgTable(
	'sale_return_lines',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		returnId: uuid('return_id').notNull(),
		saleLineId: uuid('sale_line_id').notNull(),
		quantity: integer('quantity').notNull(),
		disposition: returnDisposition('disposition').notNull(),
		refundCents: integer('refund_cents').notNull(),
		referenceCents: integer('reference_cents').notNull(),
		budgetCents: integer('budget_cents').notNull()
	},
	(t) => [
		foreignKey({ name: 'sale_return_lines_return_fk', columns: [t.organisationId, t.returnId], foreignColumns: [saleReturns.organisationId, saleReturns.id] }),
		foreignKey({ name: 'sale_return_lines_line_fk', columns: [t.organisationId, t.saleLineId], foreignColumns: [saleLines.organisationId, saleLines.id] }),
		check('sale_return_lines_check', sql`${t.quantity} > 0 and ${t.refundCents} >= 0 and ${t.referenceCents} >= 0 and ${t.budgetCents} >= 0`),
		index('sale_return_lines_line_idx').on(t.saleLineId)
	]
);

/** Money in (sale, positive) or out (refund, negative) by method, in a till session. */
export const salePayments = pgTable(
	'sale_payments',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		sessionId: uuid('session_id').notNull(),
		saleId: uuid('sale_id').notNull(),
		returnId: uuid('return_id'),
		method: paymentMethod('method').notNull(),
		amountCents: integer('amount_cents').notNull(),
		/** Order within its sale or return (1, 2…): refunds go back to the methods in the order paid. */
		seq: integer('seq').notNull().default(1),
		/** Cash handed over, and the change given back (cash only). */
		tenderedCents: integer('tendered_cents'),
		changeCents: integer('change_cents'),
		at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		foreignKey({ name: 'sale_payments_session_fk', columns: [t.organisationId, t.sessionId], foreignColumns: [tillSessions.organisationId, tillSessions.id] }),
		foreignKey({ name: 'sale_payments_sale_fk', columns: [t.organisationId, t.saleId], foreignColumns: [sales.organisationId, sales.id] }),
		foreignKey({ name: 'sale_payments_return_fk', columns: [t.organisationId, t.returnId], foreignColumns: [saleReturns.organisationId, saleReturns.id] }),
		check('sale_payments_sign_check', sql`(${t.returnId} is null and ${t.amountCents} > 0) or (${t.returnId} is not null and ${t.amountCents} < 0)`),
		index('sale_payments_session_idx').on(t.sessionId),
		index('sale_payments_sale_idx').on(t.saleId)
	]
);

/** A basket put aside (the household went to fetch something); resumed on any till of the organisation. */
export const heldBaskets = pgTable(
	'held_baskets',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		organisationId: uuid('organisation_id').notNull(),
		sessionId: uuid('session_id').notNull(),
		householdId: uuid('household_id').notNull(),
		/** The basket as the till had it: [{ lotId, quantity }…]. Prices are computed again on resume. */
		lines: jsonb('lines').$type<{ lotId: string; quantity: number }[]>().notNull(),
		status: heldBasketStatus('status').notNull().default('held'),
		heldBy: uuid('held_by').notNull(),
		heldAt: timestamp('held_at', { withTimezone: true }).notNull().defaultNow(),
		endedBy: uuid('ended_by'),
		endedAt: timestamp('ended_at', { withTimezone: true })
	},
	(t) => [
		unique('held_baskets_org_id_key').on(t.organisationId, t.id),
		foreignKey({ name: 'held_baskets_session_fk', columns: [t.organisationId, t.sessionId], foreignColumns: [tillSessions.organisationId, tillSessions.id] }),
		foreignKey({ name: 'held_baskets_household_fk', columns: [t.organisationId, t.householdId], foreignColumns: [households.organisationId, households.id] }),
		foreignKey({ name: 'held_baskets_user_fk', columns: [t.organisationId, t.heldBy], foreignColumns: [users.organisationId, users.id] }),
		index('held_baskets_org_status_idx').on(t.organisationId, t.status)
	]
);

/** Per-organisation counters for sale numbers (V-000123) and Z reports. */
export const tillCounters = pgTable('till_counters', {
	organisationId: uuid('organisation_id')
		.primaryKey()
		.references(() => organisations.id),
	lastSale: integer('last_sale').notNull().default(0),
	lastZ: integer('last_z').notNull().default(0)
});
