/**
 * The quarterly eco-organism declaration (issue 15, item 7; docs/ressourcerie.md "Reports"): for a
 * quarter (the quarter of `from`; without `from`, the last complete quarter in the organisation's zone),
 * per eco-organism category (`reuse_categories.eco_category`: the furniture's Assise, Couchage…, the
 * seven DEEE categories, textiles…), grouped by flux: entrées (kg in), réemploi (kg sold + given, given
 * = channels `don` + `partenaire`) and recyclage (kg recycled). The same lines as the tonnage report
 * (`reuseLines`, reuse.ts), so both reports always agree.
 *
 * - A line's category: the intake or exit line's own, else (an item's exit line) the item's; a sale
 *   line's ressourcerie category. A line without a category counts under its flux as « Non ventilé »;
 *   a category without an eco-organism category under « Hors catégorie éco-organisme ».
 * - Every eco category of the organisation's categories has its row, even at 0 kg (declarations list
 *   them all); the furniture and DEEE ones in their official order.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { sumRows, type Column, type Report, type Row } from '$lib/reports/model';
import { addDays, periodContaining, periodLabel } from '$lib/reports/period';
import { DEEE_CATEGORIES, fluxLabel, FURNITURE_CATEGORIES } from '$lib/reuse/flux';
import { givenGrams, reusedGrams, reuseRates, sumTonnage, tonnageBy, type Tonnage } from '$lib/reuse/rates';
import type { Executor } from '../db';
import { reportFrame } from './common';
import { periodInstants, type ReportContext } from './context';
import type { ReportDef } from './registry';
import { fluxRank, reuseLines } from './reuse';
import { rowsOf } from './sql';

/** The eco label of a line without a category, and of a category without an eco-organism category. */
const UNSORTED = '\u0000unsorted';
const NO_ECO = '\u0000none';
const OFFICIAL: readonly string[] = [...FURNITURE_CATEGORIES, ...DEEE_CATEGORIES];
const ecoRank = (e: string) => (e === NO_ECO ? 2e6 : e === UNSORTED ? 3e6 : OFFICIAL.includes(e) ? OFFICIAL.indexOf(e) : 1e6);
const ecoLabel = (e: string) => (e === UNSORTED ? m.rr_decl_unsorted() : e === NO_ECO ? m.rr_decl_no_eco() : e);

/** The quarter declared: the one holding `from`, else the last complete quarter before today. */
export function declarationQuarter(from: string | null, today: string) {
	return from ? periodContaining('quarter', from) : periodContaining('quarter', addDays(periodContaining('quarter', today).from, -1));
}

export async function buildEcoDeclaration(ex: Executor, ctx: ReportContext): Promise<Report> {
	const org = ctx.actor.organisationId;
	const fromText = ctx.params.get('from');
	const quarter = declarationQuarter(fromText || null, ctx.today);
	const instants = periodInstants(quarter, ctx.zone);
	const lines = await reuseLines(ex, org, ctx.zone, { ...instants, fromDay: quarter.from, toDay: quarter.to, siteId: ctx.siteId });
	const cats = await rowsOf<Record<string, unknown>>(
		ex,
		sql`select id, flux::text as flux, eco_category, active from reuse_categories where organisation_id = ${org}`
	);
	const ecoOf = new Map(cats.map((c) => [String(c.id), c.eco_category ? String(c.eco_category) : NO_ECO]));
	const key = (flux: string, eco: string) => JSON.stringify([flux, eco]);
	// Every eco category the organisation declares under, at 0 kg to begin with.
	const keys = [...new Set(cats.filter((c) => c.eco_category && c.active !== false).map((c) => key(String(c.flux), String(c.eco_category))))];
	const byKey = tonnageBy(
		lines.map((l) => ({ key: key(l.flux, l.categoryId ? (ecoOf.get(l.categoryId) ?? UNSORTED) : UNSORTED), what: l.what, grams: l.grams })),
		keys
	);
	const entries = [...byKey.entries()].map(([k, t]) => {
		const [flux, eco] = JSON.parse(k) as [string, string];
		return { flux, eco, t };
	});
	entries.sort((a, b) => fluxRank(a.flux) - fluxRank(b.flux) || ecoRank(a.eco) - ecoRank(b.eco) || a.eco.localeCompare(b.eco));
	const declRow = (t: Tonnage): Row => ({ intake: t.intake, reused: reusedGrams(t), sold: t.sold, given: givenGrams(t), recyclage: t.recyclage });
	const rows = entries.map((e): Row => ({ flux: fluxLabel(e.flux), eco: ecoLabel(e.eco), ...declRow(e.t) }));
	const fluxes = tonnageBy(lines.map((l) => ({ key: l.flux, what: l.what, grams: l.grams })));
	const fluxRows = [...fluxes.entries()].sort(([a], [b]) => fluxRank(a) - fluxRank(b)).map(([f, t]): Row => ({ flux: fluxLabel(f), ...declRow(t) }));
	const total = sumTonnage(byKey.values());
	const numbers: Column[] = [
		{ key: 'intake', label: m.rr_decl_intake(), type: 'grams' },
		{ key: 'reused', label: m.rr_decl_reused(), type: 'grams' },
		{ key: 'sold', label: m.rr_decl_of_sold(), type: 'grams' },
		{ key: 'given', label: m.rr_decl_of_given(), type: 'grams' },
		{ key: 'recyclage', label: m.rr_decl_recycled(), type: 'grams' }
	];
	const fluxCol: Column = { key: 'flux', label: m.rr_col_flux(), type: 'text' };
	const sums = ['intake', 'reused', 'sold', 'given', 'recyclage'];
	return {
		name: 'reuse-declaration',
		title: m.rr_decl_title(),
		description: m.rr_decl_description(),
		...reportFrame(ctx, quarter, periodLabel(quarter, ctx.locale)),
		notes: [],
		figures: [
			{ id: 'intake', label: m.rr_decl_intake(), type: 'grams', value: total.intake },
			{ id: 'reused', label: m.rr_decl_reused(), type: 'grams', value: reusedGrams(total) },
			{ id: 'recyclage', label: m.rr_decl_recycled(), type: 'grams', value: total.recyclage },
			{ id: 'reuseRate', label: m.rr_reuse_rate(), type: 'bp', value: reuseRates(total).reuseBp }
		],
		charts: lines.length
			? [
					{
						id: 'flux',
						title: m.rr_by_flux(),
						kind: 'bar',
						type: 'grams',
						horizontal: true,
						labels: fluxRows.map((r) => String(r.flux)),
						series: [
							{ label: m.rr_decl_intake(), values: fluxRows.map((r) => Number(r.intake)) },
							{ label: m.rr_decl_reused(), values: fluxRows.map((r) => Number(r.reused)) },
							{ label: m.rr_decl_recycled(), values: fluxRows.map((r) => Number(r.recyclage)) }
						]
					}
				]
			: [],
		tables: [
			{
				id: 'declaration',
				title: m.rr_decl_table(),
				columns: [fluxCol, { key: 'eco', label: m.rr_decl_eco(), type: 'text' }, ...numbers],
				rows,
				total: { eco: null, ...sumRows(rows, sums) },
				empty: m.rr_decl_empty()
			},
			{
				id: 'flux',
				title: m.rr_by_flux(),
				columns: [fluxCol, ...numbers],
				rows: fluxRows,
				total: sumRows(fluxRows, sums),
				empty: m.rr_empty()
			}
		]
	};
}

export const ecoDeclarationReport: ReportDef = {
	name: 'reuse-declaration',
	path: '/rapports/ressourcerie/declaration',
	audience: 'reuse',
	title: () => m.rr_decl_title(),
	summary:
		"Déclaration trimestrielle aux éco-organismes : par catégorie d'éco-organisme (mobilier : Assise, Couchage… ; les sept catégories DEEE ; textiles…), regroupées par flux, les kg entrés, réemployés (vendus + donnés) et recyclés. Le trimestre de from ; sans from, le dernier trimestre complet. Les lignes sans catégorie comptent dans leur flux comme « Non ventilé ».",
	run: buildEcoDeclaration
};
