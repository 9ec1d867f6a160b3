/**
 * The state of the serving screen, as the tablet keeps it (sessionStorage: a refresh keeps the basket
 * and its idempotency key) and as a till without JavaScript carries it from one form to the next (a
 * hidden field). Read back strictly: whatever comes from the page is checked before use.
 */
import type { BasketLine, Catalogue, Customer } from './basket';

export type TillStep = 'basket' | 'pay' | 'override';

export interface TillState {
	/** Made when the basket starts; sent with the completion; kept until the sale is confirmed. */
	key: string;
	/** The household's reference (FOY-0001) once its card was read. */
	customer: string | null;
	lines: BasketLine[];
	/** A supervisor's authorisation for this basket (requestOverride). */
	override: { id: string; supervisor: string } | null;
	step: TillStep;
	/** A product sold by weight waiting for its weight on the keypad. */
	pending: { productId: string; lotId: string | null } | null;
	/** The line whose quantity the keypad changes. */
	editing: string | null;
	/** A question waiting for a yes (clear the basket, cancel the sale). */
	ask: 'clear' | 'cancel' | null;
}

export const MAX_LINES = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[A-Za-z0-9_-]{8,100}$/;
const REFERENCE = /^[A-Z0-9-]{1,30}$/i;

/** A fresh idempotency key (one per basket). */
export function newKey(): string {
	return crypto.randomUUID();
}

export function emptyState(key = newKey()): TillState {
	return { key, customer: null, lines: [], override: null, step: 'basket', pending: null, editing: null, ask: null };
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Reads a state back (JSON text or object); null when anything in it is not what the till writes. */
export function parseState(raw: unknown): TillState | null {
	let v: unknown = raw;
	if (typeof raw === 'string') {
		if (raw.length > 20_000) return null;
		try {
			v = JSON.parse(raw);
		} catch {
			return null;
		}
	}
	if (!isObj(v)) return null;
	if (typeof v.key !== 'string' || !KEY.test(v.key)) return null;
	if (v.customer !== null && (typeof v.customer !== 'string' || !REFERENCE.test(v.customer))) return null;
	if (!Array.isArray(v.lines) || v.lines.length > MAX_LINES) return null;
	const lines: BasketLine[] = [];
	for (const l of v.lines) {
		if (
			!isObj(l) ||
			typeof l.lotId !== 'string' ||
			!UUID.test(l.lotId) ||
			typeof l.quantity !== 'number' ||
			!Number.isSafeInteger(l.quantity) ||
			l.quantity <= 0
		)
			return null;
		lines.push({ lotId: l.lotId, quantity: l.quantity });
	}
	let override: TillState['override'] = null;
	if (v.override !== null && v.override !== undefined) {
		if (
			!isObj(v.override) ||
			typeof v.override.id !== 'string' ||
			!UUID.test(v.override.id) ||
			typeof v.override.supervisor !== 'string' ||
			v.override.supervisor.length > 100
		)
			return null;
		override = { id: v.override.id, supervisor: v.override.supervisor };
	}
	const step = v.step === 'pay' || v.step === 'override' ? v.step : 'basket';
	let pending: TillState['pending'] = null;
	if (isObj(v.pending)) {
		const { productId, lotId } = v.pending;
		if (typeof productId !== 'string' || !UUID.test(productId) || (lotId !== null && (typeof lotId !== 'string' || !UUID.test(lotId)))) return null;
		pending = { productId, lotId };
	}
	const editing = typeof v.editing === 'string' && UUID.test(v.editing) ? v.editing : null;
	const ask = v.ask === 'clear' || v.ask === 'cancel' ? v.ask : null;
	return { key: v.key, customer: typeof v.customer === 'string' ? v.customer.toUpperCase() : null, lines, override, step, pending, editing, ask };
}

/** A completed sale as the till shows it: the change to give, the budget left, the receipt's link. */
export interface SaleDone {
	id: string;
	number: string;
	firstName: string;
	referenceCents: number;
	paidCents: number;
	savedCents: number;
	changeCents: number;
	budgetLeftCents: number;
	replayed: boolean;
}

/**
 * What every action of the serving screen answers: the state to carry on with, the household, and
 * (for a till without JavaScript, which renders from it) the part of the catalogue the page shows.
 */
export interface TillResult {
	state: TillState;
	customer: Customer | null;
	refs: Catalogue | null;
	error?: string;
	field?: string;
	notice?: string;
	touched?: string[];
	done?: SaleDone;
	search?: { q: string; category: string; ids: string[] };
}

/** Who may authorise a basket at the till (a supervisor role and a PIN). */
export interface OverrideSupervisor {
	id: string;
	firstName: string;
	initial: string;
	/** Locked after too many wrong PINs: cannot authorise until unlocked. */
	locked: boolean;
}
