// Issue 13, items 3, 4 and 7: the supervisor's review (validations with history, a level down needs a
// reason, nobody validates their own record, "new since the last review") and the skills booklet (data,
// page and PDF), on both databases.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts, skillValidations, workEvents } from '$lib/server/db/schema';
import { bookletData } from '$lib/server/training/booklet';
import { bookletPdf } from '$lib/server/training/bookletPdf';
import { frameworkOf } from '$lib/server/training/framework';
import { listTrainees, markReviewed, myRecord, trainingRecord, validateSkill } from '$lib/server/training/record';
import { addDays, shopToday } from '$lib/stock/dates';
import type { WorkEventType } from '$lib/training/events';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';
import { pdfText } from '../helpers/pdf';

const t = useTestDatabase();
const today = shopToday();
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

async function work(org: OrgFixture, userId: string, type: WorkEventType, at: Date, times = 1) {
	await t.db.insert(workEvents).values(Array.from({ length: times }, () => ({ organisationId: org.organisationId, userId, type, at })));
}

async function skillId(org: OrgFixture, code: string): Promise<string> {
	const s = (await frameworkOf(t.db, org.organisationId)).find((x) => x.code === code);
	if (!s) throw new Error(`no skill ${code}`);
	return s.id;
}

async function setUp() {
	const org = await makeOrg(t.db);
	const op = org.users.operator;
	const sup = org.actors.supervisor;
	await t.db.insert(contracts).values({
		organisationId: org.organisationId,
		userId: op.id,
		startDate: addDays(today, -30),
		endDate: addDays(today, 40),
		weeklyMinutes: 1560,
		referentId: org.users.supervisor.id,
		counsellor: 'Mme Conseil'
	});
	return { org, op, sup };
}

describe('validating skills', () => {
	it('keeps every validation: the current level is the last one, the history has all three', async () => {
		const { org, op, sup } = await setUp();
		const skill = await skillId(org, 'CAP-B1-1');
		await validateSkill(t.db, sup, op.id, { skillId: skill, level: 'discovery', day: addDays(today, -20) });
		await validateSkill(t.db, sup, op.id, { skillId: skill, level: 'with_help', day: addDays(today, -10), comment: 'Vérifie les dates seule' });
		await validateSkill(t.db, org.actors.manager, op.id, { skillId: skill, level: 'autonomous' });
		const record = await trainingRecord(t.db, sup, op.id);
		const s = record.skills.find((x) => x.skill.id === skill)!;
		expect(s.history.map((v) => v.level)).toEqual(['autonomous', 'with_help', 'discovery']);
		expect(s.current?.level).toBe('autonomous');
		expect(s.current?.day).toBe(today);
		expect(s.current?.validatedById).toBe(org.users.manager.id);
		expect(s.history[1]!.comment).toBe('Vérifie les dates seule');
	});

	it('refuses a lower level without a reason and writes nothing; accepts it with a reason', async () => {
		const { org, op, sup } = await setUp();
		const skill = await skillId(org, 'CAP-B3-1');
		await validateSkill(t.db, sup, op.id, { skillId: skill, level: 'autonomous' });
		const e = await expectAppError(validateSkill(t.db, sup, op.id, { skillId: skill, level: 'with_help', reason: '  ' }), 'reason_required', 400);
		expect(e.field).toBe('reason');
		expect(e.message).toMatch(/pourquoi/i);
		const rows = () =>
			t.db
				.select()
				.from(skillValidations)
				.where(and(eq(skillValidations.userId, op.id), eq(skillValidations.skillId, skill)));
		expect(await rows()).toHaveLength(1);
		expect(await auditRows(t.db, org.organisationId, 'training.validate')).toHaveLength(1);
		await validateSkill(t.db, sup, op.id, { skillId: skill, level: 'with_help', reason: 'Erreurs de rendu de monnaie cette semaine' });
		const all = await rows();
		expect(all).toHaveLength(2);
		const record = await trainingRecord(t.db, sup, op.id);
		const s = record.skills.find((x) => x.skill.id === skill)!;
		expect(s.current?.level).toBe('with_help');
		expect(s.current?.reason).toBe('Erreurs de rendu de monnaie cette semaine');
	});

	it('refuses to validate or review one’s own record', async () => {
		const { org, sup } = await setUp();
		const skill = await skillId(org, 'CAP-B1-1');
		await expectAppError(validateSkill(t.db, sup, sup.userId, { skillId: skill, level: 'mastered' }), 'own_record', 403);
		await expectAppError(markReviewed(t.db, sup, sup.userId), 'own_record', 403);
		expect(await t.db.select().from(skillValidations).where(eq(skillValidations.userId, sup.userId))).toHaveLength(0);
	});

	it('does not find another organisation’s person', async () => {
		const { op } = await setUp();
		const other = await makeOrg(t.db, 'Autre épicerie');
		await expectAppError(trainingRecord(t.db, other.actors.supervisor, op.id), 'person_not_found', 404);
		await expectAppError(
			validateSkill(t.db, other.actors.supervisor, op.id, { skillId: await skillId(other, 'CAP-B1-1'), level: 'discovery' }),
			'person_not_found',
			404
		);
		await expectAppError(markReviewed(t.db, other.actors.supervisor, op.id), 'person_not_found', 404);
		await expectAppError(bookletData(t.db, other.actors.supervisor, op.id), 'person_not_found', 404);
		expect((await listTrainees(t.db, other.actors.supervisor, { filter: 'all' })).map((x) => x.id)).not.toContain(op.id);
	});
});

describe('what is new since the last review', () => {
	it('counts the work done since, and starts again when the supervisor marks the review', async () => {
		const { org, op, sup } = await setUp();
		await work(org, op.id, 'reception.create', daysAgo(2), 3);
		const before = (await listTrainees(t.db, sup, { filter: 'mine' })).find((x) => x.id === op.id)!;
		expect(before.newSince).toBe(3);
		expect(before.lastReview).toBeNull();
		await markReviewed(t.db, sup, op.id);
		const after = (await listTrainees(t.db, sup, { filter: 'mine' })).find((x) => x.id === op.id)!;
		expect(after.newSince).toBe(0);
		expect(after.lastReview).not.toBeNull();
		expect((await trainingRecord(t.db, sup, op.id)).evidence.total.newSince).toBe(0);
		expect(await auditRows(t.db, org.organisationId, 'training.review')).toHaveLength(1);
		await work(org, op.id, 'till.sale', new Date(Date.now() + 1000));
		expect((await listTrainees(t.db, sup, { filter: 'all' })).find((x) => x.id === op.id)!.newSince).toBe(1);
	});
});

describe('who reads records', () => {
	it('audits a supervisor’s read of someone’s record, not the operator’s read of their own', async () => {
		const { org, op, sup } = await setUp();
		await trainingRecord(t.db, sup, op.id);
		const reads = await auditRows(t.db, org.organisationId, 'training.read');
		expect(reads).toHaveLength(1);
		expect(reads[0]!.entityId).toBe(op.id);
		await myRecord(t.db, org.actors.operator);
		await bookletData(t.db, org.actors.operator, op.id);
		expect(await auditRows(t.db, org.organisationId, 'training.read')).toHaveLength(1);
		await bookletData(t.db, sup, op.id);
		expect(await auditRows(t.db, org.organisationId, 'training.read')).toHaveLength(2);
	});

	it('refuses social workers, admins and operators (someone else’s record)', async () => {
		const { org, op } = await setUp();
		const skill = await skillId(org, 'CAP-B1-1');
		for (const role of ['social_worker', 'admin', 'operator'] as const) {
			const a = org.actors[role];
			await expectAppError(trainingRecord(t.db, a, op.id), 'forbidden', 403);
			await expectAppError(listTrainees(t.db, a), 'forbidden', 403);
			await expectAppError(validateSkill(t.db, a, op.id, { skillId: skill, level: 'discovery' }), 'forbidden', 403);
			await expectAppError(markReviewed(t.db, a, op.id), 'forbidden', 403);
		}
		for (const role of ['social_worker', 'admin'] as const) await expectAppError(bookletData(t.db, org.actors[role], op.id), 'forbidden', 403);
		// An operator reads their own booklet, nobody else's.
		const second = await makeOrg(t.db);
		await expectAppError(bookletData(t.db, org.actors.operator, org.users.supervisor.id), 'forbidden', 403);
		await expectAppError(bookletData(t.db, second.actors.operator, op.id), 'forbidden', 403);
		expect(await auditRows(t.db, org.organisationId, 'training.read')).toHaveLength(0);
	});
});

describe('the skills booklet', () => {
	it('holds only the validated skills, with the evidence of the period, and the PDF shows them', async () => {
		const { org, op, sup } = await setUp();
		const b11 = await skillId(org, 'CAP-B1-1');
		// Before the contract (outside the period) and inside it.
		await work(org, op.id, 'reception.create', daysAgo(60), 5);
		await work(org, op.id, 'reception.create', daysAgo(3), 2);
		await work(org, op.id, 'reception.validate', daysAgo(2));
		await work(org, op.id, 'till.sale', daysAgo(1), 4);
		await validateSkill(t.db, sup, op.id, { skillId: b11, level: 'with_help', comment: 'Compte les colis avec soin' });

		const data = await bookletData(t.db, sup, op.id);
		expect(data.period).toEqual({ from: addDays(today, -30), to: today });
		expect(data.person.name).toBe(`${op.firstName} ${op.lastName}`);
		expect(data.organisation).toBe(org.name);
		expect(data.skills.map((s) => s.code)).toEqual(['CAP-B1-1']);
		const s = data.skills[0]!;
		expect(s).toMatchObject({
			level: 'with_help',
			times: 3,
			weeks: expect.any(Number),
			validatedBy: `${org.users.supervisor.firstName} ${org.users.supervisor.lastName}`
		});
		expect(s.firstDay).toBe(shopToday(daysAgo(3)));
		expect(s.lastDay).toBe(shopToday(daysAgo(2)));
		expect(data.frameworks.map((f) => f.label)).toEqual(['CAP Équipier polyvalent du commerce (RNCP34947)']);
		expect(data.contract?.weeklyHours).toBe(26);
		// Plain data: a JSON round trip changes nothing.
		expect(JSON.parse(JSON.stringify(data))).toEqual(data);

		// A wider period takes the earlier work in.
		const wide = await bookletData(t.db, sup, op.id, { from: addDays(today, -90), to: today });
		expect(wide.skills[0]!.times).toBe(8);

		for (const compress of [false, true]) {
			const text = pdfText(await bookletPdf(data, { compress })).replace(/\s+/g, ' ');
			expect(text).toContain(`${op.firstName} ${op.lastName}`);
			expect(text).toContain('Réceptionner et contrôler une livraison');
			expect(text).toContain('Avec aide');
			expect(text).toContain('CAP Équipier polyvalent du commerce (RNCP34947) — Bloc 1 — Recevoir et suivre les commandes');
			expect(text).toContain('Signatures');
			expect(text).toContain('Cachet de la structure');
			expect(text).not.toContain('Encaisser'); // a skill practised but not validated
		}
		// A name with letters Helvetica cannot draw keeps them without their accents, never as other letters.
		const named = { ...data, person: { ...data.person, name: 'Łukasz Nguyễn' } };
		expect(pdfText(await bookletPdf(named, { compress: false }))).toContain('Lukasz Nguyen');
	});

	it('refuses a bad period in French and changes nothing', async () => {
		const { op, sup } = await setUp();
		const e = await expectAppError(bookletData(t.db, sup, op.id, { from: '2026-13-40' }), 'invalid_period', 400);
		expect(e.field).toBe('from');
		expect(e.message).toMatch(/date/i);
		const order = await expectAppError(bookletData(t.db, sup, op.id, { from: '2026-05-01', to: '2026-04-01' }), 'invalid_period', 400);
		expect(order.field).toBe('to');
	});
});
