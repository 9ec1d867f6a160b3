// Test helpers for reports (issue 12): lots and ledger movements at chosen instants (the services stamp
// `now`; a report needs months of history). The .xlsx reader is in ./xlsx.ts (browser tests use it too).
export { excelDay, readXlsx, type XlsxSheet } from './xlsx';
import { sql } from 'drizzle-orm';
import type { Database } from '$lib/server/db';
import { lots } from '$lib/server/db/schema';
import type { OrgFixture } from './fixtures';

let lotSeq = 0;

/** A lot with a zero balance, inserted directly (its stock comes from `movementAt`). */
export async function makeLot(
	db: Database,
	org: OrgFixture,
	l: { productId: string; originId: string; locationId?: string | null; date?: string | null; dateType?: 'dlc' | 'ddm' | 'none'; createdAt?: Date }
): Promise<{ id: string; code: string }> {
	const code = `L-${String(900_000 + ++lotSeq).padStart(6, '0')}${Math.floor(Math.random() * 900 + 100)}`;
	const date = l.date ?? null;
	const [row] = await db
		.insert(lots)
		.values({
			organisationId: org.organisationId,
			code,
			productId: l.productId,
			originId: l.originId,
			locationId: l.locationId === undefined ? org.locationId : l.locationId,
			date,
			dateType: l.dateType ?? (date ? 'ddm' : 'none'),
			...(l.createdAt ? { createdAt: l.createdAt } : {})
		})
		.returning({ id: lots.id, code: lots.code });
	return row!;
}

/**
 * One ledger movement at instant `at`, and the lot's balance moved by it, in one transaction (as
 * recordMovement does, but backdated). The lot's CHECK (on_hand >= 0) still holds.
 */
export async function movementAt(
	db: Database,
	org: OrgFixture,
	m: {
		lotId: string;
		quantity: number;
		kind: 'reception' | 'move' | 'count' | 'loss' | 'correction' | 'sale' | 'distribution' | 'return';
		at: Date;
		reason?: string | null;
		correctionOf?: number | null;
		userId?: string;
		toLocationId?: string | null;
		fromLocationId?: string | null;
	}
): Promise<number> {
	return db.transaction(async (tx) => {
		const r =
			(await tx.execute(sql`insert into stock_movements (organisation_id, lot_id, quantity, kind, reason, user_id, correction_of, to_location_id, from_location_id, at)
			values (${org.organisationId}, ${m.lotId}, ${m.quantity}, ${m.kind}, ${m.reason ?? null}, ${m.userId ?? org.users.manager.id}, ${m.correctionOf ?? null}, ${m.toLocationId ?? null}, ${m.fromLocationId ?? null}, ${m.at.toISOString()})
			returning id`)) as unknown;
		const rows = (Array.isArray(r) ? r : (r as { rows: { id: unknown }[] }).rows) as { id: unknown }[];
		await tx.execute(sql`update lots set on_hand = on_hand + ${m.quantity} where organisation_id = ${org.organisationId} and id = ${m.lotId}`);
		return Number(rows[0]!.id);
	});
}
