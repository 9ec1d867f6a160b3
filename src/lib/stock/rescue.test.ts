import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import { expiryStatus } from './expiry';
import { daysBetween, rescueRefusal, suggestRescue, type RescueLot } from './rescue';

const today = '2026-11-20';
const opts = { ddmGraceMonths: 3, window: 7 };
const lot = (p: Partial<RescueLot>): RescueLot => ({ dateType: 'dlc', date: today, onHand: 10, blocked: false, dailySales: 0, ...p });

describe('suggestRescue (what to move before it is lost)', () => {
	it('DLC today or tomorrow: the free shelf', () => {
		expect(suggestRescue(lot({ date: today }), today, opts)?.action).toBe('free_shelf');
		expect(suggestRescue(lot({ date: addDays(today, 1) }), today, opts)?.action).toBe('free_shelf');
	});
	it('DLC in 2 or 3 days: a parcel', () => {
		expect(suggestRescue(lot({ date: addDays(today, 2) }), today, opts)).toEqual({ action: 'parcel', why: 'dlc_soon' });
		expect(suggestRescue(lot({ date: addDays(today, 3) }), today, opts)?.action).toBe('parcel');
	});
	it('more on hand than usually sells before the DLC: a partner; less: nothing', () => {
		expect(suggestRescue(lot({ date: addDays(today, 5), onHand: 20, dailySales: 2 }), today, opts)).toEqual({ action: 'partner', why: 'too_much' });
		expect(suggestRescue(lot({ date: addDays(today, 5), onHand: 12, dailySales: 2 }), today, opts)).toBeNull();
		// Beyond the window: not yet.
		expect(suggestRescue(lot({ date: addDays(today, 8), onHand: 100 }), today, opts)).toBeNull();
	});
	it('DDM past beyond its delay: a partner; within it, only when too much', () => {
		expect(suggestRescue(lot({ dateType: 'ddm', date: '2026-07-01' }), today, opts)).toEqual({ action: 'partner', why: 'ddm_too_old' });
		expect(suggestRescue(lot({ dateType: 'ddm', date: '2026-11-01', onHand: 5, dailySales: 1 }), today, opts)).toBeNull();
		expect(suggestRescue(lot({ dateType: 'ddm', date: '2026-11-01', onHand: 500, dailySales: 1 }), today, opts)?.why).toBe('too_much');
		expect(suggestRescue(lot({ dateType: 'ddm', date: '2026-12-30', onHand: 500 }), today, opts)).toBeNull();
	});
	it('never a DLC-past lot, a recalled lot, an empty lot or a lot without date', () => {
		expect(suggestRescue(lot({ date: addDays(today, -1) }), today, opts)).toBeNull();
		expect(suggestRescue(lot({ blocked: true }), today, opts)).toBeNull();
		expect(suggestRescue(lot({ onHand: 0 }), today, opts)).toBeNull();
		expect(suggestRescue(lot({ dateType: 'none', date: null }), today, opts)).toBeNull();
	});
	it('property: a suggestion is never refused, and never made for a DLC-past or recalled lot', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('dlc' as const, 'ddm' as const),
				fc.integer({ min: -200, max: 60 }),
				fc.integer({ min: 0, max: 1000 }),
				fc.boolean(),
				fc.double({ min: 0, max: 50, noNaN: true }),
				fc.integer({ min: 1, max: 90 }),
				(dateType, offset, onHand, blocked, dailySales, window) => {
					const l = { dateType, date: addDays(today, offset), onHand, blocked, dailySales };
					const s = suggestRescue(l, today, { ddmGraceMonths: 3, window });
					if (s === null) return;
					expect(rescueRefusal(l, s.action, today, 3)).toBeNull();
					expect(blocked).toBe(false);
					expect(expiryStatus(l, today, 3).state).not.toBe('dlc_past');
					if (dateType === 'dlc') expect(daysBetween(today, l.date)).toBeLessThanOrEqual(Math.max(3, window));
				}
			)
		);
	});
});

describe('rescueRefusal', () => {
	it('refuses recalled and DLC-past lots; a too-old DDM goes to a partner only', () => {
		expect(rescueRefusal(lot({ blocked: true }), 'partner', today, 3)).toBe('blocked');
		expect(rescueRefusal(lot({ date: addDays(today, -1) }), 'free_shelf', today, 3)).toBe('dlc_past');
		const old = lot({ dateType: 'ddm', date: '2026-01-01' });
		expect(rescueRefusal(old, 'parcel', today, 3)).toBe('ddm_too_old');
		expect(rescueRefusal(old, 'free_shelf', today, 3)).toBe('ddm_too_old');
		expect(rescueRefusal(old, 'partner', today, 3)).toBeNull();
		expect(rescueRefusal(lot({}), 'parcel', today, 3)).toBeNull();
	});
	it('daysBetween counts calendar days across a month end', () => {
		expect(daysBetween('2026-11-30', '2026-12-02')).toBe(2);
		expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
	});
});
