import { describe, expect, test } from 'vitest';
import { parseCsv } from '$lib/server/stock/csv';
import { returnSale } from '$lib/server/till/returns';
import { completeSale, getSale, listSales, SALES_PAGE_SIZE } from '$lib/server/till/sales';
import { cashMovement, closeTill, openTill } from '$lib/server/till/sessions';
import { exportZCsv, Z_CSV_HEADER, zList } from '$lib/server/till/zreports';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg } from '../helpers/fixtures';
import { makeBeneficiary, makeLot, makeShop, newKey } from '../helpers/till';

const t = useTestDatabase();

describe('the sales list', () => {
	test('newest first, 30 a page, searched by sale number or household reference, filtered by till session', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 1000);
		const big = await makeBeneficiary(t.db, s.org, { monthlyBudgetCents: 100_000 });
		const sell = (customer: string) =>
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer,
				lines: [{ lot: lot.id, quantity: 1 }],
				payments: [{ method: 'cash', amountCents: 50 }]
			});
		const first = await sell(s.household.card);
		for (let i = 0; i < SALES_PAGE_SIZE; i++) await sell(big.card);
		// The next session's sale.
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 + 50 * 31 } });
		const next = await openTill(t.db, s.operator, s.point, { floatCents: 0 });
		const last = await sell(big.card);

		const p1 = await listSales(t.db, s.org.actors.manager);
		expect(p1.total).toBe(32);
		expect(p1.rows).toHaveLength(SALES_PAGE_SIZE);
		expect(p1.rows[0]!.number).toBe(last.number);
		const p2 = await listSales(t.db, s.org.actors.manager, { page: 2 });
		expect(p2.rows.map((r) => r.number)).toEqual(['V-000002', 'V-000001']);

		const sup = s.supervisor;
		expect((await listSales(t.db, sup, { q: 'v-000001' })).rows.map((r) => r.id)).toEqual([first.id]);
		const byRef = await listSales(t.db, sup, { q: s.household.reference.toLowerCase() });
		expect(byRef.rows.map((r) => [r.number, r.reference])).toEqual([['V-000001', s.household.reference]]);
		expect((await listSales(t.db, sup, { q: 'V-999999' })).total).toBe(0);
		expect((await listSales(t.db, sup, { sessionId: next.id })).rows.map((r) => r.id)).toEqual([last.id]);
		expect((await listSales(t.db, sup, { sessionId: s.session.id })).total).toBe(31);
		expect((await listSales(t.db, sup, { sessionId: 'nope' })).total).toBe(0);

		// A return shows on the row; another organisation sees nothing; a social worker is refused.
		const line = (await getSale(t.db, s.operator, last.id)).lines[0]!;
		await returnSale(t.db, s.supervisor, s.point, {
			saleId: last.id,
			idempotencyKey: newKey(),
			reason: 'Abîmé',
			lines: [{ saleLineId: line.id, quantity: 1, disposition: 'loss' }]
		});
		expect((await listSales(t.db, sup)).rows.map((r) => r.returned).slice(0, 2)).toEqual([true, false]);
		const other = await makeOrg(t.db);
		expect((await listSales(t.db, other.actors.manager)).total).toBe(0);
		await expectAppError(listSales(t.db, s.org.actors.social_worker), 'forbidden', 403);
	});
});

describe('the Z list and its spreadsheet', () => {
	test('closed sessions keep their Z report, an open one shows its figures so far; the CSV says the same', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 100);
		const fse = await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 100);
		// Session 1: a sale of 3,00 € (cash 1,00 € then card 2,00 €) with 2 FSE+ units, a return of 1,00 €,
		// 5,00 € taken out of the drawer; closed with 0,50 € missing.
		const sale = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [
				{ lot: lot.id, quantity: 6 },
				{ lot: fse.id, quantity: 2 }
			],
			payments: [
				{ method: 'cash', amountCents: 100 },
				{ method: 'card', amountCents: 200 }
			]
		});
		const line = (await getSale(t.db, s.operator, sale.id)).lines[0]!;
		await returnSale(t.db, s.supervisor, s.point, {
			saleId: sale.id,
			idempotencyKey: newKey(),
			reason: 'Erreur',
			lines: [{ saleLineId: line.id, quantity: 2, disposition: 'stock' }]
		});
		await cashMovement(t.db, s.operator, s.point, { kind: 'out', amountCents: 500, reason: 'Dépôt banque' });
		// Expected cash: 10,00 float + 1,00 − 1,00 refunded − 5,00 out = 5,00 €; counted 4,50 €.
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 450, card: 200 } });
		// Session 2, still open, on the same tablet: one sale of 0,50 € cash.
		await openTill(t.db, s.operator, s.point, { floatCents: 2000 });
		await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [{ lot: lot.id, quantity: 1 }],
			payments: [{ method: 'cash', amountCents: 50 }]
		});

		const list = await zList(t.db, s.org.actors.manager);
		expect(list).toMatchObject({ total: 2, page: 1, pages: 1 });
		const [open, closed] = list.rows;
		expect(open).toMatchObject({ status: 'open', zNumber: null, deviceName: 'Tablette caisse', totals: { sales: 1, paidCents: 50, expected: { cash: 2050 } } });
		expect(closed).toMatchObject({
			status: 'closed',
			zNumber: z.zNumber,
			totals: {
				sales: 1,
				returns: 1,
				paidCents: 300,
				refundedCents: 100,
				fseCents: 500,
				expected: { cash: 500, card: 200 },
				difference: { cash: -50, card: 0 }
			}
		});

		const csv = parseCsv(await exportZCsv(t.db, s.org.actors.manager));
		expect(csv[0]!.fields).toEqual(Z_CSV_HEADER);
		const rows = csv.slice(1).map((r) => Object.fromEntries(Z_CSV_HEADER.map((h, i) => [h, r.fields[i]])));
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({
			numero_z: '',
			etat: 'en cours',
			tablette: 'Tablette caisse',
			ventes: '1',
			montant_paye: '0,50',
			fond_de_caisse: '20,00',
			especes_attendues: '20,50',
			especes_comptees: '',
			ecart_especes: '',
			fermee_par: ''
		});
		expect(rows[1]).toMatchObject({
			numero_z: String(z.zNumber),
			etat: 'fermée',
			ventes: '1',
			retours: '1',
			valeur_reference: '20,00',
			montant_paye: '3,00',
			economise: '17,00',
			valeur_fse: '5,00',
			rembourse: '1,00',
			encaisse_especes: '0,00',
			encaisse_carte: '2,00',
			fond_de_caisse: '10,00',
			sorties_especes: '5,00',
			especes_attendues: '5,00',
			especes_comptees: '4,50',
			ecart_especes: '-0,50',
			carte_comptee: '2,00',
			ecart_carte: '0,00',
			fermee_par: s.org.users.operator.firstName
		});
		expect(rows[1]!.ouverture).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);

		// Another organisation's list is its own; a social worker reads none.
		const other = await makeOrg(t.db);
		expect((await zList(t.db, other.actors.manager)).rows).toEqual([]);
		expect(parseCsv(await exportZCsv(t.db, other.actors.manager))).toHaveLength(1);
		await expectAppError(exportZCsv(t.db, s.org.actors.social_worker), 'forbidden', 403);
		await expectAppError(zList(t.db, s.org.actors.social_worker), 'forbidden', 403);
	});
});
