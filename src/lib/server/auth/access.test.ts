import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decideAccess, GROUP_ACCESS, routeGroups } from './access';
import { ROLES, type Role } from './roles';

const everyone: (Role[] | null)[] = [null, [], ...ROLES.map((r) => [r])];

/** The decision for each of: nobody, signed in with no role, then each single role (ROLES order). */
const row = (routeId: string | null) => everyone.map((roles) => decideAccess(routeId, roles));

describe('routeGroups', () => {
	test('lists the groups of a route id in order', () => {
		expect(routeGroups('/(app)/(manage)/people/[id]')).toEqual(['(app)', '(manage)']);
		expect(routeGroups('/(public)/login')).toEqual(['(public)']);
		expect(routeGroups('/')).toEqual([]);
		expect(routeGroups('/api/v1/people/[id]')).toEqual([]);
	});
});

describe('decideAccess', () => {
	test('matrix: who may enter each kind of route', () => {
		//                                     nobody      no role      admin      manager    social_w.  superv.    operator
		expect(row('/(public)/login')).toEqual(['allow', 'allow', 'allow', 'allow', 'allow', 'allow', 'allow']);
		expect(row('/(app)')).toEqual(['sign_in', 'forbidden', 'allow', 'allow', 'allow', 'allow', 'allow']);
		expect(row('/(app)/(supervise)/tablets')).toEqual(['sign_in', 'forbidden', 'allow', 'allow', 'forbidden', 'allow', 'forbidden']);
		expect(row('/(app)/(manage)/people/[id]')).toEqual(['sign_in', 'forbidden', 'allow', 'allow', 'forbidden', 'forbidden', 'forbidden']);
		expect(row('/(app)/(stock)/stock/receptions')).toEqual(['sign_in', 'forbidden', 'allow', 'allow', 'forbidden', 'allow', 'allow']);
		// (admin) is no route group (issue 10: it held no route): a route in it is refused to everyone.
		expect(row('/(app)/(admin)/organisations')).toEqual(Array(everyone.length).fill('forbidden'));
		// A route must satisfy every group it is in.
		expect(row('/(app)/(till)/(zreports)/x')).toEqual(['sign_in', 'forbidden', 'allow', 'forbidden', 'forbidden', 'allow', 'forbidden']);
	});

	test('a route id that is unknown to the router (404) is let through for SvelteKit to answer', () => {
		expect(row(null)).toEqual(Array(everyone.length).fill('allow'));
	});

	test('fail closed: a route in no group, or in any unlisted group, is refused to everyone', () => {
		for (const id of ['/', '/people', '/api/v1/people', '/(nouveau)/page', '/(app)/(oubli)/page', '/(public)/(entrepot)/x', '/(admin-typo)/x']) {
			expect(row(id), id).toEqual(Array(everyone.length).fill('forbidden'));
		}
	});

	test('several roles: allowed when one of them opens each group', () => {
		expect(decideAccess('/(app)/(manage)/x', ['operator', 'manager'])).toBe('allow');
		expect(decideAccess('/(app)/(manage)/x', ['operator', 'social_worker', 'supervisor'])).toBe('forbidden');
		expect(decideAccess('/(app)/(supervise)/(manage)/x', ['supervisor', 'manager'])).toBe('allow');
	});

	const known = Object.keys(GROUP_ACCESS);
	test('property: over known groups, allow exactly when every restricted group has one of the roles', () => {
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...known), { minLength: 1, maxLength: 4 }), fc.option(fc.subarray([...ROLES]), { nil: null }), (groups, roles) => {
				const id = '/' + groups.join('/') + '/page';
				const restricted = groups.map((g) => GROUP_ACCESS[g]).filter((r) => r !== null && r !== undefined);
				const expected =
					restricted.length === 0
						? 'allow'
						: roles === null
							? 'sign_in'
							: restricted.every((allowed) => allowed.some((r) => roles.includes(r)))
								? 'allow'
								: 'forbidden';
				expect(decideAccess(id, roles)).toBe(expected);
			})
		);
	});

	test('property: one unknown group anywhere makes the route forbidden, whoever asks', () => {
		fc.assert(
			fc.property(
				fc.array(fc.constantFrom(...known), { maxLength: 3 }),
				fc.stringMatching(/^[a-z_-]{1,12}$/).filter((g) => !known.includes(`(${g})`)),
				fc.nat(3),
				fc.option(fc.subarray([...ROLES]), { nil: null }),
				(groups, unknown, at, roles) => {
					const all = [...groups];
					all.splice(Math.min(at, all.length), 0, `(${unknown})`);
					expect(decideAccess('/' + all.join('/'), roles)).toBe('forbidden');
				}
			)
		);
	});

	test('the admin role opens every known group except (social), the training records and the parcels: household files are for social workers only (RGPD), employees’ records for their supervisors and managers, the households served at a distribution for the people who run it, the ressourcerie’s tablet work for its atelier', () => {
		const closed = ['(social)', '(training)', '(mytraining)', '(distributions)', '(parcels)', '(reuse)'];
		for (const g of Object.keys(GROUP_ACCESS)) expect(decideAccess(`/${g}/x`, ['admin']), g).toBe(closed.includes(g) ? 'forbidden' : 'allow');
	});
});
