/**
 * When a count's difference is large enough to need the supervisor's reason at validation (issue 10):
 * larger than `percent` % of the balance recorded when counted AND more than `units` pieces, kg or
 * litres. Both, so that a small lot (3 jars found 1) or a small drift on a big lot (1 000 → 990) does not
 * ask every time, while 40 → 5 does. A lot the app thought empty (0) found with more than `units` asks too.
 * Pure (the count page shows the same flag).
 */
import type { ProductUnit } from './units';

export interface CountCheck {
	percent: number;
	units: number;
}

/** `units` in the lot's base unit (pieces, grams, millilitres). */
const baseUnits = (unit: ProductUnit, units: number) => (unit === 'piece' ? units : units * 1000);

export function isLargeDifference(line: { unit: ProductUnit; expected: number; counted: number }, check: CountCheck): boolean {
	const diff = Math.abs(line.counted - line.expected);
	if (diff <= baseUnits(line.unit, check.units)) return false;
	// diff / expected > percent / 100, in integers (no rounding).
	return diff * 100 > line.expected * check.percent;
}
