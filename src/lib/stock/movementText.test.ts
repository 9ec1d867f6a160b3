import { describe, expect, it } from 'vitest';
import { movementText } from './labels';

describe('movementText (a line of a lot history)', () => {
	it('says "Vente", not "Vente – sale"', () => {
		expect(movementText('sale', 'sale', null)).toBe('Vente');
		expect(movementText('reception', 'reception', null)).not.toContain('reception');
	});
	it('names a loss reason and shows the remark typed with it', () => {
		expect(movementText('loss', 'broken', 'tombé du chariot')).toBe('Perte – Cassé : tombé du chariot');
		expect(movementText('loss', 'other', '   ')).toBe('Perte – Autre');
	});
});
