import { locations, origins, productGtins, products } from '$lib/server/db/schema';
import type { Database } from '$lib/server/db';
import type { OrgFixture } from './fixtures';
import { uniq } from './fixtures';

/** A product inserted directly (fast), ambient pieces with a DDM unless told. */
export async function makeProduct(
	db: Database,
	org: OrgFixture,
	p: Partial<typeof products.$inferInsert> & { gtins?: string[] } = {}
): Promise<{ id: string; name: string }> {
	const { gtins, ...rest } = p;
	const [row] = await db
		.insert(products)
		.values({ organisationId: org.organisationId, name: `Produit ${uniq()}`, referencePriceCents: 150, ...rest })
		.returning({ id: products.id, name: products.name });
	if (gtins?.length) await db.insert(productGtins).values(gtins.map((gtin) => ({ organisationId: org.organisationId, productId: row!.id, gtin })));
	return row!;
}

export async function makeOrigin(db: Database, org: OrgFixture, o: Partial<typeof origins.$inferInsert> = {}): Promise<{ id: string }> {
	const [row] = await db
		.insert(origins)
		.values({ organisationId: org.organisationId, name: `Origine ${uniq()}`, kind: 'food_bank', ...o })
		.returning({ id: origins.id });
	return row!;
}

let next = 100;
/** One more location in the stockroom, of the given zone. */
export async function makeLocation(db: Database, org: OrgFixture, zone: 'ambient' | 'chilled' | 'frozen'): Promise<{ id: string; code: string }> {
	const kind = zone === 'ambient' ? 'etagere' : zone === 'chilled' ? 'refrigerateur' : 'congelateur';
	const [row] = await db
		.insert(locations)
		.values({
			organisationId: org.organisationId,
			siteId: org.siteIds.reserve,
			code: `EMP-${String(next++).padStart(4, '0')}`,
			name: `${kind} ${uniq()}`,
			kind,
			zone
		})
		.returning({ id: locations.id, code: locations.code });
	return row!;
}
