/**
 * The one home of money and time formatting, shared by the server and the browser (pure: no state,
 * no database). Times are always shown in the organisation's time zone (its setting `timeZone`,
 * Europe/Paris by default), never in the server's or the browser's own zone.
 */

/** The time zone of an organisation that has not chosen one. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

export type Locale = 'fr' | 'en' | string;

let zones: Set<string> | null = null;
/** True for a time zone name the runtime knows (IANA names such as "Europe/Paris", "America/Cayenne", "UTC"). */
export function isTimeZone(zone: unknown): zone is string {
	if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
	zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
	if (zones.has(zone)) return true;
	try {
		// Aliases (e.g. "Europe/Kiev") are accepted by the formatter but not listed.
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
	} catch {
		return false;
	}
}

/** The zones offered in the settings page, sorted. */
export function timeZoneNames(): string[] {
	return [...Intl.supportedValuesOf('timeZone')].sort();
}

/** `zone` when it is a known time zone, else the default one. */
export const zoneOrDefault = (zone: unknown): string => (isTimeZone(zone) ? zone : DEFAULT_TIME_ZONE);

// Building a DateTimeFormat costs far more than formatting with it: one per (locale, zone, style).
const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, zone: string, style: 'datetime' | 'date' | 'time' | 'day' | 'long'): Intl.DateTimeFormat {
	const key = `${locale}|${zone}|${style}`;
	let f = cache.get(key);
	if (!f) {
		const timeZone = zoneOrDefault(zone);
		const tag = locale === 'en' ? 'en-GB' : 'fr-FR';
		const options: Intl.DateTimeFormatOptions =
			style === 'datetime'
				? { dateStyle: 'short', timeStyle: 'short', timeZone }
				: style === 'date'
					? { dateStyle: 'short', timeZone }
					: style === 'time'
						? { timeStyle: 'short', timeZone }
						: style === 'long'
							? { dateStyle: 'long', timeZone }
							: { year: 'numeric', month: '2-digit', day: '2-digit', timeZone };
		f = new Intl.DateTimeFormat(style === 'day' ? 'en-CA' : tag, options);
		cache.set(key, f);
	}
	return f;
}

type Instant = Date | string | number | null | undefined;
const toDate = (d: Instant): Date | null => {
	if (d === null || d === undefined || d === '') return null;
	const date = d instanceof Date ? d : new Date(d);
	return Number.isNaN(date.getTime()) ? null : date;
};

/** "23/11/2026 14:05": an instant as the wall time of `zone`; `empty` (default "—") for no date. */
export function formatDateTime(d: Instant, zone: string = DEFAULT_TIME_ZONE, locale: Locale = 'fr', empty = '—'): string {
	const date = toDate(d);
	return date ? dtf(locale, zone, 'datetime').format(date) : empty;
}

/** "14:05" in `zone`. */
export function formatTime(d: Instant, zone: string = DEFAULT_TIME_ZONE, locale: Locale = 'fr', empty = '—'): string {
	const date = toDate(d);
	return date ? dtf(locale, zone, 'time').format(date) : empty;
}

/** "23/11/2026": the day of an instant in `zone`. */
export function formatDate(d: Instant, zone: string = DEFAULT_TIME_ZONE, locale: Locale = 'fr', empty = '—'): string {
	const date = toDate(d);
	return date ? dtf(locale, zone, 'date').format(date) : empty;
}

/** The calendar day (YYYY-MM-DD) of an instant in `zone`: the shop's day (today, a sale's day, a month). */
export function dayInZone(d: Date = new Date(), zone: string = DEFAULT_TIME_ZONE): string {
	return dtf('fr', zone, 'day').format(d);
}

/** "2026-03-10" (a calendar day, no time) → "10/03/2026"; `empty` for none. */
export function formatDay(iso: string | null | undefined, empty = '—'): string {
	if (!iso) return empty;
	return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** "2026-03-10" → "10 mars 2026" (letters, printed cards). */
export function formatLongDay(iso: string, locale: Locale = 'fr'): string {
	return dtf(locale, 'UTC', 'long').format(new Date(iso.slice(0, 10) + 'T00:00:00Z'));
}

/** The instant at which the calendar day `iso` (YYYY-MM-DD) begins in `zone` (for "from day X" filters). */
export function startOfDayInZone(iso: string, zone: string = DEFAULT_TIME_ZONE): Date {
	// Start from midnight UTC and correct by the zone's offset at that moment, twice (DST changes at night).
	let t = Date.parse(iso.slice(0, 10) + 'T00:00:00Z');
	for (let i = 0; i < 2; i++) {
		const wall = wallAsUtc(new Date(t), zone);
		t += Date.parse(iso.slice(0, 10) + 'T00:00:00Z') - wall;
	}
	return new Date(t);
}

const partsFmt = new Map<string, Intl.DateTimeFormat>();
/** The wall time of `d` in `zone`, read as if it were UTC (milliseconds). */
function wallAsUtc(d: Date, zone: string): number {
	let f = partsFmt.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zoneOrDefault(zone),
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		partsFmt.set(zone, f);
	}
	const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
	return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

const euro = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const euroSigned = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', signDisplay: 'exceptZero' });

/** Integer cents as "12,50 €" ("—" for none). */
export const money = (cents: number | null | undefined): string => (cents === null || cents === undefined ? '—' : euro.format(cents / 100));

/** Integer cents with their sign: "+1,20 €", "−0,48 €", "0,00 €" (differences). */
export const signedMoney = (cents: number): string => euroSigned.format(cents / 100).replace('-', '−');

/** Cents as the text of an amount field or a spreadsheet cell: 1250 → "12,50", −48 → "-0,48". */
export function centsInput(cents: number): string {
	const a = Math.abs(Math.trunc(cents));
	return `${cents < 0 ? '-' : ''}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}`;
}

const pct = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
/** Basis points as "20 %". */
export const percent = (bp: number | null | undefined): string => (bp === null || bp === undefined ? '—' : `${pct.format(bp / 100)} %`);
