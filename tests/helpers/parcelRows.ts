import type { Database } from '$lib/server/db';
import { categories, distributionDays, parcelLines, parcelRights, parcels, parcelTemplateLines, parcelTemplates } from '$lib/server/db/schema';
import { uniq, type OrgFixture } from './fixtures';

/**
 * Parcel rows inserted directly (the templates and reports helpers' tests, issue 14): a category, a
 * template, a distribution day, a household's parcel right and parcel, a picked line. Fast, and
 * independent of the days and preparation services being written beside.
 */

export async function makeCategory(
	db: Database,
	org: OrgFixture,
	name = `Catégorie ${uniq()}`,
	parentId: string | null = null,
	active = true
): Promise<string> {
	const [row] = await db.insert(categories).values({ organisationId: org.organisationId, name, parentId, active }).returning({ id: categories.id });
	return row!.id;
}

/** A template with one fixed line of `categoryId` (2 pieces). */
export async function makeTemplateRow(db: Database, org: OrgFixture, categoryId: string): Promise<{ id: string; lineId: string }> {
	const [t] = await db
		.insert(parcelTemplates)
		.values({ organisationId: org.organisationId, name: `Modèle ${uniq()}`, createdBy: org.users.manager.id })
		.returning({ id: parcelTemplates.id });
	const [l] = await db
		.insert(parcelTemplateLines)
		.values({ organisationId: org.organisationId, templateId: t!.id, position: 0, categoryId, unit: 'piece', scaling: 'fixed', quantity: 2 })
		.returning({ id: parcelTemplateLines.id });
	return { id: t!.id, lineId: l!.id };
}

export async function makeDay(
	db: Database,
	org: OrgFixture,
	templateId: string,
	day: string,
	status: 'planned' | 'closed' = 'planned',
	siteId = org.siteIds.epicerie
): Promise<string> {
	const [row] = await db
		.insert(distributionDays)
		.values({
			organisationId: org.organisationId,
			siteId,
			day,
			templateId,
			status,
			createdBy: org.users.supervisor.id,
			closedBy: status === 'closed' ? org.users.supervisor.id : null,
			closedAt: status === 'closed' ? new Date(`${day}T17:00:00Z`) : null
		})
		.returning({ id: distributionDays.id });
	return row!.id;
}

export async function makeParcelRight(db: Database, org: OrgFixture, householdId: string, persons: number): Promise<string> {
	const [row] = await db
		.insert(parcelRights)
		.values({
			organisationId: org.organisationId,
			householdId,
			validFrom: '2020-01-01',
			validTo: '2099-12-31',
			frequency: 'biweekly',
			persons,
			issuedBy: org.users.social_worker.id
		})
		.returning({ id: parcelRights.id });
	return row!.id;
}

let counter = 0;
export async function makeParcel(
	db: Database,
	org: OrgFixture,
	p: {
		dayId: string;
		householdId: string;
		rightId: string;
		persons: number;
		status: 'expected' | 'preparing' | 'prepared' | 'handed_over' | 'absent' | 'not_collected';
		participationCents?: number;
		handedAt?: Date;
	}
): Promise<string> {
	const handed = p.status === 'handed_over';
	const [row] = await db
		.insert(parcels)
		.values({
			organisationId: org.organisationId,
			dayId: p.dayId,
			householdId: p.householdId,
			parcelRightId: p.rightId,
			code: `COLIS-${String(++counter).padStart(6, '0')}-${uniq()}`,
			persons: p.persons,
			status: p.status,
			handedAt: handed ? (p.handedAt ?? new Date()) : null,
			handedBy: handed ? org.users.operator.id : null,
			noSignatureReason: handed ? 'Test' : null,
			participationCents: p.participationCents ?? 0
		})
		.returning({ id: parcels.id });
	return row!.id;
}

/** A picked line: `lotId` both as source and parcel lot (enough for what reads it here). */
export async function makeParcelLine(
	db: Database,
	org: OrgFixture,
	p: { parcelId: string; templateLineId: string; lotId: string; productId: string; quantity: number }
): Promise<void> {
	await db.insert(parcelLines).values({
		organisationId: org.organisationId,
		parcelId: p.parcelId,
		templateLineId: p.templateLineId,
		sourceLotId: p.lotId,
		parcelLotId: p.lotId,
		productId: p.productId,
		quantity: p.quantity,
		pickedBy: org.users.operator.id
	});
}
