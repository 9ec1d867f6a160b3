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
 * $lib/stock/units). Rounded as numeric, half away from zero (10,5 → 11, as Math.round; −10,5 → −11, the
 * opposite of +10,5): `round()` of a float8 rounds half to even on PostgreSQL (10,5 → 10).
 */
export const valueOf = (qty: SQL, p = sql.raw('p')): SQL =>
	sql`(case ${p}.unit when 'piece' then (${qty})::float8 * ${p}.reference_price_cents else round((${qty})::numeric * ${p}.reference_price_cents / 1000)::float8 end)`;

/** True when the product's weight is unknown (a piece or litre product without net weight). */
export const weightUnknown = (p = sql.raw('p')): SQL => sql`(${p}.unit <> 'kg' and ${p}.net_weight_grams is null)`;

/**
 * An instant as a query parameter. Always use this for a Date in raw `sql`: postgres-js refuses a Date
 * parameter of a raw query ("argument must be of type string"), PGlite accepts it — this works on both.
 */
export const instant = (d: Date): SQL => sql`${d.toISOString()}::timestamptz`;

/** The first day (YYYY-MM-01) of the month of instant `at` in `zone`, as text. */
export const monthOf = (at: SQL, zone: string): SQL => sql`to_char(date_trunc('month', ${at} at time zone ${zone}), 'YYYY-MM-DD')`;

/** The calendar day of instant `at` in `zone`, as text. */
export const dayOf = (at: SQL, zone: string): SQL => sql`to_char(${at} at time zone ${zone}, 'YYYY-MM-DD')`;

/**
 * The site of a movement `m` of lot `l`: where the goods went to, else where they came from, else
 * where the lot is. Needs `locations` joined as `ml` on that coalesce (see `movementSiteJoin`).
 */
export const movementSiteJoin = (m = sql.raw('m'), l = sql.raw('l')): SQL =>
	sql`left join locations ml on ml.organisation_id = ${m}.organisation_id and ml.id = coalesce(${m}.to_location_id, ${m}.from_location_id, ${l}.location_id)`;

/** `and <site condition>` when a site is chosen (the alias holds a `site_id`), nothing otherwise. */
export const siteFilter = (siteId: string | null, alias = sql.raw('ml')): SQL => (siteId ? sql` and ${alias}.site_id = ${siteId}` : sql``);

/** Rows of a raw query, whichever driver runs it (postgres-js answers an array, PGlite `{ rows }`). */
export async function rowsOf<T extends Record<string, unknown>>(ex: Executor, query: SQL): Promise<T[]> {
	const r = (await ex.execute(query)) as unknown;
	return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
}

/** A numeric column read back (postgres-js gives bigint and numeric as text). Null stays null. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
/** A numeric column read back, null as 0. */
export const num0 = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
