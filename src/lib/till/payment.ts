import { money } from '../format';
/**
 * The payment form of the till (cash with the change, card, cheque, or several), read into the
 * payments completeSale expects. Pure: the tablet shows the change as it is typed, the server reads
 * the same form (with or without JavaScript). completeSale checks the total again.
 */
import { m } from '$lib/paraglide/messages';
import type { Method, PaymentInput } from './pricing';

export type PayChoice = Method | 'split';

export interface PayForm {
	method: string;
	/** Cash handed over (euros, "20" or "12,50"); empty: exactly the cash amount. */
	tendered: string;
	/** Split: the amount of each method (euros). */
	cash: string;
	card: string;
	cheque: string;
}

export type PayPlan = { ok: true; payments: PaymentInput[]; changeCents: number } | { ok: false; error: string; field: string };

/** "12,50", "12.5", "12 €" → 1250; null when it is not an amount of euros (at most 2 decimals). */
export function eurosToCents(text: string): number | null {
	const t = text.trim().replace(/\s|€/g, '').replace(',', '.');
	if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
	return Math.round(Number(t) * 100);
}

const euros = (cents: number) => money(cents);

/** An optional amount field: empty is 0; otherwise euros, or an error. */
function amount(text: string): number | null {
	return text.trim() === '' ? 0 : eurosToCents(text);
}

/** The payments for `dueCents` from the form, and the change to give back. */
export function planPayments(dueCents: number, f: PayForm): PayPlan {
	if (dueCents === 0) return { ok: true, payments: [], changeCents: 0 };
	const method = f.method as PayChoice;
	let parts: Record<Method, number>;
	if (method === 'cash' || method === 'card' || method === 'cheque') {
		parts = { cash: 0, card: 0, cheque: 0 };
		parts[method] = dueCents;
	} else if (method === 'split') {
		const cash = amount(f.cash);
		const card = amount(f.card);
		const cheque = amount(f.cheque);
		if (cash === null) return { ok: false, error: m.till_amount_invalid(), field: 'cash' };
		if (card === null) return { ok: false, error: m.till_amount_invalid(), field: 'card' };
		if (cheque === null) return { ok: false, error: m.till_amount_invalid(), field: 'cheque' };
		parts = { cash, card, cheque };
		const total = cash + card + cheque;
		if (total !== dueCents) return { ok: false, error: m.till_split_total({ due: euros(dueCents), total: euros(total) }), field: 'cash' };
	} else {
		return { ok: false, error: m.till_method_required(), field: 'method' };
	}
	let tendered: number | null = null;
	if (parts.cash > 0 && f.tendered.trim() !== '') {
		tendered = eurosToCents(f.tendered);
		if (tendered === null) return { ok: false, error: m.till_amount_invalid(), field: 'tendered' };
		if (tendered < parts.cash) return { ok: false, error: m.till_tendered_short({ tendered: euros(tendered), due: euros(parts.cash) }), field: 'tendered' };
	}
	const payments: PaymentInput[] = [];
	for (const k of ['cash', 'card', 'cheque'] as const) {
		if (parts[k] > 0)
			payments.push(k === 'cash' ? { method: k, amountCents: parts[k], tenderedCents: tendered ?? parts[k] } : { method: k, amountCents: parts[k] });
	}
	return { ok: true, payments, changeCents: tendered === null ? 0 : tendered - parts.cash };
}

/**
 * The payment form as the till posts it: the amount due the page showed (`due`, cents) and the
 * fields of the payment. An odd amount due is refused (field `method`), then planPayments.
 * completeSale checks the payments against the total it computes again.
 */
export function planPostedPayment(form: Partial<Record<'due' | keyof PayForm, string>>): PayPlan {
	const due = Number(form.due ?? '');
	if (!Number.isSafeInteger(due) || due < 0) return { ok: false, error: m.till_payment_invalid(), field: 'method' };
	const { method = '', tendered = '', cash = '', card = '', cheque = '' } = form;
	return planPayments(due, { method, tendered, cash, card, cheque });
}
