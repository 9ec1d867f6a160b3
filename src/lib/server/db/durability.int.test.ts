// PGlite's committed writes reach the disk (issue 11 item 2). A power cut cannot be simulated here; what
// can be checked honestly: after a commit, every file of the data dir whose bytes changed is among the
// files the flusher fsynced (so nothing the commit wrote stays only in the kernel's cache), and a database
// closed by the app (CHECKPOINT, close) reopens with its data.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataDirFlusher, flushModeFromEnv } from './durability';
import { openDatabase } from './index';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-durable-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every regular file under root and the hash of its bytes. */
function contents(root: string, out = new Map<string, string>()): Map<string, string> {
	for (const name of readdirSync(root)) {
		const p = path.join(root, name);
		if (statSync(p).isDirectory()) contents(p, out);
		else out.set(p, createHash('sha1').update(readFileSync(p)).digest('hex'));
	}
	return out;
}
const changedBetween = (a: Map<string, string>, b: Map<string, string>) => [...b].filter(([p, h]) => a.get(p) !== h).map(([p]) => p);

describe('the PGlite flusher', () => {
	it('after each committed sale-sized transaction, every file whose bytes changed was fsynced, the WAL first', async () => {
		const pgdir = path.join(dir, 'pglite');
		const pg = await PGlite.create(pgdir);
		try {
			const flusher = dataDirFlusher(pgdir, 'files');
			await pg.exec('create table lots (id int primary key, on_hand int not null); insert into lots select g, 1000 from generate_series(1, 500) g;');
			await pg.exec('create table moves (id serial primary key, lot int not null, qty int not null)');
			flusher.flushAll();
			for (let round = 0; round < 5; round++) {
				const before = contents(pgdir);
				await pg.transaction(async (tx) => {
					for (let i = 1; i <= 5; i++) {
						await tx.query('update lots set on_hand = on_hand - 1 where id = $1', [round * 50 + i]);
						await tx.query('insert into moves (lot, qty) values ($1, -1)', [round * 50 + i]);
					}
				});
				const changed = changedBetween(before, contents(pgdir));
				expect(changed.some((p) => p.includes(`${path.sep}pg_wal${path.sep}`))).toBe(true);
				const flushed = flusher.flush();
				expect(changed.filter((p) => !flushed.includes(p))).toEqual([]);
				const wal = flushed.findIndex((p) => p.includes(`${path.sep}pg_wal${path.sep}`));
				const other = flushed.findIndex((p) => !p.includes(`${path.sep}pg_wal${path.sep}`) && statSync(p).isFile());
				if (other >= 0) expect(wal).toBeLessThan(other);
			}
			// A checkpoint rewrites data files and pg_control: the next flush has them, pg_control after the data.
			const before = contents(pgdir);
			await pg.exec('CHECKPOINT');
			const changed = changedBetween(before, contents(pgdir));
			expect(changed).toContain(path.join(pgdir, 'global', 'pg_control'));
			const flushed = flusher.flush();
			expect(changed.filter((p) => !flushed.includes(p))).toEqual([]);
			const files = flushed.filter((p) => statSync(p).isFile());
			expect(files.indexOf(path.join(pgdir, 'global', 'pg_control'))).toBe(files.length - 1);
		} finally {
			await pg.close();
		}
	});

	it('PGLITE_SYNC picks the mode: files by default, syncfs or off on request', () => {
		expect(flushModeFromEnv(undefined)).toBe('files');
		expect(flushModeFromEnv('')).toBe('files');
		expect(flushModeFromEnv('syncfs')).toBe('syncfs');
		expect(flushModeFromEnv('off')).toBe('off');
	});

	it('the app handle: a committed transaction is flushed before it returns and kept, a rolled-back one is not, and after close (CHECKPOINT) the data dir reopens with it', async () => {
		const pgdir = path.join(dir, 'pglite');
		const h = await openDatabase({ dataDir: pgdir, flush: 'files' });
		await h.db.execute(sql`create table t (v int)`);
		const before = contents(pgdir);
		await h.db.transaction(async (tx) => {
			await tx.execute(sql`insert into t values (1)`);
		});
		// The app's own transaction was flushed before it returned: every file its commit changed.
		const changed = changedBetween(before, contents(pgdir));
		expect(changed.length).toBeGreaterThan(0);
		expect(changed.filter((p) => !h.lastFlushed!().includes(p))).toEqual([]);
		await expect(
			h.db.transaction(async (tx) => {
				await tx.execute(sql`insert into t values (2)`);
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		await h.close();
		const again = await PGlite.create(pgdir);
		try {
			expect((await again.query<{ v: number }>('select v from t')).rows).toEqual([{ v: 1 }]);
		} finally {
			await again.close();
		}
	});
});
