// Checkout benchmark (issue 5, "Performance"): concurrent clients completing 5-line sales through
// POST /api/v1/sales against the built server on a real PostgreSQL, then pgbench's TPC-B on the
// same PostgreSQL server, and the ratio of the two. Run by scripts/bench.js (`npm run bench -- checkout`).
//
// Seeding (plain SQL for the catalogue, the API for the rest):
//  - an organisation "Banc caisse" with a person holding manager, operator and social_worker, and two
//    API tokens made for them (operator: the till; social_worker: the household files);
//  - 100 products sold by the piece (0,50 € to 5,00 €), 400 lots of 90 000 pieces (DDM in 2030), each
//    with its reception movement so that on_hand is the sum of the lot's movements;
//  - 1 000 households through POST /api/v1/households, each with a right through
//    POST /api/v1/households/{id}/rights: rate 20 %, budget 100 000 € a month (overrideReason), so no
//    sale is refused for budget or stock;
//  - the till opened through POST /api/v1/till-sessions (the operator token is the till point).
// Each client loops: a random household (FOY-…), 5 different random lots, 1 to 3 of each, paid exactly
// (cash with change, card or cheque, at random), a fresh Idempotency-Key; anything but 201 is an error.
// After each step the database is checked: one sale per 201, each lot's on_hand equals the sum of its
// movements, and at the end the Z report (closing through the API) equals the sum of the sales.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import postgres from 'postgres';

const PRODUCTS = 100;
const LOTS = 400;
const LOT_QUANTITY = 90_000;
const HOUSEHOLDS = 1_000;
const LINES = 5;
const RATE_BP = 2000;

const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const pick = (n) => Math.floor(Math.random() * n);
/** Rounds n/d to the nearest whole number, halves up: the till's rule (src/lib/till/pricing.ts). */
const roundDiv = (n, d) => Math.floor((2 * n + d) / (2 * d));

export function findPgbench() {
	const candidates = ['/usr/bin/pgbench', ...(process.env.PATH ?? '').split(':').map((d) => `${d}/pgbench`)];
	return candidates.find((p) => existsSync(p)) ?? null;
}

export async function seed(sqlc) {
	const [org] = await sqlc`insert into organisations (name, slug) values ('Banc caisse', 'banc-caisse') returning id`;
	const [site] = await sqlc`insert into sites (organisation_id, name, kind) values (${org.id}, 'Épicerie', 'epicerie') returning id`;
	const [loc] = await sqlc`
		insert into locations (organisation_id, site_id, code, name, kind, zone)
		values (${org.id}, ${site.id}, 'EMP-0001', 'Rayon', 'etagere', 'ambient') returning id`;
	const [user] = await sqlc`
		insert into users (organisation_id, username, first_name, last_name)
		values (${org.id}, 'banc.caisse', 'Banc', 'Caisse') returning id`;
	for (const role of ['manager', 'operator', 'social_worker']) {
		await sqlc`insert into memberships (organisation_id, user_id, role) values (${org.id}, ${user.id}, ${role})`;
	}
	// What createApiToken stores: the hash, a prefix, the roles, who made it.
	const token = async (name, roles) => {
		const value = 'esk_' + randomBytes(26).toString('hex');
		await sqlc`
			insert into api_tokens (organisation_id, name, token_hash, token_prefix, roles, created_by)
			values (${org.id}, ${name}, ${sha256(value)}, ${value.slice(0, 10)}, ${sqlc.array(roles)}::role[], ${user.id})`;
		return value;
	};
	const tillToken = await token('Banc : caisse', ['operator']);
	const socialToken = await token('Banc : dossiers', ['social_worker']);

	const [origin] = await sqlc`insert into origins (organisation_id, name, kind, fse) values (${org.id}, 'Banque alimentaire', 'food_bank', false) returning id`;
	await sqlc`
		insert into products (organisation_id, name, unit, reference_price_cents, zone, date_type)
		select ${org.id}, 'Caisse ' || lpad(g::text, 4, '0'), 'piece', 50 + (g * 37) % 451, 'ambient', 'ddm'
		from generate_series(1, ${PRODUCTS}) g`;
	await sqlc`
		with p as (select id, (row_number() over (order by name) - 1)::int as n from products where organisation_id = ${org.id})
		insert into lots (organisation_id, code, product_id, origin_id, date, date_type, location_id, on_hand)
		select ${org.id}, 'L-' || lpad(g::text, 6, '0'), p.id, ${origin.id}, date '2030-01-01' + g, 'ddm', ${loc.id}, ${LOT_QUANTITY}
		from generate_series(1, ${LOTS}) g join p on p.n = g % ${PRODUCTS}`;
	await sqlc`insert into stock_counters (organisation_id, last_lot) values (${org.id}, ${LOTS})`;
	await sqlc`
		insert into stock_movements (organisation_id, lot_id, quantity, kind, to_location_id, user_id)
		select organisation_id, id, on_hand, 'reception', location_id, ${user.id} from lots where organisation_id = ${org.id}`;
	const lots = await sqlc`
		select l.id, l.code, p.reference_price_cents as price from lots l join products p on p.id = l.product_id
		where l.organisation_id = ${org.id} order by l.code`;
	return { orgId: org.id, tillToken, socialToken, lots };
}

export async function api(base, token, method, path, body, headers = {}) {
	const r = await fetch(base + path, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
		body: body ? JSON.stringify(body) : undefined
	});
	const text = await r.text();
	return { status: r.status, body: text ? JSON.parse(text) : null };
}

export async function makeHouseholds(base, socialToken) {
	const refs = [];
	let next = 0;
	const worker = async () => {
		for (let i = next++; i < HOUSEHOLDS; i = next++) {
			const h = await api(base, socialToken, 'POST', '/api/v1/households', {
				firstName: `Banc${i}`,
				lastName: `Foyer${i}`,
				birthDate: '1980-01-01',
				consent: true,
				ignoreDuplicates: true
			});
			if (h.status !== 201) throw new Error(`household: HTTP ${h.status} ${JSON.stringify(h.body)}`);
			const r = await api(base, socialToken, 'POST', `/api/v1/households/${h.body.id}/rights`, {
				rateBp: RATE_BP,
				monthlyBudgetCents: 10_000_000,
				overrideReason: 'Banc de mesure'
			});
			if (r.status !== 201) throw new Error(`right: HTTP ${r.status} ${JSON.stringify(r.body)}`);
			refs.push(h.body.reference);
		}
	};
	await Promise.all(Array.from({ length: 8 }, worker));
	return refs;
}

/** A 5-line basket, priced as the till prices it, paid exactly. */
function basket(lots, households) {
	const chosen = new Set();
	while (chosen.size < LINES) chosen.add(pick(lots.length));
	let due = 0;
	const lines = [...chosen].map((i) => {
		const lot = lots[i];
		const quantity = 1 + pick(3);
		due += roundDiv(quantity * lot.price * RATE_BP, 10_000);
		// The till sends the lot's id or its label code; use both.
		return { lot: i % 2 ? lot.id : lot.code, quantity };
	});
	const r = Math.random();
	const payments =
		r < 0.5 ? [{ method: 'cash', amountCents: due, tenderedCents: Math.ceil(due / 500) * 500 }] : [{ method: r < 0.85 ? 'card' : 'cheque', amountCents: due }];
	return { customer: households[pick(households.length)], lines, payments };
}

/**
 * One POST /api/v1/sales over a kept-alive connection (node:http: a lighter client than fetch, so
 * that the load generator, on the same machine, leaves the processor to the server).
 */
function postSale(agent, base, token, body) {
	const url = new URL('/api/v1/sales', base);
	const payload = JSON.stringify(body);
	return new Promise((resolve) => {
		const req = http.request(
			{
				agent,
				host: url.hostname,
				port: url.port,
				path: url.pathname,
				method: 'POST',
				headers: {
					authorization: `Bearer ${token}`,
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(payload),
					'idempotency-key': randomUUID()
				}
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', (e) => resolve({ status: 0, text: String(e) }));
			}
		);
		req.on('error', (e) => resolve({ status: 0, text: String(e) }));
		req.end(payload);
	});
}

/** `clients` loops completing sales for `seconds`; latencies (ms) of the 201s, and the errors. */
export async function drive(base, token, lots, households, clients, seconds) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
	const until = performance.now() + seconds * 1000;
	const latencies = [];
	const errors = new Map();
	const worker = async () => {
		while (performance.now() < until) {
			const body = basket(lots, households);
			const start = performance.now();
			const { status, text } = await postSale(agent, base, token, body);
			const ms = performance.now() - start;
			if (status === 201) latencies.push(ms);
			else {
				const key = `${status} ${text.slice(0, 160)}`;
				errors.set(key, (errors.get(key) ?? 0) + 1);
			}
		}
	};
	const t0 = performance.now();
	await Promise.all(Array.from({ length: clients }, worker));
	const wall = (performance.now() - t0) / 1000;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] : NaN);
	const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
	return {
		sales: latencies.length,
		errors: errorCount,
		errorSamples: [...errors.entries()].slice(0, 3),
		perSecond: latencies.length / wall,
		p50: q(0.5),
		p95: q(0.95)
	};
}

/** Every lot's balance equals the sum of its movements, and the sales recorded are the 201s. */
async function checkDatabase(sqlc, orgId, expectedSales) {
	const [bad] = await sqlc`
		select count(*)::int as n from lots l where l.organisation_id = ${orgId}
			and l.on_hand <> (select coalesce(sum(quantity), 0) from stock_movements m where m.lot_id = l.id)`;
	if (bad.n > 0) throw new Error(`${bad.n} lots whose on_hand differs from the sum of their movements`);
	const [s] = await sqlc`select count(*)::int as n from sales where organisation_id = ${orgId}`;
	if (s.n !== expectedSales) throw new Error(`${s.n} sales recorded, ${expectedSales} answered 201`);
}

/** pgbench's TPC-B on another database of the same server: tps (without initial connection time). */
function pgbench(bin, pgUrl, clients, seconds) {
	const u = new URL(pgUrl);
	const conn = ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres'];
	// As the issue says: `pgbench -c <clients> -T <seconds>` (one thread, like the sales' load generator).
	const r = spawnSync(bin, [...conn, '-c', String(clients), '-T', String(seconds), 'pgbench'], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`pgbench failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
	const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout);
	if (!m) throw new Error(`pgbench: no tps in its output:\n${r.stdout}`);
	return Number(m[1]);
}

export function pgbenchInit(bin, pgUrl) {
	const u = new URL(pgUrl);
	const conn = ['-h', u.hostname, '-p', u.port, '-U', u.username || 'postgres'];
	const r = spawnSync(bin, [...conn, '-i', '-q', 'pgbench'], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`pgbench -i failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
}

/**
 * The whole scenario on a running server (`base`) whose database is `dbUrl`, on the PostgreSQL
 * server `pgUrl` (admin URL, for pgbench's own database). Returns one row per number of clients.
 */
export async function runCheckout({ base, dbUrl, pgUrl, clientSteps, seconds, warmupSeconds, log }) {
	const bin = findPgbench();
	if (!bin)
		throw new Error('pgbench est introuvable (paquet Debian postgresql-client ou postgresql-contrib) / pgbench not found: install PostgreSQL’s client tools');
	const sqlc = postgres(dbUrl, { max: 1, onnotice: () => {} });
	try {
		const s = await seed(sqlc);
		log(`Semé / seeded: ${PRODUCTS} produits, ${LOTS} lots`);
		const households = await makeHouseholds(base, s.socialToken);
		log(`${households.length} foyers avec un droit (API) / households with a right`);
		const opened = await api(base, s.tillToken, 'POST', '/api/v1/till-sessions', { floatCents: 10_000 });
		if (opened.status !== 201) throw new Error(`open till: HTTP ${opened.status} ${JSON.stringify(opened.body)}`);
		await sqlc`analyze`;

		let recorded = 0;
		const warm = await drive(base, s.tillToken, s.lots, households, Math.max(...clientSteps), warmupSeconds);
		recorded += warm.sales;
		if (warm.errors) throw new Error(`warm-up: ${warm.errors} errors, e.g. ${warm.errorSamples.map((e) => e[0]).join(' | ')}`);
		const rows = [];
		for (const clients of clientSteps) {
			const r = await drive(base, s.tillToken, s.lots, households, clients, seconds);
			recorded += r.sales;
			await checkDatabase(sqlc, s.orgId, recorded);
			rows.push({ clients, ...r });
			log(`  ${clients} clients : ${r.perSecond.toFixed(1)} ventes/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, ${r.errors} erreurs`);
			for (const [e, n] of r.errorSamples) log(`    ${n} × ${e}`);
		}

		// Closing: the Z report must be the sum of the session's sales.
		const closed = await api(base, s.tillToken, 'POST', '/api/v1/till-sessions/current/close', { counted: { cash: 0 } });
		if (closed.status !== 200) throw new Error(`close till: HTTP ${closed.status} ${JSON.stringify(closed.body)}`);
		const [sum] = await sqlc`select count(*)::int as n, coalesce(sum(paid_cents), 0)::bigint as paid from sales where session_id = ${opened.body.id}`;
		if (closed.body.totals.sales !== sum.n || BigInt(closed.body.totals.paidCents) !== BigInt(sum.paid)) {
			throw new Error(`Z report ${closed.body.totals.sales} sales / ${closed.body.totals.paidCents} c, database ${sum.n} / ${sum.paid}`);
		}
		log(`Ticket Z n° ${closed.body.zNumber} : ${sum.n} ventes = la somme des ventes / Z report equals the sum of the sales`);

		// pgbench's TPC-B, same server, same clients, same duration.
		const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
		await admin`create database pgbench`;
		await admin.end();
		pgbenchInit(bin, pgUrl);
		for (const row of rows) {
			row.tps = pgbench(bin, pgUrl, row.clients, seconds);
			row.ratio = row.perSecond / row.tps;
			log(`  pgbench -c ${row.clients} : ${row.tps.toFixed(0)} tps`);
		}
		return rows;
	} finally {
		await sqlc.end();
	}
}
