import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { decideAccess } from '$lib/server/auth/access';
import { ROLES, type Role } from '$lib/server/auth/roles';
import { useTestDatabase } from '../helpers/db';
import { makeOrg } from '../helpers/fixtures';
import { tillLookup } from '$lib/server/households/rights';
import { createHousehold, householdCounts, openHouseholdFile } from '$lib/server/households/households';
import { expectAppError } from '../helpers/fixtures';

const ROUTES = fileURLToPath(new URL('../../src/routes', import.meta.url));

/** Every route id (directory with a +page or +server) under src/routes, as SvelteKit names them. */
function routeIds(dir = ROUTES, prefix = ''): string[] {
	const out: string[] = [];
	const entries = readdirSync(dir);
	if (entries.some((e) => /^\+(page|server)/.test(e))) out.push(prefix || '/');
	for (const e of entries) if (statSync(path.join(dir, e)).isDirectory()) out.push(...routeIds(path.join(dir, e), `${prefix}/${e}`));
	return out;
}

const HOUSEHOLD_ROUTE = /foyers|comite|reglages-foyers|caisse\/carte|households|rights|till/;
const allowed = (id: string): Role[] => ROLES.filter((r) => decideAccess(id, [r]) === 'allow');

describe('household routes: who may enter (route guard)', () => {
	const ids = routeIds().filter((id) => HOUSEHOLD_ROUTE.test(id));

	test('the household routes exist and each answers only its audience; everyone else is refused (403)', () => {
		expect(ids.length).toBeGreaterThanOrEqual(12);
		for (const id of ids) {
			// The households' and the till's settings (screens and API) are the organisation's: managers and admins;
			// so is the households-served report (issue 12: households counted, never named — its own tests check no name leaks).
			// A distribution day's list (issue 14: a household added by card or reference, seen as reference and
			// first name) is the distribution team's: supervisors and managers.
			const expected: Role[] = /reglages-foyers|\/settings\/|\(reports\)/.test(id)
				? ['admin', 'manager']
				: /caisse\/carte|\(till\)/.test(id)
					? ['admin', 'supervisor', 'operator']
					: /\(distributions\)/.test(id)
						? ['manager', 'supervisor']
						: ['social_worker'];
			expect(allowed(id), id).toEqual(expected);
			for (const r of ROLES.filter((x) => !expected.includes(x))) expect(decideAccess(id, [r]), `${id} ${r}`).toBe('forbidden');
			expect(decideAccess(id, null), id).toBe('sign_in');
		}
		// Files and the committee: social workers only — never operators, supervisors or managers.
		for (const id of ids.filter((i) => /foyers\/|comite|households|rights/.test(i) && !/reglages|settings|\(reports\)|\(distributions\)/.test(i))) {
			for (const r of ['operator', 'supervisor', 'manager', 'admin'] as const) expect(decideAccess(id, [r]), `${id} ${r}`).toBe('forbidden');
		}
		// A manager who is also a social worker sees files.
		expect(decideAccess('/(app)/(social)/foyers/[id]', ['manager', 'social_worker'])).toBe('allow');
	});
});

const t = useTestDatabase();

describe('household services: the same matrix, and another organisation', () => {
	test('each role gets what it may see, 403 otherwise; another organisation gets 404 / unknown card', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const r = await createHousehold(t.db, org.actors.social_worker, { firstName: 'Lina', lastName: 'Roux', birthDate: '1990-05-05' });
		if (!('created' in r)) throw new Error('dup');
		const { id, reference } = r.created;
		const matrix: Record<Role, { file: boolean; counts: boolean; till: boolean }> = {
			social_worker: { file: true, counts: true, till: true },
			manager: { file: false, counts: true, till: true },
			admin: { file: false, counts: true, till: true },
			supervisor: { file: false, counts: false, till: true },
			operator: { file: false, counts: false, till: true }
		};
		for (const role of ROLES) {
			const a = org.actors[role];
			const want = matrix[role];
			if (want.file) expect((await openHouseholdFile(t.db, a, id)).household.reference).toBe(reference);
			else await expectAppError(openHouseholdFile(t.db, a, id), 'forbidden', 403);
			if (want.counts) expect((await householdCounts(t.db, a)).files).toBe(1);
			else await expectAppError(householdCounts(t.db, a), 'forbidden', 403);
			if (want.till) {
				const v = await tillLookup(t.db, a, reference);
				expect(Object.keys(v).sort()).toEqual([
					'budgetBasis',
					'budgetCents',
					'canShop',
					'firstName',
					'leftCents',
					'limits',
					'message',
					'rateBp',
					'rightId',
					'status',
					'usedCents'
				]);
			} else await expectAppError(tillLookup(t.db, a, reference), 'forbidden', 403);
			// Another organisation, whatever its role: the file does not exist.
			const o = other.actors[role];
			if (want.file) await expectAppError(openHouseholdFile(t.db, o, id), 'not_found', 404);
			if (want.till) await expectAppError(tillLookup(t.db, o, reference), 'unknown_card', 404);
			if (want.counts) expect((await householdCounts(t.db, o)).files).toBe(0);
		}
	});
});
