import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdirSync } from 'node:fs';
import postgres from 'postgres';
import { dataDirFlusher, flushModeFromEnv, fsyncChanged, type FlushMode } from './durability';
import * as schema from './schema';

export type Schema = typeof schema;
/** The database, whichever driver runs it (PGlite or PostgreSQL). */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle. Inside a transaction always use it, never the Database (PGlite deadlocks). */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Either: for read helpers that may run inside or outside a transaction. */
export type Executor = Database | Tx;

export interface DatabaseHandle {
	db: Database;
	kind: 'pglite' | 'postgres';
	/** The embedded engine itself (PGlite only): backups dump its data folder (server/backup). */
	pglite?: PGlite;
	/** The connection URL (PostgreSQL only): backups hand it to pg_dump (server/backup). */
	url?: string;
	/** Apply the SQL migrations under drizzle/ that are not applied yet. */
	migrate(migrationsFolder: string): Promise<void>;
	/** Resolves if the database answers a trivial query. */
	ping(): Promise<void>;
	close(): Promise<void>;
	/** PGlite in a folder: the files fsynced after the last committed transaction (durability.ts), for checks. */
	lastFlushed?(): readonly string[];
}

export interface OpenOptions {
	/** postgres://… : a real PostgreSQL server. */
	url?: string;
	/** Folder for the embedded PGlite database; omitted with no url: in memory (tests). */
	dataDir?: string;
	/** Pool size for PostgreSQL. */
	max?: number;
	/** PGlite in a folder: how committed transactions are made durable (default: PGLITE_SYNC, else `files`). See durability.ts. */
	flush?: FlushMode;
	/** PGlite in memory: start from this data folder (a `dumpDataDir` tarball) instead of an empty one (tests: a migrated template). */
	loadDataDir?: Blob;
}

/** Opens a database: PostgreSQL when a url is given, otherwise embedded PGlite. */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
	if (options.url) return openPostgres(options.url, options.max ?? 10);
	return openPglite(options.dataDir, options.flush ?? flushModeFromEnv(), options.loadDataDir);
}

async function openPglite(dataDir: string | undefined, mode: FlushMode, loadDataDir?: Blob): Promise<DatabaseHandle> {
	if (dataDir) mkdirSync(dataDir, { recursive: true });
	const client = dataDir ? await PGlite.create(dataDir) : await PGlite.create(loadDataDir ? { loadDataDir } : undefined);
	const db = drizzlePglite(client, { schema }) as unknown as Database;
	const flusher = dataDir ? dataDirFlusher(dataDir, mode) : null;
	let flushed: readonly string[] = [];
	if (flusher && mode !== 'off') {
		// What a crash recovery just replayed reaches the disk before anything new is written.
		flusher.flushAll();
		// A committed transaction is answered only once its WAL is on the disk (PGlite never fsyncs: durability.ts).
		const transaction = db.transaction.bind(db);
		db.transaction = (async (fn, config) => {
			const result = await transaction(fn, config);
			flushed = flusher.flush();
			return result;
		}) as Database['transaction'];
	}
	return {
		db,
		kind: 'pglite',
		lastFlushed: () => flushed,
		pglite: client,
		async migrate(migrationsFolder) {
			await migratePglite(db as never, { migrationsFolder });
		},
		async ping() {
			await client.query('select 1');
		},
		async close() {
			if (client.closed) return;
			// Everything into the data files, so that the next start has no WAL to replay; then onto the disk.
			if (dataDir) await client.exec('CHECKPOINT');
			await client.close();
			if (dataDir) fsyncChanged(dataDir, 0);
		}
	};
}

/** A lock number only our migrations take, so that several app servers never migrate at once. */
const MIGRATION_LOCK = 7_205_411;

/**
 * drizzle asks postgres-js for unnamed statements (`prepare: false`); postgres-js then has each
 * statement with parameters described by the server before it runs it: two round trips a query, and
 * the connection waits for the first before sending the next, so queries started together are not
 * sent together (see pipeline.ts). Named statements, prepared once per connection (postgres-js keeps
 * them by text), take one round trip, go out together, and PostgreSQL plans each once.
 */
function namedStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
	return new Proxy(sql, {
		get(target, prop, receiver) {
			if (prop === 'unsafe') {
				return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
					target.unsafe(query, params, { ...options, prepare: true });
			}
			if (prop === 'begin' || prop === 'savepoint') {
				const original = Reflect.get(target, prop, receiver) as (...args: unknown[]) => unknown;
				return (...args: unknown[]) => {
					const fn = args.pop() as (inner: postgres.TransactionSql) => unknown;
					return original.call(target, ...args, (inner: postgres.TransactionSql) => fn(namedStatements(inner)));
				};
			}
			return Reflect.get(target, prop, receiver);
		}
	});
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
	const client = postgres(url, {
		max,
		onnotice: () => {},
		connect_timeout: 10,
		idle_timeout: 60
	});
	const db = drizzlePostgres(namedStatements(client), { schema }) as unknown as Database;
	// drizzle hands timestamps to postgres-js as strings and turns its serializers off; a Date written
	// into a raw `sql` template (reports: m.at >= ${ctx.from}) then failed on PostgreSQL alone (PGlite
	// takes Dates). Dates become ISO instants; strings pass through as before.
	const instant = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
	for (const type of ['1184', '1114']) (client.options.serializers as Record<string, (v: unknown) => unknown>)[type] = instant;
	return {
		db,
		kind: 'postgres',
		url,
		async migrate(migrationsFolder) {
			const one = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
			try {
				await one`select pg_advisory_lock(${MIGRATION_LOCK})`;
				await migratePostgres(drizzlePostgres(one), { migrationsFolder });
				await one`select pg_advisory_unlock(${MIGRATION_LOCK})`;
			} finally {
				await one.end({ timeout: 5 });
			}
		},
		async ping() {
			await db.execute(sql`select 1`);
		},
		async close() {
			await client.end({ timeout: 5 });
		}
	};
}
