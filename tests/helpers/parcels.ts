import { eq } from 'drizzle-orm';
import type { Actor } from '$lib/server/auth/actor';
import type { Database } from '$lib/server/db';
import { categories, distributionDays, households, parcelRights, parcels, parcelTemplateLines, parcelTemplates } from '$lib/server/db/schema';
import { planDay } from '$lib/server/parcels/days';
import { createLot } from '$lib/server/stock/lots';
import { addDays } from '$lib/stock/dates';
import { makeOrg, uniq, type OrgFixture } from './fixtures';
import { makeLocation, makeOrigin, makeProduct } from './stock';
import { makeBeneficiary, TODAY } from './till';

/*
 * Fixtures for the parcels' preparation (issue 14): rows inserted directly (the rights', templates' and
 * days' services are written beside it), stock received through the ledger.
 */

export async function category(db: Database, org: OrgFixture, name: string, parentId: string | null = null) {
	const [row] = await db.insert(categories).values({ organisationId: org.organisationId, name, parentId }).returning({ id: categories.id });
	return row!.id;
}

/** A lot received into a location (through the ledger). */
export async function lotIn(
	db: Database,
	actor: Actor,
	productId: string,
	originId: string,
	quantity: number,
	locationId: string | null,
	date: { date?: string | null; dateType?: 'dlc' | 'ddm' | 'none' } = {}
) {
	const dateType = date.dateType ?? 'ddm';
	return db.transaction((tx) =>
		createLot(tx, actor, { productId, originId, date: dateType === 'none' ? null : (date.date ?? addDays(TODAY, 200)), dateType, quantity, locationId })
	);
}

let parcelNo = 0;
/** A household with a parcel right and its parcel on the day. */
export async function addParcel(db: Database, f: { org: OrgFixture; dayId: string }, persons = 2, right: Partial<typeof parcelRights.$inferInsert> = {}) {
	const org = f.org;
	const tag = uniq();
	const [h] = await db
		.insert(households)
		.values({ organisationId: org.organisationId, reference: `FOY-${tag}`, firstName: 'Amina', lastName: `Secret-${tag}`, nameKey: `amina secret ${tag}` })
		.returning({ id: households.id, reference: households.reference });
	const [r] = await db
		.insert(parcelRights)
		.values({
			organisationId: org.organisationId,
			householdId: h!.id,
			validFrom: addDays(TODAY, -30),
			validTo: addDays(TODAY, 60),
			frequency: 'biweekly',
			persons,
			issuedBy: org.users.social_worker.id,
			...right
		})
		.returning({ id: parcelRights.id });
	const [p] = await db
		.insert(parcels)
		.values({
			organisationId: org.organisationId,
			dayId: f.dayId,
			householdId: h!.id,
			parcelRightId: r!.id,
			code: `COLIS-${String(++parcelNo).padStart(6, '0')}`,
			persons
		})
		.returning({ id: parcels.id, code: parcels.code });
	return { id: p!.id, code: p!.code, reference: h!.reference, rightId: r!.id, householdId: h!.id };
}

/**
 * Categories: Épicerie sèche › (Pâtes, Conserves), Frais › Laitiers. Template: Pâtes 1 kg (per person
 * 500 g), Conserves 2 pieces (fixed), Laitiers 2 pieces (cold). Stock on the reserve's shelf.
 */
export async function makeParcelFixture(db: Database) {
	const org = await makeOrg(db);
	const op = org.actors.operator;
	const dry = await category(db, org, 'Épicerie sèche');
	const pasta = await category(db, org, 'Pâtes', dry);
	const tins = await category(db, org, 'Conserves', dry);
	const fresh = await category(db, org, 'Frais');
	const dairy = await category(db, org, 'Laitiers', fresh);
	const other = await category(db, org, 'Hygiène');
	const origin = await makeOrigin(db, org);
	const fridge = await makeLocation(db, org, 'chilled');
	const products = {
		spaghetti: await makeProduct(db, org, { categoryId: pasta, unit: 'piece', netWeightGrams: 500 }),
		rice: await makeProduct(db, org, { categoryId: pasta, unit: 'kg' }),
		beans: await makeProduct(db, org, { categoryId: tins, unit: 'piece', netWeightGrams: 400 }),
		peas: await makeProduct(db, org, { categoryId: tins, unit: 'piece' }),
		yogurt: await makeProduct(db, org, { categoryId: dairy, unit: 'piece', zone: 'chilled', dateType: 'dlc' }),
		soap: await makeProduct(db, org, { categoryId: other, unit: 'piece' })
	};
	const [tpl] = await db
		.insert(parcelTemplates)
		.values({ organisationId: org.organisationId, name: `Colis ${uniq()}`, createdBy: org.users.manager.id })
		.returning({ id: parcelTemplates.id });
	const line = (position: number, categoryId: string, v: Partial<typeof parcelTemplateLines.$inferInsert>) =>
		db
			.insert(parcelTemplateLines)
			.values({ organisationId: org.organisationId, templateId: tpl!.id, position, categoryId, unit: 'piece', scaling: 'fixed', ...v })
			.returning({ id: parcelTemplateLines.id })
			.then((r) => r[0]!.id);
	const lines = {
		dairy: await line(1, dairy, { quantity: 2, cold: true }),
		pasta: await line(2, pasta, { unit: 'kg', scaling: 'per_person', quantity: 500 }),
		tins: await line(3, tins, { quantity: 2 })
	};
	const [day] = await db
		.insert(distributionDays)
		.values({ organisationId: org.organisationId, siteId: org.siteIds.epicerie, day: TODAY, templateId: tpl!.id, createdBy: org.users.supervisor.id })
		.returning({ id: distributionDays.id });
	return { org, op, origin, fridge, products, lines, dayId: day!.id, templateId: tpl!.id, cats: { dry, pasta, tins, fresh, dairy, other } };
}

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
