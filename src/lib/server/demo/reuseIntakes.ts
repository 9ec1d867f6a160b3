import { and, eq } from 'drizzle-orm';
import { countedWeight, netWeight, DEFAULT_SCALE_MAX_GRAMS } from '$lib/reuse/weighing';
import type { ReuseFlux } from '$lib/reuse/flux';
import { addDays } from '$lib/stock/dates';
import { startOfDayInZone } from '$lib/format';
import type { Tx } from '../db';
import { reuseCategories, reuseContainers, reuseIntakeLines, reuseIntakes, sites, workEvents } from '../db/schema';
import { ensureReuseCategories } from '../reuse/categories';
import { nextReuseCode } from '../reuse/ledger';

/**
 * The demo's ressourcerie intakes (issue 15, docs/ressourcerie.md "Intake"): the containers Bac (2,5 kg),
 * Caddie (12 kg) and Palette (20 kg), the default categories, and a dozen intakes over the last three
 * months at « Ressourcerie La Deuxième Vie » — brought in, collected at home, from the déchetterie and a
 * partner — weighed per flux by Karim and Léa (tare deducted by the same rule as the tablet), a few
 * counted lines, and one weighing cancelled by Nadia. Each weighing is also a work event of its operator
 * (the training record). Called by the coordinator from seed.ts (intakes → items → sales → exits).
 */

export const DEMO_CONTAINERS = [
	{ name: 'Bac', tareGrams: 2500 },
	{ name: 'Caddie', tareGrams: 12_000 },
	{ name: 'Palette', tareGrams: 20_000 }
] as const;

type Line = { flux: ReuseFlux; gross: number; container?: 'Bac' | 'Caddie' | 'Palette'; category?: string } | { count: number; category: string };

interface DemoIntake {
	daysAgo: number;
	hour: number;
	by: 'karim' | 'lea';
	source: 'apport' | 'collecte' | 'dechetterie' | 'partenaire';
	commune?: string;
	partner?: string;
	lines: Line[];
	/** Index of a line cancelled by Nadia (entered twice by mistake). */
	cancel?: number;
}

export const DEMO_INTAKES: DemoIntake[] = [
	{
		daysAgo: 88,
		hour: 10,
		by: 'karim',
		source: 'apport',
		commune: 'Villeurbanne',
		lines: [
			{ flux: 'textile', gross: 18_400, container: 'Bac' },
			{ flux: 'livres', gross: 9_300, container: 'Bac' }
		]
	},
	{
		daysAgo: 81,
		hour: 14,
		by: 'lea',
		source: 'collecte',
		commune: 'Lyon 8e',
		lines: [
			{ flux: 'mobilier', gross: 64_000, container: 'Palette', category: 'Rangements (armoires, commodes)' },
			{ count: 4, category: 'Assises (chaises, fauteuils)' }
		]
	},
	{
		daysAgo: 74,
		hour: 9,
		by: 'karim',
		source: 'dechetterie',
		partner: 'Déchetterie de Vaulx-en-Velin',
		commune: 'Vaulx-en-Velin',
		lines: [
			{ flux: 'deee', gross: 41_500, container: 'Caddie' },
			{ flux: 'bricolage', gross: 15_200, container: 'Caddie' },
			{ flux: 'sport', gross: 14_000, category: 'Vélos' }
		]
	},
	{
		daysAgo: 66,
		hour: 11,
		by: 'lea',
		source: 'partenaire',
		partner: 'Emmaüs Connect',
		lines: [{ count: 12, category: 'DEEE 6 — Petits équipements informatiques et de télécommunications' }]
	},
	{
		daysAgo: 59,
		hour: 15,
		by: 'karim',
		source: 'apport',
		commune: 'Villeurbanne',
		lines: [
			{ flux: 'vaisselle', gross: 11_800, container: 'Bac' },
			{ flux: 'deco', gross: 7_400, container: 'Bac' },
			{ flux: 'jouets', gross: 6_900, container: 'Bac' }
		]
	},
	{
		daysAgo: 47,
		hour: 10,
		by: 'lea',
		source: 'collecte',
		commune: 'Bron',
		lines: [
			{ flux: 'mobilier', gross: 88_000, container: 'Palette', category: 'Couchage (lits, matelas)' },
			{ flux: 'textile', gross: 22_600, container: 'Caddie' }
		]
	},
	{
		daysAgo: 40,
		hour: 16,
		by: 'karim',
		source: 'apport',
		lines: [
			{ flux: 'livres', gross: 14_100, container: 'Bac', category: 'Livres' },
			{ flux: 'livres', gross: 14_100, container: 'Bac', category: 'Livres' },
			{ count: 25, category: 'Disques, DVD, jeux vidéo' }
		],
		cancel: 1
	},
	{
		daysAgo: 31,
		hour: 9,
		by: 'lea',
		source: 'dechetterie',
		partner: 'Déchetterie de Villeurbanne',
		commune: 'Villeurbanne',
		lines: [
			{ flux: 'mobilier', gross: 52_000, container: 'Palette' },
			{ flux: 'deee', gross: 33_000, container: 'Caddie', category: 'DEEE 4 — Gros équipements' }
		]
	},
	{
		daysAgo: 22,
		hour: 14,
		by: 'karim',
		source: 'partenaire',
		partner: 'Secours populaire',
		lines: [
			{ flux: 'textile', gross: 31_500, container: 'Caddie' },
			{ flux: 'jouets', gross: 9_800, container: 'Bac' }
		]
	},
	{
		daysAgo: 14,
		hour: 11,
		by: 'lea',
		source: 'apport',
		commune: 'Lyon 3e',
		lines: [
			{ flux: 'deco', gross: 5_600, container: 'Bac' },
			{ flux: 'vaisselle', gross: 8_300 },
			{ count: 3, category: 'Vélos' }
		]
	},
	{
		daysAgo: 6,
		hour: 10,
		by: 'karim',
		source: 'collecte',
		commune: 'Villeurbanne',
		lines: [
			{ flux: 'mobilier', gross: 71_000, container: 'Palette', category: 'Plans de pose (tables, bureaux)' },
			{ flux: 'autre', gross: 4_200 }
		]
	},
	{
		daysAgo: 2,
		hour: 15,
		by: 'lea',
		source: 'apport',
		commune: 'Lyon 8e',
		lines: [
			{ flux: 'textile', gross: 13_900, container: 'Bac', category: 'Vêtements' },
			{ flux: 'sport', gross: 8_700, container: 'Bac' },
			{ count: 40, category: 'Livres' }
		]
	}
];

export async function seedReuseIntakes(tx: Tx, organisationId: string, ids: Map<string, string>, today: string): Promise<void> {
	const [site] = await tx
		.select({ id: sites.id })
		.from(sites)
		.where(and(eq(sites.organisationId, organisationId), eq(sites.kind, 'ressourcerie'), eq(sites.name, 'Ressourcerie La Deuxième Vie')));
	if (!site) throw new Error('seedReuseIntakes: the demo ressourcerie site is missing');
	await ensureReuseCategories(tx, organisationId);
	const containers = await tx
		.insert(reuseContainers)
		.values(DEMO_CONTAINERS.map((c) => ({ organisationId, ...c })))
		.returning({ id: reuseContainers.id, name: reuseContainers.name, tareGrams: reuseContainers.tareGrams });
	const container = new Map(containers.map((c) => [c.name, c]));
	const cats = await tx
		.select({ id: reuseCategories.id, name: reuseCategories.name, flux: reuseCategories.flux, averageWeightGrams: reuseCategories.averageWeightGrams })
		.from(reuseCategories)
		.where(eq(reuseCategories.organisationId, organisationId));
	const category = new Map(cats.map((c) => [c.name, c]));
	const nadia = ids.get('nadia')!;

	for (const d of DEMO_INTAKES) {
		const userId = ids.get(d.by)!;
		const at = new Date(startOfDayInZone(addDays(today, -d.daysAgo)).getTime() + d.hour * 3_600_000);
		const number = await nextReuseCode(tx, organisationId, 'intake');
		const [intake] = await tx
			.insert(reuseIntakes)
			.values({
				organisationId,
				number,
				siteId: site.id,
				source: d.source,
				commune: d.commune ?? null,
				partner: d.partner ?? null,
				createdBy: userId,
				createdAt: at
			})
			.returning({ id: reuseIntakes.id });
		const made: { id: number; flux: ReuseFlux; netGrams: number; categoryId: string | null; method: 'weighed' | 'counted'; count: number | null }[] = [];
		for (const [i, l] of d.lines.entries()) {
			const lineAt = new Date(at.getTime() + (i + 1) * 4 * 60_000);
			let row: typeof reuseIntakeLines.$inferInsert;
			if ('count' in l) {
				const c = category.get(l.category);
				if (!c) throw new Error(`seedReuseIntakes: no category ${l.category}`);
				const w = countedWeight(l.count, c.averageWeightGrams);
				if (!w.ok) throw new Error('seedReuseIntakes: bad count');
				row = {
					organisationId,
					intakeId: intake!.id,
					flux: c.flux,
					categoryId: c.id,
					method: 'counted',
					count: l.count,
					netGrams: w.netGrams,
					userId,
					at: lineAt
				};
			} else {
				const box = l.container ? container.get(l.container)! : null;
				const c = l.category ? category.get(l.category) : null;
				if (l.category && !c) throw new Error(`seedReuseIntakes: no category ${l.category}`);
				const w = netWeight(l.gross, box?.tareGrams ?? 0, DEFAULT_SCALE_MAX_GRAMS);
				if (!w.ok) throw new Error('seedReuseIntakes: bad weighing');
				row = {
					organisationId,
					intakeId: intake!.id,
					flux: l.flux,
					categoryId: c?.id ?? null,
					method: 'weighed',
					grossGrams: l.gross,
					containerId: box?.id ?? null,
					tareGrams: box?.tareGrams ?? 0,
					netGrams: w.netGrams,
					userId,
					at: lineAt
				};
			}
			const [line] = await tx.insert(reuseIntakeLines).values(row).returning({ id: reuseIntakeLines.id });
			made.push({
				id: line!.id,
				flux: row.flux,
				netGrams: row.netGrams,
				categoryId: row.categoryId ?? null,
				method: row.method as 'weighed' | 'counted',
				count: row.count ?? null
			});
			await tx.insert(workEvents).values({
				organisationId,
				userId,
				type: 'reuse.weighing',
				at: lineAt,
				entityType: 'reuse_intake',
				entityId: intake!.id,
				details: { intake: number, flux: row.flux, netGrams: row.netGrams, method: row.method }
			});
		}
		if (d.cancel !== undefined) {
			const l = made[d.cancel]!;
			await tx.insert(reuseIntakeLines).values({
				organisationId,
				intakeId: intake!.id,
				flux: l.flux,
				categoryId: l.categoryId,
				method: l.method,
				count: l.count === null ? null : -l.count,
				netGrams: -l.netGrams,
				correctionOf: l.id,
				userId: nadia,
				at: new Date(at.getTime() + 30 * 60_000)
			});
		}
	}
}
