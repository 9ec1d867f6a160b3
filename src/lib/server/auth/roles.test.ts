import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AppError } from '../errors';
import { assignableRoles, hasAnyRole, isRole, MANAGERS, requireRole, ROLES, SUPERVISORS, TILL_ROLES, type Role } from './roles';

describe('roles', () => {
	test('the five roles, and who belongs to each family', () => {
		expect([...ROLES]).toEqual(['admin', 'manager', 'social_worker', 'supervisor', 'operator']);
		expect([...MANAGERS].sort()).toEqual(['admin', 'manager']);
		expect([...SUPERVISORS].sort()).toEqual(['admin', 'manager', 'supervisor']);
		expect([...TILL_ROLES].sort()).toEqual(['operator', 'supervisor']);
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
		expect(() => requireRole({ roles: ['manager'] }, MANAGERS)).not.toThrow();
		expect(() => requireRole({ roles: ['operator', 'admin'] }, MANAGERS)).not.toThrow();
		for (const roles of [[], ['operator'], ['supervisor', 'social_worker']] as Role[][]) {
			let caught: unknown;
			try {
				requireRole({ roles }, MANAGERS);
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
	test('an admin hands out any role; a manager any but admin; nobody else any', () => {
		expect(assignableRoles(['admin'])).toEqual([...ROLES]);
		expect(assignableRoles(['manager'])).toEqual(['manager', 'social_worker', 'supervisor', 'operator']);
		expect(assignableRoles(['manager', 'admin'])).toEqual([...ROLES]);
		expect(assignableRoles(['supervisor'])).toEqual([]);
		expect(assignableRoles(['social_worker', 'operator'])).toEqual([]);
		expect(assignableRoles([])).toEqual([]);
	});

	test('property: never grants admin without admin; never grants anything without a manager role', () => {
		fc.assert(
			fc.property(fc.subarray([...ROLES]), (mine) => {
				const given = assignableRoles(mine);
				expect(given.every((r) => ROLES.includes(r))).toBe(true);
				expect(given.includes('admin')).toBe(mine.includes('admin'));
				expect(given.length > 0).toBe(hasAnyRole(mine, MANAGERS));
				expect(new Set(given).size).toBe(given.length);
			})
		);
	});

	test('the result is a copy: changing it changes nothing for the next caller', () => {
		const a = assignableRoles(['admin']);
		a.pop();
		expect(assignableRoles(['admin'])).toEqual([...ROLES]);
	});
});
