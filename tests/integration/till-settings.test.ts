import { describe, expect, test } from 'vitest';
import { completeSale } from '$lib/server/till/sales';
import { getTillSettings, updateTillSettings } from '$lib/server/till/settings';
import { addDays } from '$lib/stock/dates';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError } from '../helpers/fixtures';
import { makeLot, makeShop, newKey, TODAY } from '../helpers/till';

const t = useTestDatabase();

describe('till settings', () => {
	test('managers set how long after its DDM a lot may be sold; the till applies it', async () => {
		const s = await makeShop(t.db);
		const manager = s.org.actors.manager;
		expect(await getTillSettings(t.db, manager)).toEqual({ ddmGraceMonths: 3 });
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 10, { date: addDays(TODAY, -10), dateType: 'ddm' });
		const sell = () =>
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [{ lot: lot.id, quantity: 1 }],
				payments: [{ method: 'cash', amountCents: 50 }]
			});
		expect((await sell()).paidCents).toBe(50);

		await updateTillSettings(t.db, manager, { ddmGraceMonths: 0 });
		expect(await getTillSettings(t.db, manager)).toEqual({ ddmGraceMonths: 0 });
		const err = await expectAppError(sell(), 'ddm_too_old', 409);
		expect(err.message).toMatch(/DDM/);
		expect((await auditRows(t.db, s.org.organisationId, 'till.settings')).length).toBe(1);
	});

	test('bad values and other roles are refused, nothing changes', async () => {
		const s = await makeShop(t.db);
		await expectAppError(updateTillSettings(t.db, s.org.actors.manager, { ddmGraceMonths: 25 }), 'invalid_input', 400);
		await expectAppError(updateTillSettings(t.db, s.org.actors.manager, { ddmGraceMonths: 1.5 }), 'invalid_input', 400);
		await expectAppError(updateTillSettings(t.db, s.operator, { ddmGraceMonths: 1 }), 'forbidden', 403);
		expect(await getTillSettings(t.db, s.org.actors.manager)).toEqual({ ddmGraceMonths: 3 });
	});
});
