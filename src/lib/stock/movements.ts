/**
 * Which ledger movements belong to a document (a sale, a return, a validated reception, a count, a
 * distribution): those are reversed only through their document — a return of the sale, a new count,
 * a loss or a count for a reception — never by "Annuler ce mouvement" on the lot's history (issue 10).
 * Pure: the lot page hides the button with it, `correctMovement` refuses with it.
 */

export type MovementKind = 'reception' | 'move' | 'count' | 'loss' | 'correction' | 'sale' | 'distribution' | 'return';
export type MovementDocument = 'sale' | 'return' | 'reception' | 'count' | 'distribution';

/** The document a movement belongs to, or null when it stands alone (a put-away, a loss, …). */
export function movementDocument(mv: { kind: MovementKind; reason: string | null }): MovementDocument | null {
	switch (mv.kind) {
		case 'sale':
		case 'return':
		case 'reception':
		case 'count':
			return mv.kind;
		case 'distribution':
			// A rescue (issue 12: given to a partner, put in a parcel) stands alone: undone by a correction.
			return mv.reason?.startsWith('rescue_') ? null : 'distribution';
		case 'loss':
			// The loss half of a return whose goods went to the bin.
			return mv.reason === 'return' ? 'return' : null;
		default:
			return null;
	}
}

/** May "Annuler ce mouvement" reverse it (a correction is never itself corrected)? */
export const isCorrectable = (mv: { kind: MovementKind; reason: string | null }) => mv.kind !== 'correction' && movementDocument(mv) === null;
