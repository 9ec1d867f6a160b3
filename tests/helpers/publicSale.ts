import { and, eq } from 'drizzle-orm';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { reuseCategories, reuseItemMovements, reuseItems } from '$lib/server/db/schema';
import { ensureReuseCategories } from '$lib/server/reuse/categories';
import { nextReuseCode } from '$lib/server/reuse/ledger';
import type { OrgFixture } from './fixtures';

/**
 * Ressourcerie items for the public sale's tests (the items' own service is another part of issue 15):
 * an item row and its creation movement, as that service records them.
 */

/** One of the organisation's default categories by name (seeded when it has none). */
export async function reuseCategory(db: Database, organisationId: string, name = 'Livres') {
	await ensureReuseCategories(db, organisationId);
	const [c] = await db
		.select()
		.from(reuseCategories)
		.where(and(eq(reuseCategories.organisationId, organisationId), eq(reuseCategories.name, name)));
	if (!c) throw new Error(`no reuse category ${name}`);
	return c;
}

/** An item in stock: one object (quantity 1) or a batch, at a unit price, with a unit weight. */
export async function makeItem(
	db: Database,
	org: OrgFixture,
	actor: Actor,
	opts: { priceCents?: number; quantity?: number; unitWeightGrams?: number; category?: string; description?: string } = {}
) {
	const category = await reuseCategory(db, org.organisationId, opts.category);
	return db.transaction(async (tx) => {
		const code = await nextReuseCode(tx, org.organisationId, 'item');
		const quantity = opts.quantity ?? 1;
		const [item] = await tx
			.insert(reuseItems)
			.values({
				organisationId: org.organisationId,
				code,
				siteId: org.siteIds.epicerie,
				categoryId: category.id,
				description: opts.description ?? `Objet ${code}`,
				quantity,
				onHand: quantity,
				priceCents: opts.priceCents ?? 500,
				unitWeightGrams: opts.unitWeightGrams ?? 800,
				weightSource: 'weighed',
				createdBy: actor.userId
			})
			.returning();
		await tx.insert(reuseItemMovements).values({
			organisationId: org.organisationId,
			itemId: item!.id,
			kind: 'creation',
			quantity,
			userId: actor.userId
		});
		return item!;
	});
}

/** An item's stock now. */
export async function itemOnHand(db: Database, itemId: string): Promise<number> {
	const [r] = await db.select({ n: reuseItems.onHand }).from(reuseItems).where(eq(reuseItems.id, itemId));
	return r!.n;
}
