/**
 * SQL pieces every report shares, so a kilogram or a euro is computed the same in every report:
 * the weight and the reference value of a quantity of a product, the month of an instant in the
 * organisation's zone, and the site a movement happened at. Written for PostgreSQL 15 and PGlite alike.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db';

/**
 * Grams of `qty` (base units) of the product aliased `p`: kg products count grams already; a piece
 * weighs `net_weight_grams`; a litre product's `net_weight_grams` is the weight of one litre (quantities
 * in millilitres). Null when the product has no known weight (reports count those apart).
 */
export const gramsOf = (qty: SQL, p = sql.raw('p')): SQL =>
	sql`(case ${p}.unit when 'kg' then (${qty})::float8 when 'piece' then (${qty})::float8 * ${p}.net_weight_grams when 'litre' then (${qty})::float8 * ${p}.net_weight_grams / 1000.0 end)`;

/**
 * Reference value in cents of `qty` at the product's current reference price (as `valueCents` in
 * $lib/stock/units), rounded in exact numeric, halves away from zero: the same as `Math.round` for a
 * positive quantity, and a negative quantity (a correction) is exactly minus the positive one. (`round()`
 * of a float8 rounds halves to even, 4.5 → 4, which made reports differ from valueCents.)
 */
export const valueOf = (qty: SQL, p = sql.raw('p')): SQL =>
	sql`(case ${p}.unit when 'piece' then (${qty})::float8 * ${p}.reference_price_cents else round((${qty})::numeric * ${p}.reference_price_cents / 1000)::float8 end)`;

/** True when the product's weight is unknown (a piece or litre product without net weight). */
export const weightUnknown = (p = sql.raw('p')): SQL => sql`(${p}.unit <> 'kg' and ${p}.net_weight_grams is null)`;

/**
 * An instant as a query parameter. Always through here: postgres-js under drizzle sends timestamp
 * parameters as they are (no Date serialiser), so a raw `${date}` fails on PostgreSQL but not on PGlite.
 */
export const instant = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** `col >= from and col < to`: the column (an instant) falls in the report's period. */
export const inPeriod = (col: SQL, ctx: { from: Date; to: Date }): SQL => sql`${col} >= ${instant(ctx.from)} and ${col} < ${instant(ctx.to)}`;

/** The first day (YYYY-MM-01) of the month of instant `at` in `zone`, as text. */
export const monthOf = (at: SQL, zone: string): SQL => sql`to_char(date_trunc('month', ${at} at time zone ${zone}), 'YYYY-MM-DD')`;

/** The calendar day of instant `at` in `zone`, as text. */
export const dayOf = (at: SQL, zone: string): SQL => sql`to_char(${at} at time zone ${zone}, 'YYYY-MM-DD')`;

/**
 * The site of a movement `m` of lot `l`: where the goods went to, else where they came from, else
 * where the lot is. Needs `locations` joined as `ml` on that coalesce (see `movementSiteJoin`).
 */
export const movementSiteJoin = (m = sql.raw('m'), l = sql.raw('l')): SQL =>
	sql`left join locations ml on ml.organisation_id = ${l}.organisation_id and ml.id = coalesce(${m}.to_location_id, ${m}.from_location_id, ${l}.location_id)`;

/**
 * What moved in or out of each lot of the organisation from instant `t` on (`lot_id`, `q` = Σ quantity):
 * a lot held at `t` its `on_hand` now less this (the shared definition of the stock at an instant). One
 * pass over the movements after `t` (the (organisation_id, at) index), not a sub-query per lot: the
 * cost follows what happened since `t`, not how many lots the organisation ever had.
 */
export const movedSince = (org: string, t: Date): SQL =>
	sql`select lot_id, sum(quantity) as q from stock_movements where organisation_id = ${org} and at >= ${instant(t)} group by lot_id`;

/**
 * The site of a sale (or return) `s`: the site of its till session's tablet, as `sd.site_id`. A till
 * opened through the API has no tablet: its sales count only under "all sites" (`siteFilter(…, sd)`).
 */
export const saleSiteJoin = (s = sql.raw('s')): SQL =>
	sql`join till_sessions ts on ts.organisation_id = ${s}.organisation_id and ts.id = ${s}.session_id
	    left join devices sd on sd.organisation_id = ts.organisation_id and sd.id = ts.device_id`;

/** `and <site condition>` when a site is chosen (the alias holds a `site_id`), nothing otherwise. */
export const siteFilter = (siteId: string | null, alias = sql.raw('ml')): SQL => (siteId ? sql` and ${alias}.site_id = ${siteId}` : sql``);

/**
 * Opens a report's read-only snapshot (first statements of its transaction): every figure of a report
 * comes from the same moment. JIT compilation is turned off for the transaction: PostgreSQL's planner
 * estimates a year of ledger rows above `jit_above_cost` and then spends 0.1–0.7 s compiling a query
 * that runs in a few milliseconds (measured with auto_explain on the reports benchmark, docs/reports.md).
 * Plans are made for the actual period (custom plans): the driver prepares statements, and a generic
 * plan guesses a few hundred movements for any period, then joins a year's 70 000 one by one.
 */
export async function reportSnapshot(tx: Executor): Promise<void> {
	await tx.execute(sql`set transaction isolation level repeatable read, read only`);
	await tx.execute(sql`set local jit = off`);
	await tx.execute(sql`set local plan_cache_mode = force_custom_plan`);
}

/** Rows of a raw query, whichever driver runs it (postgres-js answers an array, PGlite `{ rows }`). */
export async function rowsOf<T extends Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
	const r = (await ex.execute(query)) as unknown;
	return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
}

/** A numeric column read back (postgres-js gives bigint and numeric as text). Null stays null. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** A numeric column read back, null as 0. */
export const num0 = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
