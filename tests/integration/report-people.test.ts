// Households served, annual report and dashboard (issue 12): households and people counted right on
// constructed data (members count; a household served twice in a month counts once), communes under 3
// households grouped, rights issued / renewed / ended, no name anywhere (report, CSV, .xlsx); the annual
// figures equal the sums of the months where they add up, unduplicated counts between the largest month
// and the sum (fast-check); the dashboard's comparisons across a year boundary, in the organisation's
// zone, and a supervisor's dashboard without any household or sales figure; who may read what.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Report } from '$lib/reports/model';
import { shopToday } from '$lib/stock/dates';
import { runDashboard } from '$lib/server/reports/dashboard';
import { reportCsv, reportXlsx } from '$lib/server/reports/export';
import { groupCommunes } from '$lib/server/reports/households';
import { runReport } from '$lib/server/reports/registry';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { householdWithRight, renewalAt, returnAt, saleAt, tillSession } from '../helpers/people-reports';
import { makeLot, movementAt, readXlsx } from '../helpers/reports';
import { makeOrigin, makeProduct } from '../helpers/stock';

const t = useApiTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const fig = (r: Report) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
const table = (r: Report, id: string) => r.tables.find((x) => x.id === id)!;
const OLD = new Date('2026-01-05T10:00:00Z');

describe('households served', () => {
	it('counts households and people once, by size and commune, with rights and budget — and names no one', async () => {
		const org = await makeOrg(t.db);
		const session = await tillSession(t.db, org);
		const inNov = new Date('2026-11-05T10:00:00Z');
		const a = await householdWithRight(t.db, org, { members: 2, commune: 'Lyon', createdAt: inNov, rightCreatedAt: inNov });
		const b = await householdWithRight(t.db, org, { members: 0, commune: 'Lyon', createdAt: inNov, rightCreatedAt: OLD });
		const c = await householdWithRight(t.db, org, { members: 4, commune: 'Lyon', createdAt: OLD, rightCreatedAt: OLD });
		const d = await householdWithRight(t.db, org, { members: 1, commune: 'Bron', createdAt: OLD, rightCreatedAt: OLD, validTo: '2026-11-15' });
		const e = await householdWithRight(t.db, org, { members: 0, commune: null, createdAt: OLD, rightCreatedAt: OLD });
		const sale = (h: typeof a, day: string, referenceCents = 1000) =>
			saleAt(t.db, org, { sessionId: session, householdId: h.householdId, rightId: h.rightId, day, referenceCents, paidCents: 200 });
		const first = await sale(a, '2026-11-03');
		await sale(a, '2026-11-20'); // the same household again: counts once
		await sale(b, '2026-11-10');
		await sale(c, '2026-11-30');
		await sale(d, '2026-11-01');
		await sale(e, '2026-10-31'); // October only
		// A return at 23:30 on 30 November in Paris (22:30 UTC): November's value given.
		await returnAt(t.db, org, { saleId: first, sessionId: session, at: new Date('2026-11-30T22:30:00Z'), referenceCents: 300, refundCents: 60 });
		await renewalAt(t.db, org, a.rightId, new Date('2026-11-10T10:00:00Z'));
		await renewalAt(t.db, org, b.rightId, new Date('2026-12-02T10:00:00Z'));
		await t.db.execute(
			sql`insert into right_budget_uses (organisation_id, right_id, month, amount_cents, source) values (${org.organisationId}, ${a.rightId}, '2026-11-01', 1500, 'test')`
		);

		const r = await runReport(t.db, org.actors.manager, 'households', q({ period: 'month', from: '2026-11-01' }), { now: new Date('2026-12-05T10:00:00Z') });
		expect(fig(r)).toMatchObject({
			households: 4,
			people: 3 + 1 + 5 + 2,
			visits: 5,
			visitsPerHousehold: 1.3,
			newFiles: 2,
			rightsIssued: 1,
			rightsRenewed: 1,
			rightsEnded: 1,
			budgetUsed: 5000,
			budgetSpent: 1500
		});
		expect(table(r, 'composition').rows.map((x) => [x.households, x.people])).toEqual([
			[1, 1],
			[1, 2],
			[1, 3],
			[1, 5]
		]);
		expect(table(r, 'communes').rows).toEqual([
			{ commune: 'Lyon', households: 3, people: 9 },
			{ commune: 'Autres communes', households: 1, people: 2 }
		]);
		expect(r.notes.map((n) => n.text).join(' ')).toMatch(/moins de 3 foyers/);
		expect(table(r, 'mois').rows).toEqual([{ month: 'nov. 2026', households: 4, people: 11, visits: 5 }]);

		// No name, reference, id or birth date in the report, its CSV files or its .xlsx.
		const csv = r.tables.map((x) => reportCsv(r, x.id)).join('\n');
		const xlsx = JSON.stringify(readXlsx(await reportXlsx(r)));
		for (const h of [a, b, c, d, e])
			for (const secret of [h.firstName, h.lastName, h.reference, h.householdId, h.rightId, '1971', '13/04'])
				for (const text of [JSON.stringify(r), csv, xlsx]) expect(text).not.toContain(secret);

		// The dashboard of November agrees: households, people, visits; the return is in November's value.
		const dash = await runDashboard(t.db, org.actors.manager, q({ from: '2026-11-12' }), { now: new Date('2026-12-05T10:00:00Z') });
		expect(fig(dash)).toMatchObject({ households: 4, people: 11, visits: 5, reference: 5000 - 300, paid: 1000 - 60 });
		expect(dash.figures.find((f) => f.id === 'households')!).toMatchObject({ previous: 1, lastYear: 0, href: '/rapports/foyers?period=month&from=2026-11-01' });
	});

	it('groups communes under 3 households as "other", whatever their order', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ commune: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { nil: null }), households: fc.integer({ min: 1, max: 6 }) })),
				(rows) => {
					const merged = new Map<string | null, number>();
					for (const x of rows) merged.set(x.commune, (merged.get(x.commune) ?? 0) + x.households);
					const input = [...merged].map(([commune, households]) => ({ commune, households, people: households * 2 }));
					const out = groupCommunes(input);
					expect(out.reduce((s, x) => s + x.households, 0)).toBe(input.reduce((s, x) => s + x.households, 0));
					for (const x of out) if (x.commune !== null) expect(x.households).toBeGreaterThanOrEqual(3);
					expect(out.filter((x) => x.commune === null).length).toBeLessThanOrEqual(1);
				}
			)
		);
	});
});

describe('annual report', () => {
	it('the year adds its months up; households and people once over the year (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						h: fc.integer({ min: 0, max: 3 }),
						month: fc.integer({ min: 0, max: 11 }),
						day: fc.integer({ min: 1, max: 28 }),
						ref: fc.integer({ min: 0, max: 5000 }),
						fse: fc.boolean()
					}),
					{
						maxLength: 14
					}
				),
				fc.array(
					fc.record({
						kind: fc.constantFrom('reception', 'sale', 'distribution', 'loss', 'return'),
						fse: fc.boolean(),
						month: fc.integer({ min: -1, max: 12 }),
						qty: fc.integer({ min: 1, max: 30 })
					}),
					{ maxLength: 12 }
				),
				async (sales, moves) => {
					const org = await makeOrg(t.db);
					const session = await tillSession(t.db, org);
					const members = [0, 1, 3, 5];
					const hh = [];
					for (const n of members) hh.push(await householdWithRight(t.db, org, { members: n, createdAt: OLD, rightCreatedAt: OLD }));
					let refSum = 0;
					let fseSum = 0;
					const served = new Set<number>();
					for (const s of sales) {
						const day = `2026-${String(s.month + 1).padStart(2, '0')}-${String(s.day).padStart(2, '0')}`;
						await saleAt(t.db, org, {
							sessionId: session,
							householdId: hh[s.h]!.householdId,
							rightId: hh[s.h]!.rightId,
							day,
							referenceCents: s.ref,
							paidCents: Math.round(s.ref / 5),
							fseCents: s.fse ? 100 : 0
						});
						refSum += s.ref;
						fseSum += s.fse ? 100 : 0;
						served.add(s.h);
					}
					const food = await makeOrigin(t.db, org, { kind: 'food_bank' });
					const fse = await makeOrigin(t.db, org, { kind: 'fse', fse: true });
					const product = await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 500, referencePriceCents: 100 });
					const exp = { received: 0, distributed: 0, lost: 0, fseDistributed: 0 };
					for (const mv of moves) {
						const lot = await makeLot(t.db, org, { productId: product.id, originId: mv.fse ? fse.id : food.id });
						// Stock from before the year, then the movement on the 15th of its month (months −1 and 12 are outside 2026).
						await movementAt(t.db, org, { lotId: lot.id, quantity: 100, kind: 'move', at: new Date('2025-06-01T10:00:00Z') });
						const at = new Date(Date.UTC(2026, mv.month, 15, 10));
						const signed = mv.kind === 'reception' || mv.kind === 'return' ? mv.qty : -mv.qty;
						await movementAt(t.db, org, { lotId: lot.id, quantity: signed, kind: mv.kind, reason: mv.kind === 'loss' ? 'broken' : null, at });
						if (mv.month < 0 || mv.month > 11) continue;
						if (mv.kind === 'reception') exp.received += mv.qty * 500;
						else if (mv.kind === 'loss') exp.lost += mv.qty * 500;
						else {
							exp.distributed -= signed * 500;
							if (mv.fse) exp.fseDistributed -= signed * 500;
						}
					}
					const r = await runReport(t.db, org.actors.manager, 'annual', q({ period: 'month', from: '2026-07-14' }), { now: new Date('2027-01-10T10:00:00Z') });
					expect(r.period).toEqual({ kind: 'year', from: '2026-01-01', to: '2026-12-31' });
					const f = fig(r);
					const months = table(r, 'mois').rows;
					expect(months).toHaveLength(12);
					const sum = (k: string) => months.reduce((s, x) => s + Number(x[k]), 0);
					// Additive figures: the year = the sum of its months = the rows written.
					expect(f.visits).toBe(sales.length);
					expect(sum('visits')).toBe(f.visits);
					expect(f.reference).toBe(refSum);
					expect(sum('referenceCents')).toBe(refSum);
					expect(f.fse).toBe(fseSum);
					expect(f.receivedGrams).toBe(exp.received);
					expect(sum('receivedGrams')).toBe(exp.received);
					expect(f.distributedGrams).toBe(exp.distributed);
					expect(sum('distributedGrams')).toBe(exp.distributed);
					expect(f.fseGrams).toBe(exp.fseDistributed);
					expect(f.lostGrams).toBe(exp.lost);
					const origins = table(r, 'origines');
					expect(origins.rows.reduce((s, x) => s + Number(x.distributedGrams), 0)).toBe(exp.distributed);
					// Unduplicated: exactly the households served; between the largest month and the sum of the months.
					expect(f.households).toBe(served.size);
					expect(f.people).toBe([...served].reduce((s, i) => s + 1 + members[i]!, 0));
					for (const k of ['households', 'people']) {
						expect(f[k]).toBeLessThanOrEqual(sum(k));
						expect(f[k]).toBeGreaterThanOrEqual(Math.max(0, ...months.map((x) => Number(x[k]))));
					}
					// The households report over the year counts the same months.
					const hr = await runReport(t.db, org.actors.manager, 'households', q({ period: 'year', from: '2026-03-01' }), {
						now: new Date('2027-01-10T10:00:00Z')
					});
					expect(table(hr, 'mois').rows.map((x) => [x.households, x.people])).toEqual(months.map((x) => [x.households, x.people]));
					expect(fig(hr).households).toBe(f.households);
				}
			),
			{ numRuns: 6 }
		);
	});
});

describe('dashboard', () => {
	it('compares January with December and last January, in Paris time; a supervisor gets the stock part only', async () => {
		const org = await makeOrg(t.db);
		const session = await tillSession(t.db, org);
		const h = await householdWithRight(t.db, org, { members: 1, createdAt: OLD, rightCreatedAt: OLD });
		const sale = (day: string, referenceCents: number) =>
			saleAt(t.db, org, { sessionId: session, householdId: h.householdId, rightId: h.rightId, day, referenceCents, paidCents: 0 });
		await sale('2027-01-04', 700);
		await sale('2026-12-31', 500);
		await sale('2026-01-15', 300);
		await sale('2026-01-20', 100);
		const origin = await makeOrigin(t.db, org);
		const product = await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 1000 });
		const lot = await makeLot(t.db, org, { productId: product.id, originId: origin.id });
		await movementAt(t.db, org, { lotId: lot.id, quantity: 2000, kind: 'reception', at: new Date('2026-12-31T22:30:00Z') }); // 23:30 on 31 Dec in Paris
		await movementAt(t.db, org, { lotId: lot.id, quantity: 3000, kind: 'reception', at: new Date('2026-12-31T23:30:00Z') }); // 00:30 on 1 Jan in Paris
		await movementAt(t.db, org, { lotId: lot.id, quantity: 1000, kind: 'reception', at: new Date('2026-01-10T10:00:00Z') });
		await movementAt(t.db, org, { lotId: lot.id, quantity: -400, kind: 'loss', reason: 'broken', at: new Date('2027-01-05T10:00:00Z') });
		// 35 g at 3 €/kg = 10,5 cents: 11 as Math.round (PostgreSQL's round of a float8 would say 10).
		const rice = await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 300 });
		const riceLot = await makeLot(t.db, org, { productId: rice.id, originId: origin.id });
		await movementAt(t.db, org, { lotId: riceLot.id, quantity: 100, kind: 'reception', at: new Date('2026-11-20T10:00:00Z') });
		await movementAt(t.db, org, { lotId: riceLot.id, quantity: -35, kind: 'loss', reason: 'broken', at: new Date('2027-01-06T10:00:00Z') });
		const past = await makeLot(t.db, org, { productId: product.id, originId: origin.id, date: '2027-01-08', dateType: 'dlc' });
		const soon = await makeLot(t.db, org, { productId: product.id, originId: origin.id, date: '2027-01-12', dateType: 'dlc' });
		for (const l of [past, soon]) await movementAt(t.db, org, { lotId: l.id, quantity: 10, kind: 'reception', at: new Date('2026-12-01T10:00:00Z') });
		const now = new Date('2027-01-10T10:00:00Z');

		const d = await runDashboard(t.db, org.actors.manager, q({}), { now });
		expect(d.period).toEqual({ kind: 'month', from: '2027-01-01', to: '2027-01-31' });
		const byId = Object.fromEntries(d.figures.map((f) => [f.id, f]));
		expect(byId.received).toMatchObject({ value: 3000, previous: 2000 + 20, lastYear: 1000, href: '/rapports/origines?period=month&from=2027-01-01' });
		expect(byId.received!.trend).toHaveLength(12);
		expect(byId.received!.trend!.at(-1)).toBe(3000);
		expect(byId.reference).toMatchObject({ value: 700, previous: 500, lastYear: 400 });
		expect(byId.visits).toMatchObject({ value: 1, previous: 1, lastYear: 2 });
		expect(byId.households).toMatchObject({ value: 1, previous: 1, lastYear: 1 });
		expect(byId.people).toMatchObject({ value: 2, previous: 2, lastYear: 2 });
		expect(byId.lost).toMatchObject({ value: 435, previous: 0, href: '/rapports/pertes?period=month&from=2027-01-01' });
		expect(byId.lostValue!.value).toBe(400 + 11);
		expect(byId.dlcPast!.value).toBe(1);
		expect(byId.dlcSoon!.value).toBe(1);
		expect(Object.keys(byId).sort()).toEqual(
			['distributed', 'dlcPast', 'dlcSoon', 'fse', 'households', 'lost', 'lostValue', 'paid', 'people', 'received', 'reference', 'visits'].sort()
		);

		const s = await runDashboard(t.db, org.actors.supervisor, q({}), { now });
		expect(s.figures.map((f) => f.id).sort()).toEqual(['dlcPast', 'dlcSoon', 'lost', 'lostValue', 'received']);
		const text = JSON.stringify(s);
		for (const absent of ['households', 'people', 'visits', 'reference', 'paid', 'fse', 'foyers', 'ventes']) expect(text).not.toContain(`"${absent}"`);
		expect(text).not.toContain('/rapports/foyers');
	});

	it('who may read the dashboard, the households and the annual reports', async () => {
		const org = await makeOrg(t.db);
		for (const role of ['operator', 'social_worker'] as const) {
			await expectAppError(runDashboard(t.db, org.actors[role], q({})), 'forbidden', 403);
			for (const name of ['households', 'annual']) await expectAppError(runReport(t.db, org.actors[role], name, q({})), 'forbidden', 403);
		}
		for (const name of ['households', 'annual']) await expectAppError(runReport(t.db, org.actors.supervisor, name, q({})), 'forbidden', 403);
		for (const role of ['manager', 'admin'] as const) for (const name of ['households', 'annual']) await runReport(t.db, org.actors[role], name, q({}));
		await runDashboard(t.db, org.actors.admin, q({}));
		await expectAppError(runDashboard(t.db, org.actors.manager, q({ period: 'week' })), 'invalid_period', 400);
	});

	it("answers the same through the API: a supervisor gets the stock part, the households report is the managers'", async () => {
		const org = await makeOrg(t.db);
		const session = await tillSession(t.db, org);
		const h = await householdWithRight(t.db, org, { members: 2, commune: 'Lyon', createdAt: OLD, rightCreatedAt: OLD });
		const today = shopToday(); // the shop's day (Paris), as the dashboard's month
		await saleAt(t.db, org, { sessionId: session, householdId: h.householdId, rightId: h.rightId, day: today, referenceCents: 900 });
		const sup = await callApi<Report>('GET', '/api/v1/reports/dashboard', { actor: org.actors.supervisor });
		expect(sup.status).toBe(200);
		expect(sup.body.figures.map((f) => f.id)).not.toContain('households');
		expect(JSON.stringify(sup.body)).not.toContain('"people"');
		const man = await callApi<Report>('GET', '/api/v1/reports/dashboard', { actor: org.actors.manager });
		expect(man.status).toBe(200);
		expect(man.body.figures.find((f) => f.id === 'people')!.value).toBe(3);
		expect((await callApi('GET', '/api/v1/reports/dashboard', { actor: org.actors.operator })).status).toBe(403);
		expect((await callApi('GET', '/api/v1/reports/households', { actor: org.actors.supervisor })).status).toBe(403);
		const hh = await callApi<Report>('GET', '/api/v1/reports/households', { actor: org.actors.manager });
		expect(hh.status).toBe(200);
		for (const secret of [h.firstName, h.lastName, h.reference, h.householdId]) expect(JSON.stringify(hh.body)).not.toContain(secret);
		const annual = await callApi<Report>('GET', '/api/v1/reports/annual?period=month&from=' + today, { actor: org.actors.manager });
		expect(annual.status).toBe(200);
		expect(annual.body.period.kind).toBe('year');
	});
});
