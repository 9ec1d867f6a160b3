/**
 * The till's step machine: which screen (basket, payment, supervisor's override) and which basket the
 * till shows after each action, done or refused. Pure: the caisse page's form actions only run the
 * service and hand its outcome here.
 */
import type { BasketLine } from './basket';
import { emptyState, type TillState } from './state';

/** The till's form actions (caisse/+page.server.ts). */
export type TillAction = 'lookup' | 'basket' | 'override' | 'pay' | 'hold' | 'resume' | 'drop' | 'cancel';

/** Actions that need a household's card read first: without one, they are refused before anything runs. */
export const NEEDS_CUSTOMER: ReadonlySet<TillAction> = new Set<TillAction>(['override', 'pay', 'hold']);

/** Fields of the payment form: a refusal about one of them keeps the payment step open. */
export const PAY_FIELDS: ReadonlySet<string> = new Set(['payments', 'method', 'tendered', 'cash', 'card', 'cheque']);

export type TillEvent =
	/** A household's card was read: a new basket for it. */
	| { kind: 'customer'; reference: string }
	/** A supervisor authorised this basket: back to the basket with the authorisation. */
	| { kind: 'override'; id: string; supervisor: string }
	/** The sale was recorded, the basket put aside or given up: the till is free for the next household. */
	| { kind: 'sold' | 'held' | 'cancelled' }
	/** A held basket is taken back: its household and lines. */
	| { kind: 'resumed'; customer: string; lines: BasketLine[] }
	/** A held basket was given up: the current basket stays as it was. */
	| { kind: 'dropped' }
	/** An action was refused (`field`: the form field at fault). */
	| { kind: 'refused'; action: TillAction; field?: string };

/** The state the till shows after `event`, from `state` (the one the form carried). */
export function nextState(state: TillState, event: TillEvent): TillState {
	switch (event.kind) {
		case 'customer':
			return { ...emptyState(), customer: event.reference };
		case 'override':
			return { ...state, override: { id: event.id, supervisor: event.supervisor }, step: 'basket' };
		case 'sold':
		case 'held':
		case 'cancelled':
			return emptyState();
		case 'resumed':
			return { ...emptyState(), customer: event.customer, lines: event.lines };
		case 'dropped':
			return state;
		case 'refused':
			return refusedState(state, event.action, event.field);
	}
}

/**
 * After a refusal the till keeps the basket as it was and shows the reason where it can be fixed: an
 * unknown card leaves no household; a refused override stays on the override panel; a refused payment
 * stays on the payment step when a payment field is at fault, else goes back to the basket (a lot
 * sold out, a limit, the budget…).
 */
function refusedState(state: TillState, action: TillAction, field?: string): TillState {
	switch (action) {
		case 'lookup':
			return emptyState();
		case 'override':
			return { ...state, step: 'override' };
		case 'pay':
			return { ...state, step: field && PAY_FIELDS.has(field) ? 'pay' : 'basket' };
		default:
			return state;
	}
}
