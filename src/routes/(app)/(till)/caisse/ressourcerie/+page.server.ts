import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { numberMessage, readEuros, readWhole } from '$lib/numbers';
import { getDb } from '$lib/server/db/app';
import { attempt, isFailure, readForm, type FormText } from '$lib/server/http/forms';
import { orHttpError } from '$lib/server/http/load';
import { listReuseCategories, reuseCategoryOf } from '$lib/server/reuse/categories';
import { reuseSettings } from '$lib/server/reuse/settings';
import { requireOpenTill } from '$lib/server/till/point';
import { completePublicSale, publicItemForTill } from '$lib/server/till/publicSale';
import { planPostedPayment } from '$lib/till/payment';
import {
	addItem,
	emptyPublicBasket,
	MAX_PUBLIC_QUANTITY,
	publicLinePrice,
	publicSaleLines,
	readPublicBasket,
	type PublicBasketState
} from '$lib/till/publicBasket';
import type { Actions, PageServerLoad } from './$types';

/**
 * The ressourcerie's till (issue 15): a public sale on this tablet's open till session. The basket is
 * the tablet's (`basket.svelte.ts`), carried by every form in a hidden field; each step is a form action
 * that answers the new basket (so the page works without JavaScript), and paying records the sale with
 * completePublicSale (server/till/publicSale.ts), which prices every line again.
 */

const newKey = () => `ps-${crypto.randomUUID()}`;

export const load: PageServerLoad = async ({ locals }) => {
	const { session } = await orHttpError(() => requireOpenTill(locals));
	const db = getDb();
	const [categories, settings] = await Promise.all([orHttpError(() => listReuseCategories(db, locals.actor!)), reuseSettings(db, locals.actor!)]);
	return {
		session: { id: session.id },
		categories: categories.map((c) => ({ id: c.id, name: c.name, flux: c.flux, averageWeightGrams: c.averageWeightGrams, priceGrid: c.priceGrid })),
		maxDiscountPercent: settings.maxDiscountPercent,
		fresh: emptyPublicBasket(newKey())
	};
};

export interface PublicTillDone {
	id: string;
	number: string;
	paidCents: number;
	changeCents: number;
	weightGrams: number;
}

export interface PublicTillResult {
	state: PublicBasketState;
	error?: string;
	field?: string;
	done?: PublicTillDone;
}

const stateOf = (form: FormText) => readPublicBasket(form.state ?? '') ?? emptyPublicBasket(newKey());
const refuse = (state: PublicBasketState, error: string, field?: string) => fail(400, { state, error, field } satisfies PublicTillResult);
const lineIndex = (form: FormText, state: PublicBasketState) => {
	const i = Number(form.line ?? '');
	return Number.isInteger(i) && i >= 0 && i < state.lines.length ? i : -1;
};

export const actions: Actions = {
	/** Scan, quick key, discount, remove, clear, go to payment and back, next customer. */
	basket: async ({ locals, request }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		await orHttpError(() => requireOpenTill(locals));
		const db = getDb();
		const actor = locals.actor!;
		const state = stateOf(form);
		switch (form.op) {
			case 'scan': {
				const item = await attempt(() => publicItemForTill(db, actor, form.code ?? ''));
				if (isFailure(item)) return fail(item.status, { state, error: item.data.error, field: 'code' } satisfies PublicTillResult);
				const added = addItem(state, {
					ref: item.code,
					name: item.description,
					category: item.category,
					flux: item.flux,
					unitPriceCents: item.priceCents,
					available: item.onHand,
					unitWeightGrams: item.unitWeightGrams
				});
				if (!added.ok) return refuse(state, m.ps_item_in_basket({ code: item.code }), 'code');
				return { state: { ...added.state, step: 'basket' } } satisfies PublicTillResult;
			}
			case 'quick': {
				const category = await attempt(() => reuseCategoryOf(db, actor, form.categoryId ?? '', 'categoryId'));
				if (isFailure(category) || !category.active) return refuse(state, m.ps_quick_pick(), 'categoryId');
				const price = readEuros(form.price ?? '', { allowZero: true });
				if (!price.ok) return refuse(state, numberMessage(price.problem), 'price');
				const quantity = (form.quantity ?? '').trim() === '' ? { ok: true as const, value: 1 } : readWhole(form.quantity ?? '', MAX_PUBLIC_QUANTITY);
				if (!quantity.ok) return refuse(state, m.ps_quantity_invalid(), 'quantity');
				if (state.lines.length >= 100) return refuse(state, m.till_too_many_lines({ max: 100 }), 'categoryId');
				const line = {
					kind: 'quick' as const,
					ref: category.id,
					name: category.name,
					category: category.name,
					flux: category.flux,
					unitPriceCents: price.value,
					quantity: quantity.value,
					available: 0,
					unitWeightGrams: category.averageWeightGrams,
					discountCents: 0,
					discountReason: ''
				};
				return { state: { ...state, step: 'basket', lines: [...state.lines, line] } } satisfies PublicTillResult;
			}
			case 'discount': {
				const i = lineIndex(form, state);
				if (i < 0) return refuse(state, m.ps_sale_invalid());
				const l = state.lines[i]!;
				const amount = readEuros(form.discount ?? '', { allowZero: true });
				if (!amount.ok) return refuse(state, numberMessage(amount.problem), `discount-${i}`);
				const { maxDiscountPercent } = await reuseSettings(db, actor);
				const reason = (form.reason ?? '').trim();
				const p = publicLinePrice(
					{ unitPriceCents: l.unitPriceCents, quantity: l.quantity, discountCents: amount.value, discountReason: reason },
					maxDiscountPercent
				);
				if (!p.ok) {
					const message =
						p.problem === 'discount_over_max'
							? m.ps_discount_over_max({ percent: maxDiscountPercent })
							: p.problem === 'discount_reason_required'
								? m.ps_discount_reason_required()
								: p.problem === 'discount_over_price'
									? m.ps_discount_over_price()
									: m.ps_discount_invalid();
					return refuse(state, message, p.problem === 'discount_reason_required' ? `reason-${i}` : `discount-${i}`);
				}
				const lines = state.lines.slice();
				lines[i] = { ...l, discountCents: p.price.discountCents, discountReason: p.price.discountCents > 0 ? reason : '' };
				return { state: { ...state, lines } } satisfies PublicTillResult;
			}
			case 'remove': {
				const i = lineIndex(form, state);
				if (i < 0) return refuse(state, m.ps_sale_invalid());
				return { state: { ...state, step: 'basket', lines: state.lines.filter((_, j) => j !== i) } } satisfies PublicTillResult;
			}
			case 'clear':
				return { state: { ...state, step: 'basket', lines: [] } } satisfies PublicTillResult;
			case 'pay':
				if (state.lines.length === 0) return refuse(state, m.ps_basket_empty());
				return { state: { ...state, step: 'pay' } } satisfies PublicTillResult;
			case 'back':
				return { state: { ...state, step: 'basket' } } satisfies PublicTillResult;
			case 'next':
				return { state: emptyPublicBasket(newKey()) } satisfies PublicTillResult;
			default:
				return refuse(state, m.ps_sale_invalid());
		}
	},

	/** Records the sale (idempotent: the basket's key) with the payment chosen; the change to give back. */
	pay: async ({ locals, request }) => {
		const form = await readForm(request);
		if (isFailure(form)) return form;
		const { point } = await orHttpError(() => requireOpenTill(locals));
		const state = stateOf(form);
		if (state.lines.length === 0) return refuse({ ...state, step: 'basket' }, m.ps_basket_empty());
		const plan = planPostedPayment(form);
		if (!plan.ok) return refuse(state, plan.error, plan.field);
		const r = await attempt(() =>
			completePublicSale(getDb(), locals.actor!, point, { idempotencyKey: state.key, lines: publicSaleLines(state), payments: plan.payments })
		);
		if (isFailure(r)) {
			// The basket is kept (with its key): the operator fixes the line named and pays again.
			const back = r.data.field && r.data.field !== 'payments' && r.data.field !== 'idempotencyKey' ? { ...state, step: 'basket' as const } : state;
			return fail(r.status, { state: back, error: r.data.error, field: r.data.field } satisfies PublicTillResult);
		}
		return {
			state: emptyPublicBasket(newKey()),
			done: { id: r.id, number: r.number, paidCents: r.paidCents, changeCents: r.changeCents, weightGrams: r.weightGrams }
		} satisfies PublicTillResult;
	}
};
