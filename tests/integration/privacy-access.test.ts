import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { decideAccess } from '$lib/server/auth/access';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { auditLog } from '$lib/server/db/schema';
import { createHousehold, searchHouseholds, socialDesk } from '$lib/server/households/households';
import { LOOKUP_LIMIT } from '$lib/server/households/lookups';
import { committeeSession, tillLookup } from '$lib/server/households/rights';
import { completeSale, getSale, listSales } from '$lib/server/till/sales';
import { tillCustomer } from '$lib/server/till/serve';
import { closedSession, closeTill, getSession, listSessions, openTill } from '$lib/server/till/sessions';
import { exportZCsv, zList } from '$lib/server/till/zreports';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { addUser, auditRows, expectAppError, makeDevice, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { makeBeneficiary, makeLot, makeShop, newKey, TODAY } from '../helpers/till';

const t = useApiTestDatabase();
type Json = Record<string, any>;

/** `n` households of the organisation, with no right (the till shows them all the same). */
async function manyHouseholds(org: OrgFixture, n: number, from = 0): Promise<string[]> {
	const refs: string[] = [];
	for (let i = from; i < from + n; i++) {
		const r = await createHousehold(
			t.db,
			org.actors.social_worker,
			{ firstName: `Prénom${i}`, lastName: `Nom${i}`, birthDate: `${1950 + i}-0${(i % 9) + 1}-1${i % 10}`, consent: true, rgpdInformedOn: TODAY },
			{ today: TODAY }
		);
		if (!('created' in r)) throw new Error('duplicate');
		refs.push(r.created.reference);
	}
	return refs;
}

const lookups = (organisationId: string, userId: string) =>
	t.db
		.select({ details: auditLog.details })
		.from(auditLog)
		.where(and(eq(auditLog.organisationId, organisationId), eq(auditLog.action, 'till.lookup'), eq(auditLog.userId, userId)));

describe('till lookups: audited; by typed reference, limited per person (issue 9, item 8)', () => {
	test('an operator pages through households by reference: the 11th different one is refused in French (429), nothing shown', async () => {
		const org = await makeOrg(t.db);
		const refs = await manyHouseholds(org, LOOKUP_LIMIT + 2);
		const op = org.actors.operator;
		for (const ref of refs.slice(0, LOOKUP_LIMIT)) expect((await tillLookup(t.db, op, ref)).firstName).toMatch(/^Prénom/);
		// The same households again: no new row, not counted.
		await tillLookup(t.db, op, refs[0]!);
		await tillCustomer(t.db, op, refs[1]!);
		const e = await expectAppError(tillLookup(t.db, op, refs[LOOKUP_LIMIT]!), 'too_many_lookups', 429);
		expect(e.message).toMatch(/Scannez la carte du foyer, ou réessayez dans \d+ min\./);
		await expectAppError(tillCustomer(t.db, op, refs[LOOKUP_LIMIT + 1]!), 'too_many_lookups', 429);
		// Every lookup is in the journal once per household: the reference and how, never a name.
		const rows = await lookups(org.organisationId, op.userId);
		expect(rows.map((r) => r.details)).toEqual(expect.arrayContaining(refs.slice(0, LOOKUP_LIMIT).map((reference) => ({ reference, by: 'reference' }))));
		expect(rows).toHaveLength(LOOKUP_LIMIT);
		expect((await auditRows(t.db, org.organisationId, 'till.lookup_refused')).map((r) => r.details)).toEqual([{ by: 'reference' }, { by: 'reference' }]);
		expect(JSON.stringify(rows)).not.toMatch(/Prénom|Nom\d/);
		// Another person is not slowed down by the first one's lookups; a social worker is never limited.
		const { actor: op2 } = await addUser(t.db, org, ['operator']);
		expect((await tillLookup(t.db, op2, refs[LOOKUP_LIMIT]!)).firstName).toBe(`Prénom${LOOKUP_LIMIT}`);
		for (const ref of refs) await tillLookup(t.db, org.actors.social_worker, ref);
	});

	test('card scans are never limited (the household is there), but audited once per household', async () => {
		const s = await makeShop(t.db);
		const refs = await manyHouseholds(s.org, LOOKUP_LIMIT);
		for (const ref of refs) await tillLookup(t.db, s.operator, ref);
		await expectAppError(tillLookup(t.db, s.operator, (await manyHouseholds(s.org, 1, LOOKUP_LIMIT))[0]!), 'too_many_lookups', 429);
		// Past the limit, a card still works, at once, and its household can then be read by reference (the basket's steps).
		const other = await makeBeneficiary(t.db, s.org);
		expect((await tillCustomer(t.db, s.operator, other.card)).reference).toBe(other.reference);
		expect((await tillCustomer(t.db, s.operator, other.reference)).reference).toBe(other.reference);
		expect((await lookups(s.org.organisationId, s.operator.userId)).filter((r) => r.details?.reference === other.reference).map((r) => r.details)).toEqual([
			{ reference: other.reference, by: 'card' }
		]);
	});

	test('the API answers the refusal as JSON 429 in French', async () => {
		const org = await makeOrg(t.db);
		const refs = await manyHouseholds(org, LOOKUP_LIMIT + 1);
		const { actor: maker } = await addUser(t.db, org, ['manager', 'operator']);
		const { token } = await createApiToken(t.db, maker, { name: 'Caisse', roles: ['operator'] });
		for (const ref of refs.slice(0, LOOKUP_LIMIT)) expect((await callApi('GET', `/api/v1/till/lookup?code=${ref}`, { token })).status).toBe(200);
		const r = await callApi<Json>('GET', `/api/v1/till/lookup?code=${refs[LOOKUP_LIMIT]}`, { token });
		expect(r.status).toBe(429);
		expect(r.body.error).toMatchObject({ code: 'too_many_lookups' });
		expect(r.body.error.message).toMatch(/réessayez/);
		expect(JSON.stringify(r.body)).not.toMatch(/Prénom/);
	});
});

describe("operators see their own till session's sales; Z reports are for supervisors and managers (issue 9, item 8)", () => {
	test('sales list, a sale, the API: an operator reads only the open session of their till', async () => {
		const s = await makeShop(t.db);
		const lot = await makeLot(t.db, s.operator, s.product.id, s.origin.id, 100);
		const sell = () =>
			completeSale(t.db, s.operator, s.point, {
				idempotencyKey: newKey(),
				customer: s.household.card,
				lines: [{ lot: lot.id, quantity: 1 }],
				payments: [{ method: 'cash', amountCents: 50 }]
			});
		const old = await sell();
		await closeTill(t.db, s.operator, s.point, { counted: { cash: 1050 } });
		await openTill(t.db, s.operator, s.point, { floatCents: 0 });
		const mine = await sell();
		// Another tablet's till, open, with a sale.
		const { actor: op2 } = await addUser(t.db, s.org, ['operator']);
		const { device } = await makeDevice(t.db, s.org, 'Tablette 2');
		const other = { ...op2, deviceId: device.id, method: 'pin' as const };
		await openTill(t.db, other, { deviceId: device.id }, { floatCents: 0 });
		const theirs = await completeSale(
			t.db,
			other,
			{ deviceId: device.id },
			{ idempotencyKey: newKey(), customer: s.household.card, lines: [{ lot: lot.id, quantity: 1 }], payments: [{ method: 'cash', amountCents: 50 }] }
		);

		const seen = await listSales(t.db, s.operator);
		expect(seen).toMatchObject({ scope: 'till', total: 1 });
		expect(seen.rows.map((r) => r.id)).toEqual([mine.id]);
		// Searching the household's reference (its purchase history) finds only this session's sale.
		expect((await listSales(t.db, s.operator, { q: s.household.reference })).rows.map((r) => r.id)).toEqual([mine.id]);
		expect((await listSales(t.db, s.operator, { q: old.number })).total).toBe(0);
		expect((await listSales(t.db, s.operator, { sessionId: s.session.id })).total).toBe(0);
		await expectAppError(getSale(t.db, s.operator, old.id), 'not_found', 404);
		await expectAppError(getSale(t.db, s.operator, theirs.number), 'not_found', 404);
		expect((await getSale(t.db, s.operator, mine.id)).number).toBe(mine.number);
		// Without a tablet (signed in with a password on a computer): nothing.
		expect(await listSales(t.db, s.org.actors.operator)).toMatchObject({ scope: 'none', total: 0, rows: [] });
		await expectAppError(getSale(t.db, s.org.actors.operator, mine.id), 'not_found', 404);
		// Through the API, the same (a signed-in operator on the tablet).
		const api = await callApi<Json>('GET', `/api/v1/sales?q=${s.household.reference}`, { actor: s.operator });
		expect(api.body.items.map((i: Json) => i.number)).toEqual([mine.number]);
		expect((await callApi('GET', `/api/v1/sales/${old.id}`, { actor: s.operator })).status).toBe(404);
		// Supervisors and managers see every sale.
		expect((await listSales(t.db, s.supervisor)).total).toBe(3);
		expect((await listSales(t.db, s.org.actors.manager, { q: s.household.reference })).total).toBe(3);
		expect((await getSale(t.db, s.org.actors.manager, old.id)).number).toBe(old.number);
	});

	test('Z reports: supervisors, managers, admins; an operator sees only the closing they made', async () => {
		const s = await makeShop(t.db);
		const z = await closeTill(t.db, s.operator, s.point, { counted: { cash: 1000 } });
		for (const op of [s.operator, s.org.actors.operator]) {
			await expectAppError(zList(t.db, op), 'forbidden', 403);
			await expectAppError(exportZCsv(t.db, op), 'forbidden', 403);
			await expectAppError(getSession(t.db, op, z.id), 'forbidden', 403);
			await expectAppError(listSessions(t.db, op), 'forbidden', 403);
		}
		for (const who of [s.supervisor, s.org.actors.manager, s.org.actors.admin]) {
			expect((await getSession(t.db, who, z.id)).zNumber).toBe(z.zNumber);
			expect((await zList(t.db, who)).total).toBe(1);
		}
		// The operator who closed sees that closing's figures; another operator does not.
		expect((await closedSession(t.db, s.operator, z.id)).totals.expected.cash).toBe(1000);
		const { actor: op2 } = await addUser(t.db, s.org, ['operator']);
		await expectAppError(closedSession(t.db, op2, z.id), 'not_found', 404);
		// The route groups: /clotures… only for supervisors, managers, admins.
		for (const id of ['/(app)/(zreports)/clotures', '/(app)/(zreports)/clotures/[id]', '/(app)/(zreports)/clotures/export']) {
			expect(decideAccess(id, ['operator'])).toBe('forbidden');
			expect(decideAccess(id, ['social_worker'])).toBe('forbidden');
			for (const r of ['supervisor', 'manager', 'admin'] as const) expect(decideAccess(id, [r])).toBe('allow');
		}
		expect(decideAccess('/(app)/(till)/caisse/fermeture/[id]', ['operator'])).toBe('allow');
	});
});

describe('reads of household lists are audited like file openings, without names (issue 9, item 8)', () => {
	test('search, desk, committee: one row each with what was asked and how many', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const [ref] = await manyHouseholds(org, 2);
		await searchHouseholds(t.db, sw, 'prénom');
		await searchHouseholds(t.db, sw, ref!.toLowerCase());
		await socialDesk(t.db, sw, { today: TODAY });
		await committeeSession(t.db, sw);
		const rows = (await auditRows(t.db, org.organisationId)).filter((r) => ['household.search', 'household.desk', 'household.committee'].includes(r.action));
		expect(rows.map((r) => [r.action, r.details, r.userId])).toEqual([
			['household.search', { by: 'name', count: 2 }, sw.userId],
			['household.search', { by: 'reference', reference: ref, count: 1 }, sw.userId],
			['household.desk', { ending: 0, waiting: 0, withoutRight: 2 }, sw.userId],
			['household.committee', { count: 0, anonymous: false }, sw.userId]
		]);
		expect(JSON.stringify(rows)).not.toMatch(/Prénom|Nom\d/i);
		// The API list too.
		await callApi('GET', '/api/v1/households?q=Nom1', { actor: sw });
		expect((await auditRows(t.db, org.organisationId, 'household.search')).at(-1)!.details).toEqual({ by: 'name', count: 1 });
	});
});
