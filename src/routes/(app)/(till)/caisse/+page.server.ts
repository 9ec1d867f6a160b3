import { fail, type ActionFailure } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { attempt, isFailure, readForm, type FormText } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { cancelBasket, cancelHeld, holdBasket, listHeld, resumeBasket } from '$lib/server/till/held';
import type { TillPoint } from '$lib/server/till/access';
import { requireOpenTill } from '$lib/server/till/point';
import { completeSale, requestOverride, tillCatalogue } from '$lib/server/till/sales';
import { overrideSupervisors, tillCustomer } from '$lib/server/till/serve';
import { catalogueSubset, indexCatalogue, searchProducts, type Catalogue, type Customer } from '$lib/till/basket';
import { planPostedPayment } from '$lib/till/payment';
import { reduce } from '$lib/till/reduce';
import { emptyState, parseState, type SaleDone, type TillResult, type TillState } from '$lib/till/state';
import { NEEDS_CUSTOMER, nextState, type TillAction } from '$lib/till/steps';
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

async function respond(ctx: Ctx, state: TillState, extra: Partial<TillResult> = {}, customer?: Customer | null, catalogue?: Catalogue): Promise<TillResult> {
	const db = getDb();
	const actor = ctx.locals.actor!;
	let who = customer;
	if (who === undefined) who = state.customer ? await tillCustomer(db, actor, state.customer).catch(() => null) : null;
	let refs: Catalogue | null = null;
	if (!withJs(ctx.request) && (state.lines.length > 0 || state.pending || extra.search)) {
		const cat = catalogue ?? (await tillCatalogue(db, actor));
		refs = catalogueSubset(
			cat,
			state.lines.map((l) => l.lotId),
			[...(state.pending ? [state.pending.productId] : []), ...(extra.search?.ids ?? [])]
		);
	}
	return { state, customer: who, refs, ...extra };
}

const stateOf = (form: FormText) => parseState(form.state ?? '') ?? emptyState();

/** A failed step: the page keeps the state as it was and shows the reason. */
async function refuse(ctx: Ctx, status: number, state: TillState, error: string, field?: string) {
	return fail(status, await respond(ctx, state, { error, field }));
}

interface Step {
	form: FormText;
	point: TillPoint;
	state: TillState;
	db: Database;
	actor: Actor;
}

type Reply = TillResult | ActionFailure<TillResult>;

/**
 * One till action: reads the form (bounded text), needs this tablet's open till (else to the opening
 * page), reads the state carried by the form, and runs `run`; a service error is answered with the
 * state the step machine gives (`nextState`, $lib/till/steps) and the reason; `then` shapes a success.
 */
function tillAction<T>(action: TillAction, run: (s: Step) => Promise<T>, then: (r: T, s: Step) => Promise<Reply> | Reply) {
	return async (ctx: Ctx): Promise<Reply | ActionFailure<{ error: string }>> => {
		const form = await readForm(ctx.request);
		if (isFailure(form)) return form;
		// No tablet or no open till: the same French error page (409) as the page itself, never a crash.
		const { point } = await orHttpError(() => requireOpenTill(ctx.locals));
		const step: Step = { form, point, state: stateOf(form), db: getDb(), actor: ctx.locals.actor! };
		if (NEEDS_CUSTOMER.has(action) && !step.state.customer) return refuse(ctx, 400, step.state, m.till_no_customer());
		const r = await attempt(() => run(step));
		if (isFailure(r)) return refuse(ctx, r.status, nextState(step.state, { kind: 'refused', action, field: r.data.field }), r.data.error, r.data.field);
		return then(r as T, step);
	};
}

export const actions: Actions = {
	/** The household's card (or reference): what the till may know, and a new basket. */
	lookup: async (ctx) =>
		tillAction(
			'lookup',
			({ db, actor, form }) => tillCustomer(db, actor, form.code ?? ''),
			(c, { state }) => respond(ctx, nextState(state, { kind: 'customer', reference: c.reference }), {}, c)
		)(ctx),

	/** Scan, keypad, lines, clear, go to payment: the basket's own rules, as the tablet runs them. */
	basket: async (ctx) =>
		tillAction(
			'basket',
			async ({ db, actor, state, form }) => {
				const customer = state.customer ? await tillCustomer(db, actor, state.customer).catch(() => null) : null;
				const catalogue = await tillCatalogue(db, actor);
				const ix = indexCatalogue(catalogue);
				const out = reduce(ix, state, customer, (k) => form[k] ?? '');
				let search: TillResult['search'];
				if (form.op === 'search') {
					const q = (form.q ?? '').slice(0, 60);
					const category = form.category ?? '';
					search = { q, category, ids: searchProducts(ix, q, category || null).map((p) => p.id) };
				}
				return { out, customer, search, catalogue };
			},
			async ({ out, customer, search, catalogue }) => {
				const result = await respond(ctx, out.state, { error: out.error, notice: out.notice, touched: out.touched, search }, customer, catalogue);
				return out.error ? fail(400, result) : result;
			}
		)(ctx),

	/** A supervisor authorises, with their PIN and a reason, going over the budget or a limit for this basket. */
	override: async (ctx) =>
		tillAction(
			'override',
			async ({ db, actor, point, state, form }) => {
				const r = await requestOverride(db, actor, point, {
					customer: state.customer!,
					supervisorId: form.supervisor ?? '',
					pin: form.pin ?? '',
					reason: form.reason ?? ''
				});
				if (!r.ok) throw r.error;
				return r;
			},
			(r, { state }) =>
				respond(ctx, nextState(state, { kind: 'override', id: r.overrideId, supervisor: r.supervisor }), {
					notice: m.till_override_done({ name: r.supervisor })
				})
		)(ctx),

	/**
	 * Completes the sale with the basket's idempotency key: a double tap, a refresh or a retry answers
	 * the same sale, recorded once. A refusal keeps the basket as it was, with the reason.
	 */
	pay: async (ctx) =>
		tillAction(
			'pay',
			async ({ db, actor, point, state, form }) => {
				const plan = planPostedPayment(form);
				if (!plan.ok) throw new AppError('payment_invalid', plan.error, 400, plan.field);
				const sale = await completeSale(db, actor, point, {
					idempotencyKey: state.key,
					customer: state.customer!,
					lines: state.lines.map((l) => ({ lot: l.lotId, quantity: l.quantity })),
					payments: plan.payments,
					overrideId: state.override?.id ?? null
				});
				const who = await tillCustomer(db, actor, state.customer!).catch(() => null);
				return { sale, firstName: who?.firstName ?? '' };
			},
			({ sale: r, firstName }, { state }) => {
				const done: SaleDone = {
					id: r.id,
					number: r.number,
					firstName,
					referenceCents: r.referenceCents,
					paidCents: r.paidCents,
					savedCents: r.savedCents,
					changeCents: r.changeCents,
					budgetLeftCents: r.budgetLeftCents,
					replayed: r.replayed
				};
				return respond(ctx, nextState(state, { kind: 'sold' }), { done, notice: m.till_sale_done({ number: r.number }) }, null);
			}
		)(ctx),

	/** Puts the basket aside for the household; the till is free for the next one. */
	hold: async (ctx) =>
		tillAction(
			'hold',
			({ db, actor, point, state }) => holdBasket(db, actor, point, { customer: state.customer!, lines: state.lines }),
			(_r, { state }) => respond(ctx, nextState(state, { kind: 'held' }), { notice: m.till_held_done() }, null)
		)(ctx),

	/** Takes a held basket back: the household and its lines, priced again by the till. */
	resume: async (ctx) =>
		tillAction(
			'resume',
			({ db, actor, point, form }) => resumeBasket(db, actor, point, form.held ?? ''),
			(r, { state }) => respond(ctx, nextState(state, { kind: 'resumed', customer: r.customer, lines: r.lines }), { notice: m.till_resumed() })
		)(ctx),

	/** Gives up a held basket (the household did not come back). */
	drop: async (ctx) =>
		tillAction(
			'drop',
			({ db, actor, form }) => cancelHeld(db, actor, form.held ?? ''),
			(_r, { state }) => respond(ctx, nextState(state, { kind: 'dropped' }), { notice: m.till_held_dropped() })
		)(ctx),

	/** Gives up the current basket (confirmed): nothing is sold; the journal keeps a line. */
	cancel: async (ctx) =>
		tillAction(
			'cancel',
			({ db, actor, point, state }) => cancelBasket(db, actor, point, { customer: state.customer, lines: state.lines.length }),
			(_r, { state }) => respond(ctx, nextState(state, { kind: 'cancelled' }), { notice: m.till_cancelled() }, null)
		)(ctx)
};
