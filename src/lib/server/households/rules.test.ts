import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	addDays,
	addMonths,
	canRenew,
	compositionOf,
	gridBudgetCents,
	isIsoDate,
	nameKey,
	parseEuros,
	parsePercent,
	rightStatusAfter,
	statusReasonOk,
	type RightStatus,
	type RightStatusAction,
	periodEnd,
	periodsOverlap,
	rateWithinBounds,
	renewedPeriod,
	resteAVivreCents,
	retentionDue,
	similarNames,
	tillStatus,
	underThreshold
} from './rules';
import { DEFAULT_SETTINGS, readSettings } from './settings';

const GRID = DEFAULT_SETTINGS.grid;
const day = fc
	.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));

describe('dates', () => {
	test('impossible days are refused, real ones accepted', () => {
		for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-04-31', '2026-00-10', '26-01-01', '2026-1-1', ''])
			expect(isIsoDate(bad), bad).toBe(false);
		for (const ok of ['2024-02-29', '2026-12-31', '2026-01-01']) expect(isIsoDate(ok), ok).toBe(true);
	});
	test('month arithmetic clamps to the last day', () => {
		expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
		expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
		expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
		expect(periodEnd('2026-01-15', 3)).toBe('2026-04-14');
		expect(periodEnd('2026-01-01', 3)).toBe('2026-03-31');
	});
	test('property: addDays is reversible and always a valid day', () => {
		fc.assert(
			fc.property(day, fc.integer({ min: -1000, max: 1000 }), (d, n) => {
				const e = addDays(d, n);
				expect(isIsoDate(e)).toBe(true);
				expect(addDays(e, -n)).toBe(d);
			})
		);
	});
});

describe('reste à vivre', () => {
	test('examples, rounded down to the cent', () => {
		// 1 000 € − 400 € for 2 persons: 600 / 2 / 30 = 10,00 €
		expect(resteAVivreCents(100_000, 40_000, 2)).toBe(1000);
		// 500 € − 260 € for 3: 240 / 90 = 2,6666… → 2,66 €
		expect(resteAVivreCents(50_000, 26_000, 3)).toBe(266);
		// charges above resources: negative, rounded towards −∞
		expect(resteAVivreCents(10_000, 20_001, 1)).toBe(-334);
		expect(() => resteAVivreCents(100, 0, 0)).toThrow();
		expect(() => resteAVivreCents(100.5, 0, 1)).toThrow();
	});
	test('property: integer cents, never above the exact value, less than one cent below', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 15 }), (r, c, p) => {
				const rav = resteAVivreCents(r, c, p);
				expect(Number.isInteger(rav)).toBe(true);
				const exact = (r - c) / p / 30;
				expect(rav).toBeLessThanOrEqual(exact);
				expect(exact - rav).toBeLessThan(1);
			})
		);
	});
	test('property: one more person never raises it; more resources never lower it', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1_000_000 }),
				fc.integer({ min: 0, max: 1_000_000 }),
				fc.integer({ min: 1, max: 14 }),
				fc.integer({ min: 0, max: 100_000 }),
				(r, c, p, extra) => {
					const rav = resteAVivreCents(r, c, p);
					if (r >= c) expect(resteAVivreCents(r, c, p + 1)).toBeLessThanOrEqual(rav);
					expect(resteAVivreCents(r + extra, c, p)).toBeGreaterThanOrEqual(rav);
				}
			)
		);
	});
	test('threshold: at or under is eligible', () => {
		expect(underThreshold(800, 800)).toBe(true);
		expect(underThreshold(801, 800)).toBe(false);
		expect(underThreshold(-5, 800)).toBe(true);
	});
});

describe('budget grid', () => {
	test('examples of the default grid', () => {
		expect(gridBudgetCents({ adults: 1, children: 0 }, GRID)).toBe(2000);
		expect(gridBudgetCents({ adults: 2, children: 0 }, GRID)).toBe(3000);
		expect(gridBudgetCents({ adults: 2, children: 2 }, GRID)).toBe(4000);
		expect(gridBudgetCents({ adults: 1, children: 3 }, GRID)).toBe(3500);
		expect(gridBudgetCents({ adults: 2, children: 9 }, GRID)).toBe(5000);
		expect(compositionOf([{ relation: 'conjoint' }, { relation: 'enfant' }, { relation: 'enfant' }])).toEqual({ adults: 2, children: 2 });
	});
	const grid = fc.record({
		singleCents: fc.integer({ min: 0, max: 10_000 }),
		coupleCents: fc.integer({ min: 0, max: 10_000 }),
		perDependantCents: fc.integer({ min: 0, max: 5_000 }),
		capCents: fc.integer({ min: 0, max: 50_000 })
	});
	test('property: never above the cap, never decreases when a child joins, integer cents', () => {
		fc.assert(
			fc.property(grid, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 12 }), (g, a, c) => {
				const b = gridBudgetCents({ adults: a, children: c }, g);
				expect(Number.isInteger(b)).toBe(true);
				expect(b).toBeLessThanOrEqual(g.capCents);
				expect(gridBudgetCents({ adults: a, children: c + 1 }, g)).toBeGreaterThanOrEqual(b);
			})
		);
	});
	test('property: below the cap, each child adds exactly one step', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 3 }), (a, c) => {
				const g = { ...GRID, capCents: 1_000_000 };
				expect(gridBudgetCents({ adults: a, children: c + 1 }, g) - gridBudgetCents({ adults: a, children: c }, g)).toBe(g.perDependantCents);
			})
		);
	});
});

describe('rights', () => {
	const period = fc.tuple(day, day).map(([a, b]) => (a <= b ? { validFrom: a, validTo: b } : { validFrom: b, validTo: a }));
	test('property: overlap is symmetric, reflexive, and matches a day-by-day check', () => {
		fc.assert(
			fc.property(period, period, (a, b) => {
				expect(periodsOverlap(a, b)).toBe(periodsOverlap(b, a));
				expect(periodsOverlap(a, a)).toBe(true);
				const shared = !(a.validTo < b.validFrom || b.validTo < a.validFrom);
				expect(periodsOverlap(a, b)).toBe(shared);
			})
		);
	});
	test('touching periods: one ends the day before the other starts → no overlap; same day → overlap', () => {
		expect(periodsOverlap({ validFrom: '2026-01-01', validTo: '2026-03-31' }, { validFrom: '2026-04-01', validTo: '2026-06-30' })).toBe(false);
		expect(periodsOverlap({ validFrom: '2026-01-01', validTo: '2026-04-01' }, { validFrom: '2026-04-01', validTo: '2026-06-30' })).toBe(true);
	});
	test('property: renewals are allowed exactly max times, each extending the end', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 12 }), day, (max, months, from) => {
				let p = { validFrom: from, validTo: periodEnd(from, months) };
				let count = 0;
				while (canRenew(count, max)) {
					const next = renewedPeriod(p, months);
					expect(next.validTo > p.validTo).toBe(true);
					expect(next.validFrom).toBe(p.validFrom);
					p = next;
					count++;
				}
				expect(count).toBe(max);
			})
		);
	});
	test('rate bounds', () => {
		expect(rateWithinBounds(1000, 1000, 3000)).toBe(true);
		expect(rateWithinBounds(3000, 1000, 3000)).toBe(true);
		expect(rateWithinBounds(999, 1000, 3000)).toBe(false);
		expect(rateWithinBounds(3001, 1000, 3000)).toBe(false);
		expect(parsePercent('20')).toBe(2000);
		expect(parsePercent('12,5 %')).toBe(1250);
		expect(parsePercent('abc')).toBeNull();
		expect(parsePercent('101')).toBeNull();
		expect(parseEuros('20,50 €')).toBe(2050);
		expect(parseEuros('-3')).toBeNull();
	});
	test('till status', () => {
		const r = { validFrom: '2026-01-01', validTo: '2026-03-31', status: 'active' as const };
		expect(tillStatus(r, '2026-02-01')).toEqual({ code: 'valid', date: '2026-03-31', canShop: true });
		expect(tillStatus(r, '2026-03-20')).toEqual({ code: 'expiring', date: '2026-03-31', canShop: true });
		expect(tillStatus(r, '2026-03-31').canShop).toBe(true);
		expect(tillStatus(r, '2026-04-01')).toEqual({ code: 'expired', date: '2026-04-01', canShop: false });
		expect(tillStatus(r, '2025-12-31').code).toBe('not_started');
		expect(tillStatus({ ...r, status: 'suspended' }, '2026-02-01').code).toBe('suspended');
		expect(tillStatus(null, '2026-02-01')).toEqual({ code: 'none', date: null, canShop: false });
	});
	test('retention: due only once the period after the last end has passed', () => {
		expect(retentionDue('2024-01-31', 24, '2026-01-31')).toBe(false);
		expect(retentionDue('2024-01-31', 24, '2026-02-01')).toBe(true);
	});
});

describe('names', () => {
	test('keys ignore case, accents and spaces; similar names include typos and swaps', () => {
		expect(nameKey('  Éléonore ', 'DUPONT')).toBe('eleonore dupont');
		expect(similarNames(nameKey('Eléonore', 'Dupont'), nameKey('Eleonor', 'Dupont'))).toBe(true);
		expect(similarNames(nameKey('Marie', 'Durand'), nameKey('Durand', 'Marie'))).toBe(true);
		expect(similarNames(nameKey('Marie', 'Durand'), nameKey('Paul', 'Martin'))).toBe(false);
	});
});

describe('settings', () => {
	test('defaults, stored values over them, invalid stored values ignored', () => {
		expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
		expect(readSettings({ households: { maxRenewals: 4, grid: { capCents: 9000 } } })).toMatchObject({ maxRenewals: 4, grid: { ...GRID, capCents: 9000 } });
		expect(readSettings({ households: { rateMinBp: 5000 } })).toEqual(DEFAULT_SETTINGS);
	});
});

describe('rightStatusAfter (épicerie and parcel rights)', () => {
	test('suspend only an active right, resume only a suspended one, revoke anything not revoked', () => {
		const table: [RightStatus, RightStatusAction, RightStatus | null][] = [
			['active', 'suspend', 'suspended'],
			['suspended', 'suspend', null],
			['revoked', 'suspend', null],
			['active', 'resume', null],
			['suspended', 'resume', 'active'],
			['revoked', 'resume', null],
			['active', 'revoke', 'revoked'],
			['suspended', 'revoke', 'revoked'],
			['revoked', 'revoke', null]
		];
		for (const [from, action, to] of table) expect(rightStatusAfter(from, action), `${from} ${action}`).toBe(to);
	});

	test('a reason of 3 to 500 characters to suspend or revoke; none to resume', () => {
		expect(statusReasonOk('suspend', '  ab ')).toBe(false);
		expect(statusReasonOk('revoke', 'abc')).toBe(true);
		expect(statusReasonOk('revoke', 'x'.repeat(501))).toBe(false);
		expect(statusReasonOk('resume', '')).toBe(true);
	});
});
