import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { households, organisations, parcelRights, rights } from '$lib/server/db/schema';
import { addMember, createHousehold } from '$lib/server/households/households';
import {
	changeParcelRightStatus,
	issueParcelRight,
	listParcelRights,
	parcelRightFor,
	parcelRightsCovering,
	renewParcelRight
} from '$lib/server/households/parcelRights';
import { eraseHousehold, exportHousehold, runRetention } from '$lib/server/households/privacy';
import { decideApplication, submitApplication, tillLookup } from '$lib/server/households/rights';
import { describeAuditEvent } from '$lib/auditEvents';
import { seedParcelRights } from '$lib/server/demo/parcelRights';
import { periodsOverlap } from '$lib/server/households/rules';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';

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

/** Sets organisation settings keys (flat, as the parcels' settings are kept). */
async function setOrgSettings(org: OrgFixture, values: Record<string, unknown>) {
	const [o] = await t.db.select({ s: organisations.settings }).from(organisations).where(eq(organisations.id, org.organisationId));
	await t.db
		.update(organisations)
		.set({ settings: { ...((o?.s as Record<string, unknown>) ?? {}), ...values } })
		.where(eq(organisations.id, org.organisationId));
}

const rowsOf = (org: OrgFixture) => t.db.select().from(parcelRights).where(eq(parcelRights.organisationId, org.organisationId));

describe('issuing parcel rights', () => {
	test('defaults: today, the duration of the households settings, the default frequency, the household size, the organisation participation', async () => {
		const org = await makeOrg(t.db);
		await setOrgSettings(org, { 'parcels.participationCents': 200, 'parcels.defaultFrequency': 'monthly' });
		const h = await household(org);
		await addMember(t.db, org.actors.social_worker, h.id, { birthYear: 2015, relation: 'enfant' }, { today: TODAY });
		await addMember(t.db, org.actors.social_worker, h.id, { birthYear: 1982, relation: 'conjoint' }, { today: TODAY });
		const { id } = await issueParcelRight(t.db, org.actors.social_worker, h.id, {}, { today: TODAY });
		const [r] = await listParcelRights(t.db, org.actors.social_worker, h.id);
		expect(r).toMatchObject({
			id,
			validFrom: TODAY,
			validTo: '2026-06-09',
			frequency: 'monthly',
			persons: 3,
			participationCents: 200,
			renewals: 0,
			status: 'active',
			decisionId: null
		});
		const audits = await auditRows(t.db, org.organisationId, 'parcel_right.issue');
		expect(audits).toHaveLength(1);
		expect(audits[0]!.entityType).toBe('household');
		// The journal names the household by its reference only.
		const sentence = describeAuditEvent({ ...audits[0]!, person: 'Julie' });
		expect(sentence).toContain(h.reference);
		expect(sentence).not.toContain('Jeanne');
		expect(JSON.stringify(audits[0]!.details)).not.toContain('Martin');
		// A later change of the setting does not change the right.
		await setOrgSettings(org, { 'parcels.participationCents': 500 });
		expect((await listParcelRights(t.db, org.actors.social_worker, h.id))[0]!.participationCents).toBe(200);
	});

	test('chosen values: first day, frequency, persons, free', async () => {
		const org = await makeOrg(t.db);
		await setOrgSettings(org, { 'parcels.participationCents': 200 });
		const h = await household(org);
		await issueParcelRight(t.db, org.actors.social_worker, h.id, { validFrom: '2026-04-01', frequency: 'weekly', persons: 6, free: true }, { today: TODAY });
		expect((await listParcelRights(t.db, org.actors.social_worker, h.id))[0]).toMatchObject({
			validFrom: '2026-04-01',
			validTo: '2026-06-30',
			frequency: 'weekly',
			persons: 6,
			participationCents: 0
		});
	});

	test('bad input: a French message, nothing written', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		const sw = org.actors.social_worker;
		const cases: [Parameters<typeof issueParcelRight>[3], string][] = [
			[{ validFrom: '2026-02-30' }, 'validFrom'],
			[{ frequency: 'daily' }, 'frequency'],
			[{ persons: 0 }, 'persons'],
			[{ persons: 31 }, 'persons'],
			[{ persons: 2.5 }, 'persons'],
			[{ free: 'yes' as unknown as boolean }, 'free']
		];
		for (const [input, field] of cases) {
			const e = await expectAppError(issueParcelRight(t.db, sw, h.id, input, { today: TODAY }), 'invalid_input', 400);
			expect(e.field).toBe(field);
			expect(e.message).toMatch(/[a-zé]/);
		}
		await expectAppError(issueParcelRight(t.db, sw, 'nope', {}, { today: TODAY }), 'not_found', 404);
		// Only social workers.
		for (const role of ['operator', 'supervisor', 'manager'] as const)
			await expectAppError(issueParcelRight(t.db, org.actors[role], h.id, {}, { today: TODAY }), 'forbidden', 403);
		expect(await rowsOf(org)).toHaveLength(0);
		expect(await auditRows(t.db, org.organisationId, 'parcel_right.issue')).toHaveLength(0);
	});

	test('no two parcel rights of a household that are not revoked share a day; a revoked one no longer counts', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		const sw = org.actors.social_worker;
		const first = await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-03-01' }, { today: TODAY });
		const e = await expectAppError(issueParcelRight(t.db, sw, h.id, { validFrom: '2026-05-31' }, { today: TODAY }), 'parcel_right_overlap', 409);
		expect(e.message).toContain('colis');
		// The day after the end is fine.
		await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-06-01' }, { today: TODAY });
		await expectAppError(issueParcelRight(t.db, sw, h.id, { validFrom: '2026-03-15' }, { today: TODAY }), 'parcel_right_overlap', 409);
		await changeParcelRightStatus(t.db, sw, first.id, 'revoke', 'Déménagement');
		// 03-15 + 3 months runs into the June right: still refused, now for that one.
		await expectAppError(issueParcelRight(t.db, sw, h.id, { validFrom: '2026-03-15' }, { today: TODAY }), 'parcel_right_overlap', 409);
		await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-01-01' }, { today: TODAY });
		expect(await rowsOf(org)).toHaveLength(3);
		// An épicerie right is another thing: it does not collide with parcel rights.
		const app = await submitApplication(t.db, sw, h.id, { assessment: 'Situation difficile' });
		await decideApplication(t.db, sw, app.id, { outcome: 'accepted', decidedOn: TODAY, right: { validFrom: TODAY } }, { today: TODAY });
	});
});

describe('renewing and changing the status of a parcel right', () => {
	test('renewals up to the épicerie rights maximum, each for the duration again; audited', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		const sw = org.actors.social_worker;
		const { id } = await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-03-01' }, { today: TODAY });
		expect(await renewParcelRight(t.db, sw, id)).toEqual({ validTo: '2026-08-31', renewals: 1 });
		expect(await renewParcelRight(t.db, sw, id)).toEqual({ validTo: '2026-11-30', renewals: 2 });
		const e = await expectAppError(renewParcelRight(t.db, sw, id), 'max_renewals', 409);
		expect(e.message).toContain('2');
		const [r] = await rowsOf(org);
		expect(r).toMatchObject({ validFrom: '2026-03-01', validTo: '2026-11-30', renewals: 2 });
		const audits = await auditRows(t.db, org.organisationId, 'parcel_right.renew');
		expect(audits.map((a) => (a.details as { validTo: string[] }).validTo)).toEqual([
			['2026-05-31', '2026-08-31'],
			['2026-08-31', '2026-11-30']
		]);
	});

	test('a renewal that would run into the next parcel right is refused', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		const sw = org.actors.social_worker;
		const { id } = await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-03-01' }, { today: TODAY });
		await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-07-01' }, { today: TODAY });
		await expectAppError(renewParcelRight(t.db, sw, id), 'parcel_right_overlap', 409);
		expect((await t.db.select().from(parcelRights).where(eq(parcelRights.id, id)))[0]!.validTo).toBe('2026-05-31');
	});

	test('suspend, resume, revoke: with a reason, in order, audited; the covering reads follow', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		const sw = org.actors.social_worker;
		const { id } = await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-03-01' }, { today: TODAY });
		await expectAppError(changeParcelRightStatus(t.db, sw, id, 'suspend', ''), 'invalid_input', 400);
		await expectAppError(changeParcelRightStatus(t.db, sw, id, 'resume'), 'parcel_right_status', 409);
		await expectAppError(changeParcelRightStatus(t.db, sw, id, 'delete' as never, 'Raison'), 'invalid_input', 400);
		await changeParcelRightStatus(t.db, sw, id, 'suspend', 'Absent trois fois');
		expect(await parcelRightFor(t.db, org.organisationId, h.id, TODAY)).toBeNull();
		await expectAppError(renewParcelRight(t.db, sw, id), 'parcel_right_not_active', 409);
		await changeParcelRightStatus(t.db, sw, id, 'resume');
		expect((await parcelRightFor(t.db, org.organisationId, h.id, TODAY))?.rightId).toBe(id);
		await changeParcelRightStatus(t.db, sw, id, 'revoke', 'Déménagement');
		await expectAppError(changeParcelRightStatus(t.db, sw, id, 'revoke', 'Encore'), 'parcel_right_status', 409);
		expect(await parcelRightFor(t.db, org.organisationId, h.id, TODAY)).toBeNull();
		const [r] = await rowsOf(org);
		expect(r).toMatchObject({ status: 'revoked', statusReason: 'Déménagement' });
		for (const a of ['suspend', 'resume', 'revoke']) expect(await auditRows(t.db, org.organisationId, `parcel_right.${a}`)).toHaveLength(1);
	});

	test('nothing crosses organisations', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const h = await household(org);
		const { id } = await issueParcelRight(t.db, org.actors.social_worker, h.id, {}, { today: TODAY });
		const them = other.actors.social_worker;
		await expectAppError(issueParcelRight(t.db, them, h.id, {}, { today: TODAY }), 'not_found', 404);
		await expectAppError(listParcelRights(t.db, them, h.id), 'not_found', 404);
		await expectAppError(renewParcelRight(t.db, them, id), 'not_found', 404);
		await expectAppError(changeParcelRightStatus(t.db, them, id, 'revoke', 'Pas à vous'), 'not_found', 404);
		expect(await parcelRightsCovering(t.db, other.organisationId, TODAY)).toEqual([]);
		const [r] = await rowsOf(org);
		expect(r).toMatchObject({ status: 'active', renewals: 0 });
		expect(await auditRows(t.db, other.organisationId)).toHaveLength(0);
	});
});

describe('the committee grants an épicerie right, a parcel right, or both', () => {
	async function application(org: OrgFixture) {
		const h = await household(org);
		const app = await submitApplication(t.db, org.actors.social_worker, h.id, { assessment: 'Situation difficile' });
		return { h, app };
	}
	const counts = async (org: OrgFixture, householdId: string) => ({
		rights: (
			await t.db
				.select()
				.from(rights)
				.where(and(eq(rights.organisationId, org.organisationId), eq(rights.householdId, householdId)))
		).length,
		parcels: (await t.db.select().from(parcelRights).where(eq(parcelRights.householdId, householdId))).length
	});

	test('as before by default: the épicerie right only', async () => {
		const org = await makeOrg(t.db);
		const { h, app } = await application(org);
		const d = await decideApplication(t.db, org.actors.social_worker, app.id, { outcome: 'accepted', decidedOn: TODAY }, { today: TODAY });
		expect(d.rightId).not.toBeNull();
		expect(d.parcelRightId).toBeNull();
		expect(await counts(org, h.id)).toEqual({ rights: 1, parcels: 0 });
	});

	test('a parcel right alone: linked to the decision; the till still says "no right"', async () => {
		const org = await makeOrg(t.db);
		const { h, app } = await application(org);
		const d = await decideApplication(
			t.db,
			org.actors.social_worker,
			app.id,
			{ outcome: 'accepted', decidedOn: TODAY, grants: { epicerie: false, parcel: { frequency: 'weekly', persons: 2 } } },
			{ today: TODAY }
		);
		expect(d.rightId).toBeNull();
		expect(await counts(org, h.id)).toEqual({ rights: 0, parcels: 1 });
		const [p] = await rowsOf(org);
		expect(p).toMatchObject({ id: d.parcelRightId, decisionId: d.decisionId, frequency: 'weekly', persons: 2, validFrom: TODAY });
		// Same card, same lookup: a household with only a parcel right cannot shop at the till.
		const v = await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY });
		expect(v.canShop).toBe(false);
		expect(v.status).toBe('none');
		expect(v.rightId).toBeNull();
	});

	test('both, in the one transaction, the parcel right starting with the épicerie right', async () => {
		const org = await makeOrg(t.db);
		const { h, app } = await application(org);
		const d = await decideApplication(
			t.db,
			org.actors.social_worker,
			app.id,
			{ outcome: 'accepted', decidedOn: TODAY, right: { validFrom: '2026-03-15' }, grants: { epicerie: true, parcel: true } },
			{ today: TODAY }
		);
		expect(d.rightId).not.toBeNull();
		expect(await counts(org, h.id)).toEqual({ rights: 1, parcels: 1 });
		expect((await rowsOf(org))[0]!.validFrom).toBe('2026-03-15');
		expect(await auditRows(t.db, org.organisationId, 'parcel_right.issue')).toHaveLength(1);
		expect(await auditRows(t.db, org.organisationId, 'right.issue')).toHaveLength(1);
	});

	test('accepted with nothing granted, or a bad parcel right: refused, nothing recorded', async () => {
		const org = await makeOrg(t.db);
		const { h, app } = await application(org);
		const sw = org.actors.social_worker;
		const none = await expectAppError(
			decideApplication(t.db, sw, app.id, { outcome: 'accepted', decidedOn: TODAY, grants: { epicerie: false, parcel: false } }, { today: TODAY }),
			'invalid_input',
			400
		);
		expect(none.message).toContain('colis');
		// The épicerie right is fine, the parcel right is not: the whole decision is undone.
		await expectAppError(
			decideApplication(t.db, sw, app.id, { outcome: 'accepted', decidedOn: TODAY, grants: { epicerie: true, parcel: { persons: 99 } } }, { today: TODAY }),
			'invalid_input',
			400
		);
		expect(await counts(org, h.id)).toEqual({ rights: 0, parcels: 0 });
		expect(await auditRows(t.db, org.organisationId, 'household.decision')).toHaveLength(0);
		// A refusal grants nothing, whatever `grants` says.
		const d = await decideApplication(
			t.db,
			sw,
			app.id,
			{ outcome: 'refused', decidedOn: TODAY, reason: 'Hors critères', grants: { parcel: true } },
			{ today: TODAY }
		);
		expect(d).toMatchObject({ rightId: null, parcelRightId: null });
		expect(await counts(org, h.id)).toEqual({ rights: 0, parcels: 0 });
	});
});

describe('privacy: parcel rights in the export, the erasure and the retention', () => {
	test('the RGPD export holds the parcel rights', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		const { id } = await issueParcelRight(t.db, org.actors.social_worker, h.id, { frequency: 'weekly', persons: 2 }, { today: TODAY });
		const out = await exportHousehold(t.db, org.actors.social_worker, h.id);
		expect(out.file.parcelRights).toEqual([expect.objectContaining({ id, frequency: 'weekly', persons: 2 })]);
		const other = await makeOrg(t.db, 'Autre');
		await expectAppError(exportHousehold(t.db, other.actors.social_worker, h.id), 'not_found', 404);
	});

	test('erasing a file revokes its running parcel right and removes its reasons', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		const sw = org.actors.social_worker;
		const old = await issueParcelRight(t.db, sw, h.id, { validFrom: '2025-01-01' }, { today: TODAY });
		await changeParcelRightStatus(t.db, sw, old.id, 'suspend', 'Mme Martin est hospitalisée');
		const now = await issueParcelRight(t.db, sw, h.id, { validFrom: '2026-03-01' }, { today: TODAY });
		await eraseHousehold(t.db, sw, h.id, h.reference, { today: TODAY });
		const list = await rowsOf(org);
		expect(list.find((r) => r.id === now.id)).toMatchObject({ status: 'revoked', statusReason: null });
		expect(list.find((r) => r.id === old.id)).toMatchObject({ status: 'suspended', statusReason: null });
		expect((await auditRows(t.db, org.organisationId, 'household.erase'))[0]!.details).toMatchObject({ parcelRightsEnded: 1 });
		expect(await parcelRightsCovering(t.db, org.organisationId, TODAY)).toEqual([]);
	});

	test('retention counts from the last right of either kind', async () => {
		const org = await makeOrg(t.db);
		// Old file, whose épicerie right ended long ago, but a parcel right still runs: kept.
		const kept = await household(org, 'Karine');
		await rawRight(org, kept.id, { validFrom: '2026-03-01', validTo: '2026-05-31' });
		await t.db.insert(rights).values({
			organisationId: org.organisationId,
			householdId: kept.id,
			validFrom: '2020-01-01',
			validTo: '2020-03-31',
			rateBp: 2000,
			monthlyBudgetCents: 3000,
			budgetBasis: 'reference_value',
			issuedBy: org.users.social_worker.id
		});
		// A parcel right that ended more than 24 months ago, and nothing else: due.
		const due = await household(org, 'Damien');
		await rawRight(org, due.id, { validFrom: '2023-01-01', validTo: '2023-12-31' });
		// The file's own last change is old too (otherwise it would count from it).
		await t.db.execute(sql`update households set updated_at = '2020-01-01' where organisation_id = ${org.organisationId}`);
		const { anonymised } = await runRetention(t.db, org.actors.manager, { today: TODAY });
		expect(anonymised).toEqual([due.id]);
	});
});

describe('the demo parcel rights', () => {
	test('history households only, at least six due today, 1 to 6 persons, one 2 € participation, no overlap', async () => {
		const org = await makeOrg(t.db);
		const made = [];
		for (let i = 0; i < 12; i++) made.push(await household(org, `Prénom${i}`));
		expect(made.slice(0, 3).map((h) => h.reference)).toEqual(['FOY-0001', 'FOY-0002', 'FOY-0003']);
		const ids = new Map([['julien', org.users.social_worker.id]]);
		const given = await t.db.transaction((tx) => seedParcelRights(tx, org.organisationId, ids, TODAY));
		expect(given).toHaveLength(8);
		expect(given.map((g) => g.reference)).not.toEqual(expect.arrayContaining(['FOY-0001']));
		expect(given.some((g) => ['FOY-0001', 'FOY-0002', 'FOY-0003'].includes(g.reference))).toBe(false);
		const due = await parcelRightsCovering(t.db, org.organisationId, TODAY);
		expect(due.length).toBeGreaterThanOrEqual(6);
		expect(new Set(due.map((d) => d.frequency))).toEqual(new Set(['weekly', 'biweekly', 'monthly']));
		const all = await rowsOf(org);
		expect(all.every((r) => r.persons >= 1 && r.persons <= 6)).toBe(true);
		expect(all.filter((r) => r.participationCents === 200)).toHaveLength(1);
		expect(all.filter((r) => r.participationCents !== 0 && r.participationCents !== 200)).toHaveLength(0);
		for (const a of all)
			for (const b of all)
				if (a.id !== b.id && a.householdId === b.householdId && a.status !== 'revoked' && b.status !== 'revoked') expect(periodsOverlap(a, b)).toBe(false);
	});
});
