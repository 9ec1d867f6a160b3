/**
 * What to move before it is lost (issue 12, the expiry report): for a lot close to its date, the one
 * action suggested to people, and whether an action may be done at all. Pure, shared by the report
 * (the suggestion) and the rescue service (the refusal). Dates are shop days (YYYY-MM-DD).
 *
 * Suggestion, in this order:
 * - never for a recalled (blocked) lot, nor a DLC-past lot: those go to the bin (the write-off);
 * - DLC today or tomorrow → the free shelf (give it now);
 * - DLC in 2 or 3 days → a parcel (or a partner association);
 * - DDM past beyond the allowed delay (ddm_too_old: no longer sold nor given to households) → a partner;
 * - DLC within the window (or DDM past, still within its delay) and more on hand than usually leaves
 *   before the date (average daily sales × days left) → a partner;
 * - otherwise nothing: it will sell in time.
 */
import { ddmGraceEnd, expiryStatus, type DateType } from './expiry';

export const RESCUE_ACTIONS = ['free_shelf', 'parcel', 'partner'] as const;
export type RescueAction = (typeof RESCUE_ACTIONS)[number];
/** The ledger reason written by each action (move to the free shelf; distributions otherwise). */
export const RESCUE_REASON: Record<RescueAction, string> = { free_shelf: 'rescue_free_shelf', parcel: 'rescue_parcel', partner: 'rescue_partner' };
export const RESCUE_REASONS = Object.values(RESCUE_REASON);
export const isRescueReason = (r: string | null | undefined): boolean => r !== null && r !== undefined && RESCUE_REASONS.includes(r);

export type RescueWhy = 'dlc_now' | 'dlc_soon' | 'ddm_too_old' | 'too_much';

export interface RescueLot {
	dateType: DateType;
	date: string | null;
	onHand: number;
	blocked: boolean;
	/** Average quantity that left by sale per day lately (base units / day), 0 when none. */
	dailySales: number;
}

/** Whole days from `today` to `day` (negative when past). */
export function daysBetween(today: string, day: string): number {
	return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The suggested action for a lot today, or null (nothing to do, or the bin). `window`: the report's N days. */
export function suggestRescue(
	lot: RescueLot,
	today: string,
	opts: { ddmGraceMonths: number; window: number }
): { action: RescueAction; why: RescueWhy } | null {
	if (lot.blocked || lot.onHand <= 0 || lot.date === null || lot.dateType === 'none') return null;
	const state = expiryStatus(lot, today, opts.ddmGraceMonths).state;
	if (state === 'dlc_past') return null;
	if (state === 'ddm_too_old') return { action: 'partner', why: 'ddm_too_old' };
	// Days the goods may still leave: to the DLC, or to the end of the DDM's delay.
	const left = lot.dateType === 'dlc' ? daysBetween(today, lot.date) : daysBetween(today, ddmGraceEnd(lot.date, opts.ddmGraceMonths));
	if (lot.dateType === 'dlc' && left <= 1) return { action: 'free_shelf', why: 'dlc_now' };
	if (lot.dateType === 'dlc' && left <= 3) return { action: 'parcel', why: 'dlc_soon' };
	const close = lot.dateType === 'dlc' ? left <= opts.window : state === 'ddm_past';
	if (close && lot.onHand > Math.max(0, lot.dailySales) * (left + 1)) return { action: 'partner', why: 'too_much' };
	return null;
}

export type RescueRefusal = 'blocked' | 'dlc_past' | 'ddm_too_old';

/**
 * May this action be done on the lot today? A recalled lot and a DLC-past lot: never (the bin). A DDM
 * beyond its delay no longer goes to households (free shelf, parcel), only to a partner association.
 */
export function rescueRefusal(
	lot: { dateType: DateType; date: string | null; blocked: boolean },
	action: RescueAction,
	today: string,
	ddmGraceMonths: number
): RescueRefusal | null {
	if (lot.blocked) return 'blocked';
	const state = expiryStatus(lot, today, ddmGraceMonths).state;
	if (state === 'dlc_past') return 'dlc_past';
	if (state === 'ddm_too_old' && action !== 'partner') return 'ddm_too_old';
	return null;
}
