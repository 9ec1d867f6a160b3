import { describe, expect, it } from 'vitest';
import { isCorrectable, movementDocument, type MovementKind } from './movements';

describe('movementDocument', () => {
	it('sales, returns (and their loss half), receptions, counts and distributions belong to a document; the rest does not', () => {
		const kinds: MovementKind[] = ['reception', 'move', 'count', 'loss', 'correction', 'sale', 'distribution', 'return'];
		expect(kinds.map((kind) => movementDocument({ kind, reason: null }))).toEqual(['reception', null, 'count', null, null, 'sale', 'distribution', 'return']);
		expect(movementDocument({ kind: 'loss', reason: 'return' })).toBe('return');
		expect(movementDocument({ kind: 'loss', reason: 'broken' })).toBeNull();
		expect(kinds.filter((kind) => isCorrectable({ kind, reason: null }))).toEqual(['move', 'loss']);
		expect(isCorrectable({ kind: 'loss', reason: 'return' })).toBe(false);
	});
	it('a rescue (given to a partner, put in a parcel, moved to the free shelf) stands alone: a correction undoes it', () => {
		expect(isCorrectable({ kind: 'distribution', reason: 'rescue_partner' })).toBe(true);
		expect(isCorrectable({ kind: 'distribution', reason: 'rescue_parcel' })).toBe(true);
		expect(isCorrectable({ kind: 'move', reason: 'rescue_free_shelf' })).toBe(true);
		expect(movementDocument({ kind: 'distribution', reason: 'parcel' })).toBe('distribution');
	});
});
