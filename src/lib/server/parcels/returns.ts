import { and, eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import type { Tx } from '../db';
import { parcelLines } from '../db/schema';
import { recordMovement } from '../stock/ledger';

/**
 * A parcel's goods back to where they were taken from (closing a day, a parcel not collected): each lot
 * the parcel holds (`parcel_lines.parcel_lot_id`) moves back to the line's `from_location_id` — a `move`
 * of quantity 0 (reason `parcel_return`, the reason given as note), on the ledger; nothing is edited.
 * Inside the caller's transaction. Same signature as the prepare helper's `returnParcelLots`
 * (server/parcels/prepare.ts): one of the two is kept when the branches are merged.
 */
export async function returnParcelLots(tx: Tx, actor: Actor, parcelId: string, reason: string): Promise<void> {
	const lines = await tx
		.select({ lotId: parcelLines.parcelLotId, from: parcelLines.fromLocationId })
		.from(parcelLines)
		.where(and(eq(parcelLines.organisationId, actor.organisationId), eq(parcelLines.parcelId, parcelId)))
		.orderBy(parcelLines.parcelLotId);
	const done = new Set<string>();
	for (const l of lines) {
		if (done.has(l.lotId)) continue;
		done.add(l.lotId);
		await recordMovement(tx, actor, { lotId: l.lotId, quantity: 0, kind: 'move', reason: 'parcel_return', note: reason, toLocationId: l.from, parcel: true });
	}
}
