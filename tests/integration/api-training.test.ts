// Issue 13, item 9: the training record through the API (read only) — the people followed, a record (its
// read audited), a person's work events newest first and paged, the framework, and an operator's own
// record; another organisation's person 404; social workers, admins and operators refused others' records.
import { describe, expect, it, beforeAll } from 'vitest';
import { validateSkill } from '$lib/server/training/record';
import { frameworkOf } from '$lib/server/training/framework';
import { recordWork } from '$lib/server/training/events';
import { EVENTS_PAGE_SIZE } from '$lib/server/training/events-list';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { auditRows, makeOrg, type OrgFixture } from '../helpers/fixtures';

const t = useApiTestDatabase();
type Json = Record<string, any>;

let org: OrgFixture;
let other: OrgFixture;
let operatorId: string;

beforeAll(async () => {
	org = await makeOrg(t.db);
	other = await makeOrg(t.db, 'Autre épicerie');
	operatorId = org.users.operator.id;
	const who = { organisationId: org.organisationId, userId: operatorId };
	// 60 events over three days, the newest last; one till closing with a difference.
	await t.db.transaction(async (tx) => {
		for (let i = 0; i < 60; i++)
			await recordWork(tx, who, { type: i === 59 ? 'till.close' : 'stock.move', signal: i === 59 ? 120 : null, entity: { type: 'lot', id: `L${i}` } });
	});
	await t.db.execute(
		`update work_events set at = timestamptz '2026-11-10 08:00:00+00' + (id - (select min(id) from work_events where user_id = '${operatorId}')) * interval '1 hour' where user_id = '${operatorId}'`
	);
	const skills = await frameworkOf(t.db, org.organisationId);
	await validateSkill(t.db, org.actors.supervisor, operatorId, { skillId: skills[0]!.id, level: 'with_help', comment: 'Bien parti', day: '2026-11-12' });
});

describe('training API', () => {
	it('lists the people followed and the framework', async () => {
		const list = await callApi<Json>('GET', '/api/v1/training/people?filter=all', { actor: org.actors.supervisor });
		expect(list.status).toBe(200);
		expect(list.body.items.map((p: Json) => p.id)).toContain(operatorId);
		const skills = await callApi<Json>('GET', '/api/v1/training/skills', { actor: org.actors.manager });
		expect(skills.status).toBe(200);
		expect(skills.body.items.find((s: Json) => s.code === 'CAP-B1-1')).toMatchObject({
			framework: 'cap_epc',
			active: true,
			events: expect.arrayContaining(['reception.create'])
		});
	});

	it('answers a record with its skills, evidence and history, and audits the read', async () => {
		const before = (await auditRows(t.db, org.organisationId, 'training.read')).length;
		const r = await callApi<Json>('GET', `/api/v1/training/people/${operatorId}`, { actor: org.actors.supervisor });
		expect(r.status).toBe(200);
		expect(r.body.person).toMatchObject({ id: operatorId, erased: false });
		expect(r.body.total.times).toBe(60);
		expect(r.body.signals.cash_differences).toBe(1);
		const first = r.body.skills.find((s: Json) => s.current);
		expect(first.current).toMatchObject({ level: 'with_help', comment: 'Bien parti', day: '2026-11-12' });
		expect(first.history).toHaveLength(1);
		const moved = r.body.skills.find((s: Json) => s.skill.code === 'CAP-B1-3');
		expect(moved.evidence.times).toBe(59);
		const after = await auditRows(t.db, org.organisationId, 'training.read');
		expect(after.length).toBe(before + 1);
	});

	it('pages a person’s work events, newest first, within days of the organisation', async () => {
		const p1 = await callApi<Json>('GET', `/api/v1/training/people/${operatorId}/events`, { actor: org.actors.manager });
		expect(p1.status).toBe(200);
		expect(p1.body).toMatchObject({ total: 60, page: 1, pages: 2 });
		expect(p1.body.items).toHaveLength(EVENTS_PAGE_SIZE);
		expect(p1.body.items[0]).toMatchObject({ type: 'till.close', label: expect.any(String), area: 'till', signal: 120, quantity: 1 });
		const ats = p1.body.items.map((e: Json) => e.at);
		expect([...ats].sort().reverse()).toEqual(ats);
		const p2 = await callApi<Json>('GET', `/api/v1/training/people/${operatorId}/events?page=2`, { actor: org.actors.manager });
		expect(p2.body.items).toHaveLength(10);
		// 10 November from 08:00 UTC, one an hour: 15 events on the 10th in Paris (09:00 to 23:00).
		const day = await callApi<Json>('GET', `/api/v1/training/people/${operatorId}/events?from=2026-11-10&to=2026-11-10`, { actor: org.actors.manager });
		expect(day.body.total).toBe(15);
		const bad = await callApi<Json>('GET', `/api/v1/training/people/${operatorId}/events?from=2026-13-01`, { actor: org.actors.manager });
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toMatch(/Date invalide/);
	});

	it('hides another organisation’s person and refuses those who may not read records', async () => {
		for (const path of [`/api/v1/training/people/${operatorId}`, `/api/v1/training/people/${operatorId}/events`]) {
			expect((await callApi('GET', path, { actor: other.actors.manager })).status).toBe(404);
			for (const role of ['social_worker', 'admin', 'operator'] as const)
				expect((await callApi('GET', path, { actor: org.actors[role] })).status, role).toBe(403);
		}
		expect((await callApi('GET', '/api/v1/training/people/not-a-uuid', { actor: org.actors.manager })).status).toBe(404);
		expect((await callApi('GET', '/api/v1/training/people', { actor: org.actors.operator })).status).toBe(403);
	});

	it('answers an operator their own record, not audited as someone else’s', async () => {
		const before = (await auditRows(t.db, org.organisationId, 'training.read')).length;
		const r = await callApi<Json>('GET', '/api/v1/me/training', { actor: org.actors.operator });
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ own: true, person: { id: operatorId } });
		expect((await auditRows(t.db, org.organisationId, 'training.read')).length).toBe(before);
		expect((await callApi('GET', '/api/v1/me/training', { actor: org.actors.social_worker })).status).toBe(403);
	});
});
