import { and, eq } from 'drizzle-orm';
import { locations, sites } from '$lib/server/db/schema';
import type { Database } from '$lib/server/db';
import { listReuseCategories } from '$lib/server/reuse/categories';
import type { OrgFixture } from './fixtures';

/**
 * A ressourcerie site (« Ressourcerie », the one of `reuseFixture` when it made it first) with two locations
 * (EMP-R01 « Zone de tri », EMP-R02 « Rayon livres »), and the default categories.
 */
export async function makeRessourcerie(db: Database, org: OrgFixture) {
	const [site] =
		(
			await db
				.select({ id: sites.id })
				.from(sites)
				.where(and(eq(sites.organisationId, org.organisationId), eq(sites.name, 'Ressourcerie')))
		).length > 0
			? await db
					.select({ id: sites.id })
					.from(sites)
					.where(and(eq(sites.organisationId, org.organisationId), eq(sites.name, 'Ressourcerie')))
			: await db.insert(sites).values({ organisationId: org.organisationId, name: 'Ressourcerie', kind: 'ressourcerie' }).returning({ id: sites.id });
	const [tri, livres] = await db
		.insert(locations)
		.values([
			{ organisationId: org.organisationId, siteId: site!.id, code: 'EMP-R01', name: 'Zone de tri', kind: 'zone', zone: 'ambient' },
			{ organisationId: org.organisationId, siteId: site!.id, code: 'EMP-R02', name: 'Rayon livres', kind: 'etagere', zone: 'ambient' }
		])
		.returning({ id: locations.id });
	const categories = await listReuseCategories(db, org.actors.manager);
	const cat = (name: string) => categories.find((c) => c.name.startsWith(name))!;
	return { siteId: site!.id, triId: tri!.id, livresId: livres!.id, categories, cat };
}
