import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numberMessage, readEuros, readNumber, readWhole } from './numbers';
import { readQuantity } from './stock/units';

const message = (r: ReturnType<typeof readNumber>) => (r.ok ? null : numberMessage(r.problem));

describe('reading typed numbers (issue 10, item 11)', () => {
	it('says why a number is refused, in distinct words', () => {
		expect(message(readQuantity('piece', '99999999999'))).toBe('Nombre trop grand (maximum 100\u202f000).');
		expect(message(readQuantity('kg', '99999999999'))).toBe('Nombre trop grand (maximum 10\u202f000\u00a0kg).');
		expect(message(readQuantity('piece', 'douze'))).toBe("Ce n'est pas un nombre : tapez des chiffres, par exemple 12 ou 1,5.");
		expect(message(readQuantity('piece', '0'))).toBe('Tapez un nombre plus grand que 0.');
		expect(message(readQuantity('piece', '-3'))).toBe('Tapez un nombre sans signe moins.');
		expect(message(readQuantity('piece', '1,5'))).toBe('Tapez un nombre entier, sans virgule.');
		expect(message(readQuantity('kg', '1,2345'))).toBe('Trop de chiffres après la virgule : 3 chiffres au plus.');
		expect(message(readQuantity('piece', ' '))).toBe('Tapez un nombre.');
		expect(message(readEuros('gratuit'))).toBe("Ce n'est pas un nombre : tapez des chiffres, par exemple 12 ou 1,5.");
		expect(message(readEuros('1,505'))).toBe('Trop de chiffres après la virgule : 2 chiffres au plus.');
		expect(message(readEuros('1000000'))).toBe('Nombre trop grand (maximum 100\u202f000,00\u00a0€).');
		expect(message(readWhole('1e3', 1000))).toBe("Ce n'est pas un nombre : tapez des chiffres, par exemple 12 ou 1,5.");
	});

	it('reads French and English decimals, spaces, a euro sign, and 0 only where it is allowed', () => {
		expect(readQuantity('kg', '1,25')).toEqual({ ok: true, value: 1250 });
		expect(readQuantity('kg', '0.250')).toEqual({ ok: true, value: 250 });
		expect(readQuantity('piece', '1 200')).toEqual({ ok: true, value: 1200 });
		expect(readQuantity('piece', '0', { allowZero: true })).toEqual({ ok: true, value: 0 });
		expect(readEuros('1,50 €')).toEqual({ ok: true, value: 150 });
		expect(readEuros('0', { allowZero: true })).toEqual({ ok: true, value: 0 });
		expect(readNumber('3,10', { decimals: 1, max: 1000 })).toEqual({ ok: true, value: 31 });
	});

	it('property: any scaled value within the rule, written in French or English, reads back exactly', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 10_000_000 }), fc.boolean(), (decimals, value, comma) => {
				const int = Math.floor(value / 10 ** decimals);
				const dec = String(value % 10 ** decimals).padStart(decimals, '0');
				const text = decimals ? `${int}${comma ? ',' : '.'}${dec}` : String(int);
				expect(readNumber(text, { decimals, max: 10_000_000 })).toEqual({ ok: true, value });
			})
		);
	});

	it('property: whatever is typed, the answer is a value within the rule or one of the six reasons — never NaN, never above the maximum', () => {
		fc.assert(
			fc.property(
				fc.oneof(fc.string(), fc.stringMatching(/^-?[0-9]{0,20}([.,][0-9]{0,6})?$/)),
				fc.integer({ min: 0, max: 3 }),
				fc.integer({ min: 1, max: 1e9 }),
				fc.boolean(),
				(text, decimals, max, allowZero) => {
					const r = readNumber(text, { decimals, max, allowZero });
					if (r.ok) {
						expect(Number.isSafeInteger(r.value)).toBe(true);
						expect(r.value).toBeLessThanOrEqual(max);
						expect(r.value >= (allowZero ? 0 : 1)).toBe(true);
					} else {
						expect(['empty', 'not_digits', 'negative', 'zero', 'decimals', 'too_large']).toContain(r.problem.code);
						expect(numberMessage(r.problem).length).toBeGreaterThan(5);
					}
				}
			)
		);
	});

	it('property: a number above the maximum is always "trop grand", with the maximum written out', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 1e6 }), fc.bigInt({ min: 1n, max: 10n ** 30n }), (max, extra) => {
				const r = readNumber(String(BigInt(max) + extra), { decimals: 0, max });
				expect(r.ok).toBe(false);
				if (!r.ok) expect(numberMessage(r.problem)).toMatch(/^Nombre trop grand \(maximum [\d\u202f]+\)\.$/);
			})
		);
	});
});
