// Issue 15: the ressourcerie's public sales share the till's tables (sales, sale_lines, payments, returns)
// with the épicerie; every épicerie report must read exactly the same figures with or without them.
import { describe, expect, test } from 'vitest';
import { REPORTS, runReport } from '$lib/server/reports/registry';
import { completePublicSale } from '$lib/server/till/publicSale';
import { returnSale } from '$lib/server/till/returns';
import { completeSale, getSale } from '$lib/server/till/sales';
import { useTestDatabase } from '../helpers/db';
import { makeItem, reuseCategory } from '../helpers/publicSale';
import { makeLot, makeShop, newKey, TODAY } from '../helpers/till';

const t = useTestDatabase();

describe('épicerie reports and public sales', () => {
	test("a public sale and its return change none of the épicerie report figures (every report but the workshop's work events and the ressourcerie's own, this month and this year)", async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10);
		const fse = await makeLot(t.db, s.operator, s.product.id, s.fseOrigin.id, 5);
		const sold = await completeSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			customer: s.household.card,
			lines: [
				{ lot: lot.code, quantity: 3 },
				{ lot: fse.code, quantity: 1 }
			],
			payments: [{ method: 'cash', amountCents: 150 }]
		});
		const view = await getSale(t.db, s.supervisor, sold.id);
		await returnSale(t.db, s.supervisor, s.point, {
			saleId: sold.id,
			idempotencyKey: newKey(),
			reason: 'Produit abîmé',
			lines: [{ saleLineId: view.lines[0]!.id, quantity: 1, disposition: 'stock' }]
		});
		const now = new Date();
		const params = [
			{ period: 'month', from: TODAY },
			{ period: 'year', from: TODAY }
		];
		const all = async () => {
			const out: Record<string, unknown> = {};
			// The workshop's report counts work events: selling at the ressourcerie is work (reuse.sale), as it should;
			// the ressourcerie's reports count the sale's weight (sold) and takings, as they should.
			for (const def of REPORTS.filter((r) => r.name !== 'workshop' && !r.name.startsWith('reuse')))
				for (const p of params) out[`${def.name}:${p.period}`] = await runReport(t.db, s.org.actors.manager, def.name, new URLSearchParams(p), { now });
			return out;
		};
		const before = await all();
		// The épicerie's sales report saw its sale (the comparison below is not vacuous).
		expect(JSON.stringify(before['sales:month'])).toContain('"paidCents"');

		const item = await makeItem(t.db, s.org, s.operator, { priceCents: 2500, unitWeightGrams: 9000 });
		const toys = await reuseCategory(t.db, s.org.organisationId, 'Jouets et jeux');
		const pub = await completePublicSale(t.db, s.operator, s.point, {
			idempotencyKey: newKey(),
			lines: [
				{ item: item.code, discountCents: 500, discountReason: 'Pied rayé' },
				{ categoryId: toys.id, priceCents: 150, quantity: 4 }
			],
			payments: [
				{ method: 'cash', amountCents: 1000, tenderedCents: 2000 },
				{ method: 'card', amountCents: 1600 }
			]
		});
		const pv = await getSale(t.db, s.supervisor, pub.id);
		await returnSale(t.db, s.supervisor, s.point, {
			saleId: pub.id,
			idempotencyKey: newKey(),
			reason: 'Le client a changé d’avis',
			lines: [
				{ saleLineId: pv.lines[0]!.id, quantity: 1, disposition: 'stock' },
				{ saleLineId: pv.lines[1]!.id, quantity: 2, disposition: 'stock' }
			]
		});
		expect(await all()).toEqual(before);
	});
});
