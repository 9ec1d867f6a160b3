// Durability benchmark (issue 11 item 2): what it costs, per sale, to make PGlite's committed writes reach
// the disk. Run by `npm run bench -- durability` (through tsx: it imports src/lib/server/db/durability.ts,
// the code the app runs). Figures depend on the disk: see README "Ce qui survit à une coupure de courant".
//
// One PGlite data dir per mode, in a temporary folder on the same disk as DATA_DIR would be (BENCH_DIR,
// default the system's temporary folder). A sale-sized transaction, as completeSale writes it: the counter,
// the sale, 5 lines, 5 lot balances, 5 ledger movements (17 statements), on 2 000 lots. Modes:
//   off      PGlite alone (fsync off, nothing flushed: what ran before issue 11)
//   files    after each commit, fsync of the data dir's files written since the last flush (PGLITE_SYNC=files, the default)
//   syncfs   after each commit, `sync -f DATA_DIR` (syncfs of the whole disk; PGLITE_SYNC=syncfs)
//   journal  PGlite alone + one JSON line appended and fdatasync'ed per sale in a journal outside PGlite
// BENCH_SALES=300 sales per mode (after 20 unmeasured).
import { PGlite } from '@electric-sql/pglite';
import { closeSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDirFlusher, fsyncChanged, type FlushMode } from '../src/lib/server/db/durability';

const SALES = Number(process.env.BENCH_SALES || 300);
const WARMUP = 20;
const LOTS = 2000;
const base = mkdtempSync(path.join(process.env.BENCH_DIR || os.tmpdir(), 'bench-durability-'));

async function prepare(dir: string): Promise<PGlite> {
	mkdirSync(dir, { recursive: true });
	const pg = await PGlite.create(dir);
	await pg.exec(`
		create table counters (id int primary key, last int not null);
		insert into counters values (1, 0);
		create table lots (id int primary key, on_hand int not null check (on_hand >= 0));
		insert into lots select g, 1000000 from generate_series(1, ${LOTS}) g;
		create table sales (id uuid primary key, number text not null, at timestamptz not null default now(), total int not null, key text unique not null);
		create table sale_lines (sale_id uuid not null references sales, line int not null, lot int not null references lots, qty int not null, primary key (sale_id, line));
		create table movements (id bigserial primary key, lot int not null references lots, qty int not null, note text);
	`);
	return pg;
}

async function sale(pg: PGlite): Promise<string> {
	const id = crypto.randomUUID();
	await pg.transaction(async (tx) => {
		const n = (await tx.query<{ last: number }>('update counters set last = last + 1 where id = 1 returning last')).rows[0]!.last;
		await tx.query('insert into sales (id, number, total, key) values ($1, $2, $3, $4)', [id, `V-${n}`, 1234, crypto.randomUUID()]);
		for (let i = 1; i <= 5; i++) {
			const lot = 1 + Math.floor(Math.random() * LOTS);
			await tx.query('insert into sale_lines values ($1, $2, $3, $4)', [id, i, lot, 2]);
			await tx.query('update lots set on_hand = on_hand - 2 where id = $1', [lot]);
			await tx.query('insert into movements (lot, qty, note) values ($1, -2, $2)', [lot, id]);
		}
	});
	return id;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const countFiles = (dir: string): number =>
	readdirSync(dir).reduce((n, name) => {
		const p = path.join(dir, name);
		return n + (statSync(p).isDirectory() ? countFiles(p) : 1);
	}, 0);

async function run(mode: FlushMode | 'journal') {
	const dir = path.join(base, mode);
	const pg = await prepare(path.join(dir, 'pglite'));
	const flusher = dataDirFlusher(path.join(dir, 'pglite'), mode === 'journal' ? 'off' : mode);
	const journal = mode === 'journal' ? openSync(path.join(dir, 'journal.jsonl'), 'a') : null;
	const times: number[] = [];
	let fsynced = 0;
	for (let i = 0; i < WARMUP + SALES; i++) {
		const t = process.hrtime.bigint();
		const id = await sale(pg);
		const flushed = flusher.flush();
		if (i >= WARMUP && mode === 'files') fsynced += flushed.length;
		if (journal !== null) {
			writeSync(journal, JSON.stringify({ id, at: new Date().toISOString(), lines: 5, total: 1234 }) + '\n');
			fdatasyncSync(journal);
		}
		if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t) / 1e6);
	}
	if (journal !== null) closeSync(journal);
	const files = countFiles(path.join(dir, 'pglite'));
	const t = process.hrtime.bigint();
	fsyncChanged(path.join(dir, 'pglite'), 0);
	const all = Number(process.hrtime.bigint() - t) / 1e6;
	await pg.close();
	const mean = times.reduce((a, b) => a + b, 0) / times.length;
	return { mode, mean, p50: quantile(times, 0.5), p95: quantile(times, 0.95), perSecond: 1000 / mean, files, all, perSale: fsynced / SALES };
}

try {
	console.log(`PGlite durability: ${SALES} sales per mode (5 lines, 17 statements each), data dirs under ${base}`);
	const rows = [];
	for (const mode of ['off', 'files', 'syncfs', 'journal'] as const) rows.push(await run(mode));
	const off = rows[0]!.mean;
	console.log('\n| mode | ms per sale (mean) | p50 | p95 | sales/s | extra vs off |');
	console.log('|---|---:|---:|---:|---:|---:|');
	for (const r of rows)
		console.log(
			`| ${r.mode} | ${r.mean.toFixed(2)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.perSecond.toFixed(0)} | ${(r.mean - off).toFixed(2)} ms |`
		);
	const r = rows[1]!;
	console.log(`\nfiles: ${r.perSale.toFixed(1)} files and folders fsynced per sale on average.`);
	console.log(`Data dir: ${r.files} files; fsync of all of them (at start-up and after the closing CHECKPOINT): ${r.all.toFixed(0)} ms.`);
} finally {
	rmSync(base, { recursive: true, force: true });
}
