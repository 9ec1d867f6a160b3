import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	classifyScan,
	displayGtin,
	formatGs1,
	gs1Date,
	GS,
	gs1FromHiddenFields,
	gtinCheckDigit,
	isValidGtin,
	parseGs1,
	quickProductGuess,
	receptionPrefill,
	toGtin14
} from './gs1';

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));
const withCheck = (body: string) => body + gtinCheckDigit(body);
const gtin14 = digits(13, 13).map(withCheck);
const isoDate = fc
	.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2049-12-31T00:00:00Z'), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));
const lotText = fc.string({ unit: fc.constantFrom(...'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-/'.split('')), minLength: 1, maxLength: 20 });

describe('GTIN check digits', () => {
	it('knows real codes', () => {
		expect(isValidGtin('3017620422003')).toBe(true); // a well-known EAN-13
		expect(isValidGtin('96385074')).toBe(true); // EAN-8 from the GS1 manual
		expect(isValidGtin('036000291452')).toBe(true); // UPC-A
		expect(toGtin14('3017620422003')).toBe('03017620422003');
		expect(toGtin14('96385074')).toBe('00000096385074');
		expect(displayGtin('03017620422003')).toBe('3017620422003');
	});

	it('accepts every code built with its check digit, at every length', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(7, 11, 12, 13).chain((n) => digits(n, n)),
				(body) => {
					const code = withCheck(body);
					expect(isValidGtin(code)).toBe(true);
					expect(toGtin14(code)).toBe(code.padStart(14, '0'));
				}
			)
		);
	});

	it('refuses any code with one digit changed', () => {
		fc.assert(
			fc.property(gtin14, fc.nat(13), fc.integer({ min: 1, max: 9 }), (code, i, delta) => {
				const d = (Number(code[i]) + delta) % 10;
				const bad = code.slice(0, i) + d + code.slice(i + 1);
				expect(isValidGtin(bad)).toBe(false);
				expect(toGtin14(bad)).toBeNull();
			})
		);
	});

	it('refuses wrong lengths and non-digits', () => {
		for (const s of ['', '123', '30176204220031', 'ABCDEFGHIJKLM', '301762042200 3', '301762042200']) expect(isValidGtin(s)).toBe(false);
	});
});

describe('GS1 dates', () => {
	it('reads YYMMDD with the GS1 century window and DD=00 as end of month', () => {
		expect(gs1Date('261231', 2026)).toBe('2026-12-31');
		expect(gs1Date('240200', 2026)).toBe('2024-02-29');
		expect(gs1Date('990101', 2026)).toBe('1999-01-01');
		expect(gs1Date('760101', 2026)).toBe('2076-01-01');
		expect(gs1Date('770101', 2026)).toBe('1977-01-01');
		for (const bad of ['261301', '260230', '261200x', '2612', '260000'.replace('0000', '1300')]) expect(gs1Date(bad, 2026)).toBeNull();
	});
});

describe('GS1 element strings', () => {
	const data = fc.record(
		{ gtin: gtin14, lot: lotText, bestBefore: isoDate, useBy: isoDate, netWeightGrams: fc.integer({ min: 1, max: 999_999 }) },
		{ requiredKeys: ['gtin'] }
	);

	it('reads back what was written, raw and with parentheses', () => {
		fc.assert(
			fc.property(data, (d) => {
				const raw = formatGs1(d);
				const parsed = parseGs1(raw, 2026);
				expect(parsed).toEqual({ ok: true, data: d });
				// The human-readable form of the same fields.
				expect(parseGs1(formatHuman(d), 2026)).toEqual({ ok: true, data: d });
				// A symbology prefix from the scanner is ignored.
				expect(parseGs1(']C1' + raw, 2026)).toEqual({ ok: true, data: d });
			})
		);
	});

	it('ends a lot number at the group separator', () => {
		const r = parseGs1('0103017620422003' + '10AB12' + GS + '17261231', 2026);
		expect(r).toEqual({ ok: true, data: { gtin: '03017620422003', lot: 'AB12', useBy: '2026-12-31' } });
	});

	it('reads net weight with its decimals as grams', () => {
		expect(parseGs1('(01)03017620422003(3103)001250', 2026)).toEqual({ ok: true, data: { gtin: '03017620422003', netWeightGrams: 1250 } });
		expect(parseGs1('(01)03017620422003(3102)000125', 2026)).toEqual({ ok: true, data: { gtin: '03017620422003', netWeightGrams: 1250 } });
	});

	it('refuses a corrupted GTIN inside a GS1 code', () => {
		fc.assert(
			fc.property(data, fc.integer({ min: 1, max: 9 }), (d, delta) => {
				const raw = formatGs1(d);
				const i = 2 + 13; // the check digit
				const bad = raw.slice(0, i) + ((Number(raw[i]) + delta) % 10) + raw.slice(i + 1);
				expect(parseGs1(bad, 2026)).toEqual({ ok: false, error: 'bad_check_digit' });
			})
		);
	});

	it('refuses impossible dates, truncated codes and garbage, never throwing', () => {
		expect(parseGs1('0103017620422003171313 01', 2026).ok).toBe(false);
		expect(parseGs1('(01)03017620422003(17)261340', 2026)).toEqual({ ok: false, error: 'bad_date' });
		expect(parseGs1('010301762042', 2026)).toEqual({ ok: false, error: 'truncated' });
		expect(parseGs1('hello', 2026)).toEqual({ ok: false, error: 'not_gs1' });
		expect(parseGs1('(10)ABC', 2026)).toEqual({ ok: false, error: 'not_gs1' });
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), (s) => {
				const r = parseGs1(s, 2026);
				if (r.ok) expect(isValidGtin(r.data.gtin!)).toBe(true);
			})
		);
	});
});

describe('classifyScan', () => {
	it('tells EANs, GS1 codes, lot and location labels apart', () => {
		expect(classifyScan('3017620422003', 2026)).toEqual({ kind: 'gtin', gtin: '03017620422003' });
		expect(classifyScan('3017620422004', 2026)).toEqual({ kind: 'invalid', error: 'bad_check_digit' });
		expect(classifyScan('0103017620422003', 2026)).toEqual({ kind: 'gs1', data: { gtin: '03017620422003' } });
		expect(classifyScan('https://x.test/stock/lots/L-000042', 2026)).toEqual({ kind: 'lot', code: 'L-000042' });
		expect(classifyScan('l-000042', 2026)).toEqual({ kind: 'lot', code: 'L-000042' });
		expect(classifyScan('emp-0007', 2026)).toEqual({ kind: 'location', code: 'EMP-0007' });
		expect(classifyScan('nonsense', 2026).kind).toBe('invalid');
	});
});

function formatHuman(d: { gtin?: string; lot?: string; bestBefore?: string; useBy?: string; netWeightGrams?: number }): string {
	const y = (s: string) => s.slice(2, 4) + s.slice(5, 7) + s.slice(8, 10);
	let out = `(01)${d.gtin}`;
	if (d.lot !== undefined) out += `(10)${d.lot}`;
	if (d.bestBefore) out += `(15)${y(d.bestBefore)}`;
	if (d.useBy) out += `(17)${y(d.useBy)}`;
	if (d.netWeightGrams !== undefined) out += `(3103)${String(d.netWeightGrams).padStart(6, '0')}`;
	return out;
}

describe('what a GS1 code says for a reception line', () => {
	it('the code gives the date, lot and weight; the product gives the date type', () => {
		const kg = { unit: 'kg' as const, dateType: 'ddm' };
		const fromCode = receptionPrefill(kg, { useBy: '2026-12-03', lot: 'A12', netWeightGrams: 1250 });
		expect(fromCode).toEqual({ dateType: 'ddm', date: '2026-12-03', lotNumber: 'A12', quantity: '1,25' });
		// A best-before date on a DLC product's code does not make it a DDM lot: the product's type wins.
		const bestBefore = receptionPrefill({ unit: 'piece', dateType: 'dlc' }, { bestBefore: '2027-01-31' });
		expect(bestBefore).toEqual({ dateType: 'dlc', date: '2027-01-31', lotNumber: '', quantity: '' });
		expect(receptionPrefill({ unit: 'piece', dateType: 'ddm' }, { useBy: '2027-01-31' }).dateType).toBe('ddm');
		expect(receptionPrefill({ unit: 'piece', dateType: 'dlc' }, null)).toEqual({ dateType: 'dlc', date: '', lotNumber: '', quantity: '' });
		// A weight only fills the quantity of a product sold by the kg.
		expect(receptionPrefill({ unit: 'piece', dateType: 'ddm' }, { netWeightGrams: 500 }).quantity).toBe('');
	});

	it('an unknown code opens the quick creation with guesses, and its hidden fields come back checked', () => {
		const gs1 = { useBy: '2026-12-03', lot: 'L7', netWeightGrams: 800 };
		const quick = quickProductGuess('03760000000017', gs1);
		expect(quick).toMatchObject({ gtin: displayGtin('03760000000017'), unit: 'kg', dateType: 'dlc', gs1Lot: 'L7', gs1UseBy: '2026-12-03', gs1Weight: '800' });
		expect(gs1FromHiddenFields(quick)).toEqual(gs1);
		expect(quickProductGuess('03760000000017', null)).toMatchObject({ unit: 'piece', dateType: 'ddm', gs1Lot: '' });
		// Edited hidden fields: a bad date, a control character, an odd weight are dropped.
		expect(gs1FromHiddenFields({ gs1UseBy: '2026-02-30', gs1Lot: 'A\u0001', gs1Weight: '-5' })).toBeNull();
		expect(gs1FromHiddenFields({ gs1BestBefore: '2027-01-31', gs1Weight: '12345678' })).toEqual({ bestBefore: '2027-01-31' });
	});
});
