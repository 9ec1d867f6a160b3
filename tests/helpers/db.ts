import { randomBytes } from 'node:crypto';
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
	const handle = await openDatabase({});
	try {
		await handle.migrate(MIGRATIONS_DIR);
	} catch (e) {
		await handle.close();
		throw e;
	}
	return handle;
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
