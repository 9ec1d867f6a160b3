import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddmGraceEnd, expiryStatus, type DateType } from './expiry';
import { addDays } from './dates';

const dayArb = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2024-01-01', n));
const typeArb = fc.constantFrom<DateType>('dlc', 'ddm', 'none');
const graceArb = fc.integer({ min: 0, max: 24 });
const rank = { ok: 0, dlc_soon: 1, ddm_past: 1, dlc_past: 2, ddm_too_old: 2 } as const;

describe('expiryStatus', () => {
	it('a DLC past is never sellable, whatever the grace; a DLC today or ahead always is', () => {
		fc.assert(
			fc.property(dayArb, fc.integer({ min: -800, max: 800 }), graceArb, (date, offset, grace) => {
				const today = addDays(date, offset);
				const s = expiryStatus({ dateType: 'dlc', date }, today, grace);
				expect(s.sellable).toBe(offset <= 0);
				expect(s.state === 'dlc_past').toBe(offset > 0);
				expect(s.past).toBe(offset > 0);
			})
		);
	});

	it('a DDM past is sellable (and flagged) iff today is within the grace', () => {
		fc.assert(
			fc.property(dayArb, fc.integer({ min: -40, max: 900 }), graceArb, (date, offset, grace) => {
				const today = addDays(date, offset);
				const s = expiryStatus({ dateType: 'ddm', date }, today, grace);
				if (offset <= 0) expect(s).toEqual({ state: 'ok', sellable: true, flagged: false, past: false });
				else {
					expect(s.flagged).toBe(true);
					expect(s.sellable).toBe(today <= ddmGraceEnd(date, grace));
					expect(s.state).toBe(s.sellable ? 'ddm_past' : 'ddm_too_old');
				}
			})
		);
	});

	it('monotonic in time: a lot that may not leave today never may again later; states only get worse', () => {
		const laterArb = fc.integer({ min: 0, max: 400 });
		fc.assert(
			fc.property(typeArb, dayArb, dayArb, laterArb, graceArb, fc.integer({ min: 0, max: 60 }), (type, date, today, later, grace, alert) => {
				const a = expiryStatus({ dateType: type, date }, today, grace, alert);
				const b = expiryStatus({ dateType: type, date }, addDays(today, later), grace, alert);
				if (!a.sellable) expect(b.sellable).toBe(false);
				expect(rank[b.state]).toBeGreaterThanOrEqual(rank[a.state]);
				if (a.flagged) expect(b.flagged).toBe(true);
			})
		);
	});

	it('more grace never refuses what less grace allowed; no date is always ok', () => {
		fc.assert(
			fc.property(dayArb, dayArb, graceArb, typeArb, (date, today, grace, type) => {
				if (expiryStatus({ dateType: 'ddm', date }, today, grace).sellable)
					expect(expiryStatus({ dateType: 'ddm', date }, today, grace + 1).sellable).toBe(true);
				expect(expiryStatus({ dateType: 'none', date }, today, grace).state).toBe('ok');
				expect(expiryStatus({ dateType: type, date: null }, today, grace).state).toBe('ok');
			})
		);
	});

	it('the alert window: a DLC at most N days ahead is dlc_soon; without a window never', () => {
		expect(expiryStatus({ dateType: 'dlc', date: '2026-03-13' }, '2026-03-10', 3, 3).state).toBe('dlc_soon');
		expect(expiryStatus({ dateType: 'dlc', date: '2026-03-14' }, '2026-03-10', 3, 3).state).toBe('ok');
		expect(expiryStatus({ dateType: 'dlc', date: '2026-03-10' }, '2026-03-10', 3, 0).state).toBe('dlc_soon');
		expect(expiryStatus({ dateType: 'dlc', date: '2026-03-10' }, '2026-03-10').state).toBe('ok');
		expect(expiryStatus({ dateType: 'dlc', date: '2026-03-08' }, '2026-03-10', 3, 3).state).toBe('dlc_past');
	});
});
