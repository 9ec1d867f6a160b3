/**
 * The ressourcerie's tonnage and rates (issue 15, item 7; docs/ressourcerie.md "Reports"). Pure and
 * client-safe: the reports (server/reports/reuse.ts, ecoDeclaration.ts) add their database rows up here,
 * so every kg and every rate of the ressourcerie is computed, and rounded, in one place.
 *
 * - In (entrées) = Σ net weights of the intake lines (a cancellation is a line with a negative net:
 *   it counts at its own time, and takes its weighing back).
 * - Out by channel: sold (the public sales' lines' weights, less what was returned), given (`don`),
 *   partner convention (`partenaire`), recycling (`recyclage`), waste (`dechet`): the exit lines' nets.
 * - **Reused (réemploi) = sold + given, and "given" is the channels `don` + `partenaire`** (an object
 *   handed to a person or to a partner association is reused, not recycled).
 * - Reuse rate = reused ÷ in; recycling rate = recycling ÷ in; waste rate = waste ÷ in. With no intake
 *   (0 kg in, or less than nothing when cancellations outweigh the period's weighings) there is no rate:
 *   `null`, shown « — ». A rate may pass 100 % (objects that came in before the period left in it).
 * - Rates are basis points (2000 = 20 %), rounded half up by `rateBp` — nowhere else.
 */

/** The channels an object leaves by, besides being sold (the database enum `reuse_channel`). */
export const REUSE_CHANNELS = ['don', 'partenaire', 'recyclage', 'dechet'] as const;
export type ReuseChannel = (typeof REUSE_CHANNELS)[number];
/** Every way out, sold first (the order of the reports' columns). */
export const REUSE_OUTS = ['sold', ...REUSE_CHANNELS] as const;
export type ReuseOut = (typeof REUSE_OUTS)[number];

/** Grams in and out over a period (or a flux, a month, a category). */
export interface Tonnage {
	intake: number;
	sold: number;
	don: number;
	partenaire: number;
	recyclage: number;
	dechet: number;
}

export const emptyTonnage = (): Tonnage => ({ intake: 0, sold: 0, don: 0, partenaire: 0, recyclage: 0, dechet: 0 });

/** A rate in basis points (2000 = 20 %), rounded half up; null when there is no base (≤ 0 or unknown). */
export function rateBp(part: number, whole: number): number | null {
	if (!Number.isFinite(whole) || whole <= 0 || !Number.isFinite(part)) return null;
	return Math.round((part * 10_000) / whole);
}

/** Given = to a person (`don`) + to a partner (`partenaire`). */
export const givenGrams = (t: Tonnage): number => t.don + t.partenaire;
/** Reused (réemploi) = sold + given. */
export const reusedGrams = (t: Tonnage): number => t.sold + givenGrams(t);
/** Everything that went out, by any way. */
export const outGrams = (t: Tonnage): number => t.sold + t.don + t.partenaire + t.recyclage + t.dechet;

export interface ReuseRates {
	reuseBp: number | null;
	recyclingBp: number | null;
	wasteBp: number | null;
}

/** The reuse, recycling and waste rates of a tonnage (null without intake). */
export function reuseRates(t: Tonnage): ReuseRates {
	return { reuseBp: rateBp(reusedGrams(t), t.intake), recyclingBp: rateBp(t.recyclage, t.intake), wasteBp: rateBp(t.dechet, t.intake) };
}

/** Adds `grams` to the tonnage's field `what` (in place; returns it). */
export function addTo(t: Tonnage, what: keyof Tonnage, grams: number): Tonnage {
	t[what] += grams;
	return t;
}

/** The sum of several tonnages. */
export function sumTonnage(ts: Iterable<Tonnage>): Tonnage {
	const out = emptyTonnage();
	for (const t of ts) for (const k of Object.keys(out) as (keyof Tonnage)[]) out[k] += t[k];
	return out;
}

/** A weighed line of the ledger as the reports read it: which way, how many grams, grouped by a key (flux, month…). */
export interface TonnageLine {
	key: string;
	what: keyof Tonnage;
	grams: number;
}

/** Tonnage per key (first-seen order), from lines; the keys of `keys` come first, present even with nothing. */
export function tonnageBy(lines: Iterable<TonnageLine>, keys: readonly string[] = []): Map<string, Tonnage> {
	const out = new Map<string, Tonnage>(keys.map((k) => [k, emptyTonnage()]));
	for (const l of lines) {
		let t = out.get(l.key);
		if (!t) out.set(l.key, (t = emptyTonnage()));
		addTo(t, l.what, l.grams);
	}
	return out;
}

/** Ages of the items in stock, from the day they were made to the report's day (calendar months). */
export const AGE_BANDS = ['lt1', 'm1to3', 'm3to6', 'gt6'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The day `n` months before `day` (YYYY-MM-DD), the day of the month kept or the month's last. */
export function monthsBefore(day: string, n: number): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	const k = y * 12 + (m - 1) - n;
	const ny = Math.floor(k / 12);
	const nm = (k % 12) + 1;
	const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
	return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * The age band of an item made on `made` seen on `at` (both days of the organisation): less than a month
 * (made after the same day a month before), 1–3 months, 3–6 months, more than 6 months.
 */
export function ageBand(made: string, at: string): AgeBand {
	if (made > monthsBefore(at, 1)) return 'lt1';
	if (made > monthsBefore(at, 3)) return 'm1to3';
	if (made > monthsBefore(at, 6)) return 'm3to6';
	return 'gt6';
}
