import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEuros } from '$lib/server/households/rules';
import { parseEurosToCents } from '$lib/server/stock/csv';
import {
	centsInput,
	dayInZone,
	DEFAULT_TIME_ZONE,
	formatDateTime,
	formatTime,
	isTimeZone,
	money,
	signedMoney,
	startOfDayInZone,
	zoneOrDefault
} from './format';

/** Paris wall time computed by hand: UTC+1 in winter, UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC. */
function lastSunday(year: number, month: number): number {
	const d = new Date(Date.UTC(year, month + 1, 0));
	return d.getUTCDate() - d.getUTCDay();
}
function parisOffsetHours(t: Date): number {
	const y = t.getUTCFullYear();
	const start = Date.UTC(y, 2, lastSunday(y, 2), 1);
	const end = Date.UTC(y, 9, lastSunday(y, 9), 1);
	return t.getTime() >= start && t.getTime() < end ? 2 : 1;
}
const pad = (n: number) => String(n).padStart(2, '0');
function parisWall(t: Date): string {
	const w = new Date(t.getTime() + parisOffsetHours(t) * 3_600_000);
	return `${pad(w.getUTCDate())}/${pad(w.getUTCMonth() + 1)}/${w.getUTCFullYear()} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}`;
}

describe('times in the shop zone', () => {
	it('shows 13:34 UTC as 14:34 in Paris in winter and 15:34 in summer (the issue’s example)', () => {
		expect(formatDateTime(new Date('2026-11-24T13:34:00Z'))).toBe('24/11/2026 14:34');
		expect(formatDateTime(new Date('2026-07-01T13:34:00Z'), 'Europe/Paris')).toBe('01/07/2026 15:34');
		expect(formatTime('2026-11-24T13:34:00Z')).toBe('14:34');
		expect(formatDateTime(null)).toBe('—');
		expect(formatDateTime(undefined, DEFAULT_TIME_ZONE, 'fr', '')).toBe('');
	});

	it('any instant formats to the Paris wall time, across the DST changes', () => {
		const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
		fc.assert(
			fc.property(instant, (t) => formatDateTime(t, 'Europe/Paris') === parisWall(t)),
			{ numRuns: 2000 }
		);
	});

	it('around the DST changes of 2026 (29 March, 25 October)', () => {
		expect(formatDateTime('2026-03-29T00:59:00Z')).toBe('29/03/2026 01:59');
		expect(formatDateTime('2026-03-29T01:00:00Z')).toBe('29/03/2026 03:00');
		expect(formatDateTime('2026-10-25T00:59:00Z')).toBe('25/10/2026 02:59');
		expect(formatDateTime('2026-10-25T01:00:00Z')).toBe('25/10/2026 02:00');
	});

	it('another zone is honoured (a shop in Guyane, UTC−3)', () => {
		expect(formatDateTime('2026-11-24T13:34:00Z', 'America/Cayenne')).toBe('24/11/2026 10:34');
		expect(dayInZone(new Date('2026-11-25T01:00:00Z'), 'America/Cayenne')).toBe('2026-11-24');
	});

	it('the shop day and the start of a shop day agree in any zone', () => {
		const zone = fc.constantFrom('Europe/Paris', 'America/Cayenne', 'Pacific/Noumea', 'Indian/Reunion', 'UTC');
		const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
		fc.assert(
			fc.property(instant, zone, (t, z) => {
				const day = dayInZone(t, z);
				const start = startOfDayInZone(day, z);
				return start.getTime() <= t.getTime() && dayInZone(start, z) === day && dayInZone(new Date(start.getTime() - 1), z) !== day;
			}),
			{ numRuns: 1000 }
		);
	});

	it('accepts only known zones', () => {
		expect(isTimeZone('Europe/Paris')).toBe(true);
		expect(isTimeZone('UTC')).toBe(true);
		expect(isTimeZone('Europe/Lutece')).toBe(false);
		expect(isTimeZone('')).toBe(false);
		expect(isTimeZone(42)).toBe(false);
		expect(zoneOrDefault('nonsense')).toBe('Europe/Paris');
	});
});

describe('money', () => {
	it('formats cents as French euros', () => {
		expect(money(1250)).toBe('12,50\u00a0€');
		expect(money(null)).toBe('—');
		expect(signedMoney(-48)).toBe('−0,48\u00a0€');
		expect(signedMoney(120)).toBe('+1,20\u00a0€');
		expect(centsInput(-48)).toBe('-0,48');
		expect(centsInput(123456)).toBe('1234,56');
	});

	it('round-trips: what we print reads back as the same cents', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 99_999_999 }), (cents) => {
				expect(parseEuros(money(cents))).toBe(cents);
				expect(parseEuros(centsInput(cents))).toBe(cents);
				expect(parseEurosToCents(centsInput(cents))).toBe(cents);
			}),
			{ numRuns: 2000 }
		);
	});
});
