// The ressourcerie's reports (issue 15, item 7) on a hand-built fixture (intakes, exits, items, public
// sales and a return inserted directly: tests/helpers/reuseRows.ts — the services are written beside):
// tonnage by flux and channel, sold weight less returns, the rates, stock by age at the period's end,
// takings by category, the quarterly eco-organism declaration, the organisation, the site and the roles,
// formula-safe CSV, and the months of the organisation's zone (Europe/Paris).
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report, Row } from '$lib/reports/model';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { reuseCategories } from '$lib/server/db/schema';
import { reportCsv, reportXlsx } from '$lib/server/reports/export';
import { runReport } from '$lib/server/reports/registry';
import { fluxLabel, REUSE_FLUXES } from '$lib/reuse/flux';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { readXlsx } from '../helpers/reports';
import { cancelIntakeLine, exitWith, intakeWith, itemAt, itemMovement, makeReuseShop, publicReturnAt, publicSaleAt } from '../helpers/reuseRows';

const t = useApiTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const fig = (r: Report) => Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
const table = (r: Report, id: string) => r.tables.find((x) => x.id === id)!;
const rowBy = (r: Report, id: string, key: string, value: string): Row => {
	const row = table(r, id).rows.find((x) => x[key] === value);
	if (!row) throw new Error(`no row ${key}=${value} in ${id}: ${JSON.stringify(table(r, id).rows)}`);
	return row;
};
const NOW = new Date('2026-12-05T10:00:00Z');
const NOV = q({ period: 'month', from: '2026-11-01' });
const at = (s: string) => new Date(s);

const CHAIR = 'Assises (chaises, fauteuils)';
const TABLE = 'Plans de pose (tables, bureaux)';
const SMALL = 'DEEE 5 — Petits équipements';
const CLOTHES = 'Vêtements';
const BOOKS = 'Livres';
const TOYS = 'Jouets et jeux';

async function fixture(org?: OrgFixture) {
	org ??= await makeOrg(t.db);
	const shop = await makeReuseShop(t.db, org);
	const { cat, siteId, sessionId } = shop;
	// In: November in Paris (a weighing at 23:30 UTC on 31 October is 1 November, 00:30 in Paris; one at
	// 23:30 UTC on 30 November is already December there), a cancelled line, October apart.
	await intakeWith(t.db, org, siteId, [
		{ flux: 'mobilier', categoryId: cat(CHAIR), grams: 60_000, at: at('2026-11-03T09:00:00Z') },
		{ flux: 'deee', categoryId: cat(SMALL), grams: 12_000, at: at('2026-11-03T09:05:00Z') },
		{ flux: 'textile', categoryId: cat(CLOTHES), grams: 30_000, at: at('2026-11-03T09:10:00Z') },
		{ flux: 'livres', grams: 8_000, at: at('2026-11-03T09:15:00Z') }
	]);
	const i2 = await intakeWith(t.db, org, siteId, [
		{ flux: 'mobilier', categoryId: cat(TABLE), grams: 40_000, at: at('2026-11-20T10:00:00Z') },
		{ flux: 'textile', grams: 10_000, at: at('2026-11-20T10:01:00Z') }
	]);
	await cancelIntakeLine(t.db, org, i2.intakeId, i2.lineIds[1]!, at('2026-11-20T10:05:00Z'));
	await intakeWith(t.db, org, siteId, [{ flux: 'mobilier', categoryId: cat(CHAIR), grams: 5_000, at: at('2026-10-31T23:30:00Z') }]);
	await intakeWith(t.db, org, siteId, [{ flux: 'deee', categoryId: cat(SMALL), grams: 7_000, at: at('2026-11-30T23:30:00Z') }]);
	await intakeWith(t.db, org, siteId, [{ flux: 'mobilier', grams: 100_000, at: at('2026-10-15T09:00:00Z') }]);

	// Items: some leave in November, some are in stock at its end, of several ages.
	const chair = await itemAt(t.db, org, siteId, { categoryId: cat(CHAIR), priceCents: 1500, unitWeightGrams: 6000, at: at('2026-11-05T10:00:00Z') });
	const table1 = await itemAt(t.db, org, siteId, { categoryId: cat(TABLE), priceCents: 2500, unitWeightGrams: 18_000, at: at('2026-11-08T10:00:00Z') });
	const clothes = await itemAt(t.db, org, siteId, {
		categoryId: cat(CLOTHES),
		quantity: 10,
		priceCents: 300,
		unitWeightGrams: 400,
		at: at('2026-09-15T10:00:00Z')
	});
	await itemAt(t.db, org, siteId, { categoryId: cat(SMALL), priceCents: 500, unitWeightGrams: 2500, at: at('2026-04-10T10:00:00Z') });
	await itemAt(t.db, org, siteId, { categoryId: cat(CHAIR), priceCents: 4000, unitWeightGrams: 30_000, at: at('2026-07-15T10:00:00Z') });
	await itemAt(t.db, org, siteId, { categoryId: cat(BOOKS), priceCents: 100, unitWeightGrams: 400, at: at('2026-11-28T10:00:00Z') });
	const toy = await itemAt(t.db, org, siteId, { categoryId: cat(TOYS), priceCents: 200, unitWeightGrams: 800, at: at('2026-11-10T10:00:00Z') });
	await itemMovement(t.db, org, toy, 'correction', -1, at('2026-12-03T10:00:00Z')); // gone in December: in stock at November's end
	await itemAt(t.db, org, siteId, { categoryId: cat(TOYS), priceCents: 200, unitWeightGrams: 800, at: at('2026-12-02T10:00:00Z') }); // made after

	// Out by channel.
	await exitWith(t.db, org, siteId, 'don', [{ flux: 'textile', categoryId: cat(CLOTHES), grams: 5_000, at: at('2026-11-10T10:00:00Z') }]);
	await exitWith(t.db, org, siteId, 'partenaire', [{ flux: 'mobilier', itemId: chair, count: 1, grams: 6_000, at: at('2026-11-12T10:00:00Z') }]);
	await exitWith(t.db, org, siteId, 'recyclage', [
		{ flux: 'textile', grams: 12_000, at: at('2026-11-15T10:00:00Z') },
		{ flux: 'deee', categoryId: cat(SMALL), grams: 4_000, at: at('2026-11-15T10:10:00Z') }
	]);
	await exitWith(t.db, org, siteId, 'dechet', [{ flux: 'livres', grams: 3_000, at: at('2026-11-16T10:00:00Z') }]);

	// Sold: a table by its label, three books by quick key (a discount), four pieces of the clothes batch;
	// one piece of each of the last two brought back.
	const s1 = await publicSaleAt(t.db, org, sessionId, {
		day: '2026-11-12',
		at: at('2026-11-12T10:00:00Z'),
		lines: [
			{ categoryId: cat(TABLE), itemId: table1, quantity: 1, unitPriceCents: 2500, weightGrams: 18_000 },
			{ categoryId: cat(BOOKS), quantity: 3, unitPriceCents: 100, discountCents: 50, weightGrams: 1_000 }
		]
	});
	const s2 = await publicSaleAt(t.db, org, sessionId, {
		day: '2026-11-25',
		at: at('2026-11-25T15:00:00Z'),
		lines: [{ categoryId: cat(CLOTHES), itemId: clothes, quantity: 4, unitPriceCents: 300, weightGrams: 1_600 }]
	});
	await publicReturnAt(t.db, org, sessionId, {
		saleId: s2.saleId,
		saleLineId: s2.lineIds[0]!,
		quantity: 1,
		refundCents: 300,
		at: at('2026-11-26T10:00:00Z'),
		itemId: clothes
	});
	await publicReturnAt(t.db, org, sessionId, { saleId: s1.saleId, saleLineId: s1.lineIds[1]!, quantity: 1, refundCents: 100, at: at('2026-11-27T10:00:00Z') });
	// October: outside the month.
	await publicSaleAt(t.db, org, sessionId, {
		day: '2026-10-20',
		at: at('2026-10-20T10:00:00Z'),
		lines: [{ categoryId: cat(BOOKS), quantity: 1, unitPriceCents: 100, weightGrams: 400 }]
	});
	return { org, shop };
}

const run = (org: OrgFixture, name: string, params = NOV) => runReport(t.db, org.actors.manager, name, params, { now: NOW, locale: 'fr' });

describe('the tonnage report', () => {
	it('weighs in and out by flux and channel, sold less returns, the rates, month by month in Paris', async () => {
		const { org } = await fixture();
		const r = await run(org, 'reuse');
		// Sold: 18 000 (table) + 1 000 − 333 (a third of the books' line) + 1 600 − 400 (a quarter of the clothes line).
		expect(fig(r)).toMatchObject({
			intake: 155_000,
			sold: 19_867,
			given: 11_000,
			recyclage: 16_000,
			dechet: 3_000,
			reuseRate: 1991, // (19 867 + 5 000 + 6 000) ÷ 155 000
			recyclingRate: 1032,
			wasteRate: 194
		});
		const flux = (name: string) => rowBy(r, 'flux', 'flux', name);
		expect(table(r, 'flux').rows.map((x) => x.flux)).toEqual(
			['Mobilier', 'Électrique et électronique (DEEE)', 'Textile', 'Livres et médias'].map((x) => flux(x).flux)
		);
		expect(flux(String(table(r, 'flux').rows[0]!.flux))).toMatchObject({
			intake: 105_000,
			sold: 18_000,
			partenaire: 6_000,
			don: 0,
			recyclage: 0,
			dechet: 0,
			out: 24_000
		});
		const [mob, deee, textile, books] = table(r, 'flux').rows;
		expect(mob).toMatchObject({ intake: 105_000, reused: 24_000, reuseRate: 2286 });
		expect(deee).toMatchObject({ intake: 12_000, recyclage: 4_000, reuseRate: 0, recyclingRate: 3333 });
		expect(textile).toMatchObject({ intake: 30_000, sold: 1_200, don: 5_000, recyclage: 12_000, reused: 6_200, reuseRate: 2067, recyclingRate: 4000 });
		expect(books).toMatchObject({ intake: 8_000, sold: 667, dechet: 3_000, wasteRate: 3750 });
		expect(table(r, 'flux').total).toMatchObject({
			intake: 155_000,
			sold: 19_867,
			don: 5_000,
			partenaire: 6_000,
			recyclage: 16_000,
			dechet: 3_000,
			reuseRate: 1991
		});
		// Channels, each a share of everything out (49 867 g).
		expect(table(r, 'canaux').rows.map((x) => [x.channel, x.grams])).toEqual([
			['Vendu', 19_867],
			['Donné', 5_000],
			['Partenaire', 6_000],
			['Recyclé', 16_000],
			['Déchet', 3_000]
		]);
		expect(table(r, 'canaux').total).toEqual({ grams: 49_867, share: 10_000 });
		// One month.
		expect(table(r, 'mois').rows).toHaveLength(1);
		expect(table(r, 'mois').rows[0]).toMatchObject({ intake: 155_000, sold: 19_867 });
		expect(r.charts.map((c) => c.id)).toEqual(['mois', 'flux', 'canaux']);
	});

	it('groups by the months of Paris: 23:30 UTC on the last day of a month is the next month', async () => {
		const { org } = await fixture();
		const q4 = await run(org, 'reuse', q({ period: 'quarter', from: '2026-10-01' }));
		const months = table(q4, 'mois').rows.map((x) => [x.month, x.intake]);
		// October: 100 000 only (the 23:30 UTC weighing of 31 October is November); December: the 7 000 of 30 November 23:30 UTC.
		expect(months).toEqual([
			['oct. 2026', 100_000],
			['nov. 2026', 155_000],
			['déc. 2026', 7_000]
		]);
		const oct = await run(org, 'reuse', q({ period: 'month', from: '2026-10-01' }));
		expect(fig(oct)).toMatchObject({ intake: 100_000, sold: 400 });
		const dec = await run(org, 'reuse', q({ period: 'month', from: '2026-12-01' }));
		expect(fig(dec).intake).toBe(7_000);
	});

	it('counts the items in stock at the end of the period by age, and the takings by category', async () => {
		const { org } = await fixture();
		const r = await run(org, 'reuse');
		expect(table(r, 'stock').title).toContain('30/11/2026');
		expect(table(r, 'stock').rows.map((x) => [x.band, x.items, x.pieces, x.grams, x.cents])).toEqual([
			['Moins d’un mois', 2, 2, 1_200, 300], // books (28/11), the toy (10/11) gone only in December
			['1 à 3 mois', 1, 7, 2_800, 2_100], // the clothes batch: 10 − 4 sold + 1 returned
			['3 à 6 mois', 1, 1, 30_000, 4_000],
			['Plus de 6 mois', 1, 1, 2_500, 500]
		]);
		expect(fig(r)).toMatchObject({ stockPieces: 11, stockValue: 6_900, takings: 3_550 });
		expect(table(r, 'recettes').rows).toEqual([
			{
				category: TABLE,
				flux: 'Mobilier',
				lines: 1,
				pieces: 1,
				returned: 0,
				grams: 18_000,
				reference: 2_500,
				discounts: 0,
				paid: 2_500,
				refunds: 0,
				net: 2_500
			},
			{
				category: CLOTHES,
				flux: 'Textile',
				lines: 1,
				pieces: 4,
				returned: 1,
				grams: 1_600,
				reference: 1_200,
				discounts: 0,
				paid: 1_200,
				refunds: 300,
				net: 900
			},
			{
				category: BOOKS,
				flux: 'Livres et médias',
				lines: 1,
				pieces: 3,
				returned: 1,
				grams: 1_000,
				reference: 300,
				discounts: 50,
				paid: 250,
				refunds: 100,
				net: 150
			}
		]);
		expect(table(r, 'recettes').total).toMatchObject({ lines: 3, pieces: 8, paid: 3_950, refunds: 400, net: 3_550 });
		// While the month runs, the stock is now's: the toy is gone.
		const dec = await run(org, 'reuse', q({ period: 'month', from: '2026-12-01' }));
		expect(table(dec, 'stock').title).toContain('05/12/2026');
		expect(fig(dec).stockPieces).toBe(11); // the toy left, the one made on 2 December came
	});

	it('has no rate without intake, and empty tables say so', async () => {
		const org = await makeOrg(t.db);
		await makeReuseShop(t.db, org);
		const r = await run(org, 'reuse');
		expect(fig(r)).toMatchObject({ intake: 0, sold: 0, reuseRate: null, recyclingRate: null, wasteRate: null, stockPieces: 0 });
		expect(r.charts).toEqual([]);
		for (const id of ['flux', 'canaux', 'mois', 'stock', 'recettes']) expect(table(r, id).rows).toEqual([]);
		expect(table(r, 'flux').empty).toBe('Aucune pesée ni vente sur cette période.');
	});

	it('stays in its organisation and its site; supervisors, managers and admins read it, by the API too', async () => {
		const { org } = await fixture();
		const other = await makeOrg(t.db, 'Autre');
		await fixture(other);
		// The other organisation's rows (the same again) never counted: still the figures of one.
		expect(fig(await run(org, 'reuse'))).toMatchObject({ intake: 155_000, sold: 19_867, stockPieces: 11, takings: 3_550 });
		const epicerie = await run(org, 'reuse', q({ period: 'month', from: '2026-11-01', site: org.siteIds.epicerie }));
		expect(fig(epicerie)).toMatchObject({ intake: 0, sold: 0, stockPieces: 0, takings: 0 });
		await expectAppError(runReport(t.db, org.actors.operator, 'reuse', NOV), 'forbidden', 403);
		await expectAppError(runReport(t.db, org.actors.social_worker, 'reuse-declaration', NOV), 'forbidden', 403);
		await expectAppError(runReport(t.db, org.actors.supervisor, 'reuse', q({ site: other.siteIds.epicerie })), 'unknown_site', 404);
		expect(fig(await runReport(t.db, org.actors.supervisor, 'reuse', NOV, { now: NOW })).intake).toBe(155_000);
		expect(fig(await runReport(t.db, org.actors.admin, 'reuse-declaration', NOV, { now: NOW })).intake).toBe(262_000);
		// A token made by a manager, holding the supervisor's role only.
		const { actor } = await addUser(t.db, org, ['manager', 'supervisor']);
		const { token } = await createApiToken(t.db, actor, { name: 'Rapports', roles: ['supervisor'] });
		const api = await callApi<Report>('GET', '/api/v1/reports/reuse?period=month&from=2026-11-01', { token });
		expect(api.status).toBe(200);
		expect(fig(api.body).sold).toBe(19_867);
		const decl = await callApi<Report>('GET', '/api/v1/reports/reuse-declaration?from=2026-11-15', { token });
		expect(decl.status).toBe(200);
		expect(decl.body.period).toEqual({ kind: 'quarter', from: '2026-10-01', to: '2026-12-31' });
	});
});

describe('the eco-organism declaration', () => {
	it('declares a quarter by eco category, grouped by flux, lines without category « Non ventilé »', async () => {
		const { org } = await fixture();
		const r = await run(org, 'reuse-declaration', q({ from: '2026-10-01' }));
		expect(r.period).toEqual({ kind: 'quarter', from: '2026-10-01', to: '2026-12-31' });
		expect(r.periodLabel).toBe('4e trimestre 2026');
		const rows = table(r, 'declaration').rows.map((x) => [x.flux, x.eco, x.intake, x.reused, x.recyclage]);
		expect(rows).toEqual([
			['Mobilier', 'Assise', 65_000, 6_000, 0], // the chair left by a partner: the item's category
			['Mobilier', 'Couchage', 0, 0, 0],
			['Mobilier', 'Rangement', 0, 0, 0],
			['Mobilier', 'Plan de pose', 40_000, 18_000, 0],
			['Mobilier', 'Décoration textile', 0, 0, 0],
			['Mobilier', 'Non ventilé', 100_000, 0, 0],
			['Électrique et électronique (DEEE)', '1 — Équipements d’échange thermique', 0, 0, 0],
			['Électrique et électronique (DEEE)', '2 — Écrans et moniteurs', 0, 0, 0],
			['Électrique et électronique (DEEE)', '3 — Lampes', 0, 0, 0],
			['Électrique et électronique (DEEE)', '4 — Gros équipements', 0, 0, 0],
			['Électrique et électronique (DEEE)', '5 — Petits équipements', 19_000, 0, 4_000],
			['Électrique et électronique (DEEE)', '6 — Petits équipements informatiques et de télécommunications', 0, 0, 0],
			['Électrique et électronique (DEEE)', '7 — Panneaux photovoltaïques', 0, 0, 0],
			['Textile', 'TLC — Chaussures', 0, 0, 0],
			['Textile', 'TLC — Linge de maison', 0, 0, 0],
			['Textile', 'TLC — Vêtements', 30_000, 6_200, 0],
			['Textile', 'Non ventilé', 0, 0, 12_000],
			['Livres et médias', 'Hors catégorie éco-organisme', 0, 1_067, 0], // sold 667 in November, 400 in October
			['Livres et médias', 'Non ventilé', 8_000, 0, 0],
			['Jouets', 'Jouets', 0, 0, 0],
			['Sport et loisirs', 'ASL — Articles de sport et de loisirs', 0, 0, 0],
			['Sport et loisirs', 'ASL — Cycles', 0, 0, 0],
			['Bricolage et jardin', 'ABJ — Bricolage et jardin', 0, 0, 0]
		]);
		expect(table(r, 'declaration').total).toMatchObject({ intake: 262_000, reused: 31_267, sold: 20_267, given: 11_000, recyclage: 16_000 });
		expect(fig(r)).toMatchObject({ intake: 262_000, reused: 31_267, recyclage: 16_000, reuseRate: 1193 });
		// The same lines as the tonnage report over the quarter.
		const tonnage = await run(org, 'reuse', q({ period: 'quarter', from: '2026-10-01' }));
		expect(fig(tonnage).intake).toBe(fig(r).intake);
		expect(table(tonnage, 'flux').total).toMatchObject({ reused: 31_267, recyclage: 16_000 });
	});

	it('defaults to the last complete quarter', async () => {
		const { org } = await fixture();
		const r = await run(org, 'reuse-declaration', q({}));
		expect(r.period).toEqual({ kind: 'quarter', from: '2026-07-01', to: '2026-09-30' });
		expect(fig(r)).toMatchObject({ intake: 0, reused: 0, recyclage: 0, reuseRate: null });
		expect(table(r, 'declaration').rows.every((x) => x.intake === 0)).toBe(true);
	});

	it('exports formula-safe CSV and typed .xlsx', async () => {
		const { org, shop } = await fixture();
		const rename = (name: string, set: { name?: string; ecoCategory?: string }) =>
			t.db
				.update(reuseCategories)
				.set(set)
				.where(and(eq(reuseCategories.organisationId, org.organisationId), eq(reuseCategories.id, shop.cat(name))));
		await rename(BOOKS, { name: '=HYPERLINK("http://x")' });
		await rename(CLOTHES, { ecoCategory: '+TLC Vêtements' });
		const r = await run(org, 'reuse-declaration', q({ from: '2026-10-01' }));
		const csv = reportCsv(r, 'declaration');
		expect(csv.startsWith('\ufeff')).toBe(true);
		const lines = csv.slice(1).trim().split('\r\n');
		expect(lines[0]).toBe('Flux;Catégorie éco-organisme;Entrées (kg);Réemploi (kg);dont vendu (kg);dont donné (kg);Recyclage (kg)');
		expect(lines).toContain("Textile;'+TLC Vêtements;30;6,2;1,2;5;0");
		expect(lines.at(-1)).toBe('Total;;262;31,267;20,267;11;16');
		const takings = reportCsv(await run(org, 'reuse'), 'recettes');
		expect(takings).toContain(`"'=HYPERLINK(""http://x"")"`);
		const sheets = readXlsx(await reportXlsx(r));
		expect(sheets[0]!.rows[0]).toEqual([
			'Flux',
			'Catégorie éco-organisme',
			'Entrées (kg)',
			'Réemploi (kg)',
			'dont vendu (kg)',
			'dont donné (kg)',
			'Recyclage (kg)'
		]);
		expect(sheets[0]!.rows.at(-1)).toEqual(['Total', null, 262, 31.267, 20.267, 11, 16]);
		expect(sheets[0]!.formats['1:2']).toBe('#,##0.000');
	});
});

describe('on random days', () => {
	it('the tonnage by flux, by month and by channel adds up to the lines weighed, whatever they are', async () => {
		const org = await makeOrg(t.db);
		const { siteId } = await makeReuseShop(t.db, org);
		// Instants from 15 September to 15 January (UTC), so that some fall on the edges of months in Paris.
		const instant = fc.integer({ min: Date.parse('2026-09-15T00:00:00Z'), max: Date.parse('2027-01-15T00:00:00Z') }).map((n) => new Date(n - (n % 60_000)));
		const weighing = fc.record({ flux: fc.constantFrom(...REUSE_FLUXES), grams: fc.integer({ min: 1, max: 300_000 }), at: instant });
		const channel = fc.constantFrom('don' as const, 'partenaire' as const, 'recyclage' as const, 'dechet' as const);
		const paris = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
		const expected = {
			intake: [] as { flux: string; grams: number; day: string }[],
			out: [] as { flux: string; grams: number; day: string; channel: string }[]
		};
		await fc.assert(
			fc.asyncProperty(
				fc.array(weighing, { minLength: 1, maxLength: 6 }),
				fc.array(fc.record({ channel, line: weighing }), { maxLength: 4 }),
				fc.constantFrom('2026-10-01', '2026-11-01', '2026-12-01'),
				async (ins, outs, month) => {
					for (const w of ins) {
						await intakeWith(t.db, org, siteId, [w]);
						expected.intake.push({ flux: w.flux, grams: w.grams, day: paris(w.at) });
					}
					for (const o of outs) {
						await exitWith(t.db, org, siteId, o.channel, [o.line]);
						expected.out.push({ flux: o.line.flux, grams: o.line.grams, day: paris(o.line.at), channel: o.channel });
					}
					const r = await run(org, 'reuse', q({ period: 'month', from: month }));
					const inMonth = <T extends { day: string }>(xs: T[]) => xs.filter((x) => x.day.slice(0, 7) === month.slice(0, 7));
					const sum = (xs: { grams: number }[]) => xs.reduce((a, x) => a + x.grams, 0);
					expect(fig(r).intake).toBe(sum(inMonth(expected.intake)));
					for (const row of table(r, 'flux').rows) {
						const f = REUSE_FLUXES.find((x) => fluxLabel(x) === row.flux)!;
						expect(row.intake).toBe(sum(inMonth(expected.intake).filter((x) => x.flux === f)));
						for (const c of ['don', 'partenaire', 'recyclage', 'dechet'])
							expect(row[c]).toBe(sum(inMonth(expected.out).filter((x) => x.flux === f && x.channel === c)));
					}
					expect(table(r, 'mois').total!.intake).toBe(fig(r).intake);
					expect(table(r, 'canaux').total!.grams).toBe(sum(inMonth(expected.out)));
				}
			),
			{ numRuns: 8 }
		);
	});
});
