import { eq, sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { audit } from '$lib/server/audit';
import { passwordSignIn } from '$lib/server/auth/login';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { contracts, users } from '$lib/server/db/schema';
import { addMonths } from '$lib/server/households/rules';
import { rowsOf } from '$lib/server/reports/sql';
import { createContract, recordExit } from '$lib/server/training/contracts';
import { erasePerson, runTrainingRetention, setTrainingRetention, trainingRetention } from '$lib/server/training/erase';
import { recordWork } from '$lib/server/training/events';
import { listSkills } from '$lib/server/training/framework';
import { markReviewed, validateSkill } from '$lib/server/training/record';
import { addDays, shopToday } from '$lib/stock/dates';
import { useTestDatabase } from '../helpers/db';
import { findText } from '../helpers/find-text';
import { addUser, auditRows, expectAppError, makeOrg, TEST_PASSWORD, uniq, type OrgFixture } from '../helpers/fixtures';

const t = useTestDatabase();
const today = () => shopToday(new Date(), 'Europe/Paris');

/** What the workshop report counts, per organisation: none of it may move when a person is erased. */
async function counts(org: OrgFixture) {
	const o = org.organisationId;
	const q = (text: ReturnType<typeof sql>) => rowsOf<{ k: string; n: number }>(t.db, text);
	return {
		events: await q(sql`select type as k, sum(quantity)::int as n from work_events where organisation_id = ${o} group by type order by type`),
		validations: await q(sql`select level as k, count(*)::int as n from skill_validations where organisation_id = ${o} group by level order by level`),
		contracts: await q(sql`select coalesce(exit_kind, 'none') as k, count(*)::int as n from contracts where organisation_id = ${o} group by 1 order by 1`),
		contractDays: await q(
			sql`select start_date::text || '/' || end_date::text || '/' || weekly_minutes as k, 1 as n from contracts where organisation_id = ${o} order by 1`
		),
		reviews: await q(sql`select 'reviews' as k, count(*)::int as n from training_reviews where organisation_id = ${o}`)
	};
}

/** An operator with a name no other row holds, a finished contract, work, validations and a review. */
async function traineeWithHistory(org: OrgFixture) {
	const tag = uniq();
	const firstName = `Aïcha${tag}`;
	const lastName = `Benali${tag}`;
	const { user } = await addUser(t.db, org, ['operator']);
	await t.db
		.update(users)
		.set({ firstName, lastName, email: `aicha.${tag}@exemple.fr` })
		.where(eq(users.id, user.id));
	const who = { organisationId: org.organisationId, userId: user.id };
	for (const type of ['reception.line_add', 'reception.line_add', 'stock.move', 'till.sale', 'count.line'] as const) await recordWork(t.db, who, { type });
	const start = addMonths(today(), -8);
	const { id } = await createContract(t.db, org.actors.manager, user.id, {
		startDate: start,
		endDate: addDays(today(), -10),
		weeklyHours: '26',
		referentId: org.users.supervisor.id,
		counsellor: `Conseillère de ${firstName} ${lastName}`
	});
	await recordExit(t.db, org.actors.manager, id, { exitKind: 'durable_job', exitDate: addDays(today(), -10), exitNote: `${firstName} embauchée en CDI` });
	const skills = await listSkills(t.db, org.actors.supervisor);
	await validateSkill(t.db, org.actors.supervisor, user.id, { skillId: skills[0]!.id, level: 'autonomous', comment: `${firstName} range seule` });
	await validateSkill(t.db, org.actors.supervisor, user.id, {
		skillId: skills[0]!.id,
		level: 'with_help',
		comment: `${lastName} a besoin d'aide`,
		reason: `${firstName} oublie la FEFO`
	});
	await markReviewed(t.db, org.actors.supervisor, user.id);
	// The journal's copy of a name change (user.update keeps before and after).
	await audit(t.db, org.actors.manager, 'user.update', { type: 'user', id: user.id }, { firstName: ['Aicha', firstName], lastName: ['', lastName] });
	return { user, firstName, lastName, tag, contractId: id };
}

describe('erasing a person keeps the anonymous counts (issue 13, "Rules and privacy")', () => {
	test('names, secrets and free texts go everywhere; the counts stay identical; the person can no longer sign in', async () => {
		const org = await makeOrg(t.db);
		const p = await traineeWithHistory(org);
		const session = await passwordSignIn(t.db, { username: p.user.username, password: TEST_PASSWORD, ip: '10.0.0.1' });
		// Before: the names are in the tables the test searches (it would find a leftover).
		expect(await findText(t.db, p.firstName)).toEqual(expect.arrayContaining(['users.first_name', 'skill_validations.comment', 'contracts.counsellor']));
		const before = await counts(org);
		expect(before.events.length).toBeGreaterThan(0);

		await erasePerson(t.db, org.actors.manager, p.user.id, { reason: 'after_contract', confirm: `  ${p.firstName.toUpperCase()}   ${p.lastName} ` });

		for (const x of [p.firstName, p.lastName, p.tag, p.user.username]) expect(await findText(t.db, x), x).toEqual([]);
		expect(await counts(org)).toEqual(before);
		const [u] = await t.db.select().from(users).where(eq(users.id, p.user.id));
		expect(u).toMatchObject({
			firstName: 'Personne effacée',
			lastName: '',
			email: null,
			passwordHash: null,
			pinHash: null,
			badgeTokenHash: null,
			active: false
		});
		expect(u!.erasedAt).not.toBeNull();
		const [c] = await t.db.select().from(contracts).where(eq(contracts.id, p.contractId));
		expect(c).toMatchObject({ counsellor: '', exitNote: null, exitKind: 'durable_job', referentId: org.users.supervisor.id });
		// Signed out everywhere, and no way back in.
		expect(await validateSessionToken(t.db, session.token)).toBeNull();
		await expect(passwordSignIn(t.db, { username: p.user.username, password: TEST_PASSWORD, ip: '10.0.0.2' })).rejects.toThrow();
		const erased = await auditRows(t.db, org.organisationId, 'training.erase');
		expect(erased).toHaveLength(1);
		expect(erased[0]).toMatchObject({ entityType: 'user', entityId: p.user.id, details: { reason: 'after_contract', deactivated: true } });
		// Erased once only.
		await expectAppError(erasePerson(t.db, org.actors.manager, p.user.id, { reason: 'request', confirm: 'Personne effacée' }), 'person_erased', 409);
	});

	test('refusals change nothing: a contract running, a wrong name, a supervisor, oneself, an admin, another organisation', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre structure');
		const p = await traineeWithHistory(org);
		const running = await addUser(t.db, org, ['operator']);
		await createContract(t.db, org.actors.manager, running.user.id, { startDate: addMonths(today(), -5), endDate: addDays(today(), 5), weeklyHours: '26' });
		const runningName = `${running.user.firstName} ${running.user.lastName}`;
		const snapshot = async () => ({
			counts: await counts(org),
			users: await t.db.select().from(users).where(eq(users.organisationId, org.organisationId)).orderBy(users.id),
			audit: (await auditRows(t.db, org.organisationId)).length
		});
		const before = await snapshot();
		const name = `${p.firstName} ${p.lastName}`;
		await expectAppError(erasePerson(t.db, org.actors.manager, running.user.id, { reason: 'request', confirm: runningName }), 'contract_running', 409);
		await expectAppError(erasePerson(t.db, org.actors.manager, p.user.id, { reason: 'request', confirm: p.firstName }), 'invalid_input', 400);
		await expectAppError(erasePerson(t.db, org.actors.manager, p.user.id, { reason: 'parce que', confirm: name }), 'invalid_input', 400);
		await expectAppError(erasePerson(t.db, org.actors.supervisor, p.user.id, { reason: 'request', confirm: name }), 'forbidden', 403);
		await expectAppError(erasePerson(t.db, org.actors.manager, org.users.manager.id, { reason: 'request', confirm: 'x' }), 'own_record', 403);
		const adminName = `${org.users.admin.firstName} ${org.users.admin.lastName}`;
		await expectAppError(erasePerson(t.db, org.actors.manager, org.users.admin.id, { reason: 'request', confirm: adminName }), 'forbidden', 403);
		await expectAppError(erasePerson(t.db, other.actors.manager, p.user.id, { reason: 'request', confirm: name }), 'person_not_found', 404);
		expect(await snapshot()).toEqual(before);
	});
});

describe('retention: people erased after the setting (trainingRetentionMonths, default 24)', () => {
	test('only deactivated operators or people with a contract, past the setting, with no contract running', async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		const d = today();
		/** A person with a contract ending `monthsAgo` months ago (exit recorded), deactivated or not. */
		const withContract = async (monthsAgo: number, opts: { active?: boolean; roles?: ('operator' | 'supervisor')[] } = {}) => {
			const { user } = await addUser(t.db, org, opts.roles ?? ['operator']);
			const end = addMonths(d, -monthsAgo);
			const { id } = await createContract(t.db, manager, user.id, { startDate: addMonths(end, -6), endDate: end, weeklyHours: '26' });
			await recordExit(t.db, manager, id, { exitKind: 'other', exitDate: end });
			if (!opts.active)
				await t.db
					.update(users)
					.set({ active: false, deactivatedAt: new Date(`${end}T12:00:00Z`) })
					.where(eq(users.id, user.id));
			return user.id;
		};
		const old = await withContract(25);
		const recent = await withContract(23);
		const stillActive = await withContract(30, { active: true });
		const oldSupervisor = await withContract(26, { roles: ['supervisor'] });
		// An operator who never had a contract, deactivated 30 months ago: due from the deactivation.
		const opNoContract = (await addUser(t.db, org, ['operator'], { active: false })).user.id;
		// A social worker with no contract, deactivated long ago: never erased by retention.
		const socialWorker = (await addUser(t.db, org, ['social_worker'], { active: false })).user.id;
		const longAgo = new Date(`${addMonths(d, -30)}T12:00:00Z`);
		await t.db
			.update(users)
			.set({ deactivatedAt: longAgo, updatedAt: longAgo })
			.where(sql`${users.id} in (${opNoContract}, ${socialWorker})`);

		expect(await trainingRetention(t.db, manager)).toEqual({ months: 24, due: 3 });
		const counted = await counts(org);
		expect(await runTrainingRetention(t.db, manager)).toEqual({ erased: 3 });
		const erasedIds = (await t.db.select({ id: users.id, erasedAt: users.erasedAt }).from(users).where(eq(users.organisationId, org.organisationId)))
			.filter((u) => u.erasedAt !== null)
			.map((u) => u.id);
		expect(new Set(erasedIds)).toEqual(new Set([old, oldSupervisor, opNoContract]));
		expect(await counts(org)).toEqual(counted);
		const runs = await auditRows(t.db, org.organisationId, 'training.retention_run');
		expect(runs.at(-1)!.details).toMatchObject({ count: 3, retentionMonths: 24 });

		// A shorter setting (audited) brings the recent one in; the active one and the social worker never.
		await setTrainingRetention(t.db, manager, '12');
		expect((await auditRows(t.db, org.organisationId, 'training.settings')).at(-1)!.details).toEqual({ trainingRetentionMonths: [24, 12] });
		expect(await runTrainingRetention(t.db, manager)).toEqual({ erased: 1 });
		const [r] = await t.db.select({ erasedAt: users.erasedAt }).from(users).where(eq(users.id, recent));
		expect(r!.erasedAt).not.toBeNull();
		for (const id of [stillActive, socialWorker]) {
			const [u] = await t.db.select({ erasedAt: users.erasedAt }).from(users).where(eq(users.id, id));
			expect(u!.erasedAt, id).toBeNull();
		}
		await expectAppError(setTrainingRetention(t.db, manager, '0'), 'invalid_input', 400);
		await expectAppError(setTrainingRetention(t.db, manager, '121'), 'invalid_input', 400);
		await expectAppError(runTrainingRetention(t.db, org.actors.supervisor), 'forbidden', 403);
		expect((await trainingRetention(t.db, manager)).months).toBe(12);
	});
});
