import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database, type DatabaseHandle } from '$lib/server/db';

/** The SQL migrations, applied to every test database exactly as the app applies them at start-up. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Which database the integration tests run on: TEST_DB=postgres (with TEST_PG_URL) or PGlite (default). */
export function testDatabaseKind(): 'pglite' | 'postgres' {
	const kind = process.env.TEST_DB ?? 'pglite';
	if (kind === 'postgres') return 'postgres';
	if (kind === 'pglite' || kind === '') return 'pglite';
	throw new Error(`TEST_DB must be "pglite" or "postgres", not "${kind}"`);
}

/**
 * A fresh, migrated, empty database for one test file.
 *
 * - TEST_DB=postgres: a new database (test_<random>) on the server TEST_PG_URL points at (a URL to an
 *   admin database, e.g. postgres://postgres@127.0.0.1:5433/postgres); it is dropped on close().
 * - otherwise: an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
	if (testDatabaseKind() === 'postgres') return createPostgresDatabase();
	const handle = await openDatabase({ loadDataDir: await migratedTemplate() });
	try {
		// Nothing to apply (the template is migrated); kept so that a template out of date could never pass unnoticed.
		await handle.migrate(MIGRATIONS_DIR);
	} catch (e) {
		await handle.close();
		throw e;
	}
	return handle;
}

/**
 * An empty PGlite data folder with every migration applied, as a tarball (`dumpDataDir`). Starting a
 * PGlite from it skips initdb and the migrations: about three times faster than an empty one, for each
 * of the ~80 integration files. Built once and kept in the system's temporary folder, named by a hash of
 * the migrations and PGlite's version (a changed migration builds a new one); written to a temporary
 * name and renamed, so that two test workers building it at once never read half a file.
 */
async function migratedTemplate(): Promise<Blob> {
	const hash = createHash('sha256');
	const pgliteVersion = JSON.parse(
		readFileSync(fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)), 'utf8')
	).version;
	hash.update(String(pgliteVersion));
	for (const dir of [MIGRATIONS_DIR, path.join(MIGRATIONS_DIR, 'meta')]) {
		for (const f of readdirSync(dir).sort()) {
			const p = path.join(dir, f);
			if (f.endsWith('.sql') || f.endsWith('.json')) hash.update(f + '\0' + readFileSync(p, 'utf8'));
		}
	}
	const file = path.join(os.tmpdir(), `epicerie-pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar`);
	if (existsSync(file)) return new Blob([readFileSync(file)]);
	const handle = await openDatabase({});
	try {
		await handle.migrate(MIGRATIONS_DIR);
		const dump = await handle.pglite!.dumpDataDir('none');
		const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
		writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
		renameSync(tmp, file);
		return dump;
	} finally {
		await handle.close();
	}
}

async function createPostgresDatabase(): Promise<DatabaseHandle> {
	const adminUrl = process.env.TEST_PG_URL;
	if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_PG_URL (a URL to an admin database of the test server)');
	const name = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
	try {
		await admin.unsafe(`create database "${name}"`);
	} finally {
		await admin.end({ timeout: 5 });
	}
	const url = new URL(adminUrl);
	url.pathname = '/' + name;
	let handle: DatabaseHandle;
	try {
		handle = await openDatabase({ url: url.toString(), max: 4 });
		await handle.migrate(MIGRATIONS_DIR);
	} catch (e) {
		await dropDatabase(adminUrl, name);
		throw e;
	}
	const close = handle.close.bind(handle);
	return {
		...handle,
		async close() {
			try {
				await close();
			} finally {
				await dropDatabase(adminUrl, name);
			}
		}
	};
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
	try {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
	} finally {
		await admin.end({ timeout: 5 });
	}
}

/**
 * One migrated database for the whole test file: created before the first test, closed (and, on
 * PostgreSQL, dropped) after the last. Tests share it, so each makes its own organisation (makeOrg).
 */
export function useTestDatabase(): { readonly db: Database; readonly handle: DatabaseHandle } {
	let handle: DatabaseHandle | undefined;
	beforeAll(async () => {
		handle = await createTestDatabase();
	});
	afterAll(async () => {
		await handle?.close();
	});
	const get = (): DatabaseHandle => {
		if (!handle) throw new Error('the test database is not open yet (use it inside a test or a hook)');
		return handle;
	};
	return {
		get db() {
			return get().db;
		},
		get handle() {
			return get();
		}
	};
}
