/**
 * Pieces several reports share: the "poids inconnu" note, the products without a weight a report met,
 * and grouping helpers. Weights come from `gramsOf` (sql.ts): a product without a net weight adds
 * nothing to a kg figure and is counted apart, with a link to the catalogue's list of such products.
 */
import { m } from '$lib/paraglide/messages';
import type { Note, Row } from '$lib/reports/model';
import type { Period } from '$lib/reports/period';
import type { ReportContext } from './context';
import { originKindLabel } from '$lib/stock/labels';

/** Where products without a weight are listed, to give them one. */
export const UNKNOWN_WEIGHT_HREF = '/catalogue?poids=inconnu';

/** "Poids inconnu : 3 produits — leurs kg ne sont pas comptés." with a link to fix them; none when 0. */
export function unknownWeightNote(products: number): Note[] {
	if (products <= 0) return [];
	return [{ text: m.report_unknown_weight({ count: products }), href: UNKNOWN_WEIGHT_HREF, linkText: m.report_unknown_weight_fix(), tone: 'warning' }];
}

/**
 * Adds up rows by a key: `groupSum(rows, r => r.reason, ['grams', 'cents'])` → one row per key with the
 * sums (nulls count 0; a sum stays null only when every value was null), in first-seen order.
 */
export function groupSum<T extends Record<string, unknown>>(
	rows: readonly T[],
	key: (r: T) => string,
	fields: readonly (keyof T & string)[]
): Map<string, Row> {
	const out = new Map<string, Row>();
	for (const r of rows) {
		const k = key(r);
		let acc = out.get(k);
		if (!acc) {
			acc = {};
			for (const f of fields) acc[f] = null;
			out.set(k, acc);
		}
		for (const f of fields) {
			const v = r[f];
			if (typeof v === 'number') acc[f] = ((acc[f] as number | null) ?? 0) + v;
		}
	}
	return out;
}

/** Rate in basis points (2000 = 20 %), null when the base is 0 or unknown. */
export const rateBp = (part: number | null, whole: number | null): number | null => (part === null || !whole ? null : Math.round((part / whole) * 10_000));

/** Rows of origins (name, kind with "· FSE+" when it is one) with the sums of `fields`, by value (`cents`) first. */
export function originRows<T extends Record<string, unknown> & { origin: string; originKind: string; fse: boolean }>(
	rows: readonly T[],
	fields: readonly (keyof T & string)[]
): Row[] {
	return [...groupSum(rows, (r) => JSON.stringify([r.origin, r.originKind, r.fse]), fields)]
		.map(([k, s]): Row => {
			const [origin, kind, fse] = JSON.parse(k) as [string, string, boolean];
			return { origin, kind: originKindLabel(kind) + (fse ? ' · FSE+' : ''), ...s };
		})
		.sort((a, b) => Number(b.cents ?? 0) - Number(a.cents ?? 0));
}

/**
 * What every report says about itself beside its figures: its period (the request's, unless the report
 * shows a moment or a whole year), the site, and when it was computed (printed in the organisation's zone).
 */
export const reportFrame = (ctx: ReportContext, period: Period = ctx.period, periodLabel: string = ctx.periodLabel) => ({
	period,
	periodLabel,
	siteId: ctx.siteId,
	generatedAt: ctx.now.toISOString()
});
