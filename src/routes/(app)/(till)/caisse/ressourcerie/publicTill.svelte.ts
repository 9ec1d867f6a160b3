import type { ActionResult } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { publicBasketView, readPublicBasket, type PublicBasketState } from '$lib/till/publicBasket';
import type { PublicTillDone, PublicTillResult } from './+page.server';

const STORE = 'ressourcerie-till-basket';

/**
 * The ressourcerie till's state on the tablet (issue 15): the basket (lines, step, the idempotency key),
 * the last refusal and the sale just made. Every step is a form action answering the new basket; this
 * module applies the answers, and keeps the basket in sessionStorage so that a refresh keeps it and its
 * key (a sale sent again after a refresh is recorded once).
 */
export class PublicTill {
	state = $state<PublicBasketState>({ key: 'ps-pending-key', step: 'basket', lines: [] });
	error = $state<string | null>(null);
	field = $state<string | null>(null);
	done = $state<PublicTillDone | null>(null);
	busy = $state(false);
	view = $derived(publicBasketView(this.state));
	json = $derived(JSON.stringify(this.state));

	constructor(initial: PublicTillResult | null | undefined, fresh: PublicBasketState) {
		this.state = initial?.state ?? fresh;
		this.error = initial?.error ?? null;
		this.field = initial?.field ?? null;
		this.done = initial?.done ?? null;
	}

	/** A basket kept by this tablet before a refresh (when the page came without an answer of its own). */
	restore(): void {
		try {
			const kept = readPublicBasket(sessionStorage.getItem(STORE) ?? '');
			if (kept && kept.lines.length > 0) this.state = kept;
		} catch {
			/* no storage: the basket lives in the page only */
		}
	}

	save(): void {
		try {
			sessionStorage.setItem(STORE, this.json);
		} catch {
			/* no storage */
		}
	}

	/** Applies what the server answered. True when the answer was a state (else the caller follows a redirect or shows a network error). */
	apply(result: ActionResult): boolean {
		this.busy = false;
		if (result.type !== 'success' && result.type !== 'failure') {
			if (result.type === 'error') this.error = m.till_network_error();
			return false;
		}
		const d = result.data as Partial<PublicTillResult> | undefined;
		if (!d?.state) {
			this.error = (d as { error?: string } | undefined)?.error ?? m.ps_sale_invalid();
			return true;
		}
		this.state = d.state;
		this.error = d.error ?? null;
		this.field = d.field ?? null;
		this.done = d.done ?? null;
		this.save();
		return true;
	}
}
