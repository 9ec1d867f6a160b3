/**
 * Picking a parcel (issue 14, item 4; docs/parcels.md "Preparing"): which lots the picking list
 * proposes, in which order, and how much of each for one template line. Pure (browser and server): the
 * pick list and each scan go through here.
 *
 * - A lot may go into a parcel when it may leave to a household today: not blocked, not empty, DLC not
 *   past, DDM not past its grace (`isAvailable` of $lib/stock/fefo and `expiryStatus` of
 *   $lib/stock/expiry: the one DLC/DDM decision).
 * - ★ Near-date first: the lots whose last usable day (the DLC, or the DDM + the grace months) falls
 *   within `nearDays` days of today come first, the soonest first; then the others in FEFO order.
 * - Quantities: a `piece` line counts pieces of piece products; a `kg` line counts grams — kg products
 *   by their grams, piece products by their net weight per piece (whole pieces only; a piece product
 *   without a net weight does not count for a kg line). A piece line never takes a kg or litre product.
 *   Picks never exceed the line's target: what cannot be met is `missing`.
 */

import { addDays } from '$lib/stock/dates';
import { ddmGraceEnd, expiryStatus } from '$lib/stock/expiry';
import { compareFefo, isAvailable, type FefoLot } from '$lib/stock/fefo';

export type LineUnit = 'piece' | 'kg';

export interface PickLot extends FefoLot {
	unit: 'piece' | 'kg' | 'litre';
	/** Net weight of one piece in grams (piece products), null when unknown. */
	netWeightGrams: number | null;
}

export interface PickOptions {
	/** Lots whose last usable day is at most this many days ahead come first (parcels.nearDays). */
	nearDays: number;
	/** Months a DDM-past lot may still be given (till.ddmGraceMonths). */
	ddmGraceMonths: number;
}

export interface LinePick {
	lotId: string;
	/** In the lot's base unit: pieces, or grams for a kg product. */
	quantity: number;
	/** Taken from a neighbouring category because the line's own ran short. */
	substitute: boolean;
}

/** The last day a lot may be given: its DLC; its DDM + the grace months; null without a date. */
export function lastUsableDay(lot: { date: string | null; dateType: 'dlc' | 'ddm' | 'none' }, ddmGraceMonths: number): string | null {
	if (lot.date === null || lot.dateType === 'none') return null;
	return lot.dateType === 'dlc' ? lot.date : ddmGraceEnd(lot.date, ddmGraceMonths);
}

/** May this lot go into a parcel today (not blocked, not empty, DLC not past, DDM within its grace)? */
export function isPickable(lot: FefoLot, today: string, ddmGraceMonths: number): boolean {
	return isAvailable(lot, today) && expiryStatus(lot, today, ddmGraceMonths).sellable;
}

/** The lot's last usable day falls within `nearDays` days of today (the near-date rule ★). */
export function isNearDate(lot: FefoLot, today: string, opts: PickOptions): boolean {
	const last = lastUsableDay(lot, opts.ddmGraceMonths);
	return last !== null && last <= addDays(today, opts.nearDays);
}

const byId = (a: FefoLot, b: FefoLot) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The lots a picking list proposes, in order: only pickable lots; near-date lots first, by last usable
 * day (then FEFO); then the others in FEFO order. Total and stable (the lot id breaks the last ties).
 */
export function pickOrder<T extends FefoLot>(lots: readonly T[], today: string, opts: PickOptions): T[] {
	const usable = lots.filter((l) => isPickable(l, today, opts.ddmGraceMonths));
	const near: { lot: T; last: string }[] = [];
	const rest: T[] = [];
	for (const lot of usable) {
		if (isNearDate(lot, today, opts)) near.push({ lot, last: lastUsableDay(lot, opts.ddmGraceMonths)! });
		else rest.push(lot);
	}
	near.sort((a, b) => (a.last < b.last ? -1 : a.last > b.last ? 1 : compareFefo(a.lot, b.lot) || byId(a.lot, b.lot)));
	rest.sort((a, b) => compareFefo(a, b) || byId(a, b));
	return [...near.map((n) => n.lot), ...rest];
}

/**
 * What one unit of the lot (a piece, or a gram of a kg product) counts for a line of this unit: 1 piece,
 * or grams; 0 when the lot cannot serve the line (a kg or litre product on a piece line, a litre
 * product or a piece product without net weight on a kg line).
 */
export function countPerUnit(lineUnit: LineUnit, lot: Pick<PickLot, 'unit' | 'netWeightGrams'>): number {
	if (lineUnit === 'piece') return lot.unit === 'piece' ? 1 : 0;
	if (lot.unit === 'kg') return 1;
	if (lot.unit === 'piece' && lot.netWeightGrams !== null && Number.isSafeInteger(lot.netWeightGrams) && lot.netWeightGrams > 0) return lot.netWeightGrams;
	return 0;
}

/** The most of a lot (in its base unit) a line still needing `remaining` can take: never over, whole units. */
export function maxTake(lineUnit: LineUnit, lot: Pick<PickLot, 'unit' | 'netWeightGrams' | 'onHand'>, remaining: number): number {
	const per = countPerUnit(lineUnit, lot);
	if (per === 0 || remaining <= 0 || lot.onHand <= 0) return 0;
	return Math.min(lot.onHand, Math.floor(remaining / per));
}

/**
 * The proposed picks of one template line: from its own category's lots (`candidates`) in pick order
 * until the target is met; if still short, from `substitutes` (lots of sibling categories), marked
 * `substitute: true`. Never more than the target, never more than a lot has; `missing` = target − taken.
 */
export function planLine(
	target: number,
	unit: LineUnit,
	candidates: readonly PickLot[],
	substitutes: readonly PickLot[],
	opts: PickOptions & { today: string }
): { picks: LinePick[]; missing: number } {
	const picks: LinePick[] = [];
	let remaining = Math.max(0, Math.floor(target));
	const takeFrom = (lots: readonly PickLot[], substitute: boolean) => {
		for (const lot of pickOrder(lots, opts.today, opts)) {
			if (remaining <= 0) return;
			const q = maxTake(unit, lot, remaining);
			if (q <= 0) continue;
			picks.push({ lotId: lot.id, quantity: q, substitute });
			remaining -= q * countPerUnit(unit, lot);
		}
	};
	takeFrom(candidates, false);
	if (remaining > 0) {
		const own = new Set(candidates.map((c) => c.id));
		takeFrom(
			substitutes.filter((s) => !own.has(s.id)),
			true
		);
	}
	return { picks, missing: remaining };
}

/**
 * Whether a product's category serves a template line's category: `own` — the same category or one of
 * its sub-categories; `substitute` — a sibling (same parent category), its sub-categories, or the parent
 * itself; null otherwise (top-level categories have no siblings). `parents`: each category's parent.
 */
export function categoryFit(
	lineCategoryId: string,
	productCategoryId: string | null,
	parents: ReadonlyMap<string, string | null>
): 'own' | 'substitute' | null {
	if (productCategoryId === null) return null;
	const productParent = parents.get(productCategoryId) ?? null;
	if (productCategoryId === lineCategoryId || productParent === lineCategoryId) return 'own';
	const lineParent = parents.get(lineCategoryId) ?? null;
	if (lineParent !== null && (productCategoryId === lineParent || productParent === lineParent)) return 'substitute';
	return null;
}
