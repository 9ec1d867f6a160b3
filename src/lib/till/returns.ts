/**
 * What a return gives back, line by line and by payment method. Pure, so that it can be
 * property-tested alone; the server (src/lib/server/till/returns.ts) calls it inside the return's
 * transaction with the sale's lines locked. Money in integer cents, quantities in base units.
 */
import { m } from '$lib/paraglide/messages';
import { parseQuantity, type ProductUnit } from '$lib/stock/units';
import { lineBudget, proportionalShare, refundSplit, type BudgetBasis, type Method } from './pricing';

export type Disposition = 'stock' | 'loss';

/** A line of the sale as sold, with what earlier returns already took back. */
export interface SoldLine {
	id: string;
	quantity: number;
	/** Already returned by earlier returns. */
	returned: number;
	referenceCents: number;
	paidCents: number;
	fse: boolean;
}

export interface ReturnRequestLine {
	saleLineId: string;
	quantity: number;
	disposition: Disposition;
}

export interface PlannedLine extends ReturnRequestLine {
	refundCents: number;
	referenceCents: number;
	budgetCents: number;
}

export type ReturnPlan =
	| { ok: true; lines: PlannedLine[]; refundCents: number; referenceCents: number; budgetCents: number }
	| { ok: false; code: 'line_unknown'; saleLineId: string }
	| { ok: false; code: 'over_return'; saleLineId: string; left: number };

/**
 * Each requested line's share of what the sale line cost — paid, reference value and budget — taken
 * after what earlier returns (and earlier requests for the same line) already took, so that returning
 * every unit, at once or in several returns, gives back exactly the line's amounts. A line cannot give
 * back more units than were sold less those already returned.
 */
export function planReturn(basis: BudgetBasis, sold: readonly SoldLine[], requests: readonly ReturnRequestLine[]): ReturnPlan {
	const byId = new Map(sold.map((l) => [l.id, l]));
	// Several requests may name one line (part back to stock, part to loss): together they must fit.
	const wanted = new Map<string, number>();
	for (const r of requests) {
		const l = byId.get(r.saleLineId);
		if (!l) return { ok: false, code: 'line_unknown', saleLineId: r.saleLineId };
		const w = (wanted.get(l.id) ?? 0) + r.quantity;
		if (w > l.quantity - l.returned) return { ok: false, code: 'over_return', saleLineId: l.id, left: Math.max(0, l.quantity - l.returned) };
		wanted.set(l.id, w);
	}
	const done = new Map(sold.map((l) => [l.id, l.returned]));
	const lines: PlannedLine[] = [];
	let refundCents = 0;
	let referenceCents = 0;
	let budgetCents = 0;
	for (const r of requests) {
		const l = byId.get(r.saleLineId)!;
		const before = done.get(l.id)!;
		const line: PlannedLine = {
			...r,
			refundCents: proportionalShare(l.paidCents, l.quantity, before, r.quantity),
			referenceCents: proportionalShare(l.referenceCents, l.quantity, before, r.quantity),
			budgetCents: proportionalShare(lineBudget(basis, l), l.quantity, before, r.quantity)
		};
		done.set(l.id, before + r.quantity);
		lines.push(line);
		refundCents += line.refundCents;
		referenceCents += line.referenceCents;
		budgetCents += line.budgetCents;
	}
	return { ok: true, lines, refundCents, referenceCents, budgetCents };
}

/**
 * A refund split over the sale's payment methods, in the order they were paid, each up to what it
 * took less what earlier returns already gave back by that method.
 * `paid`: the sale's payments (positive) in the order paid; `refunded`: earlier refunds (positive).
 */
export function refundByMethod(
	refundCents: number,
	paid: readonly { method: Method; amountCents: number }[],
	refunded: readonly { method: Method; amountCents: number }[]
): { method: Method; amountCents: number }[] {
	if (refundCents <= 0) return [];
	const left = new Map<Method, number>();
	for (const p of paid) left.set(p.method, (left.get(p.method) ?? 0) + p.amountCents);
	for (const r of refunded) left.set(r.method, (left.get(r.method) ?? 0) - r.amountCents);
	return refundSplit(
		refundCents,
		[...left].map(([method, leftCents]) => ({ method, leftCents: Math.max(0, leftCents) }))
	);
}

/** A line of the sale as the return form shows it (the returnable lines). */
export interface ReturnFormLine {
	saleLineId: string;
	product: string;
	unit: ProductUnit;
}

/**
 * The return form's lines: `q-<line>` the quantity typed in the product's unit (empty or 0: not
 * returned), `d-<line>` where it goes (`stock` or `loss`). The requested lines, or the French reason
 * the form is refused (the first bad quantity, or a line with no place to go). planReturn then checks
 * the quantities against what is returnable.
 */
export function readReturnForm(
	form: Record<string, string | undefined>,
	lines: readonly ReturnFormLine[]
): { ok: true; lines: ReturnRequestLine[] } | { ok: false; error: string } {
	const out: ReturnRequestLine[] = [];
	for (const l of lines) {
		const text = (form[`q-${l.saleLineId}`] ?? '').trim();
		const quantity = text === '' ? 0 : parseQuantity(l.unit, text, { allowZero: true });
		if (quantity === null) return { ok: false, error: m.ret_quantity_invalid({ product: l.product }) };
		if (quantity === 0) continue;
		const d = form[`d-${l.saleLineId}`];
		if (d !== 'stock' && d !== 'loss') return { ok: false, error: m.ret_disposition_invalid() };
		out.push({ saleLineId: l.saleLineId, quantity, disposition: d });
	}
	return { ok: true, lines: out };
}

/** Why a person cannot take a return here (returnDesk): the answer's status and the French message. */
export function returnDeskRefusal(why: 'role' | 'tablet' | 'closed'): { status: number; error: string } {
	if (why === 'role') return { status: 403, error: m.ret_need_supervisor() };
	return { status: 409, error: why === 'tablet' ? m.ret_need_tablet() : m.ret_need_open_till() };
}
