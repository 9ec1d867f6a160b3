import { DEFAULT_TIME_ZONE, dayInZone } from '$lib/format';
/**
 * Pure rules of households and rights: no database, no clock (today is passed in). Dates are ISO
 * calendar days ("2026-03-31"), money integer cents, rates basis points (2000 = 20 %).
 */

export const DAYS_PER_MONTH = 30;

/** A valid calendar day written YYYY-MM-DD (2026-02-30 is refused). */
export function isIsoDate(v: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
	if (!m) return false;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
	return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const parts = (iso: string): [number, number, number] => {
	const [y, m, d] = iso.split('-').map(Number);
	return [y!, m!, d!];
};
const fmt = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The day `n` days after `iso` (n may be negative). */
export function addDays(iso: string, n: number): string {
	const [y, m, d] = parts(iso);
	const t = new Date(Date.UTC(y, m - 1, d + n));
	return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The same day `n` months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: string, n: number): string {
	const [y, m, d] = parts(iso);
	const idx = y * 12 + (m - 1) + n;
	const ny = Math.floor(idx / 12);
	const nm = (idx % 12) + 1;
	return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Last day of a right that starts on `from` and lasts `months` months: 2026-01-15 + 3 → 2026-04-14. */
export function periodEnd(from: string, months: number): string {
	return addDays(addMonths(from, months), -1);
}

/** First day of the month of `iso`. */
export const monthStart = (iso: string): string => iso.slice(0, 8) + '01';

/** Today in the shop's time zone (Europe/Paris unless given), as YYYY-MM-DD (the shop's calendar day). */
export function todayIso(now: Date = new Date(), zone: string = DEFAULT_TIME_ZONE): string {
	return dayInZone(now, zone);
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
	const [ya, ma, da] = parts(a);
	const [yb, mb, db] = parts(b);
	return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

export interface Period {
	validFrom: string;
	validTo: string;
}

/** Two periods (both ends included) share at least one day. ISO strings compare as dates. */
export function periodsOverlap(a: Period, b: Period): boolean {
	return a.validFrom <= b.validTo && b.validFrom <= a.validTo;
}

/**
 * Reste à vivre per person per day, in cents: (resources − charges) / persons / 30.
 * Rounded DOWN to the cent (towards −∞): the figure shown is never above the true one, so a household
 * just under the threshold is never shown as just over it. Negative when charges exceed resources.
 */
export function resteAVivreCents(resourcesCents: number, chargesCents: number, persons: number): number {
	if (!Number.isInteger(resourcesCents) || !Number.isInteger(chargesCents)) throw new RangeError('cents must be integers');
	if (!Number.isInteger(persons) || persons < 1) throw new RangeError('persons must be a positive integer');
	return Math.floor((resourcesCents - chargesCents) / (persons * DAYS_PER_MONTH));
}

/** Eligible when the reste à vivre is at or under the threshold. */
export const underThreshold = (ravCents: number, thresholdCents: number): boolean => ravCents <= thresholdCents;

export interface BudgetGrid {
	/** One adult. */
	singleCents: number;
	/** Two adults. */
	coupleCents: number;
	/** Each child, and each adult beyond two. */
	perDependantCents: number;
	/** The most a household gets, whatever its size. */
	capCents: number;
}

export interface Composition {
	adults: number;
	children: number;
}

/** Monthly budget from the grid: single or couple base, + a step per dependant, capped. */
export function gridBudgetCents(c: Composition, grid: BudgetGrid): number {
	const adults = Math.max(1, c.adults);
	const base = adults >= 2 ? grid.coupleCents : grid.singleCents;
	const dependants = Math.max(0, c.children) + Math.max(0, adults - 2);
	return Math.min(grid.capCents, base + dependants * grid.perDependantCents);
}

/** Composition from the main person and the members' relations (children are the "enfant" members). */
export function compositionOf(members: readonly { relation: string }[]): Composition {
	const children = members.filter((m) => m.relation === 'enfant').length;
	return { adults: 1 + members.length - children, children };
}

export const rateWithinBounds = (rateBp: number, minBp: number, maxBp: number): boolean => Number.isInteger(rateBp) && rateBp >= minBp && rateBp <= maxBp;

/** "20", "20 %", "12,5" → basis points (2000, 2000, 1250); null when it is not a percentage. */
export function parsePercent(text: string): number | null {
	const t = text.trim().replace(/\s*%$/, '').replace(',', '.');
	if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
	const bp = Math.round(Number(t) * 100);
	return bp <= 10000 ? bp : null;
}

/** "20", "20,50", "20.5" (euros) → cents; null when it is not an amount. */
export function parseEuros(text: string): number | null {
	const t = text.trim().replace(/\s|€/g, '').replace(',', '.');
	if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
	return Math.round(Number(t) * 100);
}

/** A renewal is allowed while fewer than the maximum have been made. */
export const canRenew = (renewals: number, maxRenewals: number): boolean => renewals < maxRenewals;

/** The period after a renewal: the same length again (in months), starting the day after the end. */
export function renewedPeriod(p: Period, months: number): Period {
	return { validFrom: p.validFrom, validTo: periodEnd(addDays(p.validTo, 1), months) };
}

export type RightStatus = 'active' | 'suspended' | 'revoked';
export type RightStatusAction = 'suspend' | 'resume' | 'revoke';

/**
 * A right's status after a change (épicerie and parcel rights alike), or null when the change is not
 * possible: suspend: active → suspended; resume: suspended → active; revoke: any but revoked → revoked.
 */
export function rightStatusAfter(current: RightStatus, action: RightStatusAction): RightStatus | null {
	if (action === 'suspend') return current === 'active' ? 'suspended' : null;
	if (action === 'resume') return current === 'suspended' ? 'active' : null;
	return current !== 'revoked' ? 'revoked' : null;
}

/** Suspending and revoking need a reason of 3 to 500 characters (trimmed); resuming none. */
export function statusReasonOk(action: RightStatusAction, reason: string): boolean {
	const why = reason.trim();
	return action === 'resume' || (why.length >= 3 && why.length <= 500);
}

export type TillStatusCode = 'valid' | 'expiring' | 'expired' | 'not_started' | 'suspended' | 'revoked' | 'none';

export interface RightLike extends Period {
	status: 'active' | 'suspended' | 'revoked';
}

/** Days before the end when the till warns that a right ends soon. */
export const EXPIRY_WARNING_DAYS = 14;

/**
 * What a right means at the till today: valid (until validTo), expiring (ends within 14 days),
 * expired (since the day after validTo), not started, suspended, revoked, or no right at all.
 * Only `valid` and `expiring` let the household shop.
 */
export function tillStatus(right: RightLike | null, today: string): { code: TillStatusCode; date: string | null; canShop: boolean } {
	if (!right) return { code: 'none', date: null, canShop: false };
	if (right.status === 'revoked') return { code: 'revoked', date: null, canShop: false };
	if (right.status === 'suspended') return { code: 'suspended', date: null, canShop: false };
	if (today < right.validFrom) return { code: 'not_started', date: right.validFrom, canShop: false };
	if (today > right.validTo) return { code: 'expired', date: addDays(right.validTo, 1), canShop: false };
	if (daysBetween(today, right.validTo) < EXPIRY_WARNING_DAYS) return { code: 'expiring', date: right.validTo, canShop: true };
	return { code: 'valid', date: right.validTo, canShop: true };
}

/** Lower case, no accents, single spaces: "  Éléonore  DUPONT-Léa " → "eleonore dupont-lea". */
export function nameKey(firstName: string, lastName: string): string {
	return `${firstName} ${lastName}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Levenshtein distance, bounded: stops early beyond `max` (returns max + 1). */
export function editDistance(a: string, b: string, max = 3): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
			best = Math.min(best, cur[j]!);
		}
		if (best > max) return max + 1;
		prev = cur;
	}
	return prev[b.length]!;
}

/**
 * Two names are "similar" when their keys are equal, differ by at most 2 edits, or have the same words
 * in another order (first and last name swapped).
 */
export function similarNames(a: string, b: string): boolean {
	if (a === b) return true;
	if (editDistance(a, b, 2) <= 2) return true;
	const sort = (s: string) =>
		s
			.split(/[\s-]+/)
			.sort()
			.join(' ');
	return sort(a) === sort(b);
}

/** The right's status is the last one ended at this day: the end of retention is this + retention months. */
export function retentionDue(lastEnd: string, retentionMonths: number, today: string): boolean {
	return addMonths(lastEnd, retentionMonths) < today;
}
