import { sql } from 'drizzle-orm';
import type { Database } from '$lib/server/db';

/** Rows of a raw query, whichever driver answered (PGlite gives `{ rows }`, postgres-js an array). */
const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : (r as { rows: T[] }).rows);

/**
 * Every text or JSON column of every table of the public schema where `needle` appears (case ignored), as
 * `table.column`: what an erasure test searches after erasing (households, training record).
 */
export async function findText(db: Database, needle: string): Promise<string[]> {
	const cols = rowsOf<{ table_name: string; column_name: string }>(
		await db.execute(
			sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json') order by table_name, column_name`
		)
	);
	const found: string[] = [];
	for (const c of cols) {
		const [r] = rowsOf<{ n: number }>(
			await db.execute(
				sql`select count(*)::int as n from ${sql.identifier(c.table_name)} where ${sql.identifier(c.column_name)}::text ilike ${'%' + needle + '%'}`
			)
		);
		if (r!.n > 0) found.push(`${c.table_name}.${c.column_name}`);
	}
	return found;
}
