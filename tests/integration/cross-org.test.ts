import { eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { revokeDevice, validateDeviceToken } from '$lib/server/auth/devices';
import { verifySecret } from '$lib/server/auth/password';
import { devices, locations, memberships, sessions, sites, users } from '$lib/server/db/schema';
import { getPerson, issueBadge, personHistory, setPassword, setPersonActive, setPin, unlockPin, updatePerson } from '$lib/server/people/people';
import { createLocation, getSite, listLocations, listSites, updateLocation, updateSite } from '$lib/server/places/places';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, expectPgError, makeDevice, makeOrg, TEST_PIN } from '../helpers/fixtures';

const t = useTestDatabase();

describe('organisations never cross', () => {
	test("a manager (and an admin) of B gets 404 on A's people, and nothing of A changes", async () => {
		const a = await makeOrg(t.db, 'A');
		const b = await makeOrg(t.db, 'B');
		const target = a.users.operator;
		await t.db.update(users).set({ pinFailedCount: 5, pinLockedAt: new Date() }).where(eq(users.id, target.id));
		const [before] = await t.db.select().from(users).where(eq(users.id, target.id));
		for (const actor of [b.actors.manager, b.actors.admin]) {
			await expectAppError(getPerson(t.db, actor, target.id), 'not_found', 404);
			await expectAppError(personHistory(t.db, actor, target.id), 'not_found', 404);
			await expectAppError(updatePerson(t.db, actor, target.id, { firstName: 'Pirate', roles: ['manager'] }), 'not_found', 404);
			await expectAppError(setPin(t.db, actor, target.id, '7391'), 'not_found', 404);
			await expectAppError(unlockPin(t.db, actor, target.id), 'not_found', 404);
			await expectAppError(setPassword(t.db, actor, target.id, 'un-autre-mot-de-passe'), 'not_found', 404);
			await expectAppError(setPersonActive(t.db, actor, target.id, false), 'not_found', 404);
			await expectAppError(issueBadge(t.db, actor, target.id), 'not_found', 404);
		}
		const [after] = await t.db.select().from(users).where(eq(users.id, target.id));
		expect(after).toEqual(before);
		expect(await verifySecret(after!.pinHash, TEST_PIN)).toBe(true);
		expect(await t.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, target.id))).toEqual([{ role: 'operator' }]);
		expect(await auditRows(t.db, a.organisationId)).toEqual([]);
		expect(await auditRows(t.db, b.organisationId)).toEqual([]);
	});

	test("B cannot revoke A's tablet", async () => {
		const a = await makeOrg(t.db, 'A');
		const b = await makeOrg(t.db, 'B');
		const { token, device } = await makeDevice(t.db, a);
		await expectAppError(revokeDevice(t.db, b.actors.manager, device.id), 'unknown_device', 404);
		await expectAppError(revokeDevice(t.db, b.actors.supervisor, device.id), 'unknown_device', 404);
		expect(await validateDeviceToken(t.db, token)).not.toBeNull();
		const [row] = await t.db.select().from(devices).where(eq(devices.id, device.id));
		expect(row!.revokedAt).toBeNull();
	});

	test("B cannot read or change A's sites, nor put locations in them", async () => {
		const a = await makeOrg(t.db, 'A');
		const b = await makeOrg(t.db, 'B');
		const [siteBefore] = await t.db.select().from(sites).where(eq(sites.id, a.siteIds.reserve));
		await expectAppError(getSite(t.db, b.actors.manager, a.siteIds.reserve), 'not_found', 404);
		await expectAppError(updateSite(t.db, b.actors.manager, a.siteIds.reserve, { name: 'Volé', kind: 'entrepot' }), 'not_found', 404);
		await expectAppError(
			createLocation(t.db, b.actors.manager, { siteId: a.siteIds.reserve, name: 'Intrus', kind: 'rayon', zone: 'ambient' }),
			'not_found',
			404
		);
		await expectAppError(
			updateLocation(t.db, b.actors.manager, a.locationId, { siteId: b.siteIds.reserve, name: 'Volé', kind: 'rayon', zone: 'ambient' }),
			'not_found',
			404
		);
		// B's own location cannot be moved into A's site either.
		await expectAppError(
			updateLocation(t.db, b.actors.manager, b.locationId, { siteId: a.siteIds.reserve, name: 'Étagère A', kind: 'etagere', zone: 'ambient' }),
			'not_found',
			404
		);
		const [siteAfter] = await t.db.select().from(sites).where(eq(sites.id, a.siteIds.reserve));
		expect(siteAfter).toEqual(siteBefore);
		expect((await listLocations(t.db, a.actors.manager, { includeInactive: true })).map((l) => l.id)).toEqual([a.locationId]);
		expect((await listSites(t.db, b.actors.manager)).map((s) => s.id).sort()).toEqual(Object.values(b.siteIds).sort());
		expect(await listLocations(t.db, b.actors.manager, { siteId: a.siteIds.reserve })).toEqual([]);
		expect(await auditRows(t.db, a.organisationId)).toEqual([]);
	});

	test('the database itself refuses rows that mix organisations (composite foreign keys)', async () => {
		const a = await makeOrg(t.db, 'A');
		const b = await makeOrg(t.db, 'B');
		// A location of B in a site of A.
		await expectPgError(
			t.db
				.insert(locations)
				.values({ organisationId: b.organisationId, siteId: a.siteIds.reserve, code: 'EMP-0100', name: 'Intrus', kind: 'rayon', zone: 'ambient' }),
			'23503'
		);
		// A role in B for a person of A.
		await expectPgError(t.db.insert(memberships).values({ organisationId: b.organisationId, userId: a.users.operator.id, role: 'admin' }), '23503');
		// A session of B for a person of A.
		await expectPgError(
			t.db.insert(sessions).values({
				id: 'x'.repeat(64),
				organisationId: b.organisationId,
				userId: a.users.operator.id,
				method: 'password',
				expiresAt: new Date(Date.now() + 3600_000),
				idleExpiresAt: new Date(Date.now() + 3600_000)
			}),
			'23503'
		);
		// A session of A on a tablet of B.
		const { device } = await makeDevice(t.db, b);
		await expectPgError(
			t.db.insert(sessions).values({
				id: 'y'.repeat(64),
				organisationId: a.organisationId,
				userId: a.users.operator.id,
				deviceId: device.id,
				method: 'pin',
				expiresAt: new Date(Date.now() + 3600_000),
				idleExpiresAt: new Date(Date.now() + 3600_000)
			}),
			'23503'
		);
		// A tablet of B enrolled by a person of A, or placed in a site of A.
		await expectPgError(
			t.db.insert(devices).values({ organisationId: b.organisationId, name: 'X', tokenHash: 'h1', enrolledBy: a.users.supervisor.id }),
			'23503'
		);
		await expectPgError(
			t.db
				.insert(devices)
				.values({ organisationId: b.organisationId, siteId: a.siteIds.epicerie, name: 'X', tokenHash: 'h2', enrolledBy: b.users.supervisor.id }),
			'23503'
		);
		// Moving A's location to B's site by hand is refused as well.
		await expectPgError(t.db.update(locations).set({ siteId: b.siteIds.reserve, name: 'Déplacée' }).where(eq(locations.id, a.locationId)), '23503');
	});
});
