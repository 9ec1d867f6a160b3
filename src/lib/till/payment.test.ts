import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eurosToCents, planPayments, planPostedPayment } from './payment';
import { settle } from './pricing';

const form = (f: Partial<Parameters<typeof planPayments>[1]>) => ({ method: 'cash', tendered: '', cash: '', card: '', cheque: '', ...f });

describe('the payment form', () => {
	it('reads euros as people type them', () => {
		expect(eurosToCents('12,50')).toBe(1250);
		expect(eurosToCents(' 5 € ')).toBe(500);
		expect(eurosToCents('0.05')).toBe(5);
		for (const bad of ['', '-1', '1,234', 'abc', '1e3']) expect(eurosToCents(bad), bad).toBeNull();
	});

	it('cash with the change, card, cheque, several methods; nothing to pay: no payment', () => {
		expect(planPayments(195, form({ tendered: '5' }))).toEqual({
			ok: true,
			payments: [{ method: 'cash', amountCents: 195, tenderedCents: 500 }],
			changeCents: 305
		});
		expect(planPayments(195, form({}))).toEqual({ ok: true, payments: [{ method: 'cash', amountCents: 195, tenderedCents: 195 }], changeCents: 0 });
		expect(planPayments(464, form({ method: 'card', tendered: '50' }))).toEqual({ ok: true, payments: [{ method: 'card', amountCents: 464 }], changeCents: 0 });
		expect(planPayments(464, form({ method: 'cheque' }))).toEqual({ ok: true, payments: [{ method: 'cheque', amountCents: 464 }], changeCents: 0 });
		expect(planPayments(30, form({ method: 'split', cash: '0,10', card: '0,20', tendered: '1' }))).toEqual({
			ok: true,
			payments: [
				{ method: 'cash', amountCents: 10, tenderedCents: 100 },
				{ method: 'card', amountCents: 20 }
			],
			changeCents: 90
		});
		expect(planPayments(0, form({ method: '' }))).toEqual({ ok: true, payments: [], changeCents: 0 });
	});

	it('refuses, in French: too little cash, a split that does not add up, a bad amount, no method', () => {
		expect(planPayments(195, form({ tendered: '1' }))).toMatchObject({ ok: false, field: 'tendered', error: expect.stringMatching(/Pas assez/) });
		expect(planPayments(30, form({ method: 'split', cash: '0,10' }))).toMatchObject({ ok: false, error: expect.stringMatching(/doivent faire 0,30\s€/) });
		expect(planPayments(30, form({ method: 'split', card: 'x' }))).toMatchObject({ ok: false, field: 'card' });
		expect(planPayments(30, form({ method: 'bitcoin' }))).toMatchObject({ ok: false, field: 'method' });
	});

	it('property: what the form plans, the server accepts, with the same change', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 100_000 }),
				fc.integer({ min: 0, max: 10_000 }),
				fc.constantFrom('cash', 'card', 'cheque'),
				(due, extra, method) => {
					const tendered = method === 'cash' ? ((due + extra) / 100).toFixed(2).replace('.', ',') : '';
					const plan = planPayments(due, form({ method, tendered }));
					if (!plan.ok) throw new Error(plan.error);
					expect(settle(due, plan.payments)).toEqual({ ok: true, changeCents: plan.changeCents });
					expect(plan.changeCents).toBe(method === 'cash' ? extra : 0);
				}
			)
		);
	});
});

describe('the payment form as the till posts it', () => {
	it('reads the amount due and the payment fields', () => {
		const cash = planPostedPayment({ due: '195', method: 'cash', tendered: '5' });
		expect(cash).toEqual({ ok: true, payments: [{ method: 'cash', amountCents: 195, tenderedCents: 500 }], changeCents: 305 });
		expect(planPostedPayment({ due: '464', method: 'card' })).toEqual({ ok: true, payments: [{ method: 'card', amountCents: 464 }], changeCents: 0 });
	});

	it('refuses an odd amount due on the payment step, in French', () => {
		for (const due of ['-1', '1.5', 'abc', '1e20'])
			expect(planPostedPayment({ due, method: 'cash' }), due).toEqual({
				ok: false,
				field: 'method',
				error: expect.stringMatching(/paiement n'est pas valable/)
			});
	});
});
