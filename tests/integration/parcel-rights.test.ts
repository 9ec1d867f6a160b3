import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { households, parcelRights } from '$lib/server/db/schema';
import { createHousehold } from '$lib/server/households/households';
import { parcelRightFor, parcelRightsCovering } from '$lib/server/households/parcelRights';
import { useTestDatabase } from '../helpers/db';
import { makeOrg, type OrgFixture } from '../helpers/fixtures';

const t = useTestDatabase();
const TODAY = '2026-03-10';

async function household(org: OrgFixture, firstName = 'Jeanne') {
	const r = await createHousehold(
		t.db,
		org.actors.social_worker,
		{ firstName, lastName: 'Martin-' + Math.random().toString(36).slice(2, 6), birthDate: '1980-01-01', consent: true, rgpdInformedOn: '2026-03-01' },
		{ today: TODAY }
	);
	if (!('created' in r)) throw new Error('duplicate');
	return r.created;
}

/** A parcel right written straight into the table (the reads must not depend on the issuing service). */
async function rawRight(org: OrgFixture, householdId: string, v: Partial<typeof parcelRights.$inferInsert> = {}) {
	const [r] = await t.db
		.insert(parcelRights)
		.values({
			organisationId: org.organisationId,
			householdId,
			validFrom: '2026-03-01',
			validTo: '2026-05-31',
			frequency: 'weekly',
			persons: 3,
			issuedBy: org.users.social_worker.id,
			...v
		})
		.returning({ id: parcelRights.id });
	return r!.id;
}

describe('parcel rights covering a day (for the distribution days)', () => {
	test('only active rights whose period holds the day, of the organisation, households not anonymised', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const a = await household(org, 'Awa');
		const b = await household(org, 'Bruno');
		const c = await household(org, 'Chloé');
		const d = await household(org, 'Denis');
		const e = await household(org, 'Émile');
		const x = await household(other, 'Xavier');
		const ra = await rawRight(org, a.id, { frequency: 'monthly', persons: 5, participationCents: 200 });
		await rawRight(org, b.id, { status: 'suspended' });
		await rawRight(org, c.id, { validFrom: '2026-03-11' }); // starts tomorrow
		await rawRight(org, c.id, { validFrom: '2026-01-01', validTo: '2026-02-28' }); // ended
		const rd = await rawRight(org, d.id, { validFrom: '2026-03-10', validTo: '2026-03-10' }); // this day only
		await rawRight(org, e.id);
		await t.db.update(households).set({ anonymisedAt: new Date() }).where(eq(households.id, e.id));
		await rawRight(other, x.id);

		const list = await parcelRightsCovering(t.db, org.organisationId, TODAY);
		expect(list.map((r) => r.reference)).toEqual([a.reference, d.reference].sort());
		const first = list.find((r) => r.rightId === ra)!;
		expect(first).toMatchObject({ householdId: a.id, reference: a.reference, firstName: 'Awa', persons: 5, frequency: 'monthly', participationCents: 200 });
		expect(Object.keys(first)).not.toContain('lastName');
		expect(list.find((r) => r.rightId === rd)!.participationCents).toBe(0);

		expect((await parcelRightFor(t.db, org.organisationId, a.id, TODAY))?.rightId).toBe(ra);
		expect(await parcelRightFor(t.db, org.organisationId, b.id, TODAY)).toBeNull();
		expect(await parcelRightFor(t.db, org.organisationId, c.id, TODAY)).toBeNull();
		expect((await parcelRightFor(t.db, org.organisationId, c.id, '2026-03-11'))?.validFrom).toBe('2026-03-11');
		expect(await parcelRightFor(t.db, org.organisationId, e.id, TODAY)).toBeNull();
		// Another organisation's household, asked for from this organisation: nothing.
		expect(await parcelRightFor(t.db, org.organisationId, x.id, TODAY)).toBeNull();
		expect(await parcelRightFor(t.db, org.organisationId, 'not-a-uuid', TODAY)).toBeNull();
		expect((await parcelRightsCovering(t.db, other.organisationId, TODAY)).map((r) => r.householdId)).toEqual([x.id]);
	});
});
