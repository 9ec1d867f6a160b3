import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AppError } from '../errors';
import { assignableRoles, canManagePerson, coveredRoles, hasAnyRole, isRole, requireRole, ROLES, type Role } from './roles';
import { MANAGE_ORGANISATION, SUPERVISE_STAFF, TAKE_TILL_ON_TABLET } from '$lib/permissions';

describe('roles', () => {
	test('the five roles, and who belongs to each family', () => {
		expect([...ROLES]).toEqual(['admin', 'manager', 'social_worker', 'supervisor', 'operator']);
		expect([...MANAGE_ORGANISATION].sort()).toEqual(['admin', 'manager']);
		expect([...SUPERVISE_STAFF].sort()).toEqual(['admin', 'manager', 'supervisor']);
		expect([...TAKE_TILL_ON_TABLET].sort()).toEqual(['operator', 'supervisor']);
	});

	test('isRole accepts exactly the five role names', () => {
		for (const r of ROLES) expect(isRole(r)).toBe(true);
		for (const v of ['Admin', 'root', '', ' manager', null, undefined, 3, ['admin'], { role: 'admin' }]) expect(isRole(v)).toBe(false);
	});

	test('hasAnyRole is set intersection', () => {
		fc.assert(
			fc.property(fc.subarray([...ROLES]), fc.subarray([...ROLES]), (mine, allowed) => {
				expect(hasAnyRole(mine, allowed)).toBe(mine.some((r) => allowed.includes(r)));
			})
		);
	});

	test('requireRole throws a 403 AppError "forbidden" unless one role matches', () => {
		expect(() => requireRole({ roles: ['manager'] }, MANAGE_ORGANISATION)).not.toThrow();
		expect(() => requireRole({ roles: ['operator', 'admin'] }, MANAGE_ORGANISATION)).not.toThrow();
		for (const roles of [[], ['operator'], ['supervisor', 'social_worker']] as Role[][]) {
			let caught: unknown;
			try {
				requireRole({ roles }, MANAGE_ORGANISATION);
			} catch (e) {
				caught = e;
			}
			expect(caught).toBeInstanceOf(AppError);
			expect((caught as AppError).status).toBe(403);
			expect((caught as AppError).code).toBe('forbidden');
		}
	});
});

describe('assignableRoles', () => {
	test('an admin hands out any role but social worker; a manager manager, supervisor, operator; nobody else any', () => {
		expect(assignableRoles(['admin'])).toEqual(['admin', 'manager', 'supervisor', 'operator']);
		expect(assignableRoles(['manager'])).toEqual(['manager', 'supervisor', 'operator']);
		expect(assignableRoles(['manager', 'admin'])).toEqual(['admin', 'manager', 'supervisor', 'operator']);
		expect(assignableRoles(['manager', 'social_worker'])).toEqual(['manager', 'social_worker', 'supervisor', 'operator']);
		expect(assignableRoles(['supervisor'])).toEqual([]);
		expect(assignableRoles(['social_worker', 'operator'])).toEqual([]);
		expect(assignableRoles([])).toEqual([]);
	});

	test('property: never grants admin without admin, nor social worker without social worker; nothing without a manager role', () => {
		fc.assert(
			fc.property(fc.subarray([...ROLES]), (mine) => {
				const given = assignableRoles(mine);
				expect(given.every((r) => ROLES.includes(r))).toBe(true);
				expect(given.includes('admin')).toBe(mine.includes('admin'));
				if (given.length > 0) expect(given.includes('social_worker')).toBe(mine.includes('social_worker'));
				expect(given.length > 0).toBe(hasAnyRole(mine, MANAGE_ORGANISATION));
				expect(new Set(given).size).toBe(given.length);
			})
		);
	});

	test('the result is a copy: changing it changes nothing for the next caller', () => {
		const a = assignableRoles(['admin']);
		a.pop();
		expect(assignableRoles(['admin'])).toEqual(['admin', 'manager', 'supervisor', 'operator']);
	});
});

describe('canManagePerson', () => {
	test('the cases of issue 9: a manager changes neither an admin nor a social worker; an admin changes a manager, not a social worker', () => {
		expect(canManagePerson(['manager'], ['admin'])).toBe(false);
		expect(canManagePerson(['manager'], ['social_worker'])).toBe(false);
		expect(canManagePerson(['manager'], ['operator', 'social_worker'])).toBe(false);
		expect(canManagePerson(['admin'], ['admin'])).toBe(true);
		expect(canManagePerson(['admin'], ['manager', 'supervisor'])).toBe(true);
		expect(canManagePerson(['admin'], ['social_worker'])).toBe(false);
		expect(canManagePerson(['manager'], ['supervisor', 'operator'])).toBe(true);
		expect(canManagePerson(['supervisor'], ['operator'])).toBe(true);
		expect(canManagePerson(['supervisor'], ['manager'])).toBe(false);
		expect(canManagePerson(['operator'], ['operator'])).toBe(true);
		expect(canManagePerson(['manager', 'social_worker'], ['social_worker'])).toBe(true);
	});

	test("property: the target's roles all covered; admin only by admin; social worker only by social worker; oneself always", () => {
		fc.assert(
			fc.property(fc.subarray([...ROLES]), fc.subarray([...ROLES]), (mine, theirs) => {
				const ok = canManagePerson(mine, theirs);
				expect(ok).toBe(theirs.every((r) => coveredRoles(mine).includes(r)));
				if (theirs.includes('admin') && !mine.includes('admin')) expect(ok).toBe(false);
				if (theirs.includes('social_worker') && !mine.includes('social_worker')) expect(ok).toBe(false);
				expect(canManagePerson(mine, mine)).toBe(true);
				// Covering is monotonic: more roles never manage fewer people.
				if (ok) expect(canManagePerson([...mine, 'operator'], theirs)).toBe(true);
			})
		);
	});
});
