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
	it('names a rescue (issue 12) and the partner typed with it', () => {
		expect(movementText('distribution', 'rescue_partner', 'Restos du Cœur')).toBe('Distribution – Donné à un partenaire : Restos du Cœur');
		expect(movementText('move', 'rescue_free_shelf', null)).toBe('Rangement – Mis au rayon gratuit');
	});
});
