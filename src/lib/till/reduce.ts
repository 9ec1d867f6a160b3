/**
 * What each button of the basket does to the till's state: scan, keypad, change or remove a line,
 * clear, go to payment… One function for both sides: the tablet runs it at once on each tap (the
 * line shows with no server round trip), and a till without JavaScript posts the same form to the
 * server, which runs it too. Nothing here is recorded: the sale is, at completion, by the server.
 */
import { m } from '$lib/paraglide/messages';
import {
	addLot,
	addProduct,
	basketView,
	removeLine,
	scanCode,
	setQuantity,
	stepQuantity,
	type BasketChange,
	type CatalogueIndex,
	type Customer
} from './basket';
import { emptyState, type TillState } from './state';

export interface Outcome {
	state: TillState;
	error?: string;
	/** Said politely to screen readers (and shown): "Ajouté : Pâtes". */
	notice?: string;
	/** Lots just added or changed (the screen highlights them). */
	touched?: string[];
}

export type Fields = (name: string) => string;

function names(ix: CatalogueIndex, lotIds: string[]): string {
	const out = new Set<string>();
	for (const id of lotIds) {
		const lot = ix.lots.get(id);
		const p = lot ? ix.products.get(lot.productId) : undefined;
		if (p) out.add(p.name);
	}
	return [...out].join(', ');
}

function apply(ix: CatalogueIndex, s: TillState, r: BasketChange): Outcome {
	switch (r.kind) {
		case 'lines': {
			const touched = r.added.map((a) => a.lotId);
			const next: TillState = { ...s, lines: r.lines, pending: null, editing: null, step: 'basket', ask: null };
			return { state: next, touched, notice: touched.length ? m.till_added({ name: names(ix, touched) }) : m.till_basket_changed() };
		}
		case 'weigh':
			return {
				state: { ...s, pending: { productId: r.productId, lotId: r.lotId }, editing: null, ask: null },
				notice: m.till_weigh({ name: ix.products.get(r.productId)?.name ?? '' })
			};
		case 'error':
			return { state: s, error: r.error };
	}
}

/** Applies one basket action (the form's `op` field and its other fields) to the state. */
export function reduce(ix: CatalogueIndex, s: TillState, customer: Customer | null, get: Fields): Outcome {
	const op = get('op') || 'scan';
	if (op === 'next') return { state: emptyState() };
	if (!customer || !customer.canShop || customer.reference !== s.customer) return { state: s, error: m.till_no_customer() };
	const lot = get('lot');
	switch (op) {
		case 'scan': {
			const code = get('code').trim();
			const quantity = get('quantity').trim();
			if (code) return apply(ix, s, scanCode(ix, s.lines, code, quantity));
			if (s.editing) return apply(ix, s, setQuantity(ix, s.lines, s.editing, quantity));
			if (s.pending) {
				if (!quantity) return { state: s, error: m.till_weight_needed({ name: ix.products.get(s.pending.productId)?.name ?? '' }) };
				const pendingLot = s.pending.lotId ? ix.lots.get(s.pending.lotId) : undefined;
				if (s.pending.lotId && !pendingLot) return { state: { ...s, pending: null }, error: m.till_line_gone() };
				return apply(ix, s, pendingLot ? addLot(ix, s.lines, pendingLot, quantity) : addProduct(ix, s.lines, s.pending.productId, quantity));
			}
			return { state: s, error: m.till_scan_empty() };
		}
		case 'add':
			return apply(ix, s, addProduct(ix, s.lines, get('product'), get('quantity').trim()));
		case 'plus':
		case 'minus':
			return apply(ix, s, stepQuantity(ix, s.lines, lot, op === 'plus' ? 1 : -1));
		case 'remove':
			return { state: { ...s, lines: removeLine(s.lines, lot), editing: s.editing === lot ? null : s.editing, ask: null }, notice: m.till_line_removed() };
		case 'edit':
			if (!s.lines.some((l) => l.lotId === lot)) return { state: s, error: m.till_line_gone() };
			return { state: { ...s, editing: lot, pending: null, ask: null }, notice: m.till_edit_hint({ name: names(ix, [lot]) }) };
		case 'stop':
			return { state: { ...s, editing: null, pending: null, ask: null } };
		case 'clear':
			if (get('confirm') === 'yes')
				return { state: { ...s, lines: [], editing: null, pending: null, ask: null, step: 'basket' }, notice: m.till_basket_cleared() };
			return { state: { ...s, ask: 'clear' } };
		case 'cancel':
			return { state: { ...s, ask: 'cancel' } };
		case 'no':
			return { state: { ...s, ask: null } };
		case 'checkout': {
			const v = basketView(ix, customer, s.lines);
			if (s.lines.length === 0) return { state: s, error: m.till_basket_empty() };
			if (v.missing.length > 0 || v.lines.some((l) => l.problem)) return { state: s, error: m.till_fix_lines() };
			if (v.needsOverride && !s.override) return { state: { ...s, step: 'basket' }, error: m.till_needs_override() };
			return { state: { ...s, step: 'pay', editing: null, pending: null, ask: null } };
		}
		case 'override':
			return { state: { ...s, step: 'override', editing: null, pending: null, ask: null } };
		case 'back':
			return { state: { ...s, step: 'basket', ask: null } };
		case 'search':
			return { state: s };
		default:
			return { state: s, error: m.till_sale_invalid() };
	}
}
