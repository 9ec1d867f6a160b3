// The parcels report (issue 14, item 8) on a hand-built fixture (parcels, distribution days, picked lines
// and `distribution` movements with reason `parcel` inserted directly: the days and preparation services
// are written beside): parcels given / not collected / absent per month, households and people served
// (each household once, people = the most persons of its parcels), kg given by origin with FSE+ apart,
// FSE+ per product with the households reached, participation; the site and the organisation bound
// it; no household named; managers only. And the other reports count parcels where they belong:
// households served (unduplicated with the till), FSE+ distributed and households reached, flows given.
import { describe, expect, it } from 'vitest';
import type { Report } from '$lib/reports/model';
import { locations } from '$lib/server/db/schema';
import { reportCsv, reportXlsx } from '$lib/server/reports/export';
import { runReport } from '$lib/server/reports/registry';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, expectAppError, makeOrg, uniq, type OrgFixture } from '../helpers/fixtures';
import { makeCategory, makeDay, makeParcel, makeParcelLine, makeParcelRight, makeTemplateRow } from '../helpers/parcelRows';
import { householdWithRight, saleAt, tillSession } from '../helpers/people-reports';
import { makeLot, movementAt, readXlsx } from '../helpers/reports';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { createApiToken } from '$lib/server/auth/apiTokens';

const t = useApiTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const fig = (r: Report) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
const table = (r: Report, id: string) => r.tables.find((x) => x.id === id)!;
const NOW = new Date('2026-12-05T10:00:00Z');
const NOV = q({ period: 'month', from: '2026-11-01' });

async function fixture() {
	const org = await makeOrg(t.db);
	// A place at the épicerie (the org's EMP-0001 is at the stockroom).
	const [shelf] = await t.db
		.insert(locations)
		.values({ organisationId: org.organisationId, siteId: org.siteIds.epicerie, code: `COL-${uniq()}`, name: 'Colis préparés', kind: 'colis', zone: 'ambient' })
		.returning({ id: locations.id });
	const atShop = shelf!.id;
	const atStore = org.locationId;
	const bank = await makeOrigin(t.db, org, { name: 'Banque alimentaire', kind: 'food_bank' });
	const gift = await makeOrigin(t.db, org, { name: 'Don Super U', kind: 'donation' });
	const fse = await makeOrigin(t.db, org, { name: 'FSE+ 2026', kind: 'fse', fse: true });
	const rice = await makeProduct(t.db, org, { name: 'Riz', unit: 'kg', referencePriceCents: 200 });
	const beans = await makeProduct(t.db, org, { name: 'Haricots 400 g', unit: 'piece', netWeightGrams: 400, referencePriceCents: 120 });
	const milk = await makeProduct(t.db, org, { name: 'Lait FSE+ 1 L', unit: 'piece', netWeightGrams: 1000, referencePriceCents: 90 });
	const soap = await makeProduct(t.db, org, { name: 'Savon', unit: 'piece', netWeightGrams: null, referencePriceCents: 150 });
	const lot = async (productId: string, originId: string, locationId: string, quantity: number) => {
		const l = await makeLot(t.db, org, { productId, originId, locationId });
		await movementAt(t.db, org, { lotId: l.id, quantity, kind: 'reception', at: new Date('2026-09-01T08:00:00Z'), toLocationId: locationId });
		return l;
	};
	const riceLot = await lot(rice.id, bank.id, atShop, 10_000);
	const beansLot = await lot(beans.id, gift.id, atStore, 20);
	const milkShop = await lot(milk.id, fse.id, atShop, 10);
	const milkStore = await lot(milk.id, fse.id, atStore, 10);
	const soapLot = await lot(soap.id, bank.id, atShop, 10);
	const give = (lotId: string, quantity: number, at: string, from: string, reason = 'parcel') =>
		movementAt(t.db, org, { lotId, quantity: -quantity, kind: 'distribution', reason, note: 'COLIS-000001', at: new Date(at), fromLocationId: from });
	await give(riceLot.id, 1500, '2026-11-10T10:00:00Z', atShop);
	await give(beansLot.id, 3, '2026-11-24T10:00:00Z', atStore);
	await give(milkShop.id, 2, '2026-11-10T10:30:00Z', atShop);
	await give(milkStore.id, 1, '2026-11-24T10:30:00Z', atStore);
	await give(soapLot.id, 1, '2026-11-10T11:00:00Z', atShop);
	await give(riceLot.id, 700, '2026-11-12T10:00:00Z', atShop, 'rescue_partner'); // given, not in a parcel
	await give(riceLot.id, 900, '2026-10-20T10:00:00Z', atShop); // October

	const category = await makeCategory(t.db, org, 'Produits laitiers');
	const template = await makeTemplateRow(t.db, org, category);
	const h1 = await householdWithRight(t.db, org, { members: 2 });
	const h2 = await householdWithRight(t.db, org, { members: 0 });
	const h3 = await householdWithRight(t.db, org, { members: 4 });
	const h4 = await householdWithRight(t.db, org, { members: 1 });
	const h5 = await householdWithRight(t.db, org, { members: 0 });
	const right = async (h: { householdId: string }, persons: number) => makeParcelRight(t.db, org, h.householdId, persons);
	const [r1, r2, r3, r4] = [await right(h1, 3), await right(h2, 1), await right(h3, 5), await right(h4, 2)];
	const nov10 = await makeDay(t.db, org, template.id, '2026-11-10', 'closed', org.siteIds.epicerie);
	const nov24 = await makeDay(t.db, org, template.id, '2026-11-24', 'closed', org.siteIds.reserve);
	const oct20 = await makeDay(t.db, org, template.id, '2026-10-20', 'closed', org.siteIds.epicerie);
	const parcel = (
		dayId: string,
		h: { householdId: string },
		rightId: string,
		persons: number,
		status: Parameters<typeof makeParcel>[2]['status'],
		participationCents = 0
	) => makeParcel(t.db, org, { dayId, householdId: h.householdId, rightId, persons, status, participationCents });
	const p1 = await parcel(nov10, h1, r1, 3, 'handed_over', 100);
	await parcel(nov10, h2, r2, 1, 'handed_over');
	const p3 = await parcel(nov10, h3, r3, 5, 'not_collected');
	await parcel(nov10, h4, r4, 2, 'absent');
	await parcel(nov24, h1, r1, 4, 'handed_over', 100); // h1 again, now 4 persons: counts once, 4 people
	const p6 = await parcel(nov24, h3, r3, 5, 'handed_over');
	await parcel(oct20, h2, r2, 1, 'handed_over', 50);
	const line = (parcelId: string, lotId: string, productId: string, quantity: number) =>
		makeParcelLine(t.db, org, { parcelId, templateLineId: template.lineId, lotId, productId, quantity });
	await line(p1, milkShop.id, milk.id, 2);
	await line(p6, milkStore.id, milk.id, 1);
	await line(p3, milkShop.id, milk.id, 1); // not collected: reaches nobody
	// h2 also comes to the till in November, h5 only to the till.
	const session = await tillSession(t.db, org);
	await saleAt(t.db, org, { sessionId: session, householdId: h2.householdId, rightId: h2.rightId, day: '2026-11-15' });
	await saleAt(t.db, org, { sessionId: session, householdId: h5.householdId, rightId: h5.rightId, day: '2026-11-16' });
	return { org, households: [h1, h2, h3, h4, h5], bank, gift };
}

const run = (org: OrgFixture, name: string, params = NOV) => runReport(t.db, org.actors.manager, name, params, { now: NOW });

describe('parcels report', () => {
	it('counts parcels, households and people, kg by origin with FSE+ apart, FSE+ per product — and names no one', async () => {
		const { org, households } = await fixture();
		const r = await run(org, 'parcels');
		expect(fig(r)).toEqual({
			given: 4,
			notCollected: 1,
			households: 3,
			people: 4 + 1 + 5,
			grams: 1500 + 3 * 400,
			fseGrams: 3000,
			participation: 200
		});
		expect(table(r, 'mois').rows).toEqual([
			{ month: 'nov. 2026', days: 2, given: 4, notCollected: 1, absent: 1, households: 3, people: 10, grams: 2700, fseGrams: 3000, participation: 200 }
		]);
		expect(table(r, 'origines').rows.map((x) => [x.origin, x.grams, x.cents])).toEqual([
			['Banque alimentaire', 1500, 300 + 150],
			['Don Super U', 1200, 360]
		]);
		expect(table(r, 'fse').rows).toEqual([{ product: 'Lait FSE+ 1 L', unit: 'pièces', quantity: 3, grams: 3000, cents: 270, households: 2 }]);
		expect(table(r, 'fse').total).toMatchObject({ households: 2, grams: 3000 });
		// The soap has no weight: said, not counted in kg.
		expect(r.notes.map((n) => n.text).join(' ')).toMatch(/1/);

		// A quarter: the months add up; households and people over the quarter once each.
		const quarter = await run(org, 'parcels', q({ period: 'quarter', from: '2026-10-01' }));
		expect(table(quarter, 'mois').rows.map((x) => [x.given, x.households, x.participation])).toEqual([
			[1, 1, 50],
			[4, 3, 200],
			[0, 0, 0]
		]);
		expect(fig(quarter)).toMatchObject({ given: 5, households: 3, people: 10, participation: 250, grams: 2700 + 900 });

		// The épicerie's site: the 10 November day and the movements from its place.
		const shop = await run(org, 'parcels', q({ period: 'month', from: '2026-11-01', site: org.siteIds.epicerie }));
		expect(fig(shop)).toEqual({ given: 2, notCollected: 1, households: 2, people: 4, grams: 1500, fseGrams: 2000, participation: 100 });
		expect(table(shop, 'fse').rows.map((x) => [x.quantity, x.households])).toEqual([[2, 1]]);

		// Nobody named: no first name, last name, reference or id in the report, its CSV or .xlsx.
		const csv = r.tables.map((x) => reportCsv(r, x.id)).join('\n');
		const sheets = await readXlsx(await reportXlsx(r));
		const text = JSON.stringify(r) + csv + JSON.stringify(sheets);
		for (const h of households) for (const secret of [h.firstName, h.lastName, h.reference, h.householdId]) expect(text).not.toContain(secret);
		expect(sheets.map((s) => s.name)).toHaveLength(3);
	});

	it('the other reports count the parcels where they belong', async () => {
		const { org } = await fixture();
		// Households served: the till and the parcels, each household once (h2 both ways); people = 1 + members.
		const hh = await run(org, 'households');
		expect(hh.figures.find((f) => f.id === 'households')!.value).toBe(4);
		expect(hh.figures.find((f) => f.id === 'people')!.value).toBe(3 + 1 + 5 + 1);
		expect(hh.figures.find((f) => f.id === 'visits')!.value).toBe(2);
		// FSE+: what the parcels gave is distributed, and the households they reached counted.
		const fse = await run(org, 'fse');
		const milk = table(fse, 'quantites').rows.find((x) => x.product === 'Lait FSE+ 1 L')!;
		expect(milk).toMatchObject({ distributed: 3, households: 2, people: 3 + 5 });
		// Flows by origin: the parcels are given (with the rescue given to a partner), FSE+ apart.
		const flows = await run(org, 'flows');
		expect(fig(flows)).toMatchObject({ distributed: 1500 + 1200 + 700, fseDistributed: 3000 });
		// The annual report's kg distributed holds them too (October's parcel as well).
		const annual = await run(org, 'annual', q({ period: 'year', from: '2026-01-01' }));
		expect(fig(annual)).toMatchObject({ distributedGrams: 1500 + 1200 + 700 + 900 + 3000, fseGrams: 3000 });
	});

	it('stays in its organisation, and only managers and admins read it', async () => {
		const { org } = await fixture();
		const other = await makeOrg(t.db, 'Autre');
		const theirs = await run(other, 'parcels');
		expect(fig(theirs)).toEqual({ given: 0, notCollected: 0, households: 0, people: 0, grams: 0, fseGrams: 0, participation: 0 });
		await expectAppError(runReport(t.db, org.actors.supervisor, 'parcels', NOV), 'forbidden', 403);
		await expectAppError(runReport(t.db, org.actors.social_worker, 'parcels', NOV), 'forbidden', 403);
		expect(fig(await runReport(t.db, org.actors.admin, 'parcels', NOV, { now: NOW })).given).toBe(4);
		const { actor } = await addUser(t.db, org, ['manager']);
		const { token } = await createApiToken(t.db, actor, { name: 'Rapports', roles: ['manager'] });
		const api = await callApi<Report>('GET', '/api/v1/reports/parcels?period=month&from=2026-11-01', { token });
		expect(api.status).toBe(200);
		expect(fig(api.body).given).toBe(4);
	});
});
