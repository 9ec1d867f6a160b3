import { describe, expect, it } from 'vitest';
import { emptyState, type TillState } from './state';
import { NEEDS_CUSTOMER, nextState, type TillAction } from './steps';

const LOT = '11111111-1111-4111-8111-111111111111';
const OVERRIDE = '22222222-2222-4222-8222-222222222222';
const basket = (step: TillState['step'] = 'basket'): TillState => ({
	...emptyState('key-12345678'),
	customer: 'FOY-0001',
	lines: [{ lotId: LOT, quantity: 2 }],
	step
});

describe('the till step machine', () => {
	it('a card read starts a new basket for the household (a new idempotency key)', () => {
		const s = nextState(basket(), { kind: 'customer', reference: 'FOY-0002' });
		expect(s).toMatchObject({ customer: 'FOY-0002', lines: [], step: 'basket', override: null });
		expect(s.key).not.toBe('key-12345678');
	});

	it('a supervisor’s authorisation goes back to the basket with it, lines kept', () => {
		const authorised = nextState(basket('override'), { kind: 'override', id: OVERRIDE, supervisor: 'Nadia' });
		expect(authorised).toEqual({ ...basket(), override: { id: OVERRIDE, supervisor: 'Nadia' } });
	});

	it('after a sale, a hold or a cancel the till is free: no household, no line, a new key', () => {
		for (const kind of ['sold', 'held', 'cancelled'] as const) {
			const s = nextState(basket('pay'), { kind });
			expect(s, kind).toMatchObject({ customer: null, lines: [], step: 'basket', override: null });
			expect(s.key, kind).not.toBe('key-12345678');
		}
	});

	it('a resumed basket brings its household and lines back; dropping a held basket keeps the current one', () => {
		const resumed = nextState(emptyState(), { kind: 'resumed', customer: 'FOY-0003', lines: [{ lotId: LOT, quantity: 1 }] });
		expect(resumed).toMatchObject({ customer: 'FOY-0003', lines: [{ lotId: LOT, quantity: 1 }], step: 'basket' });
		expect(nextState(basket(), { kind: 'dropped' })).toEqual(basket());
	});

	it('a refusal keeps the basket and shows the reason where it is fixed', () => {
		// An unknown card: no household.
		expect(nextState(basket(), { kind: 'refused', action: 'lookup' })).toMatchObject({ customer: null, lines: [] });
		// A wrong PIN: still on the override panel.
		expect(nextState(basket('override'), { kind: 'refused', action: 'override', field: 'pin' })).toEqual(basket('override'));
		// A payment field at fault: still on the payment step; anything else (stock, limit, budget): back to the basket.
		for (const field of ['method', 'tendered', 'cash', 'card', 'cheque', 'payments']) {
			expect(nextState(basket('pay'), { kind: 'refused', action: 'pay', field }).step, field).toBe('pay');
		}
		for (const field of [undefined, 'lines', 'customer']) {
			expect(nextState(basket('pay'), { kind: 'refused', action: 'pay', field }), String(field)).toEqual(basket('basket'));
		}
		for (const action of ['basket', 'hold', 'resume', 'drop', 'cancel'] as TillAction[]) {
			expect(nextState(basket(), { kind: 'refused', action }), action).toEqual(basket());
		}
	});

	it('only the override, the payment and holding need a household first', () => {
		expect([...NEEDS_CUSTOMER].sort()).toEqual(['hold', 'override', 'pay']);
	});
});
