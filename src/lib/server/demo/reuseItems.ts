import { and, eq, inArray } from 'drizzle-orm';
import { unitWeightOf } from '$lib/reuse/items';
import { addDays } from '$lib/stock/dates';
import type { Tx } from '../db';
import { locations, reuseCategories, reuseItemMovements, reuseItems, sites } from '../db/schema';
import { ensureReuseCategories } from '../reuse/categories';
import { nextReuseCode } from '../reuse/ledger';

/**
 * The demo's ressourcerie items (issue 15, docs/ressourcerie.md "Items"): 21 items in stock at
 * « Ressourcerie La Deuxième Vie », location EMP-0008 « Zone de tri » (no new location), in most flux,
 * made from today back to five months ago (the "stock by age" report has its old items), among them
 * one batch of 30 books at 1 € and a batch of 6 glasses. Priced from the default categories' grids or
 * typed; weights weighed or the category's average. Sorted by Karim and Léa (operators). Each item has
 * its `creation` movement at its date (the items' ledger sums to its stock). Demo rows only: no journal.
 * Called by the coordinator from seed.ts after the intakes.
 */

interface DemoItem {
	category: string;
	description: string;
	priceCents: number;
	daysAgo: number;
	quantity?: number;
	/** Weighed weight of all the pieces, grams; absent: the category's average. */
	weighedGrams?: number;
	by: 'karim' | 'lea';
}

export const DEMO_REUSE_ITEMS: DemoItem[] = [
	{ category: 'Livres', description: 'Romans de poche (lot)', priceCents: 100, daysAgo: 2, quantity: 30, weighedGrams: 6600, by: 'lea' },
	{ category: 'Assises (chaises, fauteuils)', description: 'Chaise paillée en bois', priceCents: 500, daysAgo: 1, by: 'karim' },
	{ category: 'Assises (chaises, fauteuils)', description: 'Fauteuil en velours vert', priceCents: 1500, daysAgo: 12, weighedGrams: 14200, by: 'karim' },
	{ category: 'Rangements (armoires, commodes)', description: 'Commode 3 tiroirs en pin', priceCents: 2500, daysAgo: 40, weighedGrams: 31500, by: 'karim' },
	{ category: 'Plans de pose (tables, bureaux)', description: 'Table basse en chêne', priceCents: 1000, daysAgo: 100, by: 'karim' },
	{ category: 'Plans de pose (tables, bureaux)', description: 'Bureau d’écolier', priceCents: 2000, daysAgo: 150, weighedGrams: 17000, by: 'lea' },
	{ category: 'DEEE 5 — Petits équipements', description: 'Grille-pain 2 fentes, testé', priceCents: 500, daysAgo: 5, weighedGrams: 1400, by: 'lea' },
	{ category: 'DEEE 5 — Petits équipements', description: 'Bouilloire inox, testée', priceCents: 600, daysAgo: 95, by: 'karim' },
	{ category: 'DEEE 2 — Écrans et moniteurs', description: 'Écran d’ordinateur 22 pouces', priceCents: 1500, daysAgo: 30, weighedGrams: 3800, by: 'karim' },
	{ category: 'Vêtements', description: 'Manteau d’hiver femme, taille 40', priceCents: 800, daysAgo: 3, by: 'lea' },
	{ category: 'Vêtements', description: 'Veste en jean enfant, 8 ans', priceCents: 400, daysAgo: 120, by: 'lea' },
	{ category: 'Chaussures et maroquinerie', description: 'Sac à main en cuir marron', priceCents: 700, daysAgo: 20, by: 'lea' },
	{ category: 'Disques, DVD, jeux vidéo', description: 'Coffret DVD dessins animés', priceCents: 300, daysAgo: 60, by: 'karim' },
	{ category: 'Jouets et jeux', description: 'Puzzle 1000 pièces complet', priceCents: 300, daysAgo: 7, by: 'lea' },
	{ category: 'Jouets et jeux', description: 'Camion de pompiers en bois', priceCents: 500, daysAgo: 130, weighedGrams: 900, by: 'karim' },
	{ category: 'Vaisselle et ustensiles', description: 'Verres à pied (lot de 6)', priceCents: 150, daysAgo: 10, quantity: 6, by: 'lea' },
	{ category: 'Vaisselle et ustensiles', description: 'Cocotte en fonte 24 cm', priceCents: 1200, daysAgo: 110, weighedGrams: 4300, by: 'karim' },
	{ category: 'Décoration et bibelots', description: 'Miroir doré rond', priceCents: 800, daysAgo: 45, by: 'lea' },
	{ category: 'Sport et loisirs', description: 'Raquette de tennis adulte', priceCents: 500, daysAgo: 90, by: 'karim' },
	{ category: 'Vélos', description: 'Vélo enfant 16 pouces, révisé', priceCents: 2000, daysAgo: 15, weighedGrams: 8500, by: 'karim' },
	{ category: 'Bricolage et jardin', description: 'Perceuse à fil, testée', priceCents: 1500, daysAgo: 140, by: 'karim' }
];

export async function seedReuseItems(tx: Tx, organisationId: string, ids: Map<string, string>, today: string): Promise<{ items: number }> {
	await ensureReuseCategories(tx, organisationId);
	const [place] = await tx
		.select({ siteId: locations.siteId, locationId: locations.id })
		.from(locations)
		.innerJoin(sites, eq(sites.id, locations.siteId))
		.where(and(eq(locations.organisationId, organisationId), eq(locations.code, 'EMP-0008'), eq(sites.kind, 'ressourcerie')));
	if (!place) throw new Error('seedReuseItems: the demo ressourcerie’s location EMP-0008 is missing');
	const names = [...new Set(DEMO_REUSE_ITEMS.map((i) => i.category))];
	const cats = await tx
		.select({ id: reuseCategories.id, name: reuseCategories.name, averageWeightGrams: reuseCategories.averageWeightGrams })
		.from(reuseCategories)
		.where(and(eq(reuseCategories.organisationId, organisationId), inArray(reuseCategories.name, names)));
	const byName = new Map(cats.map((c) => [c.name, c]));
	// Oldest first, so that codes follow the days.
	const ordered = [...DEMO_REUSE_ITEMS].sort((a, b) => b.daysAgo - a.daysAgo);
	for (const [i, it] of ordered.entries()) {
		const cat = byName.get(it.category);
		if (!cat) throw new Error(`seedReuseItems: no category « ${it.category} »`);
		const userId = ids.get(it.by)!;
		const quantity = it.quantity ?? 1;
		const at = new Date(`${addDays(today, -it.daysAgo)}T${String(8 + (i % 8)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00Z`);
		const code = await nextReuseCode(tx, organisationId, 'item');
		const [row] = await tx
			.insert(reuseItems)
			.values({
				organisationId,
				code,
				siteId: place.siteId,
				locationId: place.locationId,
				categoryId: cat.id,
				description: it.description,
				quantity,
				onHand: quantity,
				priceCents: it.priceCents,
				unitWeightGrams: it.weighedGrams ? unitWeightOf(it.weighedGrams, quantity) : cat.averageWeightGrams,
				weightSource: it.weighedGrams ? 'weighed' : 'average',
				createdBy: userId,
				createdAt: at,
				updatedAt: at
			})
			.returning({ id: reuseItems.id });
		await tx.insert(reuseItemMovements).values({
			organisationId,
			itemId: row!.id,
			kind: 'creation',
			quantity,
			fromLocationId: place.locationId,
			toLocationId: place.locationId,
			userId,
			at
		});
	}
	return { items: ordered.length };
}
