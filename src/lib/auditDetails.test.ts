import { describe, expect, test } from 'vitest';
import { compactDetails } from './auditDetails';

describe('compactDetails', () => {
	test('nothing to show', () => {
		expect(compactDetails(null)).toBe('');
		expect(compactDetails({})).toBe('');
	});

	test('plain values, arrays and booleans', () => {
		expect(compactDetails({ name: 'Clé Zapier', roles: ['manager', 'operator'], pin: true, password: false })).toBe(
			'name: Clé Zapier · roles: manager, operator · pin: ✓ · password: ✗'
		);
	});

	test('before/after shows only what changed', () => {
		expect(
			compactDetails({
				before: { name: 'Étagère A', zone: 'ambient', active: true },
				after: { name: 'Étagère A1', zone: 'ambient', active: false }
			})
		).toBe('name: Étagère A → Étagère A1 · active: ✓ → ✗');
	});

	test('[before, after] pairs (as user.update writes them)', () => {
		const details = { firstName: ['Ana', 'Anna'], roles: [['operator'], ['operator', 'supervisor']] };
		expect(compactDetails(details, { pairs: true })).toBe('firstName: Ana → Anna · roles: operator → operator, supervisor');
		expect(compactDetails({ roles: ['manager', 'operator'] })).toBe('roles: manager, operator');
	});

	test('long lines are cut', () => {
		const line = compactDetails({ note: 'x'.repeat(500) }, { max: 40 });
		expect(line).toHaveLength(40);
		expect(line.endsWith('…')).toBe(true);
	});
});
