// Losses report (issue 12): on random ledgers (fast-check), every total equals the sum of the ledger's
// loss rows (net of corrections) computed here independently; each table adds up to the same totals;
// the period, the site and the organisation bound what is counted; the CSV and the .xlsx carry the same
// figures, typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reportCsv, reportXlsx } from '$lib/server/reports/export';
import { runReport } from '$lib/server/reports/registry';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { makeLot, movementAt, readXlsx } from '../helpers/reports';
import { makeLocation, makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();
const q = (s: Record<string, string>) => new URLSearchParams(s);
const NOV = { period: 'month', from: '2026-11-10' };
const now = new Date('2026-12-01T10:00:00Z');

describe('losses report', () => {
	it('totals equal the sums of the ledger rows on random data (fast-check)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						product: fc.integer({ min: 0, max: 2 }),
						quantity: fc.integer({ min: 1, max: 40 }),
						reason: fc.constantFrom('broken', 'spoiled', 'dlc_passed', 'theft'),
						// Days around November 2026 in Paris: some before, some after the month.
						day: fc.integer({ min: -3, max: 33 }),
						corrected: fc.boolean()
					}),
					{ minLength: 1, maxLength: 12 }
				),
				async (losses) => {
					const org = await makeOrg(t.db);
					const origin = await makeOrigin(t.db, org);
					const products = [
						await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: 250, referencePriceCents: 120 }),
						await makeProduct(t.db, org, { unit: 'kg', referencePriceCents: 300 }),
						await makeProduct(t.db, org, { unit: 'piece', netWeightGrams: null, referencePriceCents: 75 })
					];
					const grams = (p: number, qty: number) => (p === 0 ? qty * 250 : p === 1 ? qty : null);
					const value = (p: number, qty: number) => (p === 0 ? qty * 120 : p === 1 ? Math.round((qty * 300) / 1000) : qty * 75);
					let expGrams = 0;
					let expCents = 0;
					let expLines = 0;
					for (const l of losses) {
						const lot = await makeLot(t.db, org, { productId: products[l.product]!.id, originId: origin.id });
						await movementAt(t.db, org, { lotId: lot.id, quantity: 100, kind: 'reception', at: new Date('2026-10-01T10:00:00Z') });
						const at = new Date(Date.UTC(2026, 10, 1, 12) + l.day * 86_400_000);
						const id = await movementAt(t.db, org, { lotId: lot.id, quantity: -l.quantity, kind: 'loss', reason: l.reason, at });
						const inNov = at >= new Date('2026-10-31T23:00:00Z') && at < new Date('2026-11-30T23:00:00Z');
						if (inNov) {
							expLines++;
							expGrams += grams(l.product, l.quantity) ?? 0;
							expCents += value(l.product, l.quantity);
						}
						if (l.corrected) {
							// Corrected the next day (maybe in December: then November keeps the loss).
							const cAt = new Date(at.getTime() + 86_400_000);
							await movementAt(t.db, org, { lotId: lot.id, quantity: l.quantity, kind: 'correction', correctionOf: id, at: cAt });
							if (cAt >= new Date('2026-10-31T23:00:00Z') && cAt < new Date('2026-11-30T23:00:00Z')) {
								expLines++;
								expGrams -= grams(l.product, l.quantity) ?? 0;
								expCents -= value(l.product, l.quantity);
							}
						}
					}
					const r = await runReport(t.db, org.actors.manager, 'losses', q(NOV), { now });
					const fig = Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
					expect(fig.cents).toBe(expCents);
					expect(fig.grams ?? 0).toBe(expGrams);
					expect(fig.movements).toBe(expLines);
					for (const table of r.tables) {
						const sum = (k: string) => table.rows.reduce((s, row) => s + (Number(row[k]) || 0), 0);
						expect(sum('cents')).toBe(expCents);
						expect(sum('grams')).toBe(expGrams);
						expect(sum('movements')).toBe(expLines);
						expect(table.total!.cents).toBe(expCents);
					}
				}
			),
			{ numRuns: 8 }
		);
	});

	it('counts a site, a period and an organisation apart; notes products without weight; exports the same figures', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const origin = await makeOrigin(t.db, org, { name: 'Banque alimentaire' });
		const pasta = await makeProduct(t.db, org, { name: 'Pâtes', unit: 'piece', netWeightGrams: 500, referencePriceCents: 100 });
		const mystery = await makeProduct(t.db, org, { name: '=Mystère', unit: 'piece', referencePriceCents: 200 });
		const shop = await makeLocation(t.db, org, 'ambient');
		// The location made by makeLocation is in the stockroom site; move one to the épicerie site by a lot in org.locationId (stockroom too).
		const a = await makeLot(t.db, org, { productId: pasta.id, originId: origin.id, locationId: shop.id });
		const b = await makeLot(t.db, org, { productId: mystery.id, originId: origin.id });
		await movementAt(t.db, org, { lotId: a.id, quantity: 50, kind: 'reception', at: new Date('2026-11-02T09:00:00Z') });
		await movementAt(t.db, org, { lotId: b.id, quantity: 50, kind: 'reception', at: new Date('2026-11-02T09:00:00Z') });
		await movementAt(t.db, org, { lotId: a.id, quantity: -4, kind: 'loss', reason: 'broken', at: new Date('2026-11-05T09:00:00Z') });
		await movementAt(t.db, org, { lotId: b.id, quantity: -3, kind: 'loss', reason: 'spoiled', at: new Date('2026-11-30T23:30:00Z') }); // 00:30 on 1 December in Paris
		await movementAt(t.db, org, { lotId: b.id, quantity: -2, kind: 'loss', reason: 'spoiled', at: new Date('2026-11-30T22:00:00Z') }); // 23:00 in Paris: November

		const r = await runReport(t.db, org.actors.supervisor, 'losses', q(NOV), { now });
		const fig = Object.fromEntries(r.figures.map((f) => [f.id, f.value]));
		expect(fig).toMatchObject({ grams: 2000, cents: 400 + 400, movements: 2 });
		// Loss rate: 2 kg lost of 25 kg received (the mystery product has no weight: its kg count nowhere).
		expect(fig.rate).toBe(800);
		expect(r.notes[0]!.text).toMatch(/Poids inconnu : 1 produit/);
		expect(r.notes[0]!.href).toBe('/catalogue?poids=inconnu');
		expect(r.periodLabel).toBe('novembre 2026');

		// Site: both locations are in the stockroom site; the épicerie site has no loss.
		const shopOnly = await runReport(t.db, org.actors.manager, 'losses', q({ ...NOV, site: org.siteIds.epicerie }), { now });
		expect(shopOnly.figures.find((f) => f.id === 'movements')!.value).toBe(0);
		expect(shopOnly.tables[0]!.rows).toEqual([]);
		await expectAppError(runReport(t.db, org.actors.manager, 'losses', q({ ...NOV, site: other.siteIds.epicerie }), { now }), 'unknown_site', 404);
		// The other organisation sees none of it.
		const theirs = await runReport(t.db, other.actors.manager, 'losses', q(NOV), { now });
		expect(theirs.figures.find((f) => f.id === 'movements')!.value).toBe(0);
		// Who may read it: the stock reports are for supervisors, managers, admins.
		await expectAppError(runReport(t.db, org.actors.operator, 'losses', q(NOV), { now }), 'forbidden', 403);
		await expectAppError(runReport(t.db, org.actors.social_worker, 'losses', q(NOV), { now }), 'forbidden', 403);
		// Bad parameters: French 400s.
		await expectAppError(runReport(t.db, org.actors.manager, 'losses', q({ period: 'week' }), { now }), 'invalid_period', 400);
		await expectAppError(
			runReport(t.db, org.actors.manager, 'losses', q({ period: 'custom', from: '2026-11-10', to: '2026-11-01' }), { now }),
			'invalid_period',
			400
		);

		// CSV: French spreadsheet, formula-safe text, kg and € as decimal-comma numbers, a total line.
		const csv = reportCsv(r, 'categories');
		expect(csv.startsWith('\ufeff')).toBe(true);
		const lines = csv.slice(1).trim().split('\r\n');
		expect(lines[0]).toBe('Catégorie;Lignes;Poids (kg);Valeur (€)');
		expect(lines.at(-1)).toBe('Total;2;2;8');
		// The .xlsx: one sheet per table, the same header, numbers typed as numbers.
		const sheets = readXlsx(await reportXlsx(r));
		expect(sheets.map((s) => s.name)).toEqual(r.tables.map((x) => x.title.slice(0, 28)));
		const reasons = sheets[0]!;
		expect(reasons.rows[0]).toEqual(['Raison', 'Lignes', 'Poids (kg)', 'Valeur (€)']);
		expect(reasons.rows.at(-1)).toEqual(['Total', 2, 2, 8]);
		expect(reasons.formats['1:3']).toContain('€');
	});
});
