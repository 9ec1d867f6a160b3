// The skills framework's services (issue 13) as the framework page uses them: a manager adds an own skill
// with its events, deactivates it sending only `active` (name, block and events kept), changes a seeded
// skill's events; supervisors read but may not change; another organisation's skill is not found.
import { describe, expect, it } from 'vitest';
import { addOwnSkill, listSkills, updateSkill } from '$lib/server/training/framework';
import { useTestDatabase } from '../helpers/db';
import { auditRows, expectAppError, makeOrg } from '../helpers/fixtures';

const t = useTestDatabase();

describe('skills framework', () => {
	it('adds an own skill, deactivates it without resending its words, changes a seeded skill’s events', async () => {
		const org = await makeOrg(t.db);
		const manager = org.actors.manager;
		const { id, code } = await addOwnSkill(t.db, manager, { name: 'Préparer un colis', events: ['stock.split', 'stock.rescue'] });
		expect(code).toBe('OWN-1');
		await updateSkill(t.db, manager, id, { active: false });
		const own = (await listSkills(t.db, manager)).find((s) => s.id === id)!;
		expect(own).toMatchObject({ name: 'Préparer un colis', block: 'Compétences de la structure', active: false, events: ['stock.split', 'stock.rescue'] });
		await updateSkill(t.db, manager, id, { active: true });
		expect((await listSkills(t.db, manager)).find((s) => s.id === id)!.active).toBe(true);

		const seeded = (await listSkills(t.db, manager)).find((s) => s.code === 'CAP-B1-1')!;
		await updateSkill(t.db, manager, seeded.id, { name: 'Autre nom', events: ['reception.weight'] });
		expect((await listSkills(t.db, manager)).find((s) => s.id === seeded.id)).toMatchObject({ name: seeded.name, events: ['reception.weight'] });
		await expectAppError(updateSkill(t.db, manager, seeded.id, { events: [] }), 'invalid_skill', 400);
		await expectAppError(updateSkill(t.db, manager, seeded.id, { events: ['zz.unknown'] }), 'invalid_skill', 400);
		expect((await auditRows(t.db, org.organisationId, 'training.skill_update')).length).toBe(3);
	});

	it('supervisors read, do not change; another organisation’s skill is not found', async () => {
		const org = await makeOrg(t.db);
		const other = await makeOrg(t.db, 'Autre');
		const skills = await listSkills(t.db, org.actors.supervisor);
		expect(skills.length).toBeGreaterThan(0);
		await expectAppError(addOwnSkill(t.db, org.actors.supervisor, { name: 'X', events: ['till.sale'] }), 'forbidden', 403);
		await expectAppError(updateSkill(t.db, org.actors.supervisor, skills[0]!.id, { active: false }), 'forbidden', 403);
		await expectAppError(updateSkill(t.db, other.actors.manager, skills[0]!.id, { active: false }), 'skill_not_found', 404);
		await expectAppError(listSkills(t.db, org.actors.social_worker), 'forbidden', 403);
	});
});
