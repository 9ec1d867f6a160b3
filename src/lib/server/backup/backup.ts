import { PGlite } from '@electric-sql/pglite';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import postgres from 'postgres';
import { backupsToKeep } from '$lib/backup/rotation';
import { config } from '../config';
import { getHandle } from '../db/app';
import type { DatabaseHandle } from '../db';
import { fileStamp, listBackups, manifestPathOf, type BackupManifest, type BackupReason } from './manifest';
import { pgToolsMissing, runPgTool } from './pgtools';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The tables of the app and the applied migrations, as one query (a single consistent read). */
const TABLES_SQL = `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`;
const countsSql = (tables: string[]) =>
	tables.map((t) => `select '${t.replaceAll("'", "''")}' as name, count(*)::int as n from public."${t.replaceAll('"', '""')}"`).join(' union all ') ||
	`select '' as name, 0 as n where false`;
const MIGRATIONS_SQL = `select count(*)::int as n from drizzle.__drizzle_migrations`;

type Query = (sql: string) => Promise<{ rows: Record<string, unknown>[] }>;

/** Rows per table and the number of applied migrations, read through `q` (inside the caller's snapshot). */
async function countRows(q: Query): Promise<{ tables: Record<string, number>; migrations: number }> {
	const names = (await q(TABLES_SQL)).rows.map((r) => String(r.name));
	const rows = (await q(countsSql(names))).rows;
	const tables = Object.fromEntries(rows.map((r) => [String(r.name), Number(r.n)]));
	let migrations = 0;
	try {
		migrations = Number((await q(MIGRATIONS_SQL)).rows[0]?.n ?? 0);
	} catch {
		/* no migrations table: 0 */
	}
	return { tables, migrations };
}

function sameCounts(a: Record<string, number>, b: Record<string, number>): string | null {
	const names = new Set([...Object.keys(a), ...Object.keys(b)]);
	for (const n of [...names].sort()) {
		if (a[n] !== b[n]) return `la table ${n} a ${b[n] ?? 'aucune'} ligne(s) dans le fichier au lieu de ${a[n] ?? 'aucune'}`;
	}
	return null;
}

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');

/** Writes a file under a temporary name, flushes it to disk, then renames it: never a half-written file under the final name. */
function writeAtomic(file: string, data: Buffer | string): void {
	const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(3).toString('hex')}.tmp`);
	writeFileSync(tmp, data);
	const fd = openSync(tmp, 'r');
	try {
		fsyncSync(fd);
	} finally {
		closeSync(fd);
	}
	renameSync(tmp, file);
}

/** writeAtomic for big files, without holding the event loop (the app keeps answering). */
async function writeAtomicAsync(file: string, data: Buffer): Promise<void> {
	const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(3).toString('hex')}.tmp`);
	const fh = await open(tmp, 'w');
	try {
		await fh.writeFile(data);
		await fh.sync();
	} finally {
		await fh.close();
	}
	await rename(tmp, file);
}

/** "sauvegarde-2026-12-01-19h40m32-eaed" (see fileStamp). */
function newName(now: Date): string {
	return `sauvegarde-${fileStamp(now)}-${randomBytes(2).toString('hex')}`;
}

export interface BackupOptions {
	/** The database to back up (default: the app's). */
	handle?: DatabaseHandle | null;
	/** Where to write (default BACKUP_DIR). */
	dir?: string;
	now?: () => Date;
}

/** Backs up an embedded database: its data folder as a gzip tarball, checked by opening it in a throw-away in-memory PGlite. */
async function backupPglite(client: PGlite, dir: string, name: string): Promise<Partial<BackupManifest>> {
	// PGlite runs one query at a time. Inside this transaction nothing else runs: the counts, the
	// CHECKPOINT (data files up to date) and the dump see the same moment.
	const held = Date.now();
	const { counts, blob } = await client
		.transaction(async (tx) => {
			const counts = await countRows((s) => tx.query(s));
			await tx.query('checkpoint');
			// Uncompressed: a copy of the files only; compressing happens below, while the app goes on.
			return { counts, blob: await client.dumpDataDir('none') };
		})
		.catch((e: unknown) => {
			throw new Error(`la base n'a pas pu être copiée (${e instanceof Error ? e.message : String(e)})`, { cause: e });
		});
	const heldMs = Date.now() - held;
	const file = `${name}.tar.gz`;
	const full = path.join(dir, file);
	const buf = await gzipAsync(new Uint8Array(await blob.arrayBuffer()));
	const digest = sha256(buf);
	await writeAtomicAsync(full, buf);
	const written = await readFile(full);
	const info: Partial<BackupManifest> = { file, size: written.length, sha256: digest, tables: counts.tables, migrations: counts.migrations, heldMs };
	if (sha256(written) !== digest) throw Object.assign(new Error('le fichier relu sur le disque ne correspond pas à ce qui a été écrit'), { info });
	const problem = await checkPgliteArchive(full, counts.tables);
	if (problem) throw Object.assign(new Error(problem), { info });
	return info;
}

/**
 * The tarball of a PGlite archive, unzipped here: a truncated gzip then throws where we catch it (PGlite's
 * own unzipping reports it as an unhandled rejection).
 */
export async function pgliteArchiveBlob(data: Buffer): Promise<Blob> {
	let tar: Buffer;
	try {
		tar = await gunzipAsync(data);
	} catch (e) {
		throw new Error(`le fichier compressé est incomplet ou abîmé (${e instanceof Error ? e.message : String(e)})`, { cause: e });
	}
	return new Blob([new Uint8Array(tar)]);
}

/**
 * The check of a PGlite archive runs in a child Node process: opening a copy of the database (its files
 * unpacked, PostgreSQL started in WebAssembly) keeps a JavaScript thread busy for seconds on a big
 * database, and the app must go on answering meanwhile. The child prints the row counts (or the error) as JSON.
 */
const CHECK_CHILD = `
const { PGlite } = require(process.argv[1]);
const { readFileSync } = require('node:fs');
const { gunzipSync } = require('node:zlib');
(async () => {
	let out;
	try {
		let tar;
		try {
			tar = gunzipSync(readFileSync(process.argv[2]));
		} catch (e) {
			throw new Error('le fichier compressé est incomplet ou abîmé (' + e.message + ')');
		}
		const db = await PGlite.create({ loadDataDir: new Blob([tar]) });
		const names = (await db.query(${JSON.stringify(TABLES_SQL)})).rows.map((r) => r.name);
		const q = names.map((t) => "select '" + t.replaceAll("'", "''") + "' as name, count(*)::int as n from public.\\"" + t.replaceAll('"', '""') + '"').join(' union all ');
		const tables = q ? Object.fromEntries((await db.query(q)).rows.map((r) => [r.name, r.n])) : {};
		await db.close();
		out = { tables };
	} catch (e) {
		out = { error: e && e.message ? e.message : String(e) };
	}
	process.stdout.write(JSON.stringify(out));
})();
`;

function runCheckChild(file: string): Promise<{ tables?: Record<string, number>; error?: string }> {
	const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['-e', CHECK_CHILD, pglite, file], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
		child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
		child.on('error', (e) => resolve({ error: e.message }));
		child.on('close', (code) => {
			try {
				resolve(JSON.parse(out) as { tables?: Record<string, number>; error?: string });
			} catch {
				resolve({ error: `le contrôle s'est arrêté (code ${code}) ${err.trim().split('\n').slice(-2).join(' ')}` });
			}
		});
	});
}

/** Opens a PGlite archive (a file) in a throw-away in-memory PGlite and compares its row counts with `expected` (null: only that it opens): null when they match, else why not (French). */
export async function checkPgliteArchive(file: string, expected: Record<string, number> | null): Promise<string | null> {
	const r = await runCheckChild(file);
	if (r.error || !r.tables) return `vérification : le fichier ne s'ouvre pas (${r.error ?? 'aucune réponse'})`;
	// No manifest (a file copied alone): it opens, which is all that can be checked.
	if (!expected) return null;
	const diff = sameCounts(expected, r.tables);
	return diff ? `vérification : ${diff}` : null;
}

/** Backs up a PostgreSQL database with pg_dump (custom format), in the snapshot in which the rows were counted. */
async function backupPostgres(url: string, dir: string, name: string): Promise<Partial<BackupManifest>> {
	const missing = pgToolsMissing();
	if (missing) throw new Error(missing);
	const file = `${name}.dump`;
	const full = path.join(dir, file);
	const tmp = path.join(dir, `.${file}.${randomBytes(3).toString('hex')}.tmp`);
	const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
	let counts: { tables: Record<string, number>; migrations: number };
	try {
		counts = await sql.begin('isolation level repeatable read read only', async (tx) => {
			const [{ snapshot }] = (await tx.unsafe('select pg_export_snapshot() as snapshot')) as unknown as [{ snapshot: string }];
			const c = await countRows(async (s) => ({ rows: (await tx.unsafe(s)) as unknown as Record<string, unknown>[] }));
			// pg_dump reads the very snapshot of this transaction (kept open until it is done).
			await runPgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${tmp}`], url);
			return c;
		});
	} finally {
		await sql.end({ timeout: 5 });
	}
	const fh = await open(tmp, 'r');
	try {
		await fh.sync();
	} finally {
		await fh.close();
	}
	await rename(tmp, full);
	const written = await readFile(full);
	const info: Partial<BackupManifest> = { file, size: written.length, sha256: sha256(written), tables: counts.tables, migrations: counts.migrations };
	const problem = await checkPostgresArchive(full, counts.tables);
	if (problem) throw Object.assign(new Error(problem), { info });
	return info;
}

/** pg_restore --list reads the whole archive's table of contents: every counted table must have its data in it. */
export async function checkPostgresArchive(file: string, expected: Record<string, number>): Promise<string | null> {
	try {
		const list = await runPgTool('pg_restore', ['--list', file], null);
		const withData = new Set([...list.matchAll(/TABLE DATA public (\S+)/g)].map((m) => m[1]!.replace(/^"|"$/g, '')));
		const absent = Object.keys(expected).filter((t) => !withData.has(t));
		return absent.length ? `vérification : les données de ${absent.join(', ')} manquent dans le fichier` : null;
	} catch (e) {
		return `vérification : ${e instanceof Error ? e.message : String(e)}`;
	}
}

/** Deletes what rotation does not keep (files and manifests) and stale temporary files. Returns the names deleted. */
export function rotateBackups(dir: string, now: Date = new Date()): string[] {
	if (!existsSync(dir)) return [];
	const all = listBackups(dir);
	const keep = backupsToKeep(
		all.map((b) => ({ name: b.name, at: new Date(b.createdAt), ok: b.state === 'ok' })),
		now,
		{ keepDaily: config.backupKeepDaily, keepWeekly: config.backupKeepWeekly }
	);
	const deleted: string[] = [];
	for (const b of all) {
		if (keep.has(b.name)) continue;
		for (const f of [b.file, `${b.name}.json`]) {
			if (f && existsSync(path.join(dir, f))) unlinkSync(path.join(dir, f));
		}
		deleted.push(b.name);
	}
	for (const f of readdirSync(dir)) {
		const full = path.join(dir, f);
		if (f.startsWith('.sauvegarde-') && f.endsWith('.tmp') && now.getTime() - statSync(full).mtimeMs > 3600_000) unlinkSync(full);
	}
	return deleted;
}

let queue: Promise<unknown> = Promise.resolve();
let running = false;

/** True while a backup is being written (the page says "en cours"). */
export function backupRunning(): boolean {
	return running;
}

/**
 * Takes a backup now and checks it; resolves with its manifest, state ok or failed (with the reason in
 * French) — a failed backup is recorded, never thrown. Backups run one at a time (one queue per process):
 * a second asked meanwhile waits for the first.
 */
export function backupNow(reason: BackupReason, options: BackupOptions = {}): Promise<BackupManifest> {
	const run = queue.then(() => writeBackup(reason, options));
	queue = run.catch(() => {});
	return run;
}

async function writeBackup(reason: BackupReason, options: BackupOptions): Promise<BackupManifest> {
	const handle = options.handle === undefined ? getHandle() : options.handle;
	const dir = options.dir ?? config.backupDir;
	const now = options.now?.() ?? new Date();
	const name = newName(now);
	const started = Date.now();
	const base: BackupManifest = {
		format: 1,
		name,
		file: null,
		createdAt: now.toISOString(),
		reason,
		database: handle?.kind ?? (config.databaseUrl ? 'postgres' : 'pglite'),
		state: 'failed'
	};
	let manifest: BackupManifest;
	running = true;
	try {
		mkdirSync(dir, { recursive: true });
		if (!handle) throw new Error("la base de données n'est pas ouverte");
		const info =
			handle.kind === 'pglite' ? await backupPglite(handle.pglite!, dir, name) : await backupPostgres(handle.url ?? config.databaseUrl ?? '', dir, name);
		manifest = { ...base, ...info, state: 'ok', durationMs: Date.now() - started };
	} catch (e) {
		const info = (e as { info?: Partial<BackupManifest> }).info ?? {};
		const message = e instanceof Error ? e.message : String(e);
		manifest = { ...base, ...info, state: 'failed', error: message, durationMs: Date.now() - started };
		// A file that failed its check is not kept as if it were a backup.
		if (info.file && existsSync(path.join(dir, info.file))) unlinkSync(path.join(dir, info.file));
		manifest.file = null;
	} finally {
		running = false;
	}
	try {
		writeAtomic(manifestPathOf(path.join(dir, name + '.tar.gz')), JSON.stringify(manifest, null, 2) + '\n');
		rotateBackups(dir, now);
	} catch (e) {
		manifest = { ...manifest, state: 'failed', error: `impossible d'écrire dans ${dir} : ${e instanceof Error ? e.message : String(e)}` };
	}
	return manifest;
}
