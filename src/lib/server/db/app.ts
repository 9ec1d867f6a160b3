import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config';
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

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * PGlite is one process's database: two processes opening the same folder would corrupt it. The first
 * writes its pid in the folder; another (the app, or `npm run admin`) refuses to start meanwhile.
 */
export function claimDataDir(dir: string): void {
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, 'app.pid');
	if (existsSync(file)) {
		const pid = Number(readFileSync(file, 'utf8').trim());
		if (pid && pid !== process.pid && isAlive(pid)) {
			throw new Error(`le dossier ${dir} est déjà ouvert par le processus ${pid} : arrêtez-le d'abord (PGlite n'accepte qu'un processus à la fois)`);
		}
	}
	writeFileSync(file, String(process.pid));
	process.once('exit', () => {
		try {
			if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
		} catch {
			/* already gone */
		}
	});
}

export async function startDatabase(prepare?: (h: DatabaseHandle) => Promise<void>): Promise<DatabaseHandle> {
	if (handle) return handle;
	starting ??= (async () => {
		try {
			if (!config.databaseUrl) claimDataDir(config.dataDir);
			const h = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite') });
			try {
				await h.migrate(config.migrationsDir);
				if (prepare) await prepare(h);
			} catch (e) {
				await h.close().catch(() => {});
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

export async function stopDatabase(): Promise<void> {
	const h = handle;
	handle = null;
	starting = null;
	await h?.close();
}
