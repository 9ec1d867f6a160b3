// Moving a shop from the embedded database (PGlite in DATA_DIR) to a real PostgreSQL server:
// `npm run admin -- move-to-postgres postgres://…` (issue 11, item 4). See docs/deployment.md.
//
// How: the target must be an empty database; it gets the same migrations as the app applies. Then, in
// ONE transaction on the target, every table of the public schema is copied with COPY … TO (PGlite,
// as PostgreSQL's text format) and COPY … FROM STDIN (PostgreSQL), parents before children (the foreign
// keys are checked as rows arrive), and every sequence is set where the embedded one stood (the ledger's
// and the journal's numbers go on from there). Before committing, the target is checked: the same number
// of rows in every table and a stock ledger that balances (each lot's balance is the sum of its
// movements, none below zero). Any difference and nothing is committed: the target stays empty.
import type { PGlite } from '@electric-sql/pglite';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { AppError } from '../errors';
import { openDatabase, type DatabaseHandle } from './index';

export interface MoveReport {
	tables: { name: string; rows: number }[];
	sequences: number;
	lots: number;
	movements: number;
	ms: number;
}

type Sql = postgres.Sql | postgres.TransactionSql;

/** The PGlite client under a drizzle database opened by openDatabase() without a url. */
export function pgliteOf(handle: DatabaseHandle): PGlite {
	if (handle.kind !== 'pglite') throw new AppError('not_embedded', "La base source n'est pas la base embarquée (PGlite).", 400);
	return (handle.db as unknown as { $client: PGlite }).$client;
}

const ident = (name: string) => '"' + name.replace(/"/g, '""') + '"';

/** "postgres://user:secret@host/db" → "postgres://user:***@host/db": the address as it may be printed. */
export function hidePassword(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '(adresse illisible)';
	}
}

/** The public tables, parents first: a table comes after every table its foreign keys point to. */
export async function tablesInCopyOrder(source: PGlite): Promise<string[]> {
	const tables = (
		await source.query<{ name: string }>(
			`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`
		)
	).rows.map((r) => r.name);
	const edges = (
		await source.query<{ child: string; parent: string }>(
			`select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
			   from pg_constraint c join pg_namespace n on n.oid = c.connamespace
			  where c.contype = 'f' and n.nspname = 'public'`
		)
	).rows;
	const unquote = (s: string) => s.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
	const parents = new Map(tables.map((t) => [t, new Set<string>()]));
	for (const e of edges) {
		const child = unquote(e.child);
		const parent = unquote(e.parent);
		if (child !== parent) parents.get(child)?.add(parent);
	}
	const order: string[] = [];
	const placed = new Set<string>();
	while (order.length < tables.length) {
		const next = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
		if (next.length === 0) {
			const left = tables.filter((t) => !placed.has(t));
			throw new Error(`foreign keys form a cycle between ${left.join(', ')}: the copy order cannot be decided`);
		}
		for (const t of next) {
			order.push(t);
			placed.add(t);
		}
	}
	return order;
}

/** The columns COPY may write (generated columns are computed by the target), in table order. */
async function copyColumns(source: PGlite, table: string): Promise<string[]> {
	const rows = (
		await source.query<{ name: string }>(
			`select column_name as name from information_schema.columns
			  where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER'
			  order by ordinal_position`,
			[table]
		)
	).rows;
	return rows.map((r) => r.name);
}

async function countRows(target: Sql, table: string): Promise<number> {
	const [r] = await target.unsafe(`select count(*)::bigint as n from ${ident(table)}`);
	return Number(r!.n);
}

/** Refuses a target that already has tables of its own (ours or anyone's): the move only fills an empty database. */
async function expectEmpty(url: string): Promise<void> {
	const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
	try {
		const [r] = await sql`select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`;
		if (r!.n > 0) {
			throw new AppError(
				'target_not_empty',
				`La base PostgreSQL ${hidePassword(url)} n'est pas vide (${r!.n} tables). Créez une base vide (createdb) et recommencez : rien n'a été copié.`,
				409
			);
		}
	} catch (e) {
		if (e instanceof AppError) throw e;
		throw new AppError('target_unreachable', `La base PostgreSQL ${hidePassword(url)} ne répond pas : ${(e as Error).message}. Rien n'a été copié.`, 400);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/**
 * Copies the embedded database `source` (already migrated: the caller opened it through startDatabase)
 * into the empty PostgreSQL database at `targetUrl`. Throws an AppError with a French message when the
 * target is not empty or does not answer, or when a check fails (then the target is left empty).
 */
export async function moveToPostgres(
	source: DatabaseHandle,
	targetUrl: string,
	migrationsDir: string,
	log: (line: string) => void = () => {}
): Promise<MoveReport> {
	const started = Date.now();
	const pg = pgliteOf(source);
	if (!/^postgres(ql)?:\/\//.test(targetUrl)) {
		throw new AppError('invalid_url', "L'adresse doit commencer par postgres:// (par exemple postgres://epicerie:motdepasse@localhost:5432/epicerie).", 400);
	}
	await expectEmpty(targetUrl);

	log('Création des tables dans PostgreSQL (migrations)…');
	const target = await openDatabase({ url: targetUrl, max: 1 });
	try {
		await target.migrate(migrationsDir);
	} finally {
		await target.close();
	}

	// Text output the target reads back the same: ISO dates, UTC, exact floats.
	await pg.exec(`set datestyle = 'ISO, YMD'; set timezone = 'UTC'; set extra_float_digits = 3`);
	const order = await tablesInCopyOrder(pg);
	const sql = postgres(targetUrl, { max: 1, onnotice: () => {}, connect_timeout: 10, connection: { TimeZone: 'UTC', DateStyle: 'ISO, YMD' } });
	let report: MoveReport;
	try {
		report = await sql.begin(async (tx) => {
			const tables: MoveReport['tables'] = [];
			for (const table of order) {
				const columns = (await copyColumns(pg, table)).map(ident).join(', ');
				const out = await pg.query(`copy ${ident(table)} (${columns}) to '/dev/blob'`);
				const data = out.blob ? Buffer.from(await out.blob.arrayBuffer()) : Buffer.alloc(0);
				if (data.length > 0) {
					const writable = (await tx.unsafe(`copy ${ident(table)} (${columns}) from stdin`).writable()) as Writable;
					await pipeline(
						(async function* () {
							yield data;
						})(),
						writable
					);
				}
				const [{ n }] = (await pg.query<{ n: number }>(`select count(*)::int as n from ${ident(table)}`)).rows as [{ n: number }];
				const copied = await countRows(tx, table);
				if (copied !== n) throw new Error(`table ${table}: ${n} rows in the embedded database, ${copied} in PostgreSQL`);
				tables.push({ name: table, rows: n });
				log(`  ${table} : ${n} ${n > 1 ? 'lignes' : 'ligne'}`);
			}

			// Sequences: where the embedded database stood (a number given out is never given again).
			const sequences = (
				await pg.query<{ name: string; last_value: string | null }>(
					`select sequencename as name, last_value::text as last_value from pg_sequences where schemaname = 'public' order by sequencename`
				)
			).rows;
			for (const s of sequences) {
				if (s.last_value === null) await tx.unsafe(`select setval('${ident(s.name)}', 1, false)`);
				else await tx.unsafe(`select setval('${ident(s.name)}', $1::bigint, true)`, [s.last_value]);
			}

			// The stock ledger balances in the target, as it did in the source.
			const [ledger] = await tx.unsafe(
				`select count(*)::int as lots,
				        count(*) filter (where l.on_hand <> coalesce(m.sum, 0) or l.on_hand < 0)::int as wrong,
				        coalesce(sum(m.n), 0)::int as movements
				   from lots l
				   left join (select lot_id, sum(quantity) as sum, count(*) as n from stock_movements group by lot_id) m on m.lot_id = l.id`
			);
			// (A movement always names an existing lot: a foreign key sees to it.)
			if (ledger!.wrong > 0) {
				throw new Error(`the stock ledger does not balance in PostgreSQL: ${ledger!.wrong} lots differ from the sum of their movements`);
			}
			return { tables, sequences: sequences.length, lots: ledger!.lots, movements: ledger!.movements, ms: 0 };
		});
	} catch (e) {
		// The copy's transaction rolled back; the migrations ran before it: leave the target as it was found.
		await emptyTarget(targetUrl).catch(() => {});
		if (e instanceof AppError) throw e;
		throw new AppError(
			'move_failed',
			`La copie vers PostgreSQL a échoué : ${(e as Error).message}. Rien n'a été gardé dans PostgreSQL ; la base embarquée n'a pas changé.`,
			500
		);
	} finally {
		await sql.end({ timeout: 5 });
	}
	report.ms = Date.now() - started;
	return report;
}

/** Drops what the migrations created in the target (our schemas only), so that a failed move leaves it empty. */
async function emptyTarget(url: string): Promise<void> {
	const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
	try {
		await sql.begin(async (tx) => {
			const tables = await tx`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
			for (const t of tables) await tx.unsafe(`drop table if exists ${ident(t.name as string)} cascade`);
			const functions = await tx`select p.oid::regprocedure::text as name from pg_proc p where p.pronamespace = 'public'::regnamespace`;
			for (const f of functions) await tx.unsafe(`drop function if exists ${f.name as string} cascade`);
			await tx.unsafe(`drop schema if exists drizzle cascade`);
			const types =
				await tx`select t.typname as name from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public' and t.typtype = 'e'`;
			for (const t of types) await tx.unsafe(`drop type if exists ${ident(t.name as string)} cascade`);
			const seqs = await tx`select sequencename as name from pg_sequences where schemaname = 'public'`;
			for (const s of seqs) await tx.unsafe(`drop sequence if exists ${ident(s.name as string)} cascade`);
		});
	} finally {
		await sql.end({ timeout: 5 });
	}
}
