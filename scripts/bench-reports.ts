// Reports benchmark (issue 12): `npm run bench -- reports` (through tsx: it runs the app's own report
// services through `runReport`, src/lib/server/reports/registry.ts, and the dashboard through
// `runDashboard`, src/lib/server/reports/dashboard.ts, as a manager and as a supervisor). Not in the default run: it fills databases with
// years of activity (src/lib/server/demo/history.ts) and takes a while.
//
// One busy shop (300 households a year, 15 000 visits a year, 5-line baskets, weekly receptions, losses,
// counts) and BENCH_ORGS − 1 other organisations of the same size in the same database. History is
// added one calendar year at a time (BENCH_YEARS, default 3); after each year, every report over that
// year is timed (BENCH_RUNS timed runs after BENCH_WARMUP, median and p95 of the server time), so the
// table shows whether times stay flat as years are added.
//
// Options (environment):
//   BENCH_DB=postgres,pglite   databases (postgres: the throw-away server of scripts/pg-test-server.js)
//   BENCH_ORGS=50              organisations on PostgreSQL (the busy one and 49 others)
//   BENCH_PGLITE_ORGS=5        organisations on PGlite (in memory: 50 do not fit in reasonable time)
//   BENCH_YEARS=3  BENCH_RUNS=20  BENCH_WARMUP=3  BENCH_HOUSEHOLDS=300  BENCH_VISITS=15000  BENCH_PRODUCTS=200
//   BENCH_ONLY=flows,fse       time only these reports (names of REPORTS, and `dashboard`)
//   BENCH_PG_URL=postgres://…  PostgreSQL: use this server instead of a throw-away one, and keep what is in
//                              it. Organisations bench-1… already there are reused and years already filled
//                              (the busy shop has sales in them) are not filled again, so a second run only
//                              times (after migrating: a new index is created on the filled data). Start a
//                              server that lives between runs with `node scripts/pg-test-server.js` (no
//                              command: it prints its URL and keeps its data until Ctrl-C).
//   BENCH_FILL_ONLY=1          fill the first N years (into BENCH_PG_URL) and time nothing: a later run with
//                              the same BENCH_YEARS times year 1 as it is, then fills and times the others
// Quick mode for iterating: BENCH_DB=postgres BENCH_ORGS=3 BENCH_YEARS=2 BENCH_RUNS=10 BENCH_WARMUP=2
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Actor } from '../src/lib/server/auth/actor';
import { openDatabase, type Database, type DatabaseHandle } from '../src/lib/server/db';
import { generateHistory } from '../src/lib/server/demo/history';
import { runDashboard } from '../src/lib/server/reports/dashboard';
import { REPORTS, runReport } from '../src/lib/server/reports/registry';
import { rowsOf } from '../src/lib/server/reports/sql';
// @ts-expect-error plain JS module
import { startTestPostgres } from './pg-test-server.js';

const env = (k: string, d: number) => {
	const n = Number(process.env[k] ?? d);
	return Number.isFinite(n) && n > 0 ? n : d;
};
const DBS = (process.env.BENCH_DB || 'postgres,pglite').split(',').map((s) => s.trim());
const ORGS = env('BENCH_ORGS', 50);
const PGLITE_ORGS = env('BENCH_PGLITE_ORGS', 5);
const YEARS = env('BENCH_YEARS', 3);
const RUNS = env('BENCH_RUNS', 20);
const WARMUP = env('BENCH_WARMUP', 3);
const HOUSEHOLDS = env('BENCH_HOUSEHOLDS', 300);
const VISITS = env('BENCH_VISITS', 15000);
const PRODUCTS = env('BENCH_PRODUCTS', 200);
const MIGRATIONS = fileURLToPath(new URL('../drizzle', import.meta.url));
const FIRST_YEAR = new Date().getUTCFullYear() - YEARS;
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((s) => s.trim())) : null;
const PG_URL = process.env.BENCH_PG_URL || '';
const FILL_ONLY = Number(process.env.BENCH_FILL_ONLY ?? 0) || 0;
const wanted = (name: string) => !FILL_ONLY && (!ONLY || ONLY.has(name));

/** An organisation ready for history: a shop, a stockroom, a place per zone, a manager, categories, products, origins. */
async function makeOrganisation(db: Database, n: number): Promise<{ actor: Actor }> {
	const one = async <T extends Record<string, unknown>>(q: ReturnType<typeof sql>) => (await rowsOf<T>(db, q))[0]!;
	const known = (
		await rowsOf<{ o: string; u: string }>(
			db,
			sql`select o.id as o, u.id as u from organisations o join users u on u.organisation_id = o.id where o.slug = ${'bench-' + n}`
		)
	)[0];
	if (known) return { actor: benchActor(known.o, known.u, n) };
	const org = await one<{ id: string }>(sql`insert into organisations (name, slug) values (${'Épicerie bench ' + n}, ${'bench-' + n}) returning id`);
	const o = org.id;
	const site = await one<{ id: string }>(sql`insert into sites (organisation_id, name, kind) values (${o}, 'Épicerie', 'epicerie') returning id`);
	await db.execute(sql`insert into locations (organisation_id, site_id, code, name, kind, zone) values
		(${o}, ${site.id}, 'EMP-0001', 'Rayon', 'rayon', 'ambient'), (${o}, ${site.id}, 'EMP-0002', 'Frigo', 'refrigerateur', 'chilled'),
		(${o}, ${site.id}, 'EMP-0003', 'Congélateur', 'congelateur', 'frozen')`);
	const user = await one<{ id: string }>(
		sql`insert into users (organisation_id, username, first_name, last_name) values (${o}, ${'gerant' + n}, 'Gérante', ${'Bench ' + n}) returning id`
	);
	await db.execute(sql`insert into memberships (organisation_id, user_id, role) values (${o}, ${user.id}, 'manager')`);
	await db.execute(sql`insert into categories (organisation_id, name) select ${o}, 'Rayon ' || g from generate_series(1, 12) g`);
	await db.execute(sql`insert into products (organisation_id, category_id, name, unit, reference_price_cents, net_weight_grams, zone, date_type)
		select ${o}, (select id from categories where organisation_id = ${o} and name = 'Rayon ' || (1 + g % 12)), 'Produit ' || g,
			(case when g % 10 = 0 then 'kg' when g % 10 = 5 then 'litre' else 'piece' end)::product_unit,
			80 + (g * 37) % 400, case when g % 13 = 0 then null when g % 10 = 0 then null else 100 + (g * 53) % 900 end,
			(case when g % 7 = 0 then 'chilled' when g % 17 = 0 then 'frozen' else 'ambient' end)::temperature_zone,
			(case when g % 7 = 0 then 'dlc' when g % 4 = 0 then 'none' else 'ddm' end)::date_type
		from generate_series(1, ${PRODUCTS}) g`);
	await db.execute(sql`insert into origins (organisation_id, name, kind, fse) values
		(${o}, 'Banque alimentaire', 'food_bank', false), (${o}, 'FSE+', 'fse', true), (${o}, 'Ramasse', 'ramasse', false),
		(${o}, 'Achats', 'purchase', false), (${o}, 'Dons', 'donation', false)`);
	return { actor: benchActor(o, user.id, n) };
}

function benchActor(o: string, userId: string, n: number): Actor {
	return {
		kind: 'user',
		userId,
		organisationId: o,
		organisationName: 'Épicerie bench ' + n,
		username: 'gerant' + n,
		firstName: 'Gérante',
		lastName: 'Bench ' + n,
		roles: ['manager'],
		deviceId: null,
		sessionId: null,
		apiTokenId: null,
		method: 'password'
	} as Actor;
}

const median = (xs: number[]) => xs[Math.floor((xs.length - 1) / 2)]!;
const p95 = (xs: number[]) => xs[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;

async function time(fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
	for (let i = 0; i < WARMUP; i++) await fn();
	const xs: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const t = performance.now();
		await fn();
		xs.push(performance.now() - t);
	}
	xs.sort((a, b) => a - b);
	return { median: median(xs), p95: p95(xs) };
}

interface Row {
	db: string;
	years: number;
	name: string;
	median: number;
	p95: number;
}

async function benchOn(kind: string, handle: DatabaseHandle, orgs: number, rows: Row[]): Promise<void> {
	const db = handle.db;
	await handle.migrate(MIGRATIONS);
	const made = [];
	for (let n = 1; n <= orgs; n++) made.push(await makeOrganisation(db, n));
	const shop = made[0]!.actor;
	for (let y = 0; y < (FILL_ONLY || YEARS); y++) {
		const year = FIRST_YEAR + y;
		const t0 = performance.now();
		let movements = 0;
		const [filled] = await rowsOf<{ n: string }>(
			db,
			sql`select count(*) as n from sales where organisation_id = ${shop.organisationId} and day between ${`${year}-01-01`} and ${`${year}-12-31`}`
		);
		if (Number(filled!.n) > 0) console.log(`[${kind}] année ${year} déjà remplie : réutilisée`);
		else
			for (const [i, m] of made.entries()) {
				const s = await db.transaction((tx) =>
					generateHistory(tx, m.actor.organisationId, {
						months: 12,
						households: HOUSEHOLDS,
						visitsPerHouseholdMonth: VISITS / HOUSEHOLDS / 12,
						endDay: `${year}-12-31`,
						seed: 1000 * (i + 1) + y,
						referencePrefix: `H${year}-`
					})
				);
				movements += s.movements;
			}
		// A real shop's year arrives over a year and autovacuum keeps up; here it arrives in two minutes:
		// vacuum it now (visibility map, hint bits) so that autovacuum does not run during the timings.
		await db.execute(sql`vacuum analyze`);
		const [c] = await rowsOf<{ m: string; s: string; mine: string }>(
			db,
			sql`select (select count(*) from stock_movements) as m, (select count(*) from sales) as s, (select count(*) from stock_movements where organisation_id = ${shop.organisationId}) as mine`
		);
		console.log(
			`[${kind}] année ${year} ajoutée à ${orgs} organisations en ${((performance.now() - t0) / 1000).toFixed(0)} s (${movements} mouvements) — base : ${c!.m} mouvements, ${c!.s} ventes ; la boutique mesurée : ${c!.mine} mouvements`
		);
		const params = new URLSearchParams({ period: 'year', from: `${year}-01-01` });
		const now = new Date(`${year + 1}-01-15T12:00:00Z`);
		const record = (name: string, t: { median: number; p95: number }) => {
			rows.push({ db: kind, years: y + 1, name, ...t });
			console.log(`[${kind}] ${y + 1} an(s) ${name.padEnd(20)} médiane ${t.median.toFixed(1)} ms  p95 ${t.p95.toFixed(1)} ms`);
		};
		for (const r of REPORTS) {
			if (!wanted(r.name)) continue;
			let t: { median: number; p95: number };
			try {
				t = await time(() => runReport(db, shop, r.name, params, { now, locale: 'fr' }));
			} catch (e) {
				console.log(`[${kind}] ${r.name} : ERREUR ${(e as Error).message.slice(0, 200)}`);
				continue;
			}
			record(r.name, t);
		}
		if (wanted('dashboard')) {
			// The dashboard: this month (December) against last month and December last year, 12-month series.
			const month = new URLSearchParams({ period: 'month', from: `${year}-12-01` });
			const supervisor = { ...shop, roles: ['supervisor'] } as Actor;
			record('dashboard (gérant)', await time(() => runDashboard(db, shop, month, { now, locale: 'fr' })));
			record('dashboard (responsable)', await time(() => runDashboard(db, supervisor, month, { now, locale: 'fr' })));
		}
	}
}

const rows: Row[] = [];
console.log(
	`Rapports mesurés : ${REPORTS.map((r) => r.name).join(', ')} ; ${RUNS} mesures après ${WARMUP} d'échauffement ; machine : ${os.cpus().length} cœurs.`
);
for (const kind of DBS) {
	if (kind === 'postgres' && PG_URL) {
		console.log(`PostgreSQL : ${PG_URL} (gardé : organisations et années déjà remplies réutilisées)`);
		const handle = await openDatabase({ url: PG_URL, max: 4 });
		try {
			await benchOn('PostgreSQL', handle, ORGS, rows);
		} finally {
			await handle.close();
		}
	} else if (kind === 'postgres') {
		const pg = await startTestPostgres({ log: (m: string) => console.log(m) });
		try {
			const handle = await openDatabase({ url: pg.url, max: 4 });
			try {
				await benchOn('PostgreSQL', handle, ORGS, rows);
			} finally {
				await handle.close();
			}
		} finally {
			await pg.stop();
		}
	} else if (kind === 'pglite') {
		console.log(`PGlite : ${PGLITE_ORGS} organisations (en mémoire ; ${ORGS} ne tiennent pas en un temps raisonnable).`);
		const handle = await openDatabase({});
		try {
			await benchOn('PGlite', handle, PGLITE_ORGS, rows);
		} finally {
			await handle.close();
		}
	}
}

console.log('\n| base | années | rapport | médiane (ms) | p95 (ms) |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.db} | ${r.years} | ${r.name} | ${r.median.toFixed(0)} | ${r.p95.toFixed(0)} |`);
process.exit(0);
