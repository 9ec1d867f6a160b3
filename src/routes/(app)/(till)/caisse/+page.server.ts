import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm, type FormText } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { cancelBasket, cancelHeld, holdBasket, listHeld, resumeBasket } from '$lib/server/till/held';
import { requireOpenTill } from '$lib/server/till/point';
import { completeSale, requestOverride, tillCatalogue } from '$lib/server/till/sales';
import { overrideSupervisors, tillCustomer } from '$lib/server/till/serve';
import { catalogueSubset, indexCatalogue, searchProducts, type Catalogue, type Customer } from '$lib/till/basket';
import { planPayments } from '$lib/till/payment';
import { reduce } from '$lib/till/reduce';
import { emptyState, parseState, type SaleDone, type TillResult, type TillState } from '$lib/till/state';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { session } = await orHttpError(() => requireOpenTill(locals));
	const db = getDb();
	const held = await listHeld(db, locals.actor!);
	const supervisors = await overrideSupervisors(db, locals.actor!);
	return { session: { id: session.id, openedAt: session.openedAt, floatCents: session.floatCents }, held, supervisors };
};

type Ctx = { locals: App.Locals; request: Request };

/** An enhanced form (JavaScript on) keeps the catalogue on the tablet: no need to send parts of it. */
const withJs = (request: Request) => request.headers.get('x-sveltekit-action') === 'true';

async function respond(ctx: Ctx, state: TillState, extra: Partial<TillResult> = {}, customer?: Customer | null): Promise<TillResult> {
	const db = getDb();
	const actor = ctx.locals.actor!;
	let who = customer;
	if (who === undefined) who = state.customer ? await tillCustomer(db, actor, state.customer).catch(() => null) : null;
	let refs: Catalogue | null = null;
	if (!withJs(ctx.request) && (state.lines.length > 0 || state.pending || extra.search)) {
		const cat = await tillCatalogue(db, actor);
		refs = catalogueSubset(cat, state.lines.map((l) => l.lotId), [...(state.pending ? [state.pending.productId] : []), ...(extra.search?.ids ?? [])]);
	}
	return { state, customer: who, refs, ...extra };
}

const stateOf = (form: FormText) => parseState(form.state ?? '') ?? emptyState();

/** A failed step: the page keeps the state as it was and shows the reason. */
async function refuse(ctx: Ctx, status: number, state: TillState, error: string, field?: string) {
	return fail(status, await respond(ctx, state, { error, field }));
}

export const actions: Actions = {
	/** The household's card (or reference): what the till may know, and a new basket. */
	lookup: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		await requireOpenTill(ctx.locals);
		const c = await attempt(() => tillCustomer(getDb(), ctx.locals.actor!, form.code ?? ''));
		if (isFailure(c)) return refuse(ctx, c.status, emptyState(), c.data.error, 'code');
		return respond(ctx, { ...emptyState(), customer: c.reference }, {}, c);
	},

	/** Scan, keypad, lines, clear, go to payment: the basket's own rules, as the tablet runs them. */
	basket: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		await requireOpenTill(ctx.locals);
		const db = getDb();
		const actor = ctx.locals.actor!;
		const state = stateOf(form);
		const customer = state.customer ? await tillCustomer(db, actor, state.customer).catch(() => null) : null;
		const cat = await tillCatalogue(db, actor);
		const ix = indexCatalogue(cat);
		const out = reduce(ix, state, customer, (k) => form[k] ?? '');
		let search: TillResult['search'];
		if (form.op === 'search') {
			const q = (form.q ?? '').slice(0, 60);
			const category = form.category ?? '';
			search = { q, category, ids: searchProducts(ix, q, category || null).map((p) => p.id) };
		}
		const result = await respond(ctx, out.state, { error: out.error, notice: out.notice, touched: out.touched, search }, customer);
		return out.error ? fail(400, result) : result;
	},

	/** A supervisor authorises, with their PIN and a reason, going over the budget or a limit for this basket. */
	override: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		const { point } = await requireOpenTill(ctx.locals);
		const state = stateOf(form);
		if (!state.customer) return refuse(ctx, 400, state, m.till_no_customer());
		const r = await attempt(() => requestOverride(getDb(), ctx.locals.actor!, point, { customer: state.customer!, supervisorId: form.supervisor ?? '', pin: form.pin ?? '', reason: form.reason ?? '' }));
		if (isFailure(r)) return refuse(ctx, r.status, { ...state, step: 'override' }, r.data.error, r.data.field);
		if (!r.ok) return refuse(ctx, r.error.status, { ...state, step: 'override' }, r.error.message, r.error.field);
		return respond(ctx, { ...state, override: { id: r.overrideId, supervisor: r.supervisor }, step: 'basket' }, { notice: m.till_override_done({ name: r.supervisor }) });
	},

	/**
	 * Completes the sale with the basket's idempotency key: a double tap, a refresh or a retry answers
	 * the same sale, recorded once. A refusal keeps the basket as it was, with the reason.
	 */
	pay: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		const { point } = await requireOpenTill(ctx.locals);
		const state = stateOf(form);
		if (!state.customer) return refuse(ctx, 400, state, m.till_no_customer());
		const due = Number(form.due ?? '');
		if (!Number.isSafeInteger(due) || due < 0) return refuse(ctx, 400, { ...state, step: 'pay' }, m.till_payment_invalid(), 'method');
		const plan = planPayments(due, { method: form.method ?? '', tendered: form.tendered ?? '', cash: form.cash ?? '', card: form.card ?? '', cheque: form.cheque ?? '' });
		if (!plan.ok) return refuse(ctx, 400, { ...state, step: 'pay' }, plan.error, plan.field);
		const db = getDb();
		const actor = ctx.locals.actor!;
		const r = await attempt(() =>
			completeSale(db, actor, point, {
				idempotencyKey: state.key,
				customer: state.customer!,
				lines: state.lines.map((l) => ({ lot: l.lotId, quantity: l.quantity })),
				payments: plan.payments,
				overrideId: state.override?.id ?? null
			})
		);
		if (isFailure(r)) return refuse(ctx, r.status, { ...state, step: r.data.field === 'payments' ? 'pay' : 'basket' }, r.data.error, r.data.field);
		const who = await tillCustomer(db, actor, state.customer).catch(() => null);
		const done: SaleDone = { id: r.id, number: r.number, firstName: who?.firstName ?? '', referenceCents: r.referenceCents, paidCents: r.paidCents, savedCents: r.savedCents, changeCents: r.changeCents, budgetLeftCents: r.budgetLeftCents, replayed: r.replayed };
		return respond(ctx, emptyState(), { done, notice: m.till_sale_done({ number: r.number }) }, null);
	},

	/** Puts the basket aside for the household; the till is free for the next one. */
	hold: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		const { point } = await requireOpenTill(ctx.locals);
		const state = stateOf(form);
		if (!state.customer) return refuse(ctx, 400, state, m.till_no_customer());
		const r = await attempt(() => holdBasket(getDb(), ctx.locals.actor!, point, { customer: state.customer!, lines: state.lines }));
		if (isFailure(r)) return refuse(ctx, r.status, state, r.data.error);
		return respond(ctx, emptyState(), { notice: m.till_held_done() }, null);
	},

	/** Takes a held basket back: the household and its lines, priced again by the till. */
	resume: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		const { point } = await requireOpenTill(ctx.locals);
		const r = await attempt(() => resumeBasket(getDb(), ctx.locals.actor!, point, form.held ?? ''));
		if (isFailure(r)) return refuse(ctx, r.status, stateOf(form), r.data.error);
		return respond(ctx, { ...emptyState(), customer: r.customer, lines: r.lines }, { notice: m.till_resumed() });
	},

	/** Gives up a held basket (the household did not come back). */
	drop: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		await requireOpenTill(ctx.locals);
		const r = await attempt(() => cancelHeld(getDb(), ctx.locals.actor!, form.held ?? ''));
		if (isFailure(r)) return refuse(ctx, r.status, stateOf(form), r.data.error);
		return respond(ctx, stateOf(form), { notice: m.till_held_dropped() });
	},

	/** Gives up the current basket (confirmed): nothing is sold; the journal keeps a line. */
	cancel: async (ctx) => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		const { point } = await requireOpenTill(ctx.locals);
		const state = stateOf(form);
		const r = await attempt(() => cancelBasket(getDb(), ctx.locals.actor!, point, { customer: state.customer, lines: state.lines.length }));
		if (isFailure(r)) return refuse(ctx, r.status, state, r.data.error);
		return respond(ctx, emptyState(), { notice: m.till_cancelled() }, null);
	}
};
