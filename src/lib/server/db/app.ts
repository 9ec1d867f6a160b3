import path from 'node:path';
import { config } from '../config';
import { claimDataDir, releaseDataDir } from './dataDirLock';
import { openDatabase, type Database, type DatabaseHandle } from './index';

/**
 * The application's database: opened once per server process, migrated, and (on an empty database,
 * unless SEED_DEMO=false) filled with the demo organisation.
 */
let handle: DatabaseHandle | null = null;
let starting: Promise<DatabaseHandle> | null = null;
let lastError: unknown = null;

export function describeDatabase(): string {
	return config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${config.dataDir})`;
}

export async function startDatabase(prepare?: (h: DatabaseHandle) => Promise<void>): Promise<DatabaseHandle> {
	if (handle) return handle;
	starting ??= (async () => {
		try {
			// PGlite is one process's database: see dataDirLock.ts (a stale lock left by a crash or a reboot is replaced).
			if (!config.databaseUrl) claimDataDir(config.dataDir);
			let h: DatabaseHandle;
			try {
				h = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite') });
			} catch (e) {
				releaseDataDir();
				throw e;
			}
			try {
				await h.migrate(config.migrationsDir);
				if (prepare) await prepare(h);
			} catch (e) {
				await h.close().catch(() => {});
				releaseDataDir();
				throw e;
			}
			handle = h;
			lastError = null;
			return h;
		} catch (e) {
			lastError = e;
			starting = null;
			throw e;
		}
	})();
	return starting;
}

/** The ready database; throws a "not ready" error (answered with 503) while it is starting or down. */
export function getDb(): Database {
	if (!handle) throw new Error('database is not ready', { cause: lastError ?? undefined });
	return handle.db;
}

/**
 * Tests: makes getDb() answer this already-open database, so that route handlers (which read
 * getDb()) run against a test database. Null forgets it. Never called by the app.
 */
export function serveTestDatabase(h: DatabaseHandle | null): void {
	handle = h;
	starting = null;
}

export function getHandle(): DatabaseHandle | null {
	return handle;
}

/**
 * Closes the database cleanly: on PGlite a CHECKPOINT first (everything written to the data files, the
 * next start needs no recovery), then the close, then the DATA_DIR lock is given back.
 */
export async function stopDatabase(): Promise<void> {
	const h = handle;
	handle = null;
	starting = null;
	try {
		await h?.close();
	} finally {
		if (!config.databaseUrl) releaseDataDir();
	}
}
