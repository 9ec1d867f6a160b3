import { and, eq, inArray } from 'drizzle-orm';
import type { TemplateLine } from '$lib/parcels/composition';
import type { Tx } from '../db';
import { categories, organisations, parcelTemplateLines, parcelTemplates } from '../db/schema';

/**
 * The demo's parcel templates and settings (issue 14, docs/parcels.md "Compositions"): "Colis famille",
 * which scales with the household (pasta and rice 1 kg a person, canned vegetables by household size,
 * dairy 2 a person in the cold part, oil and breakfast once), and a small fixed "Colis dépannage". Lines
 * name the categories of the demo's default tree (DEFAULT_CATEGORIES) that hold demo products. The
 * parcels' settings: near-date window 5 days, every two weeks, free. Made by Sophie (the manager).
 * Called by the coordinator from seed.ts; returns the templates' ids.
 */

type Line = Omit<TemplateLine, 'id' | 'position' | 'categoryId'> & { category: string };

const q = (quantity: number) => ({ quantity, band1: null, band2: null, band3: null, band5: null });
const bands = (band1: number, band2: number, band3: number, band5: number) => ({ quantity: null, band1, band2, band3, band5 });

export const DEMO_PARCEL_TEMPLATES: { name: string; note: string; lines: Line[] }[] = [
	{
		name: 'Colis famille',
		note: 'Le colis de chaque distribution : il grandit avec le foyer.',
		lines: [
			{ category: 'Pâtes, riz, céréales', unit: 'kg', scaling: 'per_person', ...q(1000), cold: false },
			{ category: 'Conserves', unit: 'piece', scaling: 'bands', ...bands(1, 2, 3, 4), cold: false },
			{ category: 'Épicerie sèche', unit: 'piece', scaling: 'fixed', ...q(1), cold: false },
			{ category: 'Petit-déjeuner', unit: 'piece', scaling: 'fixed', ...q(1), cold: false },
			{ category: 'Produits laitiers', unit: 'piece', scaling: 'per_person', ...q(2), cold: true }
		]
	},
	{
		name: 'Colis dépannage',
		note: 'En urgence, le même pour tous.',
		lines: [
			{ category: 'Pâtes, riz, céréales', unit: 'kg', scaling: 'fixed', ...q(1000), cold: false },
			{ category: 'Conserves', unit: 'piece', scaling: 'fixed', ...q(2), cold: false },
			{ category: 'Épicerie sèche', unit: 'piece', scaling: 'fixed', ...q(1), cold: false }
		]
	}
];

export const DEMO_PARCEL_SETTINGS = { 'parcels.nearDays': 5, 'parcels.defaultFrequency': 'biweekly', 'parcels.participationCents': 0 };

export async function seedParcelTemplates(
	tx: Tx,
	organisationId: string,
	ids: Map<string, string>,
	today: string
): Promise<{ family: string; emergency: string }> {
	void today;
	const sophie = ids.get('sophie')!;
	const names = [...new Set(DEMO_PARCEL_TEMPLATES.flatMap((t) => t.lines.map((l) => l.category)))];
	const cats = await tx
		.select({ id: categories.id, name: categories.name })
		.from(categories)
		.where(and(eq(categories.organisationId, organisationId), inArray(categories.name, names)));
	const catId = new Map(cats.map((c) => [c.name, c.id]));
	const made: string[] = [];
	for (const t of DEMO_PARCEL_TEMPLATES) {
		const [row] = await tx
			.insert(parcelTemplates)
			.values({ organisationId, name: t.name, note: t.note, createdBy: sophie })
			.returning({ id: parcelTemplates.id });
		await tx.insert(parcelTemplateLines).values(
			t.lines.map(({ category, ...l }, position) => {
				const categoryId = catId.get(category);
				if (!categoryId) throw new Error(`Demo: no category « ${category} »`);
				return { organisationId, templateId: row!.id, position, categoryId, ...l };
			})
		);
		made.push(row!.id);
	}
	const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, organisationId));
	await tx
		.update(organisations)
		.set({ settings: { ...((org?.settings as Record<string, unknown> | undefined) ?? {}), ...DEMO_PARCEL_SETTINGS } })
		.where(eq(organisations.id, organisationId));
	return { family: made[0]!, emergency: made[1]! };
}
