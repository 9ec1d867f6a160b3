/**
 * Report periods: a month, a quarter, a year or custom days, as calendar days of the organisation's
 * time zone (the services turn them into instants with `startOfDayInZone`). Pure and client-safe: the
 * period picker and the services read the same parameters.
 *
 * Query parameters (pages and `GET /api/v1/reports/…` alike):
 *   period = month | quarter | year | custom   (default month)
 *   from   = YYYY-MM-DD   any day of the month / quarter / year wanted (default today); first day for custom
 *   to     = YYYY-MM-DD   last day (custom only; inclusive)
 */
import { isIsoDate } from '$lib/stock/dates';

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
	kind: PeriodKind;
	/** First day, inclusive (YYYY-MM-DD). */
	from: string;
	/** Last day, inclusive (YYYY-MM-DD). */
	to: string;
}

/** A custom period is at most this many days (a report over ten years is an archive, not a report). */
export const MAX_CUSTOM_DAYS = 3660;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
const parts = (day: string) => day.split('-').map(Number) as [number, number, number];
const lastDayOf = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
	const t = Date.parse(day + 'T00:00:00Z') + n * 86_400_000;
	return new Date(t).toISOString().slice(0, 10);
}

/** Days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);

/** The month (1–12) and year `n` months after the month of `day`. */
function shiftMonth(y: number, m: number, n: number): [number, number] {
	const k = y * 12 + (m - 1) + n;
	return [Math.floor(k / 12), (k % 12) + 1];
}

/** The period of a kind that contains `day` (custom: that day alone). */
export function periodContaining(kind: PeriodKind, day: string): Period {
	const [y, m] = parts(day);
	if (kind === 'month') return { kind, from: iso(y, m, 1), to: iso(y, m, lastDayOf(y, m)) };
	if (kind === 'quarter') {
		const q0 = m - ((m - 1) % 3);
		return { kind, from: iso(y, q0, 1), to: iso(y, q0 + 2, lastDayOf(y, q0 + 2)) };
	}
	if (kind === 'year') return { kind, from: iso(y, 1, 1), to: iso(y, 12, 31) };
	return { kind, from: day, to: day };
}

/** The period just before (step −1) or after (+1): same kind, same length for custom periods. */
export function shiftPeriod(p: Period, step: -1 | 1): Period {
	if (p.kind === 'custom') {
		const len = daysBetween(p.from, p.to) + 1;
		return { kind: 'custom', from: addDays(p.from, step * len), to: addDays(p.to, step * len) };
	}
	const [y, m] = parts(p.from);
	const months = p.kind === 'month' ? 1 : p.kind === 'quarter' ? 3 : 12;
	const [ny, nm] = shiftMonth(y, m, step * months);
	return periodContaining(p.kind, iso(ny, nm, 1));
}

/** The same period one year earlier (29 February → 28 February for custom periods). */
export function sameLastYear(p: Period): Period {
	if (p.kind !== 'custom') return periodContaining(p.kind, iso(parts(p.from)[0] - 1, parts(p.from)[1], 1));
	const back = (day: string) => {
		const [y, m, d] = parts(day);
		return iso(y - 1, m, Math.min(d, lastDayOf(y - 1, m)));
	};
	return { kind: 'custom', from: back(p.from), to: back(p.to) };
}

/** The `n` months ending with the month of `day`, oldest first, each as its first day (YYYY-MM-01). */
export function lastMonths(day: string, n: number): string[] {
	const [y, m] = parts(day);
	return Array.from({ length: n }, (_, i) => {
		const [ny, nm] = shiftMonth(y, m, i - n + 1);
		return iso(ny, nm, 1);
	});
}

/** Every month that a period touches, as first days (YYYY-MM-01), oldest first. */
export function monthsOf(p: Period): string[] {
	const [y1, m1] = parts(p.from);
	const [y2, m2] = parts(p.to);
	const n = y2 * 12 + m2 - (y1 * 12 + m1) + 1;
	return lastMonths(p.to, n);
}

export type PeriodRead = { ok: true; period: Period } | { ok: false; field: 'period' | 'from' | 'to'; message: string };

/** Reads period / from / to (see the top of the file); `today` is the organisation's day. Messages in French. */
export function readPeriod(params: { get(name: string): string | null }, today: string): PeriodRead {
	const kindText = params.get('period') ?? 'month';
	if (!(PERIOD_KINDS as readonly string[]).includes(kindText))
		return { ok: false, field: 'period', message: 'Période inconnue : mois, trimestre, année ou dates choisies.' };
	const kind = kindText as PeriodKind;
	const fromText = params.get('from') || today;
	if (!isIsoDate(fromText)) return { ok: false, field: 'from', message: 'Date de début invalide (format AAAA-MM-JJ).' };
	if (kind !== 'custom') return { ok: true, period: periodContaining(kind, fromText) };
	const toText = params.get('to') || fromText;
	if (!isIsoDate(toText)) return { ok: false, field: 'to', message: 'Date de fin invalide (format AAAA-MM-JJ).' };
	if (toText < fromText) return { ok: false, field: 'to', message: 'La date de fin est avant la date de début.' };
	if (daysBetween(fromText, toText) + 1 > MAX_CUSTOM_DAYS) return { ok: false, field: 'to', message: 'Période trop longue : dix ans au plus.' };
	return { ok: true, period: { kind, from: fromText, to: toText } };
}

/** The query string of a period (and its site), as the picker and the links write it. */
export function periodQuery(p: Period, extra: Record<string, string | null | undefined> = {}): string {
	const q = new URLSearchParams({ period: p.kind, from: p.from });
	if (p.kind === 'custom') q.set('to', p.to);
	for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
	return q.toString();
}

const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "novembre 2026", "4e trimestre 2026", "année 2026", "du 01/11/2026 au 15/11/2026". */
export function periodLabel(p: Period, locale: string = 'fr'): string {
	const [y, m] = parts(p.from);
	const en = locale === 'en';
	if (p.kind === 'month') return `${(en ? MONTHS_EN : MONTHS_FR)[m - 1]} ${y}`;
	if (p.kind === 'quarter') {
		const q = Math.floor((m - 1) / 3) + 1;
		return en ? `Q${q} ${y}` : `${q}${q === 1 ? 'er' : 'e'} trimestre ${y}`;
	}
	if (p.kind === 'year') return en ? `year ${y}` : `année ${y}`;
	return en ? `${dayLabel(p.from)} to ${dayLabel(p.to)}` : `du ${dayLabel(p.from)} au ${dayLabel(p.to)}`;
}

/** "2026-11-01" → "01/11/2026". */
export const dayLabel = (day: string): string => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** "2026-11-01" → "nov. 2026" (chart axes). */
export function monthShortLabel(firstDay: string, locale: string = 'fr'): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
		new Date(firstDay + 'T00:00:00Z')
	);
}
