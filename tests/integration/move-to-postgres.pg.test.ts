// Issue 11, item 4: the way out of the embedded database. A seeded embedded database (PGlite) is copied
// into an empty database of the real PostgreSQL server `npm test` starts; every table comes across whole
// (the same snapshot hash on both sides), the sequences go on where they stood, the ledger balances, and
// a failed check leaves the target empty.
//
// *.pg.test.ts files need a real PostgreSQL server: they run in the PostgreSQL phase of `npm test` only
// (vite.config.ts leaves them out when TEST_DB is not "postgres").
import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Database, type DatabaseHandle } from '$lib/server/db';
import * as schema from '$lib/server/db/schema';
import { hidePassword, moveToPostgres, tablesInCopyOrder, pgliteOf } from '$lib/server/db/move';
import { isAppError } from '$lib/server/errors';
import { passwordSignIn } from '$lib/server/auth/login';
import { DEMO_PASSWORD, seedDemo } from '$lib/server/seed';
import { MIGRATIONS_DIR } from '../helpers/db';
import { snapshotTables } from '../helpers/db-snapshot';

const adminUrl = process.env.TEST_PG_URL!;
const created: string[] = [];

async function admin<T>(fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
	const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
	try {
		return await fn(sql);
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** A new empty database on the test server; its URL. */
async function emptyDatabase(): Promise<string> {
	const name = `move_${randomBytes(5).toString('hex')}`;
	await admin((sql) => sql.unsafe(`create database "${name}"`));
	created.push(name);
	const url = new URL(adminUrl);
	url.pathname = '/' + name;
	return url.toString();
}

async function embedded(): Promise<DatabaseHandle> {
	const h = await openDatabase({});
	await h.migrate(MIGRATIONS_DIR);
	await seedDemo(h.db);
	// Sign-ins write sessions and journal rows (the journal's numbers come from an identity column).
	for (const username of ['admin', 'sophie']) await passwordSignIn(h.db, { username, password: DEMO_PASSWORD, ip: '10.1.2.3' });
	return h;
}

/** The target as a drizzle database whose sessions show times in UTC, like PGlite's. */
function utcDatabase(url: string): { db: Database; end: () => Promise<void> } {
	const client = postgres(url, { max: 1, onnotice: () => {}, connection: { TimeZone: 'UTC' } });
	return { db: drizzle(client, { schema }) as unknown as Database, end: () => client.end({ timeout: 5 }) };
}

async function tableCount(url: string): Promise<number> {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const [r] = await sql`select count(*)::int as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`;
		return r!.n as number;
	} finally {
		await sql.end({ timeout: 5 });
	}
}

let source: DatabaseHandle;
beforeAll(async () => {
	source = await embedded();
});
afterAll(async () => {
	await source?.close();
	for (const name of created) await admin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
});

describe('move-to-postgres', () => {
	test('copies every table whole into an empty PostgreSQL database; sequences and the ledger carry on', async () => {
		const url = await emptyDatabase();
		const report = await moveToPostgres(source, url, MIGRATIONS_DIR);

		const before = await snapshotTables(source.db);
		const target = utcDatabase(url);
		try {
			const after = await snapshotTables(target.db);
			expect(after).toEqual(before);
			expect(Number(before.stock_movements!.split(':')[0])).toBeGreaterThan(0);
			expect(Number(before.audit_log!.split(':')[0])).toBeGreaterThan(0);
			expect(report.movements).toBe(Number(before.stock_movements!.split(':')[0]));
			expect(report.tables.map((t) => t.name)).toContain('stock_movements');

			// The next journal and ledger numbers follow the copied ones (no clash with a copied row).
			const sql = postgres(url, { max: 1, onnotice: () => {} });
			try {
				const [audit] = await sql`select (select max(id) from audit_log) as max, nextval(pg_get_serial_sequence('audit_log', 'id')) as next`;
				expect(BigInt(audit!.next as string)).toBeGreaterThan(BigInt(audit!.max as string));
				const [moves] = await sql`select (select max(id) from stock_movements) as max, nextval(pg_get_serial_sequence('stock_movements', 'id')) as next`;
				expect(BigInt(moves!.next as string)).toBeGreaterThan(BigInt(moves!.max as string));
				// The migrations are recorded as applied: the app starting on it migrates nothing.
				const [migrations] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
				const [local] = (await pgliteOf(source).query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')).rows;
				expect(migrations!.n).toBe(local!.n);
			} finally {
				await sql.end({ timeout: 5 });
			}
		} finally {
			await target.end();
		}
	});

	test('the app opens the moved database and finds the migrations applied', async () => {
		const url = await emptyDatabase();
		await moveToPostgres(source, url, MIGRATIONS_DIR);
		const h = await openDatabase({ url, max: 1 });
		try {
			await h.migrate(MIGRATIONS_DIR); // nothing to apply, nothing fails
			const orgs = await h.db.select().from(schema.organisations);
			expect(orgs.map((o) => o.slug)).toContain('quatre-saisons');
		} finally {
			await h.close();
		}
	});

	test('refuses a database that is not empty, and changes nothing in it', async () => {
		const url = await emptyDatabase();
		const sql = postgres(url, { max: 1, onnotice: () => {} });
		await sql`create table their_table (id int)`;
		await sql.end({ timeout: 5 });
		const err = await moveToPostgres(source, url, MIGRATIONS_DIR).catch((e: unknown) => e);
		expect(isAppError(err) && err.code).toBe('target_not_empty');
		expect((err as Error).message).toMatch(/n'est pas vide/);
		expect(await tableCount(url)).toBe(1);
	});

	test('a ledger that does not balance is not moved: the target is left empty', async () => {
		const broken = await embedded();
		try {
			await pgliteOf(broken).exec(`update lots set on_hand = on_hand + 1 where id = (select id from lots order by code limit 1)`);
			const url = await emptyDatabase();
			const err = await moveToPostgres(broken, url, MIGRATIONS_DIR).catch((e: unknown) => e);
			expect(isAppError(err) && err.code).toBe('move_failed');
			expect((err as Error).message).toMatch(/stock ledger does not balance/);
			expect(await tableCount(url)).toBe(0);
		} finally {
			await broken.close();
		}
	});

	test('an unreachable server is a French error, not a crash', async () => {
		const err = await moveToPostgres(source, 'postgres://nobody:secret@127.0.0.1:1/none', MIGRATIONS_DIR).catch((e: unknown) => e);
		expect(isAppError(err) && err.code).toBe('target_unreachable');
		expect((err as Error).message).toMatch(/ne répond pas/);
		expect((err as Error).message).not.toContain('secret');
	});

	test('parents are copied before the tables that point to them', async () => {
		const order = await tablesInCopyOrder(pgliteOf(source));
		expect(order.indexOf('organisations')).toBeLessThan(order.indexOf('lots'));
		expect(order.indexOf('lots')).toBeLessThan(order.indexOf('stock_movements'));
		expect(hidePassword('postgres://u:pw@h:5432/d')).toBe('postgres://u:***@h:5432/d');
	});
});
