import { describe, expect, it } from 'vitest';
import { indexCatalogue, type Catalogue, type Customer } from './basket';
import { reduce } from './reduce';
import { emptyState, type TillState } from './state';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const catalogue: Catalogue = {
	today: '2026-03-15',
	ddmGraceMonths: 3,
	categories: [],
	products: [
		{ id: id(1), name: 'Riz', unit: 'piece', priceCents: 200, categoryId: null, limitPerVisit: 2, limitPerMonth: null, gtins: ['02040000000028'] },
		{ id: id(2), name: 'Pommes', unit: 'kg', priceCents: 240, categoryId: null, limitPerVisit: null, limitPerMonth: null, gtins: ['02040000000080'] }
	],
	lots: [
		{ id: id(11), code: 'L-000011', productId: id(1), date: '2027-01-01', dateType: 'ddm', onHand: 10, fse: false, blocked: false },
		{ id: id(12), code: 'L-000012', productId: id(2), date: null, dateType: 'none', onHand: 5000, fse: false, blocked: false }
	]
};
const ix = indexCatalogue(catalogue);
const customer: Customer = {
	reference: 'FOY-0001',
	firstName: 'Amina',
	status: 'valid',
	message: '',
	canShop: true,
	rateBp: 2000,
	budgetBasis: 'reference_value',
	budgetCents: 3000,
	usedCents: 0,
	leftCents: 3000,
	limits: null,
	usage: { productMonth: {}, categoryMonth: {} }
};
const start = (): TillState => ({ ...emptyState(), customer: 'FOY-0001' });
const run = (s: TillState, fields: Record<string, string>, c: Customer | null = customer) => reduce(ix, s, c, (k) => fields[k] ?? '');

describe('the basket buttons', () => {
	it('scan, then weigh on the keypad, then change a quantity, then remove the line', () => {
		let o = run(start(), { code: 'L-000011', quantity: '2' });
		expect(o).toMatchObject({ notice: 'Ajouté : Riz', touched: [id(11)] });
		o = run(o.state, { code: '2040000000080' });
		expect(o.state.pending).toEqual({ productId: id(2), lotId: null });
		expect(run(o.state, {}).error).toMatch(/poids de Pommes/);
		o = run(o.state, { quantity: '0,750' });
		expect(o.state.lines).toEqual([
			{ lotId: id(11), quantity: 2 },
			{ lotId: id(12), quantity: 750 }
		]);
		o = run(o.state, { op: 'edit', lot: id(11) });
		expect(o.state.editing).toBe(id(11));
		o = run(o.state, { quantity: '1' });
		expect(o.state).toMatchObject({
			editing: null,
			lines: [
				{ lotId: id(11), quantity: 1 },
				{ lotId: id(12), quantity: 750 }
			]
		});
		o = run(o.state, { op: 'remove', lot: id(12) });
		expect(o.state.lines).toEqual([{ lotId: id(11), quantity: 1 }]);
	});

	it('clear and cancel ask first; checkout needs lines, and a supervisor over a limit', () => {
		let o = run(start(), { code: 'L-000011', quantity: '3' });
		expect(run(o.state, { op: 'checkout' }).error).toMatch(/encadrant/);
		expect(run({ ...o.state, override: { id: id(99), supervisor: 'Nadia' } }, { op: 'checkout' }).state.step).toBe('pay');
		o = run(o.state, { op: 'clear' });
		expect(o.state).toMatchObject({ ask: 'clear', lines: [{ lotId: id(11), quantity: 3 }] });
		expect(run(o.state, { op: 'no' }).state.ask).toBeNull();
		o = run(o.state, { op: 'clear', confirm: 'yes' });
		expect(o.state.lines).toEqual([]);
		expect(run(o.state, { op: 'checkout' }).error).toMatch(/vide/);
		expect(run(o.state, { op: 'cancel' }).state.ask).toBe('cancel');
	});

	it('no basket without a household that may shop, nor for another household than the card read; next customer starts afresh', () => {
		expect(run(start(), { code: 'L-000011' }, null).error).toMatch(/carte du foyer/);
		expect(run(start(), { code: 'L-000011' }, { ...customer, canShop: false }).error).toMatch(/carte du foyer/);
		expect(run({ ...start(), customer: 'FOY-0002' }, { code: 'L-000011' }).error).toMatch(/carte du foyer/);
		const next = run(start(), { op: 'next' }, null).state;
		expect(next).toMatchObject({ customer: null, lines: [] });
		expect(next.key).not.toBe(start().key);
		expect(run(start(), { op: 'hack' }).error).toBeTruthy();
	});
});
