#!/usr/bin/env node
// Benchmarks (not part of npm test; figures depend on the machine). Two scenarios, on one throw-away
// PostgreSQL server and the built app served on it:
//
//   npm run bench                    both: checkout, then stock
//   npm run bench -- checkout        issue 5: concurrent 5-line sales through POST /api/v1/sales,
//                                    pgbench TPC-B on the same server, the ratio; the till page's JS size
//   npm run bench -- stock           issue 3: the stock views as the ledger grows
//   npm run bench -- durability      issue 11: cost per sale of flushing PGlite's writes to the disk
//                                    (scripts/bench-durability.ts, on PGlite only; not in the default run)
//   npm run bench -- reports         issue 12: every report (REPORTS) and the dashboard over a year, at 1, 2 and 3 years
//                                    of history of a busy shop among other organisations, on PostgreSQL and PGlite
//                                    (scripts/bench-reports.ts; BENCH_ORGS, BENCH_YEARS…); not in the default run
//   npm run bench -- backup          issue 11: backup and restore times on PGlite, the demo and a year of
//                                    a busy shop (scripts/bench-backup.js; BENCH_SALES=60000); not in the default run
//
// Options (environment):
//   BENCH_CLIENTS=8,16        checkout: concurrent clients, one step each (pgbench uses the same)
//   BENCH_SECONDS=20          checkout: seconds per step (and per pgbench run)
//   BENCH_PAGE=/caisse        checkout: the page whose JavaScript is measured (falls back to /stock
//                             while the build has no such page)
//   BENCH_MOVEMENTS=100000,1000000,2000000   stock: ledger sizes
//
// Stock scenario: fills the demo organisation with plain SQL (200 products, 10 000 lots, movements
// whose sum per lot is the lot's on_hand), signs in as the demo manager and times
// /stock/__data.json?vue=produits and ?vue=alertes (5 warm-up + 30 timed requests each).
// Checkout scenario: see scripts/bench-checkout.js.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { ensureBuild, root } from './ensure-build.js';
import { startTestPostgres } from './pg-test-server.js';
import { findPgbench, runCheckout } from './bench-checkout.js';
import { pageJsSize, preloadedScripts } from './page-js-size.js';

const PRODUCTS = 200;
const LOTS = 10_000;
const WARMUP = 5;
const RUNS = 30;
const TARGETS = (process.env.BENCH_MOVEMENTS || '100000,1000000,2000000')
	.split(',')
	.map((s) => Number(s.trim()))
	.filter((n) => Number.isInteger(n) && n > 0)
	.sort((a, b) => a - b);

const SCENARIOS = ['checkout', 'stock'];
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (asked.length === 1 && asked[0] === 'durability') {
	// PGlite only, no server: run through tsx so that it measures the app's own durability.ts.
	const { spawnSync } = await import('node:child_process');
	const r = spawnSync('npx', ['tsx', path.join(root, 'scripts', 'bench-durability.ts')], { cwd: root, stdio: 'inherit' });
	process.exit(r.status ?? 1);
}
if (asked.length === 1 && asked[0] === 'reports') {
	// Issue 12: the reports' server time over years of history (scripts/bench-reports.ts, through tsx: the app's own services).
	const { spawnSync } = await import('node:child_process');
	const r = spawnSync('npx', ['tsx', path.join(root, 'scripts', 'bench-reports.ts')], { cwd: root, stdio: 'inherit' });
	process.exit(r.status ?? 1);
}
if (asked.includes('backup')) {
	// Embedded database only: no PostgreSQL server needed.
	await import('./bench-backup.js');
	if (asked.length === 1) process.exit(0);
	asked.splice(asked.indexOf('backup'), 1);
}
for (const a of asked) {
	if (!SCENARIOS.includes(a)) {
		console.error(`Scénario inconnu / unknown scenario: ${a} (${SCENARIOS.join(', ')})`);
		process.exit(2);
	}
}
const scenarios = asked.length ? SCENARIOS.filter((s) => asked.includes(s)) : SCENARIOS;
const numbers = (v, dflt) =>
	(v || dflt)
		.split(',')
		.map((x) => Number(x.trim()))
		.filter((n) => Number.isInteger(n) && n > 0);
const CLIENTS = numbers(process.env.BENCH_CLIENTS, '8,16');
const SECONDS = numbers(process.env.BENCH_SECONDS, '20')[0] ?? 20;
const WARMUP_SECONDS = 5;
const PAGE = process.env.BENCH_PAGE || '/caisse';

const t0 = Date.now();
let pg = null;
let server = null;
let sqlc = null;

function cleanup() {
	if (server && server.exitCode === null) server.kill('SIGTERM');
	server = null;
	if (pg) pg.stopSync();
	pg = null;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		console.error(`\n${sig}: arrêt / stopping`);
		cleanup();
		process.exit(130);
	});
}
process.on('exit', cleanup);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

async function main() {
	if (scenarios.includes('checkout') && !findPgbench()) {
		throw new Error(
			'pgbench est introuvable (/usr/bin/pgbench) : installez les outils clients de PostgreSQL (paquet Debian postgresql-client) / pgbench not found'
		);
	}
	ensureBuild();
	pg = await startTestPostgres({ log: (m) => console.log(m) });
	const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
	await admin`create database bench`;
	await admin.end();
	const dbUrl = pg.url.replace(/\/postgres$/, '/bench');

	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	server = spawn(process.execPath, [path.join(root, 'scripts', 'serve.js')], {
		cwd: root,
		env: { ...process.env, DATABASE_URL: dbUrl, SEED_DEMO: 'true', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production' },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	server.stdout.on('data', () => {});
	server.on('exit', (code) => {
		if (server) {
			console.error(`Le serveur s’est arrêté (code ${code}) / server exited`);
			process.exit(1);
		}
	});

	// Wait for the server: the first request migrates and seeds the demo organisation.
	for (let i = 0; ; i++) {
		try {
			const r = await fetch(`${base}/connexion`);
			await r.arrayBuffer();
			if (r.status < 500) break;
		} catch {
			/* not listening yet */
		}
		if (i > 300) throw new Error('server did not start');
		await sleep(200);
	}
	console.log(`Serveur prêt / server ready (${elapsed()})`);
	// The JS measure (scripts/page-js-size.js) must list what a page's HTML preloads: checked on /stock.
	const cookie = await signIn(base, 'sophie');
	await crossCheckPageSize(base, cookie, '/stock');

	const out = [];
	if (scenarios.includes('checkout')) {
		console.log(`\n== Caisse / checkout: ${CLIENTS.join(', ')} clients, ${SECONDS} s chacun / each`);
		const rows = await runCheckout({
			base,
			dbUrl,
			pgUrl: pg.url,
			clientSteps: CLIENTS,
			seconds: SECONDS,
			warmupSeconds: WARMUP_SECONDS,
			log: (m) => console.log(`${m} (${elapsed()})`)
		});
		out.push(() => printCheckout(rows, tillPageSize()));
	}
	if (scenarios.includes('stock')) {
		console.log('\n== Stock');
		const results = await stockScenario(base, dbUrl, cookie);
		out.push(() => printTable(results));
	}
	for (const print of out) print();
	console.log(`\nDurée totale / total runtime: ${elapsed()}`);
}

async function signIn(base, username) {
	const login = await fetch(`${base}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
		body: new URLSearchParams({ username, password: 'quatre-saisons' })
	});
	await login.arrayBuffer();
	const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('session='));
	if (!cookie) throw new Error(`sign-in failed (HTTP ${login.status})`);
	return cookie;
}

/** The till page's JavaScript (BENCH_PAGE, /caisse by default; /stock while the build has no till page). */
function tillPageSize() {
	try {
		return { page: PAGE, ...pageJsSize(PAGE) };
	} catch (e) {
		if (!/no page route matches/.test(String(e))) throw e;
		console.log(`Pas de page ${PAGE} dans cette version : mesure de /stock à la place / no ${PAGE} page in this build, measuring /stock`);
		return { page: '/stock', ...pageJsSize('/stock') };
	}
}

/** The manifest's list of a page's scripts must be what the page's HTML preloads (checked on a page we can fetch). */
async function crossCheckPageSize(base, cookie, page) {
	const r = await fetch(base + page, { headers: { cookie }, redirect: 'manual' });
	const html = await r.text();
	if (r.status !== 200) throw new Error(`${page}: HTTP ${r.status}`);
	const fromHtml = preloadedScripts(html, r.headers.get('link') ?? '');
	const fromManifest = new Set(pageJsSize(page).files);
	const missing = [...fromHtml].filter((f) => !fromManifest.has(f));
	const extra = [...fromManifest].filter((f) => !fromHtml.has(f));
	if (fromHtml.size === 0 || missing.length || extra.length) {
		throw new Error(
			`JS of ${page}: the manifest and the HTML disagree (only in HTML: ${missing.join(', ') || '-'}; only in manifest: ${extra.join(', ') || '-'})`
		);
	}
	console.log(`Mesure du JS vérifiée sur ${page} : ${fromHtml.size} scripts, comme le HTML / JS measure checked against the page's HTML`);
}

async function stockScenario(base, dbUrl, cookie) {
	sqlc = postgres(dbUrl, { max: 1, onnotice: () => {} });
	const [org] = await sqlc`select id from organisations where slug = 'quatre-saisons'`;
	const [user] = await sqlc`select id from users where organisation_id = ${org.id} and username = 'sophie'`;
	if (!org || !user) throw new Error('demo organisation not found');
	await seedLots(org.id, user.id);

	const results = [];
	for (const target of TARGETS) {
		await growLedger(org.id, user.id, target);
		const [{ n }] = await sqlc`select count(*)::int as n from stock_movements where organisation_id = ${org.id}`;
		const products = await measure(`${base}/stock/__data.json?vue=produits`, cookie, 'Banc 0001');
		const alerts = await measure(`${base}/stock/__data.json?vue=alertes`, cookie, 'L-8');
		results.push({ movements: n, products, alerts });
		console.log(
			`  ${fmtInt(n)} mouvements: produits ${products.median.toFixed(1)} / ${products.p95.toFixed(1)} ms, alertes ${alerts.median.toFixed(1)} / ${alerts.p95.toFixed(1)} ms (${elapsed()})`
		);
	}
	await sqlc.end();
	sqlc = null;
	return results;
}

function printCheckout(rows, js) {
	console.log(`\nCaisse / checkout — ventes de ${5} lignes par POST /api/v1/sales, ${SECONDS} s par palier / 5-line sales, ${SECONDS} s per step`);
	const head = ['Clients', 'Ventes/s', 'p50 ms', 'p95 ms', 'Erreurs', 'pgbench tps', 'Ratio'];
	const table = rows.map((r) => [
		String(r.clients),
		r.perSecond.toFixed(1),
		r.p50.toFixed(1),
		r.p95.toFixed(1),
		String(r.errors),
		r.tps.toFixed(0),
		r.ratio.toFixed(3)
	]);
	printRows(head, table);
	const kb = js.gzipBytes / 1024;
	console.log(
		`JS de la page ${js.page} (${js.route}) : ${js.files.length} fichiers, ${kb.toFixed(1)} KiB gzip, ${(js.rawBytes / 1024).toFixed(1)} KiB non compressés` +
			(js.lazyFiles.length ? ` ; + ${(js.lazyGzipBytes / 1024).toFixed(1)} KiB gzip chargés à la demande (${js.lazyFiles.length} fichiers)` : '')
	);
	const worst = Math.min(...rows.map((r) => r.ratio));
	console.log(
		`Objectifs / targets: ratio ≥ 0,25 → ${worst >= 0.25 ? 'atteint / met' : 'NON atteint / NOT met'} (${worst.toFixed(3)}); JS ≤ 80 KiB → ${kb <= 80 ? 'atteint / met' : 'NON atteint / NOT met'} (${kb.toFixed(1)})`
	);
}

function printRows(head, rows) {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
	console.log(line(head));
	console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
	rows.forEach((r) => console.log(line(r)));
}

/** 200 products, 10 000 lots over the demo locations, each with a reception and a put-away. */
async function seedLots(orgId, userId) {
	await sqlc`
		insert into products (organisation_id, name, unit, reference_price_cents, zone, date_type)
		select ${orgId}, 'Banc ' || lpad(g::text, 4, '0'),
			(array['piece','kg','litre'])[1 + g % 3]::product_unit,
			50 + g * 7 % 900,
			(array['ambient','ambient','chilled','frozen'])[1 + g % 4]::temperature_zone,
			(case when g % 4 = 2 then 'dlc' when g % 10 = 1 then 'none' else 'ddm' end)::date_type
		from generate_series(1, ${PRODUCTS}) g`;
	await sqlc`
		insert into origins (organisation_id, name, kind, fse)
		values (${orgId}, 'Banc banque alimentaire', 'food_bank', false), (${orgId}, 'Banc FSE+', 'fse', true),
			(${orgId}, 'Banc ramasse', 'ramasse', false)`;
	await sqlc`
		with p as (
			select id, date_type, (row_number() over (order by name) - 1)::int as n
			from products where organisation_id = ${orgId} and name like 'Banc %'
		),
		loc as (select array_agg(id order by code) as a from locations where organisation_id = ${orgId}),
		ori as (select array_agg(id order by name) as a from origins where organisation_id = ${orgId} and name like 'Banc %')
		insert into lots (organisation_id, code, product_id, origin_id, date, date_type, lot_number, location_id, on_hand, created_at)
		select ${orgId}, 'L-8' || lpad(g::text, 8, '0'), p.id, ori.a[1 + g % array_length(ori.a, 1)],
			case when p.date_type = 'none' then null else current_date + (g % 120 - 10) end,
			p.date_type, 'B' || (g % 5000),
			case when g % 20 = 0 then null else loc.a[1 + g % array_length(loc.a, 1)] end,
			0, now() - (g % 365) * interval '1 day'
		from generate_series(1, ${LOTS}) g
		join p on p.n = g % ${PRODUCTS}
		cross join loc cross join ori`;
	// Reception (+quantity) and put-away (move of 0 to the lot's place): on_hand = the reception.
	await sqlc`
		insert into stock_movements (organisation_id, lot_id, quantity, kind, to_location_id, user_id, at)
		select l.organisation_id, l.id,
			case when k = 0 then 20 + abs(hashtext(l.code)) % 480 else 0 end,
			(case when k = 0 then 'reception' else 'move' end)::movement_kind,
			l.location_id, ${userId}, l.created_at + k * interval '10 minutes'
		from lots l cross join generate_series(0, 1) k
		where l.organisation_id = ${orgId} and l.code like 'L-8%'`;
	await sqlc`
		update lots set on_hand = s.total
		from (select lot_id, sum(quantity)::int as total from stock_movements where organisation_id = ${orgId} group by lot_id) s
		where lots.id = s.lot_id and lots.organisation_id = ${orgId} and lots.code like 'L-8%'`;
	await sqlc`analyze`;
	console.log(`Semé / seeded: ${PRODUCTS} produits, ${LOTS} lots (${elapsed()})`);
}

/**
 * Adds pairs of count movements (−1 then +1, net zero) to every bench lot until the organisation's
 * ledger holds about `target` movements; on_hand stays equal to the sum of each lot's movements.
 */
async function growLedger(orgId, userId, target) {
	const [{ n }] = await sqlc`select count(*)::int as n from stock_movements where organisation_id = ${orgId}`;
	const pairs = Math.round((target - n) / (2 * LOTS));
	if (pairs <= 0) return;
	// In chunks of pairs, to keep each statement's memory and WAL modest.
	for (let done = 0; done < pairs;) {
		const step = Math.min(10, pairs - done);
		await sqlc`
			insert into stock_movements (organisation_id, lot_id, quantity, kind, reason, user_id, at)
			select l.organisation_id, l.id, case when k % 2 = 0 then -1 else 1 end, 'count'::movement_kind, 'other',
				${userId}, l.created_at + interval '1 day' + (${done * 2} + k) * interval '1 minute'
			from lots l cross join generate_series(0, ${step * 2 - 1}) k
			where l.organisation_id = ${orgId} and l.code like 'L-8%'`;
		done += step;
	}
	await sqlc`vacuum analyze stock_movements`;
	// Let the writes settle so that the timings measure the views, not a checkpoint in progress.
	await sqlc`checkpoint`;
	const [bad] = await sqlc`
		select count(*)::int as n from lots l
		where l.organisation_id = ${orgId}
			and l.on_hand <> (select coalesce(sum(quantity), 0) from stock_movements m where m.lot_id = l.id)`;
	if (bad.n > 0) throw new Error(`${bad.n} lots whose on_hand differs from their movements`);
}

async function measure(url, cookie, expect) {
	const once = async () => {
		const start = performance.now();
		const r = await fetch(url, { headers: { cookie } });
		const body = await r.text();
		const ms = performance.now() - start;
		if (r.status !== 200 || body.includes('"type":"redirect"') || body.includes('"type":"error"') || !body.includes(expect)) {
			throw new Error(`${url}: HTTP ${r.status} ${body.slice(0, 200)}`);
		}
		return ms;
	};
	for (let i = 0; i < WARMUP; i++) await once();
	const times = [];
	for (let i = 0; i < RUNS; i++) times.push(await once());
	times.sort((a, b) => a - b);
	const pick = (q) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
	return { median: (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2, p95: pick(0.95) };
}

const fmtInt = (n) => n.toLocaleString('fr-FR').replace(/\u202f/g, ' ');

function printTable(results) {
	console.log('\nVues de stock / stock views — temps serveur (ms), 30 requêtes après 5 de chauffe / 30 requests after 5 warm-up');
	console.log(`${PRODUCTS} produits, ${fmtInt(LOTS)} lots`);
	const head = ['Mouvements / movements', 'Par produit méd.', 'Par produit p95', 'Alertes méd.', 'Alertes p95'];
	printRows(
		head,
		results.map((r) => [fmtInt(r.movements), r.products.median.toFixed(1), r.products.p95.toFixed(1), r.alerts.median.toFixed(1), r.alerts.p95.toFixed(1)])
	);
}

try {
	await main();
	cleanup();
	process.exit(0);
} catch (e) {
	console.error(e instanceof Error ? e.stack : e);
	cleanup();
	process.exit(1);
}
