import { and, asc, eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { MANAGE_SKILLS, READ_SKILLS } from '$lib/permissions';
import { hasControlCharacter } from '$lib/text';
import { isWorkEventType, WORK_EVENT_TYPES, type WorkEventType } from '$lib/training/events';
import { SEED_SKILLS, seedSkillEvents, type Framework } from '$lib/training/framework';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { skillEvents, skills } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../http/input';

/**
 * The organisation's skills framework (issue 13): seeded with CAP EPC and CléA the first time it is read
 * (`ensureFramework`: idempotent, safe when two requests do it at once), then adapted by its managers.
 */

export interface Skill {
	id: string;
	framework: Framework;
	code: string;
	block: string;
	name: string;
	description: string;
	position: number;
	active: boolean;
	/** The work events that give evidence of it. */
	events: WorkEventType[];
}

/** Seeds the framework's missing skills (by code) and, for the skills it adds, their events. */
export async function ensureFramework(ex: Executor, organisationId: string): Promise<void> {
	const [has] = await ex
		.select({ n: sql<number>`count(*)::int` })
		.from(skills)
		.where(eq(skills.organisationId, organisationId));
	if ((has?.n ?? 0) >= SEED_SKILLS.length) return;
	const added = await ex
		.insert(skills)
		.values(
			SEED_SKILLS.map((s, i) => ({
				organisationId,
				framework: s.framework,
				code: s.code,
				block: s.block,
				name: s.name,
				description: s.description,
				position: i
			}))
		)
		.onConflictDoNothing()
		.returning({ id: skills.id, code: skills.code });
	const links = added.flatMap((s) =>
		seedSkillEvents(s.code as (typeof SEED_SKILLS)[number]['code']).map((eventType) => ({ organisationId, skillId: s.id, eventType }))
	);
	if (links.length) await ex.insert(skillEvents).values(links).onConflictDoNothing();
}

/** The framework, ordered (CAP, CléA, the organisation's own; then by position), with each skill's events. */
export async function listSkills(db: Database, actor: Actor, opts: { activeOnly?: boolean } = {}): Promise<Skill[]> {
	requireRole(actor, READ_SKILLS);
	return frameworkOf(db, actor.organisationId, opts);
}

/** The same, for services that already checked who asks (the training record, the booklet, "Mon parcours"). */
export async function frameworkOf(ex: Executor, organisationId: string, opts: { activeOnly?: boolean } = {}): Promise<Skill[]> {
	await ensureFramework(ex, organisationId);
	const rows = await ex
		.select({
			id: skills.id,
			framework: skills.framework,
			code: skills.code,
			block: skills.block,
			name: skills.name,
			description: skills.description,
			position: skills.position,
			active: skills.active,
			events: sql<string[]>`coalesce((select array_agg(e.event_type order by e.event_type) from skill_events e
				where e.organisation_id = ${skills.organisationId} and e.skill_id = ${skills.id}), '{}')`
		})
		.from(skills)
		.where(and(eq(skills.organisationId, organisationId), opts.activeOnly ? eq(skills.active, true) : undefined))
		.orderBy(sql`case ${skills.framework} when 'cap_epc' then 0 when 'clea' then 1 else 2 end`, asc(skills.position), asc(skills.code));
	return rows.map((r) => ({
		...r,
		framework: r.framework as Framework,
		events: WORK_EVENT_TYPES.filter((t) => r.events.includes(t))
	}));
}

export interface SkillInput {
	block?: string;
	name?: string;
	description?: string;
	/** Work event types, several values (a form's checkboxes or a JSON array). */
	events?: string[];
}

function readSkill(input: SkillInput): { block: string; name: string; description: string; events: WorkEventType[] } {
	const errors: Record<string, string> = {};
	const name = (input.name ?? '').trim();
	const block = (input.block ?? '').trim() || m.training_own_block_default();
	const description = (input.description ?? '').trim();
	if (!name || name.length > 120 || hasControlCharacter(name)) errors.name = m.training_skill_name_invalid();
	if (block.length > 120 || hasControlCharacter(block)) errors.block = m.training_skill_block_invalid();
	if (description.length > 500 || hasControlCharacter(description.replace(/\n/g, ' '))) errors.description = m.training_skill_description_invalid();
	const raw = input.events ?? [];
	const events = [...new Set(raw)].filter(isWorkEventType);
	if (events.length !== new Set(raw).size) errors.events = m.training_skill_events_unknown();
	else if (events.length === 0) errors.events = m.training_skill_events_required();
	const first = Object.keys(errors)[0];
	if (first) throw new AppError('invalid_skill', errors[first]!, 400, first, errors);
	return { block, name, description, events };
}

/** A skill of the organisation's own (a ressourcerie's sorting and weighing, a parcel preparation…). */
export async function addOwnSkill(db: Database, actor: Actor, input: SkillInput): Promise<{ id: string; code: string }> {
	requireRole(actor, MANAGE_SKILLS);
	const s = readSkill(input);
	return db.transaction(async (tx) => {
		await ensureFramework(tx, actor.organisationId);
		// OWN-1, OWN-2…: the next free number (a unique code; two at once: the second is refused and retried by the person).
		const [n] = await tx
			.select({ next: sql<number>`coalesce(max(substring(${skills.code} from 5)::int), 0)::int + 1` })
			.from(skills)
			.where(and(eq(skills.organisationId, actor.organisationId), eq(skills.framework, 'own'), sql`${skills.code} ~ '^OWN-[0-9]{1,6}$'`));
		const code = `OWN-${n!.next}`;
		const [row] = await tx
			.insert(skills)
			.values({ organisationId: actor.organisationId, framework: 'own', code, block: s.block, name: s.name, description: s.description, position: n!.next })
			.returning({ id: skills.id });
		await tx.insert(skillEvents).values(s.events.map((eventType) => ({ organisationId: actor.organisationId, skillId: row!.id, eventType })));
		await audit(tx, actor, 'training.skill_create', { type: 'skill', id: row!.id }, { code, name: s.name, events: s.events });
		return { id: row!.id, code };
	});
}

/**
 * Changes a skill: the name, block and description of the organisation's own skills; the events of any
 * skill (a seeded one too: the organisation adapts the framework); active or not (a skill is never deleted).
 */
export async function updateSkill(db: Database, actor: Actor, id: string, input: SkillInput & { active?: boolean }): Promise<void> {
	requireRole(actor, MANAGE_SKILLS);
	if (!isUuid(id)) throw new AppError('skill_not_found', m.training_skill_not_found(), 404);
	await db.transaction(async (tx) => {
		const [before] = await tx
			.select()
			.from(skills)
			.where(and(eq(skills.id, id), eq(skills.organisationId, actor.organisationId)))
			.for('update');
		if (!before) throw new AppError('skill_not_found', m.training_skill_not_found(), 404);
		const own = before.framework === 'own';
		// A field left out keeps its value (deactivating an own skill sends no name, no events).
		const events =
			input.events ??
			(
				await tx
					.select({ t: skillEvents.eventType })
					.from(skillEvents)
					.where(and(eq(skillEvents.organisationId, actor.organisationId), eq(skillEvents.skillId, id)))
			).map((r) => r.t);
		const s = readSkill({
			block: own ? (input.block ?? before.block) : before.block,
			name: own ? (input.name ?? before.name) : before.name,
			description: own ? (input.description ?? before.description) : before.description,
			events
		});
		const active = input.active ?? before.active;
		await tx.update(skills).set({ block: s.block, name: s.name, description: s.description, active }).where(eq(skills.id, id));
		await tx.delete(skillEvents).where(and(eq(skillEvents.organisationId, actor.organisationId), eq(skillEvents.skillId, id)));
		await tx.insert(skillEvents).values(s.events.map((eventType) => ({ organisationId: actor.organisationId, skillId: id, eventType })));
		await audit(tx, actor, 'training.skill_update', { type: 'skill', id }, { code: before.code, name: s.name, events: s.events, active });
	});
}
