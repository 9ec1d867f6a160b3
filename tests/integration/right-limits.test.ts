import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { auditLog, categories, rights } from '$lib/server/db/schema';
import { createHousehold } from '$lib/server/households/households';
import { decideApplication, issueRight, removeRightLimit, setRightLimit, setRightLimits, submitApplication, tillLookup } from '$lib/server/households/rights';
import { useTestDatabase } from '../helpers/db';
import { expectAppError, makeOrg, type OrgFixture } from '../helpers/fixtures';

const t = useTestDatabase();
const TODAY = '2026-03-10';

async function category(org: OrgFixture, name: string) {
	const [c] = await t.db.insert(categories).values({ organisationId: org.organisationId, name }).returning({ id: categories.id });
	return c!.id;
}

async function household(org: OrgFixture) {
	const r = await createHousehold(
		t.db,
		org.actors.social_worker,
		{ firstName: 'Jeanne', lastName: 'Martin-' + Math.random().toString(36).slice(2, 6), birthDate: '1980-01-01', consent: true, rgpdInformedOn: '2026-03-01' },
		{ today: TODAY }
	);
	if (!('created' in r)) throw new Error('duplicate');
	return r.created;
}

async function withRight(org: OrgFixture) {
	const h = await household(org);
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

const stored = async (rightId: string) => (await t.db.select({ l: rights.categoryLimits }).from(rights).where(eq(rights.id, rightId)))[0]!.l;
const limitAudits = async (org: OrgFixture) =>
	t.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.organisationId, org.organisationId), eq(auditLog.action, 'right.limits')));

describe('per-category limits on rights', () => {
	test('valid limits are saved, audited and returned by tillLookup with the category names', async () => {
		const org = await makeOrg(t.db);
		const hygiene = await category(org, 'Hygiène');
		const cafe = await category(org, 'Café');
		const h = await withRight(org);
		const r = await setRightLimits(t.db, org.actors.social_worker, h.rightId, [
			{ categoryId: hygiene, perMonth: 4 },
			{ categoryId: cafe, perMonth: 1 }
		]);
		expect(r.limits).toEqual({ [hygiene]: 4, [cafe]: 1 });
		expect(await stored(h.rightId)).toEqual({ [hygiene]: 4, [cafe]: 1 });
		expect(await limitAudits(org)).toHaveLength(1);
		const v = await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY });
		expect(v.limits).toEqual([
			{ categoryId: cafe, category: 'Café', perMonth: 1 },
			{ categoryId: hygiene, category: 'Hygiène', perMonth: 4 }
		]);
		// One at a time, as the household file's form does: change one, remove one.
		await setRightLimit(t.db, org.actors.social_worker, h.rightId, hygiene, 6);
		await removeRightLimit(t.db, org.actors.social_worker, h.rightId, cafe);
		expect(await stored(h.rightId)).toEqual({ [hygiene]: 6 });
		await removeRightLimit(t.db, org.actors.social_worker, h.rightId, hygiene);
		expect(await stored(h.rightId)).toBeNull();
		expect((await tillLookup(t.db, org.actors.operator, h.reference, { today: TODAY })).limits).toBeNull();
	});

	test('issuing a right checks and stores its limits', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const hygiene = await category(org, 'Hygiène');
		const foreign = await category(other, 'Hygiène');
		const h = await household(org);
		await expectAppError(issueRight(t.db, org.actors.social_worker, h.id, { categoryLimits: { [foreign]: 2 } }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(issueRight(t.db, org.actors.social_worker, h.id, { categoryLimits: { hygiene: 2 } }, { today: TODAY }), 'invalid_input', 400);
		await expectAppError(issueRight(t.db, org.actors.social_worker, h.id, { categoryLimits: { [hygiene]: 0 } }, { today: TODAY }), 'invalid_input', 400);
		expect(await t.db.select().from(rights).where(eq(rights.householdId, h.id))).toEqual([]);
		const r = await issueRight(t.db, org.actors.social_worker, h.id, { categoryLimits: { [hygiene]: 3 } }, { today: TODAY });
		expect(await stored(r.id)).toEqual({ [hygiene]: 3 });
	});

	test('unknown, foreign, zero, fractional, too big, duplicate or too many limits are refused and nothing changes', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const hygiene = await category(org, 'Hygiène');
		const foreign = await category(other, 'Entretien');
		const h = await withRight(org);
		await setRightLimits(t.db, org.actors.social_worker, h.rightId, { [hygiene]: 2 });
		const sw = org.actors.social_worker;
		const bad = [
			[{ categoryId: '00000000-0000-4000-8000-000000000000', perMonth: 2 }],
			[{ categoryId: 'hygiene', perMonth: 2 }],
			[{ categoryId: foreign, perMonth: 2 }],
			[{ categoryId: hygiene, perMonth: 0 }],
			[{ categoryId: hygiene, perMonth: 1.5 }],
			[{ categoryId: hygiene, perMonth: 1000 }],
			[
				{ categoryId: hygiene, perMonth: 2 },
				{ categoryId: hygiene, perMonth: 3 }
			]
		];
		for (const limits of bad) {
			const e = await expectAppError(setRightLimits(t.db, sw, h.rightId, limits), 'invalid_input', 400);
			expect(e.message).toMatch(/catégorie|quantité/i);
		}
		const many = await Promise.all(Array.from({ length: 21 }, (_, i) => category(org, `Cat ${i}`)));
		await expectAppError(
			setRightLimits(
				t.db,
				sw,
				h.rightId,
				many.map((categoryId) => ({ categoryId, perMonth: 1 }))
			),
			'invalid_input',
			400
		);
		await expectAppError(setRightLimit(t.db, sw, h.rightId, hygiene, Number.NaN), 'invalid_input', 400);
		await expectAppError(removeRightLimit(t.db, sw, h.rightId, foreign), 'not_found', 404);
		// Another organisation's social worker cannot touch the right at all.
		await expectAppError(setRightLimits(t.db, other.actors.social_worker, h.rightId, { [foreign]: 1 }), 'not_found', 404);
		expect(await stored(h.rightId)).toEqual({ [hygiene]: 2 });
		expect(await limitAudits(org)).toHaveLength(1);
	});

	test('only social workers set limits: an operator is refused (403)', async () => {
		const org = await makeOrg(t.db);
		const hygiene = await category(org, 'Hygiène');
		const h = await withRight(org);
		await expectAppError(setRightLimits(t.db, org.actors.operator, h.rightId, { [hygiene]: 2 }), 'forbidden', 403);
		await expectAppError(setRightLimit(t.db, org.actors.operator, h.rightId, hygiene, 2), 'forbidden', 403);
		expect(await stored(h.rightId)).toBeNull();
		expect(await limitAudits(org)).toHaveLength(0);
	});
});
