import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { sites } from '$lib/server/db/schema';
import { listReuseCategories } from '$lib/server/reuse/categories';
import { addIntakeLine, openIntake } from '$lib/server/reuse/intakes';
import { createReuseContainer } from '$lib/server/reuse/manage';
import type { OrgFixture } from './fixtures';

/** issue 15 (intake): a ressourcerie site of the organisation, a container, its categories, an intake with one weighed line. */
export async function reuseFixture(db: Database, org: OrgFixture, manager: Actor) {
	const [site] = await db.insert(sites).values({ organisationId: org.organisationId, name: 'Ressourcerie', kind: 'ressourcerie' }).returning({ id: sites.id });
	const container = await createReuseContainer(db, manager, { name: 'Bac', tareGrams: 2500 });
	const categories = await listReuseCategories(db, manager);
	const intake = await openIntake(db, manager, { siteId: site!.id, source: 'apport' });
	const line = await addIntakeLine(db, manager, intake.id, { flux: 'textile', grossGrams: 10_000, containerId: container.id });
	return { siteId: site!.id, containerId: container.id, categoryId: categories[0]!.id, categories, intakeId: intake.id, lineId: line.id };
}
