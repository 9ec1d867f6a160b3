import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { applications, auditLog, beneficiaryCards, householdBudgetLines, households, rights } from '$lib/server/db/schema';
import {
	addBudgetLine,
	addMember,
	createHousehold,
	householdCounts,
	listFileAccess,
	openHouseholdFile,
	searchHouseholds,
	socialDesk,
	updateHousehold
} from '$lib/server/households/households';
import { updateTimeZone } from '$lib/server/timeZone';
import { eraseHousehold, exportHousehold, getSettings, runRetention, runScheduledRetention, updateSettings } from '$lib/server/households/privacy';
import {
	changeRightStatus,
	committeeSession,
	consumeBudget,
	decideApplication,
	issueCard,
	issueRight,
	renewRight,
	submitApplication,
	tillLookup
} from '$lib/server/households/rights';
import { DEFAULT_SETTINGS } from '$lib/server/households/settings';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';

const t = useTestDatabase();
const TODAY = '2026-03-10';

async function household(org: OrgFixture, firstName = 'Aïcha', lastName = 'Benali', birthDate = '1985-04-12') {
	const r = await createHousehold(
		t.db,
		org.actors.social_worker,
		{ firstName, lastName, birthDate, consent: true, rgpdInformedOn: '2026-03-01' },
		{ today: TODAY }
	);
	if (!('created' in r)) throw new Error('duplicate');
	return r.created;
}

/** A household with an accepted application and its right from TODAY. */
async function withRight(org: OrgFixture) {
	const h = await household(org, 'Jeanne', 'Martin-' + Math.random().toString(36).slice(2, 6));
	const app = await submitApplication(t.db, org.actors.social_worker, h.id, { assessment: 'Situation difficile' });
	const d = await decideApplication(
		t.db,
		org.actors.social_worker,
		app.id,
		{ outcome: 'accepted', decidedOn: TODAY, right: { validFrom: TODAY } },
		{ today: TODAY }
	);
	return { ...h, rightId: d.rightId! };
}

describe('household files', () => {
	test('creation numbers files FOY-0001…, and similar names with the same birth date are shown before saving', async () => {
		const org = await makeOrg(t.db);
		const a = await household(org);
		expect(a.reference).toBe('FOY-0001');
		const dup = await createHousehold(t.db, org.actors.social_worker, { firstName: 'Aicha', lastName: 'BENALI', birthDate: '1985-04-12' }, { today: TODAY });
		expect(dup).toEqual({ duplicates: [{ id: a.id, reference: 'FOY-0001', firstName: 'Aïcha', lastName: 'Benali', birthDate: '1985-04-12' }] });
		expect(await t.db.select().from(households).where(eq(households.organisationId, org.organisationId))).toHaveLength(1);
		// Another birth date: no duplicate. Chosen to go on anyway: saved.
		expect(
			'created' in
				(await createHousehold(t.db, org.actors.social_worker, { firstName: 'Aïcha', lastName: 'Benali', birthDate: '1990-01-01' }, { today: TODAY }))
		).toBe(true);
		const forced = await createHousehold(
			t.db,
			org.actors.social_worker,
			{ firstName: 'Aicha', lastName: 'Benali', birthDate: '1985-04-12' },
			{ ignoreDuplicates: true, today: TODAY }
		);
		expect(forced).toMatchObject({ created: { reference: 'FOY-0003' } });
	});

	test('impossible dates and bad input are refused with French messages, nothing saved', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		await expectAppError(createHousehold(t.db, sw, { firstName: 'A', lastName: 'B', birthDate: '1985-02-30' }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(createHousehold(t.db, sw, { firstName: 'A', lastName: 'B', birthDate: '2030-01-01' }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(createHousehold(t.db, sw, { firstName: '', lastName: 'B', birthDate: '1985-01-01' }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(
			createHousehold(t.db, sw, { firstName: 'A', lastName: 'B', birthDate: '1985-01-01', rgpdInformedOn: '2026-13-01' }, { today: TODAY }),
			'invalid_input',
			400
		);
		expect(await t.db.select().from(households).where(eq(households.organisationId, org.organisationId))).toEqual([]);
		const h = await household(org);
		await expectAppError(addMember(t.db, sw, h.id, { birthYear: 1700, relation: 'enfant' }), 'invalid_input');
		await expectAppError(addBudgetLine(t.db, sw, h.id, { kind: 'resource', type: 'salaire', monthlyCents: -1 }), 'invalid_input');
		await expectAppError(addBudgetLine(t.db, sw, h.id, { kind: 'charge', type: 'salaire', monthlyCents: 100 }), 'invalid_input');
	});

	test('the file computes the reste à vivre against the threshold and the grid budget', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await household(org);
		await addMember(t.db, sw, h.id, { birthYear: 2015, relation: 'enfant' }, { today: TODAY });
		await addMember(t.db, sw, h.id, { birthYear: 2018, relation: 'enfant' }, { today: TODAY });
		await addBudgetLine(t.db, sw, h.id, { kind: 'resource', type: 'rsa', monthlyCents: 110_000 });
		await addBudgetLine(t.db, sw, h.id, { kind: 'charge', type: 'loyer', monthlyCents: 45_000 });
		await addBudgetLine(t.db, sw, h.id, { kind: 'charge', type: 'energie', monthlyCents: 12_000 });
		const f = await openHouseholdFile(t.db, sw, h.id, { today: TODAY });
		expect(f).toMatchObject({
			persons: 3,
			resourcesCents: 110_000,
			chargesCents: 57_000,
			resteAVivreCents: 588,
			thresholdCents: 800,
			underThreshold: true,
			gridBudgetCents: 3000
		});
	});

	test('every opening of a full file is audited, and social workers list who opened it', async () => {
		const org = await makeOrg(t.db);
		const h = await household(org);
		await openHouseholdFile(t.db, org.actors.social_worker, h.id);
		await openHouseholdFile(t.db, org.actors.social_worker, h.id);
		const opens = await auditRows(t.db, org.organisationId, 'household.open');
		expect(opens).toHaveLength(2);
		expect(opens[0]).toMatchObject({ userId: org.users.social_worker.id, entityType: 'household', entityId: h.id, details: { reference: 'FOY-0001' } });
		const access = await listFileAccess(t.db, org.actors.social_worker, h.id);
		expect(access.filter((a) => a.action === 'household.open')).toHaveLength(2);
		expect(access[0]!.person).toBe(`${org.users.social_worker.firstName} ${org.users.social_worker.lastName}`);
		// The journal managers read names the file by its reference only.
		expect(JSON.stringify(await auditRows(t.db, org.organisationId))).not.toContain('Benali');
	});

	test('role matrix on the services: only social workers open, write and search files; managers get counts', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const h = await withRight(org);
		const deny = async (actor: Actor, code = 'forbidden', status = 403) => {
			await expectAppError(openHouseholdFile(t.db, actor, h.id), code, status);
			await expectAppError(createHousehold(t.db, actor, { firstName: 'X', lastName: 'Y', birthDate: '1980-01-01' }), code, status);
			await expectAppError(updateHousehold(t.db, actor, h.id, { firstName: 'X', lastName: 'Y', birthDate: '1980-01-01' }), code, status);
			await expectAppError(addMember(t.db, actor, h.id, { birthYear: 2000, relation: 'conjoint' }), code, status);
			await expectAppError(submitApplication(t.db, actor, h.id, { assessment: 'abc' }), code, status);
			await expectAppError(renewRight(t.db, actor, h.rightId), code, status === 404 ? 404 : status);
			await expectAppError(changeRightStatus(t.db, actor, h.rightId, 'suspend', 'raison'), code, status);
			await expectAppError(issueCard(t.db, actor, h.id), code, status);
			await expectAppError(exportHousehold(t.db, actor, h.id), code, status);
			await expectAppError(eraseHousehold(t.db, actor, h.id, 'FOY-0001'), code, status);
		};
		for (const role of ['operator', 'supervisor', 'manager', 'admin'] as const) {
			await deny(org.actors[role]);
			await expectAppError(searchHouseholds(t.db, org.actors[role], 'Jeanne'), 'forbidden', 403);
			await expectAppError(socialDesk(t.db, org.actors[role]), 'forbidden', 403);
			await expectAppError(committeeSession(t.db, org.actors[role]), 'forbidden', 403);
		}
		// A social worker of another organisation: the file does not exist for them.
		await expectAppError(openHouseholdFile(t.db, other.actors.social_worker, h.id), 'not_found', 404);
		await expectAppError(issueCard(t.db, other.actors.social_worker, h.id), 'not_found', 404);
		await expectAppError(renewRight(t.db, other.actors.social_worker, h.rightId), 'not_found', 404);
		await expectAppError(tillLookup(t.db, other.actors.operator, h.reference), 'unknown_card', 404);
		expect(await searchHouseholds(t.db, other.actors.social_worker, 'Jeanne')).toEqual([]);
		// Counts for managers, nothing for operators.
		expect(await householdCounts(t.db, org.actors.manager, { today: TODAY })).toEqual({ files: 1, withRight: 1, waiting: 0, anonymised: 0 });
		await expectAppError(householdCounts(t.db, org.actors.operator), 'forbidden', 403);
		await expectAppError(updateSettings(t.db, org.actors.social_worker, DEFAULT_SETTINGS), 'forbidden', 403);
		// Nothing was written by the refused calls.
		expect((await auditRows(t.db, org.organisationId)).map((r) => r.action).filter((a) => a === 'household.open')).toEqual([]);
		// Only the other social worker's search (a list read, audited: by name, nothing found).
		expect((await auditRows(t.db, other.organisationId)).map((r) => [r.action, r.details])).toEqual([['household.search', { by: 'name', count: 0 }]]);
	});
});

describe('committee and rights', () => {
	test('accepted decision issues a right of 3 months at 20 % with the grid budget; desk and counts follow', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await household(org);
		await addMember(t.db, sw, h.id, { birthYear: 1984, relation: 'conjoint' }, { today: TODAY });
		const app = await submitApplication(t.db, sw, h.id, { assessment: 'Perte d’emploi' });
		await expectAppError(submitApplication(t.db, sw, h.id, { assessment: 'Encore' }), 'application_open', 409);
		let desk = await socialDesk(t.db, sw, { today: TODAY });
		expect(desk.waiting.map((w) => w.reference)).toEqual(['FOY-0001']);
		expect(desk.withoutRight.map((w) => w.reference)).toEqual(['FOY-0001']);
		const session = await committeeSession(t.db, sw);
		expect(session.items[0]).toMatchObject({ label: 'FOY-0001 — Aïcha Benali', persons: 2, gridBudgetCents: 3000 });
		const d = await decideApplication(t.db, sw, app.id, { outcome: 'accepted', decidedOn: TODAY }, { today: TODAY });
		const [r] = await t.db.select().from(rights).where(eq(rights.id, d.rightId!));
		expect(r).toMatchObject({
			validFrom: TODAY,
			validTo: '2026-06-09',
			rateBp: 2000,
			monthlyBudgetCents: 3000,
			budgetBasis: 'reference_value',
			renewals: 0,
			status: 'active',
			decisionId: d.decisionId
		});
		await expectAppError(
			decideApplication(t.db, sw, app.id, { outcome: 'refused', decidedOn: TODAY, reason: 'non' }, { today: TODAY }),
			'already_decided',
			409
		);
		desk = await socialDesk(t.db, sw, { today: TODAY });
		expect(desk.waiting).toEqual([]);
		expect(desk.withoutRight).toEqual([]);
		expect((await socialDesk(t.db, sw, { today: '2026-06-01' })).ending.map((e) => e.reference)).toEqual(['FOY-0001']);
	});

	test('anonymous committee shows no names; refusal and postponement need a reason', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		await updateSettings(t.db, org.actors.manager, { ...DEFAULT_SETTINGS, anonymousCommittee: true });
		const h = await household(org);
		const app = await submitApplication(t.db, sw, h.id, { assessment: 'Évaluation' });
		const s = await committeeSession(t.db, sw);
		expect(s.anonymous).toBe(true);
		expect(s.items[0]).toMatchObject({ label: 'Demande 1', reference: null, name: null });
		expect(JSON.stringify(s)).not.toContain('Benali');
		await expectAppError(decideApplication(t.db, sw, app.id, { outcome: 'refused', decidedOn: TODAY }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(decideApplication(t.db, sw, app.id, { outcome: 'accepted', decidedOn: '2026-02-31' }, { today: TODAY }), 'invalid_input', 400);
		await decideApplication(t.db, sw, app.id, { outcome: 'postponed', decidedOn: TODAY, reason: 'Pièces manquantes' }, { today: TODAY });
		expect((await committeeSession(t.db, sw)).items).toHaveLength(1);
	});

	test('bad rights are refused and change nothing: overlap, rate outside bounds, override without reason', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await withRight(org);
		const before = await t.db.select().from(rights).where(eq(rights.householdId, h.id));
		await expectAppError(issueRight(t.db, sw, h.id, { validFrom: '2026-05-01' }, { today: TODAY }), 'right_overlap', 409);
		const h2 = await household(org, 'Paul', 'Nouveau');
		await expectAppError(issueRight(t.db, sw, h2.id, { rateBp: 3500 }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(issueRight(t.db, sw, h2.id, { rateBp: 900 }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(issueRight(t.db, sw, h2.id, { monthlyBudgetCents: 4500 }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(issueRight(t.db, sw, h2.id, { validFrom: '2026-04-31' }, { today: TODAY }), 'invalid_input', 400);
		expect(await t.db.select().from(rights).where(eq(rights.householdId, h2.id))).toEqual([]);
		expect(await t.db.select().from(rights).where(eq(rights.householdId, h.id))).toEqual(before);
		// With a reason, and a rate inside the bounds: fine. After the first right, a new one may follow.
		await issueRight(t.db, sw, h2.id, { rateBp: 1000, monthlyBudgetCents: 4500, overrideReason: 'Régime médical' }, { today: TODAY });
		await issueRight(t.db, sw, h.id, { validFrom: '2026-06-10' }, { today: TODAY });
		// The manager widens the bounds: 35 % is then accepted.
		await updateSettings(t.db, org.actors.manager, { ...DEFAULT_SETTINGS, rateMaxBp: 4000 });
		const h3 = await household(org, 'Luc', 'Troisième');
		await issueRight(t.db, sw, h3.id, { rateBp: 3500 }, { today: TODAY });
	});

	test('renewal counts up to the maximum; suspend, resume and revoke keep a reason', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await withRight(org);
		expect(await renewRight(t.db, sw, h.rightId)).toEqual({ validTo: '2026-09-09', renewals: 1 });
		expect(await renewRight(t.db, sw, h.rightId)).toEqual({ validTo: '2026-12-09', renewals: 2 });
		await expectAppError(renewRight(t.db, sw, h.rightId), 'max_renewals', 409);
		await expectAppError(changeRightStatus(t.db, sw, h.rightId, 'suspend', ''), 'invalid_input', 400);
		await changeRightStatus(t.db, sw, h.rightId, 'suspend', 'Absence de nouvelles');
		expect((await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY })).message).toBe('Droit suspendu');
		await changeRightStatus(t.db, sw, h.rightId, 'resume');
		await changeRightStatus(t.db, sw, h.rightId, 'revoke', 'Déménagement');
		await expectAppError(changeRightStatus(t.db, sw, h.rightId, 'resume'), 'right_status', 409);
		const [r] = await t.db.select().from(rights).where(eq(rights.id, h.rightId));
		expect(r).toMatchObject({ status: 'revoked', statusReason: 'Déménagement', renewals: 2 });
	});
});

describe('a second application, and the till while the committee decides (issue 10, item 13)', () => {
	test('a second committee application while a right runs is refused with the way to prolong it; allowed in its last 14 days or when suspended', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await withRight(org); // right from 10 March to 9 June 2026
		const refused = await expectAppError(submitApplication(t.db, sw, h.id, { assessment: 'Nouvelle demande' }, { today: TODAY }), 'right_active', 409);
		expect(refused.message).toContain('9 juin 2026');
		expect(refused.message).toContain('Renouveler');
		expect(
			await t.db
				.select()
				.from(applications)
				.where(and(eq(applications.householdId, h.id), eq(applications.status, 'pending')))
		).toHaveLength(0);
		// In the right's last 14 days, the next file may be prepared.
		await submitApplication(t.db, sw, h.id, { assessment: 'Fin de droit proche' }, { today: '2026-05-30' });
		// A suspended right may go back to the committee.
		const other = await withRight(org);
		await changeRightStatus(t.db, sw, other.rightId, 'suspend', 'Situation à revoir');
		await submitApplication(t.db, sw, other.id, { assessment: 'Situation changée' }, { today: TODAY });
	});

	test('at the till, a household waiting for the committee reads "Demande en attente du comité", not "Pas de droit"', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await household(org, 'Fatou', 'Diop');
		expect(await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY })).toMatchObject({
			status: 'none',
			message: 'Pas de droit',
			canShop: false
		});
		const app = await submitApplication(t.db, sw, h.id, { assessment: 'Situation difficile' }, { today: TODAY });
		expect(await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY })).toMatchObject({
			status: 'waiting',
			message: 'Demande en attente du comité',
			canShop: false,
			budgetCents: null
		});
		// Postponed: still waiting. Refused: no right, and no longer waiting.
		await decideApplication(t.db, sw, app.id, { outcome: 'postponed', decidedOn: TODAY, reason: 'Pièces manquantes' }, { today: TODAY });
		expect((await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY })).status).toBe('waiting');
		await decideApplication(t.db, sw, app.id, { outcome: 'refused', decidedOn: TODAY, reason: 'Hors critères' }, { today: TODAY });
		expect(await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY })).toMatchObject({ status: 'none', message: 'Pas de droit' });
	});
});

describe('cards and the till', () => {
	test('the till sees only first name, status, rate and budget; reissuing revokes the old card', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await withRight(org);
		const first = await issueCard(t.db, sw, h.id);
		expect(first.token).toMatch(/^CARTE-[A-Z0-9]{32}$/);
		const view = await tillLookup(t.db, org.actors.operator, first.token, { today: TODAY });
		expect(view).toEqual({
			firstName: 'Jeanne',
			status: 'valid',
			message: 'Droit valide jusqu’au 9 juin 2026'.replace('’', "'"),
			canShop: true,
			rateBp: 2000,
			budgetBasis: 'reference_value',
			budgetCents: 2000,
			usedCents: 0,
			leftCents: 2000,
			limits: null,
			rightId: h.rightId
		});
		expect(JSON.stringify(view)).not.toMatch(/Martin/);
		expect((await tillLookup(t.db, org.actors.operator, first.token.toLowerCase(), { today: TODAY })).firstName).toBe('Jeanne');
		expect((await tillLookup(t.db, org.actors.supervisor, h.reference, { today: '2026-06-01' })).message).toBe('Droit valide. Il se termine le 9 juin 2026');
		expect((await tillLookup(t.db, org.actors.supervisor, h.reference, { today: '2026-06-10' })).message).toBe('Droit terminé depuis le 10 juin 2026');
		const second = await issueCard(t.db, sw, h.id);
		await expectAppError(tillLookup(t.db, org.actors.operator, first.token, { today: TODAY }), 'card_revoked', 404);
		await expectAppError(tillLookup(t.db, org.actors.operator, 'CARTE-INCONNUE', { today: TODAY }), 'unknown_card', 404);
		expect((await tillLookup(t.db, org.actors.operator, second.token, { today: TODAY })).status).toBe('valid');
		expect(await t.db.select().from(beneficiaryCards).where(eq(beneficiaryCards.householdId, h.id))).toHaveLength(2);
		expect(JSON.stringify(await t.db.select().from(beneficiaryCards))).not.toContain(second.token);
		const h2 = await household(org, 'Sans', 'Droit');
		expect(await tillLookup(t.db, org.actors.operator, h2.reference, { today: TODAY })).toMatchObject({
			status: 'none',
			message: 'Pas de droit',
			canShop: false,
			budgetCents: null
		});
	});

	test('consumeBudget spends this month only, never beyond the budget', async () => {
		const org = await makeOrg(t.db);
		const h = await withRight(org);
		const op = org.actors.operator;
		expect(await t.db.transaction((tx) => consumeBudget(tx, op, { rightId: h.rightId, amountCents: 1500, source: 'vente-1', today: TODAY }))).toEqual({
			leftCents: 500,
			usedBeforeCents: 0
		});
		await expectAppError(
			t.db.transaction((tx) => consumeBudget(tx, op, { rightId: h.rightId, amountCents: 600, source: 'vente-2', today: TODAY })),
			'budget_exceeded',
			409
		);
		expect(await tillLookup(t.db, op, h.reference, { today: TODAY })).toMatchObject({ usedCents: 1500, leftCents: 500 });
		expect(await tillLookup(t.db, op, h.reference, { today: '2026-04-01' })).toMatchObject({ usedCents: 0, leftCents: 2000 });
		await expectAppError(
			t.db.transaction((tx) => consumeBudget(tx, op, { rightId: h.rightId, amountCents: 100, source: 'x', today: '2026-07-01' })),
			'right_not_valid',
			409
		);
	});
});

describe('privacy', () => {
	test('export gives the whole file and is audited; erase anonymises and keeps anonymous figures', async () => {
		const org = await makeOrg(t.db);
		const sw = org.actors.social_worker;
		const h = await withRight(org);
		await addBudgetLine(t.db, sw, h.id, { kind: 'resource', type: 'rsa', monthlyCents: 60_000 });
		const card = await issueCard(t.db, sw, h.id);
		const ex = await exportHousehold(t.db, sw, h.id);
		expect(ex.file.household.firstName).toBe('Jeanne');
		expect(ex.file.lines).toHaveLength(1);
		expect(await auditRows(t.db, org.organisationId, 'household.export')).toHaveLength(1);
		await expectAppError(eraseHousehold(t.db, sw, h.id, 'FOY-9999'), 'invalid_input', 400);
		await eraseHousehold(t.db, sw, h.id, h.reference.toLowerCase());
		const [row] = await t.db.select().from(households).where(eq(households.id, h.id));
		expect(row).toMatchObject({ firstName: '', lastName: '', birthDate: null, notes: null, reference: h.reference });
		expect(row!.anonymisedAt).not.toBeNull();
		expect(await t.db.select().from(householdBudgetLines).where(eq(householdBudgetLines.householdId, h.id))).toEqual([]);
		expect(await t.db.select().from(rights).where(eq(rights.householdId, h.id))).toHaveLength(1);
		await expectAppError(tillLookup(t.db, org.actors.operator, card.token, { today: TODAY }), 'card_revoked', 404);
		await expectAppError(updateHousehold(t.db, sw, h.id, { firstName: 'A', lastName: 'B', birthDate: '1980-01-01' }), 'anonymised', 409);
		expect(await householdCounts(t.db, org.actors.manager)).toMatchObject({ files: 0, anonymised: 1 });
	});

	test("retention counts days in the organisation's time zone (a file last changed at 23:30 UTC)", async () => {
		const paris = await makeOrg(t.db);
		const cayenne = await makeOrg(t.db, 'Guyane');
		await updateTimeZone(t.db, cayenne.actors.manager, 'America/Cayenne');
		const a = await household(paris, 'Nuit', 'Paris');
		const b = await household(cayenne, 'Nuit', 'Cayenne');
		// 2024-03-31 23:30 UTC is already 1 April in Paris, still 31 March in Cayenne (UTC−3).
		const lateEvening = new Date('2024-03-31T23:30:00Z');
		await t.db
			.update(households)
			.set({ updatedAt: lateEvening })
			.where(inArray(households.id, [a.id, b.id]));
		expect((await runRetention(t.db, paris.actors.manager, { today: '2026-04-01' })).anonymised).toEqual([]);
		expect((await runRetention(t.db, cayenne.actors.manager, { today: '2026-04-01' })).anonymised).toEqual([b.id]);
		expect((await runRetention(t.db, paris.actors.manager, { today: '2026-04-02' })).anonymised).toEqual([a.id]);
	});

	test('retention anonymises exactly the files whose last right ended more than 24 months ago', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const sw = org.actors.social_worker;
		const old = await household(org, 'Ancien', 'Droit');
		await issueRight(t.db, sw, old.id, { validFrom: '2023-01-01' }, { today: TODAY }); // ends 2023-03-31
		const edge = await household(org, 'Limite', 'Droit');
		await issueRight(t.db, sw, edge.id, { validFrom: '2024-01-01' }, { today: TODAY }); // ends 2024-03-31: due after 2026-03-31
		const recent = await withRight(org);
		const never = await household(org, 'Jamais', 'Droit');
		const foreign = await household(other, 'Ancien', 'Ailleurs');
		await issueRight(t.db, other.actors.social_worker, foreign.id, { validFrom: '2023-01-01' }, { today: TODAY });
		const r1 = await runRetention(t.db, org.actors.manager, { today: '2026-03-31' });
		expect(r1.anonymised).toEqual([old.id]);
		const r2 = await runRetention(t.db, org.actors.manager, { today: '2026-04-01' });
		expect(r2.anonymised).toEqual([edge.id]);
		const rows = await t.db
			.select({ id: households.id, at: households.anonymisedAt })
			.from(households)
			.where(eq(households.organisationId, org.organisationId));
		const anonymised = rows
			.filter((r) => r.at)
			.map((r) => r.id)
			.sort();
		expect(anonymised).toEqual([old.id, edge.id].sort());
		expect(rows.find((r) => r.id === recent.id)!.at).toBeNull();
		expect(rows.find((r) => r.id === never.id)!.at).toBeNull();
		const [f] = await t.db.select().from(households).where(eq(households.id, foreign.id));
		expect(f!.anonymisedAt).toBeNull();
		const runs = await t.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.organisationId, org.organisationId), eq(auditLog.action, 'household.retention_run')));
		expect(runs).toHaveLength(2);
		await expectAppError(runRetention(t.db, org.actors.operator), 'forbidden', 403);
	});

	test('scheduled retention (CLI, cron): every organisation with its own setting; a dry run changes nothing', async () => {
		const a = await makeOrg(t.db);
		const b = await makeOrg(t.db, 'Autre');
		await updateSettings(t.db, b.actors.manager, { ...DEFAULT_SETTINGS, retentionMonths: 48 });
		const oldA = await household(a, 'Ancien', 'Nord');
		await issueRight(t.db, a.actors.social_worker, oldA.id, { validFrom: '2023-01-01' }, { today: TODAY }); // ends 2023-03-31
		const keptA = await withRight(a);
		const oldB = await household(b, 'Ancien', 'Sud');
		await issueRight(t.db, b.actors.social_worker, oldB.id, { validFrom: '2023-01-01' }, { today: TODAY }); // kept 48 months
		const mine = (rows: Awaited<ReturnType<typeof runScheduledRetention>>) =>
			Object.fromEntries(rows.filter((r) => r.slug === a.slug || r.slug === b.slug).map((r) => [r.slug, r]));
		const refA = (await t.db.select({ r: households.reference }).from(households).where(eq(households.id, oldA.id)))[0]!.r;

		const dry = mine(await runScheduledRetention(t.db, { today: '2026-04-01', dryRun: true }));
		expect(dry[a.slug]).toMatchObject({ retentionMonths: 24, references: [refA] });
		expect(dry[b.slug]).toMatchObject({ retentionMonths: 48, references: [] });
		expect((await t.db.select().from(households).where(eq(households.id, oldA.id)))[0]!.anonymisedAt).toBeNull();
		expect(await auditRows(t.db, a.organisationId, 'household.retention_run')).toHaveLength(0);

		const run = mine(await runScheduledRetention(t.db, { today: '2026-04-01' }));
		expect(run[a.slug]!.references).toEqual([refA]);
		expect(run[b.slug]!.references).toEqual([]);
		const at = async (id: string) => (await t.db.select().from(households).where(eq(households.id, id)))[0]!.anonymisedAt;
		expect(await at(oldA.id)).not.toBeNull();
		expect(await at(keptA.id)).toBeNull();
		expect(await at(oldB.id)).toBeNull();
		const [audited] = await auditRows(t.db, a.organisationId, 'household.retention_run');
		expect(audited).toMatchObject({ userId: null, details: { scheduled: true, anonymised: [refA] } });
		// Run again the next night: nothing left to do.
		expect(mine(await runScheduledRetention(t.db, { today: '2026-04-02' }))[a.slug]!.references).toEqual([]);
	});

	test('settings: defaults, manager changes them, bad values refused', async () => {
		const org = await makeOrg(t.db);
		expect(await getSettings(t.db, org.actors.manager)).toEqual(DEFAULT_SETTINGS);
		await expectAppError(updateSettings(t.db, org.actors.manager, { ...DEFAULT_SETTINGS, rateDefaultBp: 500 }), 'invalid_input', 400);
		await updateSettings(t.db, org.actors.manager, { ...DEFAULT_SETTINGS, maxRenewals: 3 });
		expect((await getSettings(t.db, org.actors.social_worker)).maxRenewals).toBe(3);
	});
});
