import { sql } from 'drizzle-orm';
import type { Database } from '$lib/server/db';

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows);

/**
 * Tables left out of a snapshot, and why:
 * - api_tokens: validateApiToken stamps last_used_at (at most once a minute) on every call, refused or not;
 * - auth_throttle: counts failed sign-ins / PINs, a refusal legitimately writes there.
 * Every other table of the database is compared, whole, the audit log included (a refused request of the
 * API writes no audit row; a test of refused PINs, which are audited on purpose, should leave it out).
 */
export const SNAPSHOT_EXCLUDED = ['api_tokens', 'auth_throttle', '__drizzle_migrations'];

/**
 * The state of every business table: its row count and a hash of all its rows (each row as text, sorted).
 * Two equal snapshots: no row was added, removed or changed anywhere.
 */
export async function snapshotTables(db: Database): Promise<Record<string, string>> {
	const tables = rowsOf<{ name: string }>(
		await db.execute(
			sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
		)
	)
		.map((t) => t.name)
		.filter((n) => !SNAPSHOT_EXCLUDED.includes(n));
	const parts = tables.map(
		(n) => sql`select ${n} as name, count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from ${sql.identifier(n)} t`
	);
	const rows = rowsOf<{ name: string; n: number; h: string }>(await db.execute(sql.join(parts, sql` union all `)));
	return Object.fromEntries(rows.map((r) => [r.name, `${r.n}:${r.h}`]));
}
