import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { passwordSignIn } from '$lib/server/auth/login';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { enrolDevice } from '$lib/server/auth/devices';
import { listTillOperators, pinSignIn } from '$lib/server/auth/tablet';
import { households, locations, memberships, organisations, sites, users } from '$lib/server/db/schema';
import { householdCounts, openHouseholdFile, socialDesk } from '$lib/server/households/households';
import { committeeSession, tillLookup } from '$lib/server/households/rights';
import {
	DEMO_ACCOUNTS,
	DEMO_HISTORY_HOUSEHOLDS,
	DEMO_HOUSEHOLDS,
	DEMO_ORGANISATION,
	DEMO_PASSWORD,
	DEMO_PRODUCTS,
	demoHistoryMonths,
	demoLoginsText,
	demoLots,
	isEmpty,
	seedDemo
} from '$lib/server/seed';
import { runReport } from '$lib/server/reports/registry';
import { rowsOf } from '$lib/server/reports/sql';
import { DEMO_FORMER_OPERATOR, DEMO_OWN_SKILL } from '$lib/server/demo/training';
import { listTrainees, trainingRecord } from '$lib/server/training/record';
import { listSkills } from '$lib/server/training/framework';
import { isValidGtin } from '$lib/stock/gs1';
import { basketView, indexCatalogue, scanCode } from '$lib/till/basket';
import { completeSale, tillCatalogue } from '$lib/server/till/sales';
import { tillCustomer } from '$lib/server/till/serve';
import { openTill } from '$lib/server/till/sessions';
import { lots, products, stockMovements } from '$lib/server/db/schema';
import { useTestDatabase } from '../helpers/db';
import { actorOf } from '../helpers/fixtures';

// The demo uses fixed names (admin, sophie…), so it gets a database of its own.
const t = useTestDatabase();

describe('seedDemo', () => {
	test('fills an empty database with the demo organisation, its sites, cold-chain locations and 6 accounts', async () => {
		expect(await isEmpty(t.db)).toBe(true);
		await seedDemo(t.db);
		expect(await isEmpty(t.db)).toBe(false);

		const orgs = await t.db.select().from(organisations);
		expect(orgs).toHaveLength(1);
		expect(orgs[0]).toMatchObject({ name: DEMO_ORGANISATION, active: true });
		const organisationId = orgs[0]!.id;

		const siteRows = await t.db.select().from(sites).where(eq(sites.organisationId, organisationId));
		expect(siteRows).toHaveLength(3);
		expect(siteRows.map((s) => s.kind).sort()).toEqual(['entrepot', 'epicerie', 'ressourcerie']);

		const locs = await t.db.select().from(locations).where(eq(locations.organisationId, organisationId));
		const zones = new Set(locs.map((l) => l.zone));
		expect(zones).toEqual(new Set(['ambient', 'chilled', 'frozen']));
		// The shop's places EMP-0001…; the prepared-parcels places of the parcels' demo (issue 14) are COL-0001….
		const shelves = locs.filter((l) => l.kind !== 'colis');
		expect(shelves.map((l) => l.code).sort()).toEqual(shelves.map((_, i) => 'EMP-' + String(i + 1).padStart(4, '0')));
		expect(locs.filter((l) => l.kind === 'colis').every((l) => /^COL-\d{4}$/.test(l.code))).toBe(true);
		for (const l of locs.filter((x) => x.zone !== 'ambient')) expect(['chambre_froide', 'refrigerateur', 'congelateur']).toContain(l.kind);

		// The 6 accounts, and a former employee of the training record (inactive, no password nor PIN).
		const people = await t.db.select().from(users).where(eq(users.organisationId, organisationId));
		expect(people).toHaveLength(7);
		expect(people.find((p) => p.username === DEMO_FORMER_OPERATOR.username)).toMatchObject({ active: false, passwordHash: null, pinHash: null });
		expect(DEMO_ACCOUNTS).toHaveLength(6);
		const roles = await t.db.select().from(memberships).where(eq(memberships.organisationId, organisationId));
		expect(new Set(roles.map((r) => r.role))).toEqual(new Set(['admin', 'manager', 'social_worker', 'supervisor', 'operator']));
		for (const a of DEMO_ACCOUNTS) {
			const u = people.find((p) => p.username === a.username);
			expect(u, a.username).toBeDefined();
			expect(
				roles
					.filter((r) => r.userId === u!.id)
					.map((r) => r.role)
					.sort()
			).toEqual([...a.roles].sort());
			expect(u!.passwordHash !== null).toBe(a.password);
			expect(u!.pinHash !== null).toBe(!!a.pin);
		}
	});

	test('DEMO_HISTORY_MONTHS: 12 months by default, 0 turns the history off, anything else is refused', () => {
		expect(demoHistoryMonths({})).toBe(12);
		expect(demoHistoryMonths({ DEMO_HISTORY_MONTHS: '0' })).toBe(0);
		expect(demoHistoryMonths({ DEMO_HISTORY_MONTHS: ' 3 ' })).toBe(3);
		for (const bad of ['-1', '2.5', 'douze', '1000']) expect(() => demoHistoryMonths({ DEMO_HISTORY_MONTHS: bad })).toThrow(/DEMO_HISTORY_MONTHS/);
	});

	test('the demo accounts sign in as printed: passwords for staff, PINs on a tablet for the till', async () => {
		const withPassword = DEMO_ACCOUNTS.filter((a) => a.password);
		expect(withPassword.length).toBeGreaterThan(0);
		for (const a of withPassword.slice(0, 2)) {
			const s = await passwordSignIn(t.db, { username: a.username, password: DEMO_PASSWORD, ip: '10.7.7.7' });
			const v = await validateSessionToken(t.db, s.token);
			expect(v?.actor.roles.sort()).toEqual([...a.roles].sort());
		}
		const supervisor = DEMO_ACCOUNTS.find((a) => a.roles.includes('supervisor'))!;
		const [sup] = await t.db.select().from(users).where(eq(users.username, supervisor.username));
		const { device } = await enrolDevice(t.db, await actorOf(t.db, sup!.id), { name: 'Caisse démo' });
		const operators = await listTillOperators(t.db, device);
		expect(operators.map((o) => o.firstName).sort()).toEqual(
			DEMO_ACCOUNTS.filter((a) => a.pin && a.roles.some((r) => r === 'operator' || r === 'supervisor'))
				.map((a) => a.firstName)
				.sort()
		);
		const karim = DEMO_ACCOUNTS.find((a) => a.roles.includes('operator') && a.pin)!;
		const op = operators.find((o) => o.firstName === karim.firstName)!;
		expect((await pinSignIn(t.db, device, { userId: op.id, pin: karim.pin! })).ok).toBe(true);
	});

	test('the demo households show on first start: a valid right, one ending soon, one waiting for the committee; cards work at the till', async () => {
		const [julien] = await t.db.select().from(users).where(eq(users.username, 'julien'));
		const [karim] = await t.db.select().from(users).where(eq(users.username, 'karim'));
		const [sophie] = await t.db.select().from(users).where(eq(users.username, 'sophie'));
		const worker = await actorOf(t.db, julien!.id);
		const operator = await actorOf(t.db, karim!.id);
		expect(DEMO_HOUSEHOLDS.map((h) => h.right)).toEqual(['valid', 'expiring', 'none']);

		// The demo's history (DEMO_HISTORY_MONTHS, 12 by default) adds households of its own, none waiting, none ending soon.
		const counts = await householdCounts(t.db, await actorOf(t.db, sophie!.id));
		expect(counts).toMatchObject({ files: 3 + DEMO_HISTORY_HOUSEHOLDS, waiting: 1, anonymised: 0 });
		expect(counts.withRight).toBeGreaterThan(2);
		const desk = await socialDesk(t.db, worker);
		expect(desk.ending.map((r) => r.reference)).toEqual(['FOY-0002']);
		expect(desk.waiting.map((r) => r.reference)).toEqual(['FOY-0003']);
		expect(desk.withoutRight.map((r) => r.reference).filter((r) => r.startsWith('FOY-'))).toEqual(['FOY-0003']);
		expect((await committeeSession(t.db, worker)).items.map((i) => i.reference)).toEqual(['FOY-0003']);

		const valid = await tillLookup(t.db, operator, DEMO_HOUSEHOLDS[0]!.card!);
		expect(valid).toMatchObject({ firstName: 'Amina', status: 'valid', canShop: true, rateBp: 2000, budgetCents: 3000, usedCents: 0 });
		const expiring = await tillLookup(t.db, operator, DEMO_HOUSEHOLDS[1]!.card!.toLowerCase());
		expect(expiring).toMatchObject({ firstName: 'Marc', status: 'expiring', canShop: true, budgetCents: 2000 });
		// Issue 10: waiting for the committee, not "Pas de droit".
		expect(await tillLookup(t.db, operator, 'FOY-0003')).toMatchObject({
			firstName: 'Fatou',
			status: 'waiting',
			message: 'Demande en attente du comité',
			canShop: false
		});
		for (const h of DEMO_HOUSEHOLDS.filter((x) => x.card)) expect(demoLoginsText()).toContain(h.card!);

		// The files hold what the pages need: members, resources and charges, the social worker.
		const desk2 = await socialDesk(t.db, worker);
		const file = await openHouseholdFile(t.db, worker, desk2.ending[0]!.id);
		expect(file).toMatchObject({ persons: 1, current: { status: 'active' }, card: { issuedAt: expect.any(Date) } });
		expect(file.household).toMatchObject({ firstName: 'Marc', lastName: 'Lefèvre', socialWorker: 'Julien Bernard' });
		expect(file.lines).toHaveLength(3);
	});

	test('seeding twice is refused by the database (all or nothing: no second half-organisation)', async () => {
		await expect(seedDemo(t.db)).rejects.toThrow();
		expect(await t.db.select().from(organisations)).toHaveLength(1);
		expect(await t.db.select().from(sites)).toHaveLength(3);
		expect(await t.db.select().from(households)).toHaveLength(DEMO_HOUSEHOLDS.length + DEMO_HISTORY_HOUSEHOLDS);
	});

	test('every demo product has a real weight: the reports count its kg, no "poids inconnu"', async () => {
		for (const p of DEMO_PRODUCTS) if (p.unit !== 'kg') expect(p.netWeightGrams, p.name).toBeGreaterThan(0);
		const [nadia] = await t.db.select().from(users).where(eq(users.username, 'nadia'));
		const stock = await runReport(t.db, await actorOf(t.db, nadia!.id), 'stock', new URLSearchParams());
		expect(stock.notes).toEqual([]);
		// Every lot of the demo counts its kg: 25 kg of apples, 40 × 500 g of pasta, 24 × 1,03 kg of milk…, and the
		// stock received for the parcels' demo (issue 14: products named "… (colis)", each with its weight).
		const grams = DEMO_PRODUCTS.reduce((s, p) => s + p.lots.reduce((n, l) => n + l.quantity, 0) * (p.unit === 'kg' ? 1 : p.netWeightGrams!), 0);
		const parcelStock = await t.db
			.select({ onHand: lots.onHand, unit: products.unit, weight: products.netWeightGrams })
			.from(lots)
			.innerJoin(products, eq(products.id, lots.productId))
			.where(sql`${products.name} like '%(colis)'`);
		expect(parcelStock.length).toBeGreaterThan(0);
		for (const l of parcelStock) if (l.unit !== 'kg') expect(l.weight).toBeGreaterThan(0);
		const parcelGrams = parcelStock.reduce((s, l) => s + l.onHand * (l.unit === 'kg' ? 1 : l.weight!), 0);
		expect(stock.figures.find((f) => f.id === 'grams')!.value).toBe(grams + parcelGrams);
	});

	test('the demo catalogue lets the till serve FOY-0001 at once: EANs, FEFO, an FSE+ lot at 0 €, a DLC-past lot refused, a DDM-past lot flagged, a limit', async () => {
		for (const p of DEMO_PRODUCTS) expect(isValidGtin(p.ean), p.ean).toBe(true);
		const [karim] = await t.db.select().from(users).where(eq(users.username, 'karim'));
		const [nadia] = await t.db.select().from(users).where(eq(users.username, 'nadia'));
		const { device } = await enrolDevice(t.db, await actorOf(t.db, nadia!.id), { name: 'Caisse démo 2' });
		const operator = await actorOf(t.db, karim!.id, { deviceId: device.id, method: 'pin' });
		await openTill(t.db, operator, { deviceId: device.id }, { floatCents: 5000 });
		const catalogue = await tillCatalogue(t.db, operator);
		// The parcels' demo (issue 14) received its own products, "… (colis)"; its prepared parcels are not for sale.
		const forParcels = (name: string) => name.endsWith('(colis)');
		expect(
			catalogue.products
				.map((p) => p.name)
				.filter((n) => !forParcels(n))
				.sort()
		).toEqual(DEMO_PRODUCTS.map((p) => p.name).sort());
		const ix = indexCatalogue(catalogue);
		const parcelProducts = new Set(catalogue.products.filter((p) => forParcels(p.name)).map((p) => p.id));
		// Lot codes follow the creation order, as the start-up text prints them.
		const expected = demoLots();
		expect(
			[...ix.lots.values()]
				.filter((l) => !parcelProducts.has(l.productId))
				.map((l) => l.code)
				.sort()
		).toEqual(expected.map((l) => l.code));
		const code = (note: RegExp) => expected.find((l) => l.note && note.test(l.note))!.code;
		const amina = await tillCustomer(t.db, operator, 'FOY-0001');
		expect(scanCode(ix, [], code(/DLC passée/), null)).toMatchObject({ kind: 'error', error: expect.stringMatching(/DLC/) });
		const coffee = scanCode(ix, [], DEMO_PRODUCTS.find((p) => p.name.startsWith('Café'))!.ean, 7);
		const beans = scanCode(ix, [], DEMO_PRODUCTS.find((p) => p.name.startsWith('Haricots'))!.ean, null);
		const oil = scanCode(ix, [], DEMO_PRODUCTS.find((p) => p.name.startsWith('Huile'))!.ean, 3);
		if (coffee.kind !== 'lines' || beans.kind !== 'lines' || oil.kind !== 'lines') throw new Error('scan failed');
		expect(basketView(ix, amina, oil.lines).breaches[0]).toMatch(/2 au plus par passage/);
		const view = basketView(ix, amina, [...coffee.lines, ...beans.lines]);
		expect(view.lines.map((l) => [l.lotCode, l.quantity, l.ddmPast, l.fse])).toEqual([
			[code(/DDM passée/), 6, true, false],
			[expected.filter((l) => l.product.startsWith('Café'))[1]!.code, 1, false, false],
			[code(/FSE\+/), 1, false, true]
		]);
		const r = await completeSale(
			t.db,
			operator,
			{ deviceId: device.id },
			{
				idempotencyKey: crypto.randomUUID(),
				customer: 'FOY-0001',
				lines: [...coffee.lines, ...beans.lines].map((l) => ({ lot: l.lotId, quantity: l.quantity })),
				payments: [{ method: 'cash', amountCents: view.totals.paidCents, tenderedCents: 1000 }]
			}
		);
		expect(r).toMatchObject({ paidCents: view.totals.paidCents, fseCents: 120, budgetLeftCents: 3000 - 7 * 290 });
		// Every demo lot's balance is the sum of its movements.
		const drift = await t.db.execute<{ code: string }>(
			sql`select l.code from lots l where l.on_hand <> (select coalesce(sum(m.quantity), 0)::int from stock_movements m where m.lot_id = l.id)`
		);
		expect(Array.isArray(drift) ? drift : (drift as unknown as { rows: unknown[] }).rows).toEqual([]);
		expect((await t.db.select().from(stockMovements)).length).toBeGreaterThanOrEqual(expected.length);
		// The history's lots come after the demo's (L-000001… unchanged) and are all empty: sold, given or lost
		// (but the parcels' stock, received last).
		const all = await t.db
			.select({ code: lots.code, onHand: lots.onHand, product: products.name })
			.from(lots)
			.innerJoin(products, eq(products.id, lots.productId))
			.orderBy(lots.code);
		expect(all.slice(0, expected.length).map((l) => l.code)).toEqual(expected.map((l) => l.code));
		expect(all.length).toBeGreaterThan(expected.length);
		expect(all.slice(expected.length).filter((l) => l.onHand !== 0 && !forParcels(l.product))).toEqual([]);
	});

	test('the training record shows at once: contracts, work from the history, validations, a review, an own skill (issue 13)', async () => {
		const [nadia] = await t.db.select().from(users).where(eq(users.username, 'nadia'));
		const [sophie] = await t.db.select().from(users).where(eq(users.username, 'sophie'));
		const supervisor = await actorOf(t.db, nadia!.id);
		const trainees = await listTrainees(t.db, supervisor);
		const byName = (first: string) => trainees.find((p) => p.name.startsWith(first))!;
		// Karim: running, Nadia his referent; Léa: ending within 60 days; Moussa: left for a transition job last quarter.
		expect(byName('Karim')).toMatchObject({ mine: true, contract: { exitKind: null } });
		expect(byName('Karim').daysLeft).toBeGreaterThan(60);
		expect(byName('Léa').daysLeft).toBeLessThanOrEqual(60);
		expect((await listTrainees(t.db, supervisor, { filter: 'ending' })).map((p) => p.name)).toEqual(['Léa Petit']);
		expect(byName('Moussa').contract).toMatchObject({ exitKind: 'transition_job' });
		// The history's work is the operators': sales, receptions, counts and till sessions as work events with their instants.
		const karim = byName('Karim');
		const record = await trainingRecord(t.db, supervisor, karim.id);
		const types = new Set(record.evidence.events.filter((e) => e.times > 0).map((e) => e.type));
		for (const type of ['till.sale', 'till.open', 'till.close', 'reception.line_add', 'count.line'] as const) expect(types, type).toContain(type);
		const [sales] = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from sales where user_id = ${karim.id} and kind = 'epicerie'`);
		expect(record.evidence.events.find((e) => e.type === 'till.sale')!.times).toBe(sales!.n);
		// The ressourcerie's past public sales (demo/reuseSales.ts) are his work too, as `reuse.sale`.
		const [pub] = await rowsOf<{ n: number }>(t.db, sql`select count(*)::int as n from sales where user_id = ${karim.id} and kind = 'public'`);
		expect(pub!.n).toBeGreaterThan(0);
		expect(record.evidence.events.find((e) => e.type === 'reuse.sale')?.times).toBe(pub!.n);
		// Each history sale was made by someone in post that day (a contract), else by Nadia; never outside a contract.
		const [outside] = await rowsOf<{ n: number }>(
			t.db,
			sql`select count(*)::int as n from sales s join users u on u.id = s.user_id
			 where u.username <> 'nadia' and not exists (select 1 from contracts c where c.user_id = s.user_id
			   and s.day between c.start_date and coalesce(c.exit_date, c.end_date))`
		);
		expect(outside!.n).toBe(0);
		// Validations at several levels, with history, by Nadia; a review three weeks ago, work since.
		const serve = record.skills.find((s) => s.skill.code === 'CAP-B3-2')!;
		expect(serve.current).toMatchObject({ level: 'autonomous', validatedBy: 'Nadia Haddad' });
		expect(serve.history.map((v) => v.level)).toEqual(['autonomous', 'with_help', 'discovery']);
		expect(record.lastReview?.by).toBe('Nadia Haddad');
		expect(karim.newSince).toBeGreaterThan(0);
		expect(karim.newSince).toBeLessThan(record.evidence.total.times);
		// The organisation's own skill.
		const own = (await listSkills(t.db, await actorOf(t.db, sophie!.id))).find((s) => s.framework === 'own')!;
		expect(own).toMatchObject({ name: DEMO_OWN_SKILL.name, events: [...DEMO_OWN_SKILL.events] });
		// The workshop report counts them (the year to date).
		const year = await runReport(t.db, await actorOf(t.db, sophie!.id), 'workshop', new URLSearchParams({ period: 'year' }));
		const fig = Object.fromEntries(year.figures.map((f) => [f.id, f.value]));
		expect(fig.people).toBeGreaterThanOrEqual(2);
		expect(fig.events).toBeGreaterThan(0);
	});
});
