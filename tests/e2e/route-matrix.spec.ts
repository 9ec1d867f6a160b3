// The role × route matrix over HTTP, through the real server and its hooks: every page, form action and
// endpoint found in src/routes (tests/helpers/route-routes.ts), for anonymous, each role of the demo
// organisation, an API token, and a person of a second organisation holding all five roles. Checks the
// status against the hand-written table (tests/helpers/route-matrix.ts) and that no body carries the
// other organisation's data. Runs on a server and database of its own (the demo, then a second
// organisation added with the admin CLI), so its form posts never touch what other specs rely on.
// Request-only (no page rendering): "tablet" project only, see playwright.config.ts.
import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ACTORS, EXPECTED, matrixGaps, PARAM_VALUES, type Actor, type Expect, type FixtureKind } from '../helpers/route-matrix';
import { discoverRoutes, urlPath, type RouteCheck } from '../helpers/route-routes';
import { DEMO_PASSWORD, freePort } from './helpers';

const ORG_B = 'ZZORGB Épicerie du Nord';
const ORG_B_PASSWORD = 'zzorgb-mot-de-passe-long';
/** In no answer to the demo organisation (nor to anonymous). */
const ORG_B_MARKER = 'ZZORGB';
/** The demo organisation's names and references: in no answer to the other organisation (nor to anonymous). */
// (not "FOY-0001": every organisation's references start there)
const ORG_A_MARKERS = [
	...['Quatre Saisons', 'Benali', 'Amina', 'Pâtes coquillettes', 'Haricots verts'],
	...['Banque Alimentaire de Lyon', 'rue des Lilas', 'Haddad', 'Diallo', 'Matrice']
];

/** Query strings a GET needs to be meaningful (the till's card check takes a reference). */
const QUERY: Record<string, string> = {
	'GET /api/v1/(app)/(till)/till/lookup': '?code=FOY-0001',
	// A well-formed EAN-13 (known or not, the answer is 200).
	'GET /api/v1/(stock)/receptions/[id]/scan': '?code=3017620422003'
};

interface Server {
	base: string;
	stop: () => Promise<void>;
}

async function serve(dataDir: string, seed: boolean): Promise<Server> {
	const port = await freePort();
	const env = {
		...process.env,
		DATA_DIR: dataDir,
		BACKUP_DIR: path.join(dataDir, 'sauvegardes'),
		DATABASE_URL: '',
		SEED_DEMO: seed ? 'true' : 'false',
		PORT: String(port),
		HOST: '127.0.0.1'
	};
	const child: ChildProcess = spawn(process.execPath, ['scripts/serve.js'], { env, stdio: 'ignore' });
	const base = `http://127.0.0.1:${port}`;
	const stop = async () => {
		if (child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
	};
	try {
		await expect.poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status, { timeout: 60_000 }).toBe(200);
	} catch (e) {
		await stop();
		throw e;
	}
	return { base, stop };
}

test('role × route matrix: every page, action and endpoint, for every kind of visitor', async () => {
	test.setTimeout(240_000);
	const routes = discoverRoutes();
	const gaps = matrixGaps(routes);
	expect(gaps, 'routes and expectations differ: see tests/helpers/route-matrix.ts').toEqual({ missing: [], stale: [], unfilledParams: [] });

	// The demo (first start seeds it), then the second organisation and its all-roles person from the CLI.
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'epicerie-matrix-'));
	let server: Server | null = null;
	const contexts: APIRequestContext[] = [];
	try {
		const seeding = await serve(dataDir, true);
		await seeding.stop();
		const cli = spawnSync(
			process.execPath,
			[
				...['scripts/admin.js', 'create-user', '--organisation', ORG_B, '--username', 'zzorgb', '--first-name', 'ZZORGB-Zoé', '--last-name', 'ZZORGB-Martin'],
				...['--role', 'admin,manager,social_worker,supervisor,operator', '--password', ORG_B_PASSWORD]
			],
			{ env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', SEED_DEMO: 'false' }, encoding: 'utf8' }
		);
		expect(cli.status, cli.stderr).toBe(0);
		server = await serve(dataDir, false);
		const base = server.base;
		const newContext = async () => {
			const c = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
			contexts.push(c);
			return c;
		};
		const form = (c: APIRequestContext, url: string, body: Record<string, string | string[]> = {}) =>
			c.post(url, {
				data: new URLSearchParams(Object.entries(body).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString(),
				// text/html: the answer of a plain form post (a real status, a real redirect), not the JSON of use:enhance.
				headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				maxRedirects: 0
			});
		const signedIn = async (username: string, password = DEMO_PASSWORD) => {
			const c = await newContext();
			const r = await form(c, '/connexion', { username, password });
			expect(r.status(), `sign-in ${username}`).toBe(303);
			return c;
		};
		const json = async <T>(r: APIResponse, what: string): Promise<T> => {
			expect(r.status(), `${what}: ${await r.text()}`).toBeLessThan(300);
			return (await r.json()) as T;
		};
		const firstMatch = (html: string, re: RegExp, what: string) => {
			const m = re.exec(html);
			expect(m, what).not.toBeNull();
			return m![1]!;
		};

		// ——— The demo organisation's visitors ———
		const supervisor = await signedIn('nadia');
		const manager = await signedIn('sophie');
		const admin = await signedIn('admin');
		const socialWorker = await signedIn('julien');
		const anonymous = await newContext();
		// Karim takes the till by PIN on a tablet enrolled by Nadia.
		const operator = await signedIn('nadia');
		const enrol = await form(operator, '/appareils?/enrol', { name: 'Tablette de la matrice' });
		expect(enrol.headers()['location']).toBe('/tablette');
		const karimId = firstMatch(
			await (await operator.get('/tablette')).text(),
			/personne=([0-9a-f-]{36})"(?:(?!personne=)[\s\S])*?Karim/,
			'Karim on the tablet'
		);
		const pin = await form(operator, '/tablette?/pin', { userId: karimId, pin: '2580' });
		expect(pin.status(), 'Karim PIN').toBe(303);
		expect((await form(operator, '/caisse/ouverture', { float: '50' })).headers()['location'], 'till opened on the tablet').toMatch(/caisse$/);
		// An API token with the role admin (what the demo admin may mint).
		const created = await (await form(admin, '/jetons-api?/create', { name: 'Matrice', roles: 'admin' })).text();
		const token = firstMatch(created, /(esk_[A-Za-z0-9_-]+)/, 'the new API token');
		const tokenContext = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { origin: base, authorization: `Bearer ${token}` } });
		contexts.push(tokenContext);
		// An admin for the actions on a person (a manager must not change them).
		const target = await form(admin, '/personnes/nouveau', {
			...{ username: 'matrice-cible', firstName: 'Cible', lastName: 'Matrice', email: '' },
			...{ roles: 'admin', password: 'matrice-cible-mot-de-passe', pin: '' }
		});
		const person = firstMatch(target.headers()['location'] ?? '', /^\/personnes\/([0-9a-f-]{36})/, 'the target person');

		// ——— Fixtures: one id of each kind, from the demo organisation ———
		const household = (await json<{ items: { id: string }[] }>(await socialWorker.get('/api/v1/households?q=FOY-0001'), 'household')).items[0]!.id;
		const file = await json<{ rights: { id: string }[]; members: { id: string }[]; lines: { id: string }[] }>(
			await socialWorker.get(`/api/v1/households/${household}`),
			'household file'
		);
		const category = (await json<{ items: { id: string }[] }>(await socialWorker.get('/api/v1/limit-categories'), 'limit categories')).items[0]!.id;
		const committee = await json<{ items: { applicationId: string }[] }>(await socialWorker.get('/api/v1/committee'), 'committee');
		// A spare tablet for the revoke endpoint (Karim's stays enrolled): enrolling signs its browser's person out.
		expect((await form(await signedIn('nadia'), '/appareils?/enrol', { name: 'Tablette à retirer' })).headers()['location']).toBe('/tablette');
		const devices = await json<{ items: { id: string; name: string }[] }>(await supervisor.get('/api/v1/devices'), 'devices');
		const products = await json<{ items: { id: string; name: string }[] }>(await manager.get('/api/v1/products?q=Haricots'), 'products');
		const product = products.items.find((p) => p.name.startsWith('Haricots verts'))!.id;
		const lots = await json<{ items: { code: string }[] }>(await manager.get(`/api/v1/stock/products/${product}/lots`), 'lots');
		const lotCode = lots.items[0]!.code;
		const locations = await json<{ items: { id: string; site: { id: string } }[] }>(await manager.get('/api/v1/locations'), 'locations');
		const reception = firstMatch(await (await manager.get('/stock/receptions')).text(), /\/stock\/receptions\/([0-9a-f-]{36})/, 'a reception');
		const count = await form(manager, '/stock/inventaires', { locationId: locations.items[0]!.id });
		const countId = firstMatch(count.headers()['location'] ?? '', /^\/stock\/inventaires\/([0-9a-f-]{36})$/, 'a count');
		// A sale (an FSE+ lot: free, nothing to pay) on the token's till, then its Z report.
		const session = await json<{ id: string }>(await tokenContext.post('/api/v1/till-sessions', { data: { floatCents: 0 } }), 'till opened');
		const sale = await json<{ id: string }>(
			await tokenContext.post('/api/v1/sales', {
				data: { customer: 'FOY-0001', lines: [{ lot: lotCode, quantity: 1 }], payments: [] },
				headers: { 'idempotency-key': 'matrice-vente-0001' }
			}),
			'sale'
		);
		await json(await tokenContext.post('/api/v1/till-sessions/current/close', { data: { counted: { cash: 0 } } }), 'till closed');
		const origins = await json<{ items: { id: string }[] }>(await manager.get('/api/v1/origins'), 'origins');
		// A second token of the demo organisation, for the revocation's row (its first allowed visitor revokes it).
		const toRevoke = await json<{ id: string }>(
			await tokenContext.post('/api/v1/api-tokens', { data: { name: 'Matrice — à révoquer', roles: ['admin'] } }),
			'token to revoke'
		);
		// issue 14: a parcel template of the demo organisation (one line on a category).
		const parcelTemplate = await json<{ id: string }>(
			await tokenContext.post('/api/v1/parcel-templates', {
				data: { name: 'Matrice — colis', lines: [{ categoryId: category, unit: 'piece', scaling: 'fixed', quantity: 1 }] }
			}),
			'parcel template'
		);
		// issue 14: the demo's distribution day planned today (seedDistributions) and one of its parcels.
		const days = await json<{ items: { id: string }[] }>(await supervisor.get('/api/v1/distribution-days?status=planned'), 'distribution days');
		expect(days.items.length, "the demo's distribution day of today (seedDistributions)").toBeGreaterThan(0);
		const distributionDay = days.items[0]!.id;
		const dayParcels = await json<{ parcels: { id: string }[] }>(await supervisor.get(`/api/v1/distribution-days/${distributionDay}`), 'the day');
		// issue 15 (items): an item of the demo's ressourcerie (seedReuseItems), by its label's code.
		const reuseItems = await json<{ items: { code: string }[] }>(await manager.get('/api/v1/reuse/items'), 'ressourcerie items');
		expect(reuseItems.items.length, "the demo's ressourcerie items (seedReuseItems)").toBeGreaterThan(0);
		// issue 15 (intake): a category and a container of the demo organisation, an intake opened by the manager at its ressourcerie.
		const reuseCategory = (await json<{ items: { id: string }[] }>(await manager.get('/api/v1/reuse/categories'), 'reuse categories')).items[0]!.id;
		const reuseContainer = await json<{ id: string }>(
			await tokenContext.post('/api/v1/reuse/containers', { data: { name: 'Matrice — bac', tareGrams: 1000 } }),
			'reuse container'
		);
		const reuseIntake = await json<{ id: string }>(await manager.post('/api/v1/reuse/intakes', { data: { source: 'apport' } }), 'reuse intake');
		// issue 15 (exits): an exit of the demo's ressourcerie (its only ressourcerie site).
		const reuseExit = await json<{ id: string }>(await manager.post('/api/v1/reuse/exits', { data: { channel: 'don', recipient: 'Matrice' } }), 'reuse exit');
		const fixtures: Record<FixtureKind, string> = {
			product,
			location: locations.items[0]!.id,
			site: locations.items[0]!.site.id,
			tillSession: session.id,
			sale: sale.id,
			household,
			lotCode,
			count: countId,
			reception,
			person,
			right: file.rights[0]!.id,
			// Resuming a right that is not suspended changes nothing (409); it reads no body, so the other organisation meets the id check.
			rightAction: 'resume',
			origin: origins.items[0]!.id,
			apiToken: toRevoke.id,
			member: file.members[0]!.id,
			budgetLine: file.lines[0]!.id,
			category,
			application: committee.items[0]!.applicationId,
			device: devices.items.find((d) => d.name === 'Tablette à retirer')!.id,
			parcelTemplate: parcelTemplate.id,
			// issue 14: today's demo distribution day (the days helper's demo), one of its parcels, and a made-up picked line.
			distributionDay,
			parcel: dayParcels.parcels[0]!.id,
			parcelPick: '00000000-0000-4000-8000-000000000000',
			reuseItem: reuseItems.items[0]!.code,
			reuseCategory,
			reuseContainer: reuseContainer.id,
			reuseIntake: reuseIntake.id,
			// A line number the intake does not have: the cancel judges the intake first (404 for another organisation), then the line (404).
			reuseIntakeLine: '999999999',
			reuseExit: reuseExit.id,
			reuseExitLine: '999999999'
		};

		// ——— The other organisation: its all-roles person and data with its marker ———
		const other = await signedIn('zzorgb', ORG_B_PASSWORD);
		const householdB = { firstName: 'ZZORGB-Inès', lastName: 'ZZORGB-Garnier', birthDate: '1979-09-09' };
		await json(await other.post('/api/v1/households', { data: householdB }), 'org B household');
		const productB = { name: 'ZZORGB-Confiture', unit: 'piece', referencePrice: '1,50', zone: 'ambient', dateType: 'none' };
		expect((await form(other, '/catalogue/nouveau', productB)).status(), 'org B product').toBe(303);
		expect((await form(other, '/lieux/sites/nouveau', { name: 'ZZORGB-Site', kind: 'epicerie', address: '1 rue ZZORGB' })).status(), 'org B site').toBe(303);
		const allRoles = ['admin', 'manager', 'social_worker', 'supervisor', 'operator'];
		const otherTokenPage = await (await form(other, '/jetons-api?/create', { name: 'ZZORGB-Jeton', roles: allRoles })).text();
		const otherToken = firstMatch(otherTokenPage, /(esk_[A-Za-z0-9_-]+)/, 'org B token');
		const otherTokenContext = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { origin: base, authorization: `Bearer ${otherToken}` } });
		contexts.push(otherTokenContext);
		expect(((await json<{ roles: string[] }>(await otherTokenContext.get('/api/v1/me'), 'org B token roles')).roles ?? []).length, 'org B token roles').toBe(5);

		const who: Record<Actor, APIRequestContext> = {
			anonymous,
			operator,
			supervisor,
			manager,
			admin,
			social_worker: socialWorker,
			token: tokenContext,
			other_org: other,
			other_token: otherTokenContext
		};

		// ——— The matrix ———
		// Writes that end something (closing the till, the demo's distribution day) come last, and signing out
		// (which ends the person's sessions) and the language after them all.
		const signsOut = (key: string) => key.includes(' /(public)/');
		const last = routes.filter((r) => EXPECTED[r.key]!.last);
		const ordered = [...routes.filter((r) => !EXPECTED[r.key]!.last), ...last.filter((r) => !signsOut(r.key)), ...last.filter((r) => signsOut(r.key))];
		const failures: string[] = [];
		let checks = 0;
		const started = Date.now();
		for (const actor of ACTORS) {
			for (const route of ordered) {
				const entry = EXPECTED[route.key]!;
				const expected = entry.row[actor];
				const values = Object.fromEntries(route.params.map((p) => [p, fixtures[PARAM_VALUES[route.routeId]![p]!]]));
				const url = urlPath(route.routeId, values) + (route.action && route.action !== 'default' ? `?/${route.action}` : '') + (QUERY[route.key] ?? '');
				const ctx = who[actor];
				let res: APIResponse;
				if (route.method === 'GET') res = await ctx.get(url, { maxRedirects: 0 });
				else if (route.kind === 'api') res = await ctx.fetch(url, { method: route.method, data: {}, maxRedirects: 0 });
				else res = await form(ctx, url, entry.body);
				checks++;
				const status = res.status();
				const location = res.headers()['location'] ? new URL(res.headers()['location']!, base + url).pathname : '';
				const body = await res.text();
				const wrong = judge(route, expected, status, location, body);
				const label = `${actor.padEnd(13)} ${route.method} ${url}  [${route.key}]`;
				if (wrong) failures.push(`${label}: ${wrong}`);
				// MATRIX_VERBOSE=1 prints every answer (to write a new route's row, or to see which empty posts acted).
				if (process.env.MATRIX_VERBOSE) console.log(`${label}: ${status}${location ? ` → ${location}` : ''}`);
				const outsider = actor === 'other_org' || actor === 'other_token' || actor === 'anonymous';
				const leaks = outsider ? (entry.publicDocument ? [] : ORG_A_MARKERS.filter((mk) => body.includes(mk))) : [];
				if (actor !== 'other_org' && actor !== 'other_token' && body.includes(ORG_B_MARKER)) leaks.push(ORG_B_MARKER);
				if (leaks.length) failures.push(`${label}: the body shows the other organisation's data (${leaks.join(', ')})`);
			}
		}
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		console.log(
			`role × route matrix: ${routes.length} routes (pages, actions, endpoints) × ${ACTORS.length} visitors = ${checks} checks in ${seconds} s; ` +
				`${failures.length} failure(s)`
		);
		for (const f of failures) console.log(`  ✗ ${f}`);
		expect(failures, 'role × route matrix failures').toEqual([]);
	} finally {
		for (const c of contexts) await c.dispose();
		await server?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
});

const SIGN_IN = /^\/(connexion|tablette)(\?|$)/;

/** Why an answer does not meet its expectation, or null when it does. */
function judge(route: RouteCheck, expected: Expect, status: number, location: string, body: string): string | null {
	const got = `got ${status}${location ? ` → ${location}` : ''}`;
	const isApi = route.kind === 'api';
	const apiCode = (code: string) => {
		if (!isApi) return null;
		try {
			return (JSON.parse(body) as { error?: { code?: string } }).error?.code === code ? null : `not the JSON error ${code}: ${body.slice(0, 120)}`;
		} catch {
			return `not JSON: ${body.slice(0, 120)}`;
		}
	};
	if (typeof expected === 'object') {
		if (!expected.status.includes(status)) return `expected ${expected.status.join('/')} (${expected.why}), ${got}`;
		if (expected.location && !location.startsWith(expected.location)) return `expected a redirect to ${expected.location} (${expected.why}), ${got}`;
		return null;
	}
	switch (expected) {
		case 'allow': {
			if (route.method === 'GET') return status === 200 ? null : `expected 200, ${got}`;
			const ok = isApi ? [200, 201, 400, 404, 409, 422] : [200, 303, 400, 404, 409, 422];
			if (!ok.includes(status)) return `expected to be let in (${ok.join('/')}), ${got}`;
			const french = /[àâçéèêëîïôûù]|\b(le|la|les|une?|est|pas|du|des)\b/i;
			if ((status === 400 || status === 404) && !french.test(body)) return `a ${status} without a French message: ${body.slice(0, 120)}`;
			return null;
		}
		case 'sign_in':
			if (isApi) return status === 401 ? apiCode('unauthenticated') : `expected 401, ${got}`;
			if (route.method === 'GET') return status === 303 && SIGN_IN.test(location) ? null : `expected a redirect to sign in, ${got}`;
			return status === 401 ? null : `expected 401, ${got}`;
		case 'forbidden':
			return status === 403 ? apiCode('forbidden') : `expected 403, ${got}`;
		case 'hidden':
			return status === 404 || status === 403 ? null : `expected 404 or 403 (an id that is not theirs), ${got}`;
	}
}
