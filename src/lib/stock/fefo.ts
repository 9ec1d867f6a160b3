/**
 * FEFO (first expired, first out): the order in which shelving, picking and the till propose lots.
 * Pure and shared by the browser and the server.
 */

import { isDlcPast } from './expiry';

export interface FefoLot {
	id: string;
	code: string;
	/** YYYY-MM-DD or null (no date: goes last). */
	date: string | null;
	dateType: 'dlc' | 'ddm' | 'none';
	onHand: number;
	blocked: boolean;
}

/**
 * Earliest date first; on the same date a DLC before a DDM (a use-by is the stricter rule); lots
 * without a date last; then by code (older lots have smaller codes), so the order is total and stable.
 */
export function compareFefo(a: FefoLot, b: FefoLot): number {
	if (a.date !== b.date) {
		if (a.date === null) return 1;
		if (b.date === null) return -1;
		return a.date < b.date ? -1 : 1;
	}
	const rank = (t: FefoLot['dateType']) => (t === 'dlc' ? 0 : t === 'ddm' ? 1 : 2);
	if (rank(a.dateType) !== rank(b.dateType)) return rank(a.dateType) - rank(b.dateType);
	return a.code.length - b.code.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

export function sortFefo<T extends FefoLot>(lots: readonly T[]): T[] {
	return [...lots].sort(compareFefo);
}

/** True when a lot may leave for a household or a customer today (not blocked, DLC not past, not empty). */
export function isAvailable(lot: FefoLot, today: string): boolean {
	if (lot.blocked || lot.onHand <= 0) return false;
	return !isDlcPast(lot, today);
}

/**
 * Takes `quantity` from the lots in FEFO order, skipping unavailable ones: the picking plan, or
 * null when the available stock is short.
 */
export function pickFefo<T extends FefoLot>(lots: readonly T[], quantity: number, today: string): { lot: T; quantity: number }[] | null {
	const plan: { lot: T; quantity: number }[] = [];
	let left = quantity;
	for (const lot of sortFefo(lots)) {
		if (left <= 0) break;
		if (!isAvailable(lot, today)) continue;
		const take = Math.min(left, lot.onHand);
		plan.push({ lot, quantity: take });
		left -= take;
	}
	return left > 0 ? null : plan;
}

/** An older lot (earlier in FEFO) of the same product elsewhere: shelving warns about it. */
export function olderLotsThan<T extends FefoLot>(lot: FefoLot, others: readonly T[]): T[] {
	return sortFefo(others).filter((o) => o.id !== lot.id && o.onHand > 0 && !o.blocked && compareFefo(o, lot) < 0);
}

export type Zone = 'ambient' | 'chilled' | 'frozen';

/**
 * Cold chain: a chilled product only in a chilled location, a frozen one only in a frozen location;
 * an ambient product anywhere.
 */
export function zoneAccepts(locationZone: Zone, productZone: Zone): boolean {
	return productZone === 'ambient' || productZone === locationZone;
}

/**
 * An ambient product put in a chilled or frozen location: allowed (zoneAccepts) but rarely meant —
 * shelving asks to confirm first (it takes cold space, and a frozen bin may harm it).
 */
export function needsColdConfirm(locationZone: Zone, productZone: Zone): boolean {
	return productZone === 'ambient' && locationZone !== 'ambient';
}
