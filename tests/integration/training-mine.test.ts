// "Mon parcours" (issue 13, item 5): the operator's own page, from their own work events only.
import { describe, expect, test } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { contracts, workEvents } from '$lib/server/db/schema';
import { frameworkOf } from '$lib/server/training/framework';
import { myParcours } from '$lib/server/training/mine';
import { myRecord, validateSkill } from '$lib/server/training/record';
import type { WorkEventType } from '$lib/training/events';
import { parcoursText } from '$lib/training/parcours';
import { useTestDatabase } from '../helpers/db';
import { addUser, expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

/** Wednesday 2 December 2026, 11:00 in Paris: the week began on Monday 30 November at 00:00 Paris (29 Nov, 23:00 UTC). */
const NOW = new Date('2026-12-02T10:00:00Z');

async function work(actor: Actor, type: WorkEventType, at: string, extra: { quantity?: number; signal?: number } = {}) {
	await t.db.insert(workEvents).values({ organisationId: actor.organisationId, userId: actor.userId, type, at: new Date(at), ...extra });
}

describe('Mon parcours', () => {
	test("this week's counts are the person's own work events from Monday (the organisation's zone) to today, signals left out", async () => {
		const org = await makeOrg(t.db);
		const me = org.actors.operator;
		const colleague = (await addUser(t.db, org, ['operator'])).actor;
		const other = await makeOrg(t.db, 'Autre épicerie');

		await work(me, 'till.sale', '2026-11-29T22:59:59Z'); // Sunday 23:59:59 in Paris: last week
		await work(me, 'till.sale', '2026-11-29T23:00:00Z'); // Monday 00:00 in Paris
		await work(me, 'till.sale', '2026-12-02T09:30:00Z');
		await work(me, 'stock.move', '2026-12-01T12:00:00Z');
		await work(me, 'labels.print', '2026-12-01T12:05:00Z', { quantity: 24 });
		await work(me, 'count.line', '2026-12-01T14:00:00Z', { signal: -2 }); // a difference: still work, shown as work
		await work(me, 'till.refused', '2026-12-02T09:00:00Z'); // quality signals: not on this page
		await work(me, 'stock.corrected', '2026-12-01T15:00:00Z');
		await work(me, 'till.sale', '2026-12-02T23:30:00Z'); // Thursday 00:30 in Paris: not this week's "until today"
		await work(colleague, 'till.sale', '2026-12-01T10:00:00Z');
		await work(colleague, 'till.close', '2026-12-01T10:00:00Z');
		await work(other.actors.operator, 'till.sale', '2026-12-01T10:00:00Z');
		await work(other.actors.operator, 'reception.create', '2026-12-01T10:00:00Z');

		const p = await myParcours(t.db, me, NOW);
		expect(p.firstName).toBe(org.users.operator.firstName);
		expect(p.week.from).toBe('2026-11-30');
		expect(p.week.to).toBe('2026-12-02');
		expect(p.week.work).toEqual([
			{ type: 'labels.print', area: 'reception', times: 1 },
			{ type: 'stock.move', area: 'stock', times: 1 },
			{ type: 'count.line', area: 'count', times: 1 },
			{ type: 'till.sale', area: 'till', times: 2 }
		]);
		// Nothing about quality signals anywhere on the page's data.
		expect(JSON.stringify(p)).not.toMatch(/signal|refused|corrected/);

		// The colleague sees only their own work (and never mine).
		const theirs = await myParcours(t.db, colleague, NOW);
		expect(theirs.week.work).toEqual([
			{ type: 'till.sale', area: 'till', times: 1 },
			{ type: 'till.close', area: 'till', times: 1 }
		]);
		expect(theirs.learning.every((s) => s.times <= 2)).toBe(true);

		// What I practised: all of my own events (any week), per skill, since the first day.
		const serve = p.learning.find((s) => s.name === 'Servir et encaisser')!;
		expect(serve).toMatchObject({ times: 4 + 1, sinceDay: '2026-11-29' }); // 4 sales and the refused one (evidence of the same skill)
		const count = p.learning.find((s) => s.name === 'Réaliser un inventaire')!;
		expect(count).toMatchObject({ times: 1, sinceDay: '2026-12-01' });
		expect(p.learning.map((s) => s.times)).toEqual([...p.learning.map((s) => s.times)].sort((a, b) => b - a));

		// The other organisation's operator sees none of it either.
		const far = await myParcours(t.db, other.actors.operator, NOW);
		expect(far.week.work).toEqual([
			{ type: 'reception.create', area: 'reception', times: 1 },
			{ type: 'till.sale', area: 'till', times: 1 }
		]);

		// The text read aloud says this week's counts.
		const text = parcoursText(p, 'fr');
		expect(text).toContain('Encaisser une vente : 2 fois.');
		expect(text).toContain('Imprimer des étiquettes : 1 fois.');
	});

	test("the week follows the organisation's time zone", async () => {
		const org = await makeOrg(t.db);
		const me: Actor = { ...org.actors.operator, timeZone: 'Pacific/Auckland' };
		// Monday 30 November 00:30 in Auckland (UTC+13) is Sunday 29 November 11:30 UTC.
		await work(me, 'stock.move', '2026-11-29T11:30:00Z');
		await work(me, 'stock.move', '2026-11-29T10:30:00Z'); // Sunday 23:30 in Auckland: last week
		const p = await myParcours(t.db, me, NOW);
		expect(p.week.from).toBe('2026-11-30');
		expect(p.week.work).toEqual([{ type: 'stock.move', area: 'stock', times: 1 }]);
	});

	test('validated skills with their level, day, validator and comment; the contract: its end and the referent only', async () => {
		const org = await makeOrg(t.db);
		const me = org.actors.operator;
		const skills = await frameworkOf(t.db, org.organisationId);
		const till = skills.find((s) => s.code === 'CAP-B3-4')!;
		await work(me, 'till.close', new Date().toISOString());
		await validateSkill(t.db, org.actors.supervisor, me.userId, { skillId: till.id, level: 'with_help', comment: 'Bien compté.' });
		await t.db.insert(contracts).values({
			organisationId: org.organisationId,
			userId: me.userId,
			startDate: '2026-06-01',
			endDate: '2027-05-31',
			weeklyMinutes: 1560,
			referentId: org.users.supervisor.id,
			counsellor: 'Mme Conseillère'
		});

		const p = await myParcours(t.db, me);
		expect(p.validated).toEqual([
			{
				skillId: till.id,
				name: till.name,
				block: till.block,
				level: 'with_help',
				day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
				by: `${org.users.supervisor.firstName} ${org.users.supervisor.lastName}`,
				comment: 'Bien compté.'
			}
		]);
		// Validated below autonomy and practised today: "continue".
		expect(p.next).toContainEqual({ kind: 'continue', skillId: till.id, subject: till.name });
		expect(p.contract).toEqual({ endDate: '2027-05-31', referentName: `${org.users.supervisor.firstName} ${org.users.supervisor.lastName}` });
		expect(JSON.stringify(p)).not.toContain('Conseillère');
	});

	test('supervisors, managers, social workers and admins have no "Mon parcours"', async () => {
		const org = await makeOrg(t.db);
		for (const role of ['supervisor', 'manager', 'social_worker', 'admin'] as const) {
			await expectAppError(myParcours(t.db, org.actors[role]), 'forbidden', 403);
			await expectAppError(myRecord(t.db, org.actors[role]), 'forbidden', 403);
		}
	});
});
