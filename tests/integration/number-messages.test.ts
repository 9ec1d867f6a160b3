import type { RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { actions as newProductActions } from '../../src/routes/(app)/(manage)/catalogue/nouveau/+page.server';
import { m } from '$lib/paraglide/messages';
import { products } from '$lib/server/db/schema';
import { quickCreateProduct, quickProductInputFromForm } from '$lib/server/stock/catalogue';
import { countLot, getCount, startCount } from '$lib/server/stock/counts';
import { createLot } from '$lib/server/stock/lots';
import { useApiTestDatabase } from '../helpers/api';
import { expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { AppError } from '$lib/server/errors';
import { makeOrigin, makeProduct } from '../helpers/stock';

// Issue 10, item 11: clear messages for bad numbers, and every invalid field of a form reported at once.
const t = useApiTestDatabase();

/** Posts the new-product form through its real action, as the manager. */
async function postProduct(org: OrgFixture, form: Record<string, string>) {
	const url = new URL('http://shop.local/catalogue/nouveau');
	const event = {
		url,
		request: new Request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin },
			body: new URLSearchParams(form).toString()
		}),
		locals: { actor: org.actors.manager, device: null, sessionExpired: false }
	} as unknown as RequestEvent;
	return (await newProductActions.default!(event as never)) as { status: number; data: { error: string; field?: string; errors?: Record<string, string> } };
}

const NOT_DIGITS = "Ce n'est pas un nombre : tapez des chiffres, par exemple 12 ou 1,5.";

describe('the product form reports every invalid field at once, each in its own words', () => {
	it('a blank name and the price "gratuit": both fields, nothing saved', async () => {
		const org = await makeOrg(t.db);
		const r = await postProduct(org, { name: '', referencePrice: 'gratuit', unit: 'piece', zone: 'ambient', dateType: 'ddm' });
		expect(r.status).toBe(400);
		expect(r.data.errors).toEqual({ name: m.product_name_invalid(), referencePrice: NOT_DIGITS });
		expect(r.data.field).toBe('name');
		expect(await t.db.select().from(products).where(eq(products.organisationId, org.organisationId))).toEqual([]);
	});

	it('too large, not digits, a decimal in a whole number, a bad code: four fields, four reasons', async () => {
		const org = await makeOrg(t.db);
		const r = await postProduct(org, {
			name: 'Riz',
			referencePrice: '99999999999',
			netWeightGrams: 'douze',
			limitPerVisit: '1,5',
			limitPerMonth: '2',
			gtins: '123',
			unit: 'piece',
			zone: 'ambient',
			dateType: 'ddm'
		});
		expect(r.status).toBe(400);
		expect(r.data.errors).toEqual({
			referencePrice: 'Nombre trop grand (maximum 100\u202f000,00\u00a0€).',
			netWeightGrams: NOT_DIGITS,
			limitPerVisit: 'Tapez un nombre entier, sans virgule.',
			gtins: m.product_gtin_invalid({ code: '123' })
		});
		for (const message of Object.values(r.data.errors!)) expect(message).not.toMatch(/plus grand que 0/);
	});

	it('a valid form still creates the product (a free product: price 0)', async () => {
		const org = await makeOrg(t.db);
		await expect(postProduct(org, { name: 'Pain', referencePrice: '0', unit: 'piece', zone: 'ambient', dateType: 'none' })).rejects.toMatchObject({
			status: 303
		});
		expect((await t.db.select().from(products).where(eq(products.organisationId, org.organisationId))).map((p) => p.name)).toEqual(['Pain']);
	});
});

describe('the quick product creation at a reception reports every invalid field at once too', () => {
	it('no code, a blank name and the price "gratuit": three fields, nothing saved', async () => {
		const org = await makeOrg(t.db);
		const input = quickProductInputFromForm({ gtin: '', name: '', referencePrice: 'gratuit', unit: 'piece', zone: 'ambient', dateType: 'ddm' });
		const e = await quickCreateProduct(t.db, org.actors.operator, input).then(
			() => null,
			(x: unknown) => x
		);
		expect(e).toBeInstanceOf(AppError);
		expect((e as AppError).status).toBe(400);
		expect((e as AppError).errors).toEqual({ name: m.product_name_invalid(), referencePrice: NOT_DIGITS, gtin: m.quick_product_gtin_required() });
		expect(await t.db.select().from(products).where(eq(products.organisationId, org.organisationId))).toEqual([]);
	});

	it('a missing code alone keeps its own code and message', async () => {
		const org = await makeOrg(t.db);
		const input = quickProductInputFromForm({ gtin: '', name: 'Lentilles', unit: 'piece', zone: 'ambient', dateType: 'ddm' });
		await expectAppError(quickCreateProduct(t.db, org.actors.operator, input), 'gtin_required', 400);
	});
});

describe('the count page: "(0 si vide)" and its errors agree', () => {
	it('0 is a count; "douze", "99999999999" and "-1" are refused with their own reason', async () => {
		const org = await makeOrg(t.db);
		const op = org.actors.operator;
		const o = await makeOrigin(t.db, org);
		const p = await makeProduct(t.db, org);
		const lot = await t.db.transaction((tx) =>
			createLot(tx, op, { productId: p.id, originId: o.id, date: '2027-01-01', dateType: 'ddm', quantity: 4, locationId: org.locationId })
		);
		const { id } = await startCount(t.db, op, org.locationId);
		expect(m.count_help()).toContain('0 si vide');
		await countLot(t.db, op, id, { lot: lot.code, quantity: '0' });
		expect((await getCount(t.db, op, id)).lines.map((l) => l.counted)).toEqual([0]);
		const reason = async (quantity: string) => (await expectAppError(countLot(t.db, op, id, { lot: lot.code, quantity }), 'quantity_invalid', 400)).message;
		expect(await reason('douze')).toBe(NOT_DIGITS);
		expect(await reason('99999999999')).toBe('Nombre trop grand (maximum 100\u202f000).');
		expect(await reason('-1')).toBe('Tapez un nombre sans signe moins.');
		expect(await reason('')).toBe('Tapez un nombre.');
		// The count is unchanged by the refusals.
		expect((await getCount(t.db, op, id)).lines.map((l) => l.counted)).toEqual([0]);
	});
});
