#!/usr/bin/env node
// `npm run bench -- backup`: backup and restore times on the embedded database (PGlite), with the
// built app and its command line (`npm run admin -- backup / restore --yes`), for
//   1. the demo data (what `npm start` seeds; the backup is the one the app's timer takes at start-up);
//   2. "a year of a busy shop": the demo plus BENCH_SALES sales (default 60 000: about 250 a day, six
//      days a week) of 3 lines each, each line with its stock movement, one payment per sale, one
//      audit row per sale, spread over the last 365 days — written with plain SQL straight into PGlite.
// Prints a table (figures depend on the machine; see docs/backups.md for ours).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { ensureBuild, root } from './ensure-build.js';
import { findPostgres, startTestPostgres } from './pg-test-server.js';

process.chdir(root);
ensureBuild();
const SALES = Number(process.env.BENCH_SALES || 60_000);
const work = mkdtempSync(path.join(os.tmpdir(), 'epicerie-bench-backup-'));
const dataDir = path.join(work, 'data');
const backupDir = path.join(work, 'backups');
const env = { ...process.env, DATA_DIR: dataDir, BACKUP_DIR: backupDir, DATABASE_URL: '', SEED_DEMO: 'true', BACKUP_INTERVAL_HOURS: '6' };
const rows = [];

const freePort = () =>
	new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});

function dirSize(dir) {
	let total = 0;
	for (const f of readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, f.name);
		total += f.isDirectory() ? dirSize(full) : statSync(full).size;
	}
	return total;
}
const mb = (b) => `${(b / 1_048_576).toFixed(1)} MB`;
const manifests = () =>
	readdirSync(backupDir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => JSON.parse(readFileSync(path.join(backupDir, f), 'utf8')))
		.sort((a, b) => b.createdAt.localeCompare(a.createdAt));

function admin(...args) {
	const t = Date.now();
	const r = spawnSync(process.execPath, ['build/cli/admin.js', ...args], { env, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`admin ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
	return { ms: Date.now() - t, out: r.stdout };
}

async function demo() {
	// The app seeds the demo, then its timer backs up (3 s after start): that backup's own duration is measured.
	const port = await freePort();
	const server = spawn(process.execPath, ['scripts/serve.js'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
	try {
		for (let i = 0; i < 600; i++) {
			await new Promise((r) => setTimeout(r, 500));
			try {
				if (manifests().some((m) => m.state === 'ok')) break;
			} catch {
				/* no folder yet */
			}
		}
	} finally {
		server.kill('SIGTERM');
		await new Promise((r) => server.once('exit', r));
	}
	const m = manifests().find((x) => x.state === 'ok');
	if (!m) throw new Error('the app took no backup');
	return m;
}

async function growToAYear() {
	const db = await PGlite.create(path.join(dataDir, 'pglite'));
	try {
		const t = Date.now();
		await db.exec(`
			begin;
			create temporary table ctx as
				select o.id as org, u.id as usr, h.id as household, r.id as right_id
				from organisations o
				join users u on true
				join memberships mb on mb.user_id = u.id and mb.organisation_id = o.id
				join households h on h.organisation_id = o.id
				join rights r on r.household_id = h.id
				limit 1;
			insert into devices (organisation_id, name, token_hash, enrolled_by)
				select org, 'Tablette banc', md5(random()::text), usr from ctx;
			insert into till_sessions (organisation_id, device_id, float_cents, opened_by)
				select c.org, d.id, 5000, c.usr from ctx c join devices d on d.name = 'Tablette banc';
			create temporary table lotpick as
				select row_number() over (order by l.id) as k, l.id as lot, l.product_id as product from lots l join ctx c on l.organisation_id = c.org;
			create temporary table s as
				select n, gen_random_uuid() as id, now() - make_interval(mins => (n::bigint * 525600 / ${SALES})::int) as at from generate_series(1, ${SALES}) n;
			insert into sales (id, organisation_id, number, session_id, idempotency_key, request_hash, household_id, right_id, day, rate_bp,
					budget_basis, reference_cents, paid_cents, fse_cents, budget_cents, budget_left_cents, user_id, device_id, at)
				select s.id, c.org, 'B-' || lpad(s.n::text, 6, '0'), ts.id, 'bench-' || s.n, md5(s.n::text), c.household, c.right_id, s.at::date, 2000,
					'household', 750, 150, 0, 750, 10000, c.usr, ts.device_id, s.at
				from s, ctx c, till_sessions ts where ts.device_id is not null and ts.status = 'open' and ts.organisation_id = c.org;
			create temporary table ln as
				select s.id as sale, s.at, g.line_no, (select lot from lotpick where k = 1 + ((s.n * 3 + g.line_no) % (select count(*) from lotpick))) as lot
				from s, generate_series(1, 3) as g(line_no);
			alter table ln add column movement bigint;
			update ln set movement = nextval(pg_get_serial_sequence('stock_movements', 'id'));
			insert into stock_movements (id, organisation_id, lot_id, quantity, kind, user_id, at)
				select ln.movement, c.org, ln.lot, -1, 'sale', c.usr, ln.at from ln, ctx c;
			-- The goods sold came in first (a count per lot), so that every lot's balance stays the sum of its movements.
			insert into stock_movements (organisation_id, lot_id, quantity, kind, user_id, at)
				select c.org, ln.lot, count(*), 'count', c.usr, now() - interval '366 days' from ln, ctx c group by c.org, ln.lot, c.usr;
			update lots set on_hand = m.sum from (select lot_id, sum(quantity) as sum from stock_movements group by lot_id) m where m.lot_id = lots.id;
			insert into sale_lines (organisation_id, sale_id, line_no, lot_id, product_id, quantity, unit_price_cents, reference_cents, paid_cents, fse, movement_id)
				select c.org, ln.sale, ln.line_no, ln.lot, l.product_id, 1, 250, 250, 50, false, ln.movement from ln join lots l on l.id = ln.lot, ctx c;
			insert into sale_payments (organisation_id, session_id, sale_id, method, amount_cents, at)
				select sa.organisation_id, sa.session_id, sa.id, 'card', 150, sa.at from sales sa where sa.idempotency_key like 'bench-%';
			insert into audit_log (organisation_id, user_id, action, entity_type, entity_id, details, at)
				select sa.organisation_id, sa.user_id, 'sale.complete', 'sale', sa.id::text, jsonb_build_object('number', sa.number, 'paidCents', 150), sa.at
				from sales sa where sa.idempotency_key like 'bench-%';
			commit;
			checkpoint;
		`);
		const counts = await db.query(`select (select count(*) from sales)::int as sales, (select count(*) from sale_lines)::int as lines,
			(select count(*) from stock_movements)::int as movements, (select count(*) from audit_log)::int as audit`);
		return { ms: Date.now() - t, counts: counts.rows[0] };
	} finally {
		await db.close();
	}
}

/** move-to-postgres into a fresh database of a throw-away PostgreSQL server (when PostgreSQL is installed). */
let pg = null;
async function measureMove(row) {
	if (!findPostgres()) return void (row.move = 'PostgreSQL absent');
	pg ??= await startTestPostgres();
	const name = `move_${rows.length}`;
	const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
	await sql.unsafe(`create database ${name}`);
	await sql.end();
	const url = new URL(pg.url);
	url.pathname = '/' + name;
	row.move = `${admin('move-to-postgres', url.toString()).ms} ms`;
}

function measure(label) {
	const b = admin('backup');
	const m = manifests()[0];
	const file = path.join(backupDir, m.file);
	const r = admin('restore', file, '--yes');
	rows.push({
		label,
		data: mb(dirSize(path.join(dataDir, 'pglite'))),
		file: mb(m.size),
		backup: `${b.ms} ms (service ${m.durationMs} ms, base occupée ${m.heldMs ?? '?'} ms)`,
		restore: `${r.ms} ms`
	});
	// The data set aside by the restore goes, so that the next measure starts from one folder.
	for (const f of readdirSync(dataDir)) if (f.startsWith('pglite.avant-restauration-')) rmSync(path.join(dataDir, f), { recursive: true, force: true });
}

try {
	console.log(`Banc d'essai des sauvegardes (PGlite) dans ${work}`);
	const first = await demo();
	console.log(`Démo : sauvegarde automatique au démarrage en ${first.durationMs} ms (${mb(first.size)})`);
	measure('démo (npm start)');
	await measureMove(rows.at(-1));
	const grown = await growToAYear();
	console.log(`Une année : ${JSON.stringify(grown.counts)} écrits en ${grown.ms} ms`);
	measure(`une année (${SALES.toLocaleString('fr-FR')} ventes)`);
	await measureMove(rows.at(-1));
	console.log(
		'\n| données | taille de la base | fichier de sauvegarde | sauvegarde (commande entière ; service : écriture + vérification ; base occupée) | restauration (commande entière) | vers PostgreSQL (move-to-postgres) |'
	);
	console.log('|---|---|---|---|---|---|');
	for (const r of rows) console.log(`| ${r.label} | ${r.data} | ${r.file} | ${r.backup} | ${r.restore} | ${r.move ?? '—'} |`);
} finally {
	await pg?.stop();
	rmSync(work, { recursive: true, force: true });
}
