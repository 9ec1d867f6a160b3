import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { PaymentInput } from '$lib/till/pricing';
import type { Executor, Tx } from '../db';
import { salePayments, sales, tillCounters } from '../db/schema';
import { AppError } from '../errors';

/**
 * The sale core shared by every sale policy (issue 15): the épicerie's sale to a household with a right
 * (sales.ts, `completeSale`) and the ressourcerie's public sale to anyone (publicSale.ts,
 * `completePublicSale`). Both record a row of `sales` (kind 'epicerie' | 'public') numbered V-000123 by
 * one counter, its lines, its payments (cash, card, cheque, change) in the till point's open session;
 * both are idempotent the same way: the client's key, and a hash of the request so that the same key
 * with another basket is refused rather than replayed. Returns, receipts, the sales list and the Z
 * report read both kinds.
 */

/** The client's idempotency key: made once per basket, before the first try. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

/** SHA-256 (hex) of a request's canonical text: the same key with another request is refused, not replayed. */
export const hashRequest = (canonical: string): string => encodeHexLowerCase(sha256(new TextEncoder().encode(canonical)));

export interface SaleResult {
	id: string;
	number: string;
	/** True when this answer replays a sale already recorded with the same idempotency key. */
	replayed: boolean;
	referenceCents: number;
	paidCents: number;
	savedCents: number;
	fseCents: number;
	budgetCents: number;
	budgetLeftCents: number;
	changeCents: number;
}

/** What completing a sale answers, read from the recorded sale (a replay answers exactly the same). */
export async function resultOf(ex: Executor, organisationId: string, saleId: string, replayed: boolean): Promise<SaleResult> {
	const [s] = await ex
		.select()
		.from(sales)
		.where(and(eq(sales.id, saleId), eq(sales.organisationId, organisationId)));
	if (!s) throw new AppError('not_found', m.till_sale_not_found(), 404);
	const [c] = await ex
		.select({ change: sql<number>`coalesce(sum(${salePayments.changeCents}), 0)::int` })
		.from(salePayments)
		.where(and(eq(salePayments.saleId, s.id), sql`${salePayments.returnId} is null`));
	return {
		id: s.id,
		number: s.number,
		replayed,
		referenceCents: s.referenceCents,
		paidCents: s.paidCents,
		savedCents: s.referenceCents - s.paidCents,
		fseCents: s.fseCents,
		budgetCents: s.budgetCents,
		budgetLeftCents: s.budgetLeftCents,
		changeCents: c?.change ?? 0
	};
}

/** The sale already recorded with this key in the organisation, if any. */
export async function existingSale(ex: Executor, organisationId: string, key: string) {
	const [s] = await ex
		.select({ id: sales.id, requestHash: sales.requestHash })
		.from(sales)
		.where(and(eq(sales.organisationId, organisationId), eq(sales.idempotencyKey, key)));
	return s ?? null;
}

/** The recorded sale of this key (replayed), null when there is none; the same key for another request is refused. */
export async function replay(ex: Executor, organisationId: string, key: string, hash: string): Promise<SaleResult | null> {
	const s = await existingSale(ex, organisationId, key);
	if (!s) return null;
	if (s.requestHash !== hash) throw new AppError('idempotency_conflict', m.till_idempotency_conflict(), 409, 'idempotencyKey');
	return resultOf(ex, organisationId, s.id, true);
}

/** The next sale number of the organisation (V-000123), from the one counter every sale policy uses. */
export async function nextSaleNumber(tx: Tx, organisationId: string): Promise<string> {
	const [c] = await tx
		.insert(tillCounters)
		.values({ organisationId, lastSale: 1 })
		.onConflictDoUpdate({ target: tillCounters.organisationId, set: { lastSale: sql`${tillCounters.lastSale} + 1` } })
		.returning({ n: tillCounters.lastSale });
	return 'V-' + String(c!.n).padStart(6, '0');
}

/**
 * The payment rows of a sale, in the order paid (`seq`): cash records what was handed over and the
 * change given back. The amounts were checked by `settle` ($lib/till/pricing).
 */
export function paymentRows(organisationId: string, sessionId: string, saleId: string, payments: readonly PaymentInput[], at: Date) {
	return payments.map((p, i) => ({
		organisationId,
		sessionId,
		saleId,
		method: p.method,
		amountCents: p.amountCents,
		seq: i + 1,
		tenderedCents: p.method === 'cash' ? (p.tenderedCents ?? p.amountCents) : null,
		changeCents: p.method === 'cash' && p.tenderedCents != null ? p.tenderedCents - p.amountCents : null,
		at
	}));
}
