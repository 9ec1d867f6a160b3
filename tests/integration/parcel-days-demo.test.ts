import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { categories, distributionDays, parcelRights, parcels, parcelTemplateLines, parcelTemplates } from '$lib/server/db/schema';
import { seedDistributions } from '$lib/server/demo/distributions';
import { addDays } from '$lib/stock/dates';
import { useTestDatabase } from '../helpers/db';
import { makeOrg, uniq } from '../helpers/fixtures';
import { makeLocation, makeOrigin } from '../helpers/stock';
import { makeBeneficiary, TODAY } from '../helpers/till';
import { expectLedgerBalanced } from '../helpers/till-state';

const t = useTestDatabase();

describe('the demo distributions (seedDistributions)', () => {
	test('does nothing without parcel rights or templates', async () => {
		const org = await makeOrg(t.db);
		await t.db.transaction((tx) => seedDistributions(tx, org.organisationId, new Map([['nadia', org.users.supervisor.id]]), TODAY));
		expect(await t.db.select().from(distributionDays).where(eq(distributionDays.organisationId, org.organisationId))).toHaveLength(0);
	});

	test('six closed days every two weeks with signed handovers and parcels not collected, and today planned with two prepared', async () => {
		const org = await makeOrg(t.db);
		await makeLocation(t.db, org, 'chilled');
		await makeOrigin(t.db, org, { kind: 'fse', fse: true });
		await makeOrigin(t.db, org);
		const [dry] = await t.db
			.insert(categories)
			.values({ organisationId: org.organisationId, name: `Conserves ${uniq()}` })
			.returning({ id: categories.id });
		const [dairy] = await t.db.insert(categories).values({ organisationId: org.organisationId, name: 'Produits laitiers' }).returning({ id: categories.id });
		const [tpl] = await t.db
			.insert(parcelTemplates)
			.values({ organisationId: org.organisationId, name: 'Colis famille', createdBy: org.users.manager.id })
			.returning({ id: parcelTemplates.id });
		await t.db.insert(parcelTemplateLines).values([
			{ organisationId: org.organisationId, templateId: tpl!.id, position: 1, categoryId: dry!.id, unit: 'piece', scaling: 'per_person', quantity: 1 },
			{ organisationId: org.organisationId, templateId: tpl!.id, position: 2, categoryId: dairy!.id, unit: 'piece', scaling: 'fixed', quantity: 2, cold: true }
		]);
		for (let i = 0; i < 4; i++) {
			const h = await makeBeneficiary(t.db, org);
			await t.db.insert(parcelRights).values({
				organisationId: org.organisationId,
				householdId: h.householdId,
				validFrom: addDays(TODAY, -120),
				validTo: addDays(TODAY, 60),
				frequency: i === 3 ? 'monthly' : 'biweekly',
				persons: 1 + i,
				issuedBy: org.users.social_worker.id
			});
		}
		await t.db.transaction((tx) => seedDistributions(tx, org.organisationId, new Map([['nadia', org.users.supervisor.id]]), TODAY));

		const days = await t.db.select().from(distributionDays).where(eq(distributionDays.organisationId, org.organisationId)).orderBy(asc(distributionDays.day));
		expect(days.map((d) => d.day)).toEqual([84, 70, 56, 42, 28, 14, 0].map((k) => addDays(TODAY, -k)));
		expect(days.slice(0, 6).every((d) => d.status === 'closed' && d.summary)).toBe(true);
		expect(days[6]!.status).toBe('planned');
		const all = await t.db.select().from(parcels).where(eq(parcels.organisationId, org.organisationId));
		const handed = all.filter((p) => p.status === 'handed_over');
		expect(handed.length).toBeGreaterThan(6);
		expect(handed.every((p) => p.signaturePng !== null || p.noSignatureReason !== null)).toBe(true);
		expect(all.filter((p) => p.status === 'not_collected').length).toBeGreaterThanOrEqual(6);
		const today = all.filter((p) => p.dayId === days[6]!.id);
		expect(today.filter((p) => p.status === 'prepared')).toHaveLength(2);
		expect(today.every((p) => p.cold)).toBe(true);
		await expectLedgerBalanced(t.db, org.organisationId);
		const [closed] = await t.db
			.select()
			.from(distributionDays)
			.where(and(eq(distributionDays.id, days[0]!.id)));
		expect((closed!.summary as { fseKg: number }).fseKg).toBeGreaterThan(0);
	});
});
