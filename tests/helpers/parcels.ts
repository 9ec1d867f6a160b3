import { parcelRights, parcels, parcelTemplateLines, parcelTemplates, categories } from '$lib/server/db/schema';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { planDay } from '$lib/server/parcels/days';
import { addDays } from '$lib/stock/dates';
import { eq } from 'drizzle-orm';
import { uniq, type OrgFixture } from './fixtures';
import { makeBeneficiary, TODAY } from './till';

/**
 * Issue 14: a parcel template (one line), a household with a parcel right, and a distribution day planned
 * today at the stockroom with that household's parcel — inserted as the templates' and rights' services would.
 */
export async function distributionFixture(db: Database, org: OrgFixture, planner: Actor) {
	const [cat] = await db
		.insert(categories)
		.values({ organisationId: org.organisationId, name: `Conserves ${uniq()}` })
		.returning({ id: categories.id });
	const [tpl] = await db
		.insert(parcelTemplates)
		.values({ organisationId: org.organisationId, name: `Colis ${uniq()}`, createdBy: org.users.manager.id })
		.returning({ id: parcelTemplates.id });
	await db
		.insert(parcelTemplateLines)
		.values({ organisationId: org.organisationId, templateId: tpl!.id, position: 1, categoryId: cat!.id, unit: 'piece', scaling: 'fixed', quantity: 2 });
	const h = await makeBeneficiary(db, org);
	await db.insert(parcelRights).values({
		organisationId: org.organisationId,
		householdId: h.householdId,
		validFrom: addDays(TODAY, -10),
		validTo: addDays(TODAY, 80),
		frequency: 'biweekly',
		persons: 2,
		issuedBy: org.users.social_worker.id
	});
	const day = await planDay(db, planner, { siteId: org.siteIds.reserve, day: TODAY, templateId: tpl!.id, slots: '09:00-10:00' });
	const [p] = await db.select({ id: parcels.id }).from(parcels).where(eq(parcels.dayId, day.id));
	return { templateId: tpl!.id, dayId: day.id, parcelId: p!.id, household: h };
}
