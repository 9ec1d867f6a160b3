import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Database } from '$lib/server/db';

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? r : (r as { rows: T[] }).rows);

/**
 * Everything a sale or a refused sale could touch in an organisation: row counts of the till and
 * stock tables, the budget spent, the lots' balances, the counters and the audit log (its `till.refused`
 * rows counted apart as `refusals`). Two snapshots equal: nothing changed.
 */
const COUNTS = [
	'sales',
	'lines',
	'payments',
	'movements',
	'budget_uses',
	'budget_spent',
	'overrides',
	'cash_movements',
	'open_sessions',
	'last_sale',
	'audit',
	// A sale refused by the till's rules is recorded (journal and work event `till.refused`), apart from the sale.
	'refusals'
] as const;
export type TillState = Record<(typeof COUNTS)[number], number> & { lots: string[] };

export async function tillState(db: Database, organisationId: string): Promise<TillState> {
	const [counts] = rowsOf<Record<string, number | string>>(
		await db.execute(sql`select
			(select count(*) from sales where organisation_id = ${organisationId})::int as sales,
			(select count(*) from sale_lines where organisation_id = ${organisationId})::int as lines,
			(select count(*) from sale_payments where organisation_id = ${organisationId})::int as payments,
			(select count(*) from stock_movements where organisation_id = ${organisationId})::int as movements,
			(select count(*) from right_budget_uses where organisation_id = ${organisationId})::int as budget_uses,
			(select coalesce(sum(amount_cents), 0) from right_budget_uses where organisation_id = ${organisationId})::int as budget_spent,
			(select count(*) from till_overrides where organisation_id = ${organisationId})::int as overrides,
			(select count(*) from till_cash_movements where organisation_id = ${organisationId})::int as cash_movements,
			(select count(*) from till_sessions where organisation_id = ${organisationId} and status = 'open')::int as open_sessions,
			(select coalesce(max(last_sale), 0) from till_counters where organisation_id = ${organisationId})::int as last_sale,
			(select count(*) from audit_log where organisation_id = ${organisationId} and action <> 'till.refused')::int as audit,
			(select count(*) from audit_log where organisation_id = ${organisationId} and action = 'till.refused')::int as refusals`)
	);
	const lotRows = rowsOf<{ code: string; on_hand: number }>(
		await db.execute(sql`select code, on_hand from lots where organisation_id = ${organisationId} order by code`)
	);
	const state = { lots: lotRows.map((l) => `${l.code}:${Number(l.on_hand)}`) } as TillState;
	for (const k of COUNTS) state[k] = Number(counts![k]);
	return state;
}

/** Every lot's balance equals the sum of its movements, and none is negative. */
export async function expectLedgerBalanced(db: Database, organisationId: string): Promise<void> {
	const rows = rowsOf<{ code: string; on_hand: number; sum: number }>(
		await db.execute(
			sql`select l.code, l.on_hand, (select coalesce(sum(m.quantity), 0) from stock_movements m where m.lot_id = l.id)::int as sum from lots l where l.organisation_id = ${organisationId}`
		)
	);
	for (const r of rows) {
		expect(Number(r.on_hand), `lot ${r.code}`).toBe(Number(r.sum));
		expect(Number(r.on_hand), `lot ${r.code}`).toBeGreaterThanOrEqual(0);
	}
}
