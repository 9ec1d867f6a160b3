import { eq } from 'drizzle-orm';
import { receptionLines } from '$lib/server/db/schema';
import { describe, expect, it } from 'vitest';
import { lots, receptions, stockMovements } from '$lib/server/db/schema';
import {
	addLine,
	cancelReception,
	createReceptionWithLines,
	createReception,
	getReception,
	listReceptions,
	removeLine,
	resolveProductScan,
	validateReception
} from '$lib/server/stock/receptions';
import { formatGs1, GS } from '$lib/stock/gs1';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';
import { makeLocation, makeOrigin, makeProduct } from '../helpers/stock';

const t = useTestDatabase();
const NOW = new Date('2026-11-23T10:00:00Z');

describe('reception', () => {
	it('goes from draft to lots with reception movements, on validation by a supervisor', async () => {
		const org = await makeOrg(t.db);
		const op = org.actors.operator;
		const fse = await makeOrigin(t.db, org, { kind: 'fse', fse: true });
		const pates = await makeProduct(t.db, org, { gtins: ['03017620422003'] });
		const yaourt = await makeProduct(t.db, org, { zone: 'chilled', dateType: 'dlc' });
		const fridge = await makeLocation(t.db, org, 'chilled');
		const { id } = await createReception(t.db, op, { originId: fse.id, deliveryNote: 'BL-42' });
		await addLine(t.db, op, id, { productId: pates.id, quantity: 20, expectedQuantity: 24, date: '2027-06-30', lotNumber: 'A12' }, NOW);
		await addLine(t.db, op, id, { productId: yaourt.id, quantity: 12, date: '2026-11-30', locationId: fridge.id }, NOW);
		expect((await listReceptions(t.db, org.actors.supervisor, { status: 'draft' })).map((r) => r.id)).toEqual([id]);
		await expectAppError(validateReception(t.db, op, id, NOW), 'forbidden', 403);
		const { lots: made } = await validateReception(t.db, org.actors.supervisor, id, NOW);
		expect(made.map((l) => l.code)).toEqual(['L-000001', 'L-000002']);
		const rows = await t.db.select().from(lots).where(eq(lots.receptionId, id)).orderBy(lots.code);
		expect(rows.map((l) => [l.onHand, l.date, l.dateType, l.lotNumber, l.locationId, l.originId])).toEqual([
			[20, '2027-06-30', 'ddm', 'A12', null, fse.id],
			[12, '2026-11-30', 'dlc', null, fridge.id, fse.id]
		]);
		const mv = await t.db.select().from(stockMovements).where(eq(stockMovements.lotId, rows[0]!.id));
		expect(mv.map((x) => [x.kind, x.quantity, x.userId])).toEqual([['reception', 20, org.users.supervisor.id]]);
		const r = await getReception(t.db, op, id);
		expect(r.status).toBe('validated');
		expect(r.lines.map((l) => [l.quantity, l.expectedQuantity, l.lotId])).toEqual([
			[20, 24, rows[0]!.id],
			[12, null, rows[1]!.id]
		]);
		// A second validation (double click, another tablet) changes nothing.
		await expectAppError(validateReception(t.db, org.actors.supervisor, id, NOW), 'already_validated', 409);
		await expectAppError(addLine(t.db, op, id, { productId: pates.id, quantity: 1, date: '2027-01-01' }, NOW), 'already_validated', 409);
		expect(await t.db.select().from(lots).where(eq(lots.receptionId, id))).toHaveLength(2);
		expect((await auditRows(t.db, org.organisationId, 'reception.validate')).length).toBe(1);
	});

	it('refuses a past DLC, an impossible or absurd date, a bad quantity and the wrong zone, saving nothing', async () => {
		const org = await makeOrg(t.db);
		const op = org.actors.operator;
		const o = await makeOrigin(t.db, org);
		const yaourt = await makeProduct(t.db, org, { zone: 'chilled', dateType: 'dlc' });
		const riz = await makeProduct(t.db, org);
		const fridge = await makeLocation(t.db, org, 'chilled');
		const { id } = await createReception(t.db, op, { originId: o.id });
		const e = await expectAppError(
			addLine(t.db, op, id, { productId: yaourt.id, quantity: 1, date: '2026-11-22', locationId: fridge.id }, NOW),
			'dlc_past',
			409
		);
		expect(e.message).toMatch(/DLC est passée/);
		await addLine(t.db, op, id, { productId: yaourt.id, quantity: 1, date: '2026-11-23', locationId: fridge.id }, NOW); // today is still fine
		await expectAppError(addLine(t.db, op, id, { productId: riz.id, quantity: 1, date: '2027-02-30' }, NOW), 'date_invalid', 400);
		await expectAppError(addLine(t.db, op, id, { productId: riz.id, quantity: 1, date: '2099-01-01' }, NOW), 'date_invalid', 400);
		await expectAppError(addLine(t.db, op, id, { productId: riz.id, quantity: 1 }, NOW), 'date_invalid', 400);
		await addLine(t.db, op, id, { productId: riz.id, quantity: 3, date: '2026-01-01' }, NOW); // a past DDM is allowed
		for (const quantity of [0, -5, 1.5, 10_000_000])
			await expectAppError(addLine(t.db, op, id, { productId: riz.id, quantity, date: '2027-01-01' }, NOW), 'quantity_invalid', 400);
		await expectAppError(
			addLine(t.db, op, id, { productId: yaourt.id, quantity: 1, date: '2026-12-01', locationId: org.locationId }, NOW),
			'zone_mismatch',
			409
		);
		await expectAppError(addLine(t.db, op, id, { productId: yaourt.id, quantity: 1, date: '2026-12-01' }, NOW), 'location_required', 400);
		expect((await getReception(t.db, op, id)).lines).toHaveLength(2);
		// The DLC passes before validation: validation refuses and creates no lot.
		const later = new Date('2026-11-25T10:00:00Z');
		await expectAppError(validateReception(t.db, org.actors.supervisor, id, later), 'dlc_past', 409);
		expect(await t.db.select().from(lots).where(eq(lots.receptionId, id))).toHaveLength(0);
		const [r] = await t.db.select().from(receptions).where(eq(receptions.id, id));
		expect(r!.status).toBe('draft');
	});

	it('keeps organisations apart and lets a draft be corrected or cancelled', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db);
		const op = org.actors.operator;
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org);
		await expectAppError(createReception(t.db, op, { originId: (await makeOrigin(t.db, other)).id }), 'not_found', 404);
		const { id } = await createReception(t.db, op, { originId: o.id });
		await expectAppError(addLine(t.db, other.actors.operator, id, { productId: p.id, quantity: 1, date: '2027-01-01' }, NOW), 'not_found', 404);
		await expectAppError(addLine(t.db, op, id, { productId: (await makeProduct(t.db, other)).id, quantity: 1, date: '2027-01-01' }, NOW), 'not_found', 404);
		const line = await addLine(t.db, op, id, { productId: p.id, quantity: 1, date: '2027-01-01' }, NOW);
		await removeLine(t.db, op, id, line.id);
		await expectAppError(validateReception(t.db, org.actors.supervisor, id, NOW), 'empty', 409);
		await cancelReception(t.db, op, id);
		await expectAppError(addLine(t.db, op, id, { productId: p.id, quantity: 1, date: '2027-01-01' }, NOW), 'not_draft', 409);
	});

	it('reads EAN and GS1-128 scans, and offers to create an unknown product', async () => {
		const org = await makeOrg(t.db);
		const p = await makeProduct(t.db, org, { gtins: ['03017620422003'] });
		const op = org.actors.operator;
		expect(await resolveProductScan(t.db, op, '3017620422003', NOW)).toMatchObject({ kind: 'product', product: { id: p.id }, gs1: null });
		const code = formatGs1({ gtin: '03017620422003', useBy: '2026-12-31', netWeightGrams: 1250 }) + '10' + 'LOT7' + GS;
		expect(await resolveProductScan(t.db, op, code, NOW)).toMatchObject({
			kind: 'product',
			product: { id: p.id },
			gs1: { gtin: '03017620422003', useBy: '2026-12-31', netWeightGrams: 1250, lot: 'LOT7' }
		});
		expect(await resolveProductScan(t.db, op, '96385074', NOW)).toEqual({ kind: 'unknown', gtin: '00000096385074', gs1: null });
		await expectAppError(resolveProductScan(t.db, op, '3017620422004', NOW), 'code_invalid', 400);
		await expectAppError(resolveProductScan(t.db, op, '(01)03017620422003(17)261340', NOW), 'code_invalid', 400);
		await expectAppError(resolveProductScan(t.db, op, 'EMP-0001', NOW), 'code_invalid', 400);
	});

	it('takes a whole delivery file at once (API), all or nothing, naming the bad line', async () => {
		const org = await makeOrg(t.db);
		const o = await makeOrigin(t.db, org);
		const riz = await makeProduct(t.db, org, { gtins: ['03017620422003'] });
		const op = org.actors.operator;
		const before = await t.db.select().from(receptions).where(eq(receptions.organisationId, org.organisationId));
		const err = await expectAppError(
			createReceptionWithLines(
				t.db,
				op,
				{
					originId: o.id,
					deliveryNote: 'BA-7',
					lines: [
						{ gtin: '3017620422003', quantity: 10, date: '2027-01-01' },
						{ gtin: '96385074', quantity: 1, date: '2027-01-01' }
					]
				},
				NOW
			),
			'unknown_gtin',
			404
		);
		expect(err.message).toMatch(/^Ligne 2/);
		expect(err.field).toBe('lines.1.gtin');
		expect(await t.db.select().from(receptions).where(eq(receptions.organisationId, org.organisationId))).toHaveLength(before.length);
		const { id } = await createReceptionWithLines(
			t.db,
			op,
			{
				originId: o.id,
				lines: [
					{ gtin: '3017620422003', quantity: 10, date: '2027-01-01' },
					{ productId: riz.id, quantity: 2, date: '2026-12-01', lotNumber: 'Z1' }
				]
			},
			NOW
		);
		expect(await t.db.select().from(receptionLines).where(eq(receptionLines.receptionId, id))).toHaveLength(2);
		expect((await validateReception(t.db, org.actors.manager, id, NOW)).lots).toHaveLength(2);
	});
});
