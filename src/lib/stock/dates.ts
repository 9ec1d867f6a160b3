import { DEFAULT_TIME_ZONE, dayInZone, formatDay } from '../format';

/** Dates of goods are calendar days (YYYY-MM-DD) in the shop's time zone (the organisation's setting). */
export const SHOP_TIME_ZONE = DEFAULT_TIME_ZONE;

/** Today in the shop (a DLC is past from the next day on), in the organisation's zone (Europe/Paris by default). */
export function shopToday(now: Date = new Date(), zone: string = DEFAULT_TIME_ZONE): string {
	return dayInZone(now, zone);
}

/** Years a date of goods may have: outside them it is a typing mistake (and year 0 does not exist for the database). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** True for a real calendar day written YYYY-MM-DD (no 31 June, no 29 February 2027), in the years 1900 to 2200. */
export function isIsoDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const year = Number(s.slice(0, 4));
	if (year < MIN_YEAR || year > MAX_YEAR) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The day `days` after a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
	const d = new Date(`${day}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** "31/12/2026", how dates are printed on French packaging. */
export function frenchDate(day: string | null): string {
	return formatDay(day, '');
}

/** Reads "31/12/2026", "31/12/26" or "2026-12-31"; null when not a real day. */
export function parseFrenchDate(text: string): string | null {
	const s = text.trim();
	let iso = s;
	const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
	if (fr) {
		const year = fr[3]!.length === 2 ? `20${fr[3]}` : fr[3]!;
		iso = `${year}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}`;
	}
	return isIsoDate(iso) ? iso : null;
}
