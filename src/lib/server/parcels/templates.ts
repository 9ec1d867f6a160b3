import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { templateLineProblems, type TemplateLine, type TemplateLineDraft } from '$lib/parcels/composition';
import { MANAGE_PARCEL_TEMPLATES, PLAN_DISTRIBUTIONS, PREPARE_PARCELS } from '$lib/permissions';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { categories, distributionDays, parcelLines, parcelTemplateLines, parcelTemplates } from '../db/schema';
import { AppError, fieldErrors, isUniqueViolation } from '../errors';

/**
 * Parcel templates (compositions, issue 14 item 2; docs/parcels.md "Compositions"): a name, a note and
 * lines by product category that scale with the persons ($lib/parcels/composition). Managers write them
 * (MANAGE_PARCEL_TEMPLATES); the people who plan days and prepare parcels read them. Every write is one
 * transaction with its audit row (`parcel_template.*`). A line names an active category of the
 * organisation (a category or a subcategory); kg lines are stored in grams.
 */

/** Who reads templates: their managers, the people who plan distribution days and who prepare parcels. */
const READ_TEMPLATES = [...new Set([...MANAGE_PARCEL_TEMPLATES, ...PLAN_DISTRIBUTIONS, ...PREPARE_PARCELS])];

export const MAX_TEMPLATE_LINES = 40;
const MAX_NAME = 80;
const MAX_NOTE = 500;

export interface TemplateSummary {
	id: string;
	name: string;
	note: string | null;
	active: boolean;
	lines: number;
	coldLines: number;
	updatedAt: Date;
}

export type TemplateLineRow = TemplateLine & { categoryName: string };

export interface TemplateDetail {
	id: string;
	name: string;
	note: string | null;
	active: boolean;
	createdAt: Date;
	updatedAt: Date;
	lines: TemplateLineRow[];
	/** Planned (not closed) distribution days made from it: it cannot be taken out of use while there are. */
	plannedDays: number;
}

/** A template as a form or the API gives it; a line's `id` keeps an existing line (updates). */
export interface TemplateInput {
	name: string;
	note?: string | null;
	lines: (TemplateLineDraft & { id?: string | null })[];
	/** Fields a form reader could not read (typed numbers), reported with the others. */
	formErrors?: Record<string, string>;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });
const isUuid = (id: unknown): id is string => typeof id === 'string' && z.uuid().safeParse(id).success;
const notFound = () => new AppError('not_found', m.pt_not_found(), 404);

/** The organisation's templates (active ones only unless asked), by name or last change. */
export async function listTemplates(
	ex: Executor,
	actor: Actor,
	opts: { includeInactive?: boolean; sort?: 'name' | 'updated' } = {}
): Promise<TemplateSummary[]> {
	requireRole(actor, READ_TEMPLATES);
	const rows = await ex
		.select({
			id: parcelTemplates.id,
			name: parcelTemplates.name,
			note: parcelTemplates.note,
			active: parcelTemplates.active,
			updatedAt: parcelTemplates.updatedAt
		})
		.from(parcelTemplates)
		.where(and(eq(parcelTemplates.organisationId, actor.organisationId), opts.includeInactive ? undefined : eq(parcelTemplates.active, true)));
	const counts = await ex
		.select({
			templateId: parcelTemplateLines.templateId,
			lines: sql<number>`count(*)::int`,
			coldLines: sql<number>`(count(*) filter (where ${parcelTemplateLines.cold}))::int`
		})
		.from(parcelTemplateLines)
		.where(eq(parcelTemplateLines.organisationId, actor.organisationId))
		.groupBy(parcelTemplateLines.templateId);
	const byTemplate = new Map(counts.map((c) => [c.templateId, c]));
	const out = rows.map((r) => ({ ...r, lines: Number(byTemplate.get(r.id)?.lines ?? 0), coldLines: Number(byTemplate.get(r.id)?.coldLines ?? 0) }));
	return opts.sort === 'updated'
		? out.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || collator.compare(a.name, b.name))
		: out.sort((a, b) => Number(b.active) - Number(a.active) || collator.compare(a.name, b.name));
}

async function linesOf(ex: Executor, organisationId: string, templateId: string): Promise<TemplateLineRow[]> {
	return ex
		.select({
			id: parcelTemplateLines.id,
			position: parcelTemplateLines.position,
			categoryId: parcelTemplateLines.categoryId,
			categoryName: categories.name,
			unit: parcelTemplateLines.unit,
			scaling: parcelTemplateLines.scaling,
			quantity: parcelTemplateLines.quantity,
			band1: parcelTemplateLines.band1,
			band2: parcelTemplateLines.band2,
			band3: parcelTemplateLines.band3,
			band5: parcelTemplateLines.band5,
			cold: parcelTemplateLines.cold
		})
		.from(parcelTemplateLines)
		.innerJoin(categories, and(eq(categories.organisationId, parcelTemplateLines.organisationId), eq(categories.id, parcelTemplateLines.categoryId)))
		.where(and(eq(parcelTemplateLines.organisationId, organisationId), eq(parcelTemplateLines.templateId, templateId)))
		.orderBy(asc(parcelTemplateLines.position), asc(parcelTemplateLines.id));
}

async function plannedDaysOf(ex: Executor, organisationId: string, templateId: string): Promise<number> {
	const [row] = await ex
		.select({ n: count() })
		.from(distributionDays)
		.where(and(eq(distributionDays.organisationId, organisationId), eq(distributionDays.templateId, templateId), eq(distributionDays.status, 'planned')));
	return Number(row?.n ?? 0);
}

/** One template of the organisation with its lines (and their category names); 404 otherwise. */
export async function getTemplate(ex: Executor, actor: Actor, id: string): Promise<TemplateDetail> {
	requireRole(actor, READ_TEMPLATES);
	if (!isUuid(id)) throw notFound();
	const [t] = await ex
		.select()
		.from(parcelTemplates)
		.where(and(eq(parcelTemplates.organisationId, actor.organisationId), eq(parcelTemplates.id, id)));
	if (!t) throw notFound();
	return {
		id: t.id,
		name: t.name,
		note: t.note,
		active: t.active,
		createdAt: t.createdAt,
		updatedAt: t.updatedAt,
		lines: await linesOf(ex, actor.organisationId, id),
		plannedDays: await plannedDaysOf(ex, actor.organisationId, id)
	};
}

/**
 * The template a distribution day is made from, for the days and preparation services (no role check:
 * they check theirs): its name and lines in position order, each with its category's name. Scale it with
 * `scaleTemplate` ($lib/parcels/composition). 404 when it is not the organisation's.
 */
export async function templateForDay(
	ex: Executor,
	organisationId: string,
	templateId: string
): Promise<{ id: string; name: string; lines: TemplateLineRow[] }> {
	if (!isUuid(templateId)) throw notFound();
	const [t] = await ex
		.select({ id: parcelTemplates.id, name: parcelTemplates.name })
		.from(parcelTemplates)
		.where(and(eq(parcelTemplates.organisationId, organisationId), eq(parcelTemplates.id, templateId)));
	if (!t) throw notFound();
	return { ...t, lines: await linesOf(ex, organisationId, templateId) };
}

interface CheckedLine extends Omit<TemplateLine, 'id'> {
	id: string | null;
}

/** Checks the whole input (every problem at once, lines' fields as `lines.<i>.<field>`); returns the lines to write. */
async function checkInput(tx: Tx, actor: Actor, input: TemplateInput): Promise<{ name: string; note: string | null; lines: CheckedLine[] }> {
	const errors: Record<string, string> = {};
	const name = typeof input.name === 'string' ? input.name.trim().replace(/\s+/g, ' ') : '';
	if (name.length < 2 || name.length > MAX_NAME) errors.name = m.pt_name_invalid({ max: MAX_NAME });
	const noteText = typeof input.note === 'string' ? input.note.trim() : '';
	if (noteText.length > MAX_NOTE) errors.note = m.pt_note_too_long({ max: MAX_NOTE });
	const lines = Array.isArray(input.lines) ? input.lines : [];
	if (lines.length === 0) errors.lines = m.pt_lines_empty();
	else if (lines.length > MAX_TEMPLATE_LINES) errors.lines = m.pt_lines_too_many({ max: MAX_TEMPLATE_LINES });
	const wanted = [...new Set(lines.map((l) => l.categoryId).filter(isUuid))];
	const known = new Set(
		wanted.length === 0
			? []
			: (
					await tx
						.select({ id: categories.id })
						.from(categories)
						.where(and(eq(categories.organisationId, actor.organisationId), eq(categories.active, true), inArray(categories.id, wanted)))
				).map((c) => c.id)
	);
	lines.slice(0, MAX_TEMPLATE_LINES).forEach((line, i) => {
		const problems = templateLineProblems(line);
		if (!problems.categoryId && !(isUuid(line.categoryId) && known.has(line.categoryId))) problems.categoryId = m.pt_line_category_unknown();
		for (const [field, message] of Object.entries(problems)) errors[`lines.${i}.${field}`] = message;
	});
	// What the form could not even read comes first, beside its field (not "empty" for a number that was typed).
	const all: Record<string, string> = { ...(input.formErrors ?? {}) };
	for (const [k, v] of Object.entries(errors)) if (!(k in all)) all[k] = v;
	const err = fieldErrors(all);
	if (err) throw err;
	return {
		name,
		note: noteText || null,
		lines: lines.map((l, i) => {
			const bands = l.scaling === 'bands';
			return {
				id: isUuid(l.id) ? l.id : null,
				position: i,
				categoryId: l.categoryId!,
				unit: l.unit as TemplateLine['unit'],
				scaling: l.scaling as TemplateLine['scaling'],
				quantity: bands ? null : l.quantity,
				band1: bands ? l.band1 : null,
				band2: bands ? l.band2 : null,
				band3: bands ? l.band3 : null,
				band5: bands ? l.band5 : null,
				cold: l.cold === true
			};
		})
	};
}

const lineValues = (l: CheckedLine) => ({
	position: l.position,
	categoryId: l.categoryId,
	unit: l.unit,
	scaling: l.scaling,
	quantity: l.quantity,
	band1: l.band1,
	band2: l.band2,
	band3: l.band3,
	band5: l.band5,
	cold: l.cold
});

/** What the journal keeps of lines: enough to see what changed (category, unit, scaling, quantities, cold). */
const linesForAudit = (lines: readonly Omit<CheckedLine, 'id'>[]) =>
	lines.map((l) => [l.categoryId, l.unit, l.scaling, l.scaling === 'bands' ? [l.band1, l.band2, l.band3, l.band5] : l.quantity, l.cold]);

function nameTaken(e: unknown): never {
	if (isUniqueViolation(e, 'parcel_templates_org_name_key')) throw new AppError('name_taken', m.pt_name_taken(), 409, 'name');
	throw e;
}

/** The template, locked for the change (404 when it is not the organisation's). */
async function lockTemplate(tx: Tx, actor: Actor, id: string) {
	const [row] = await tx
		.select()
		.from(parcelTemplates)
		.where(and(eq(parcelTemplates.organisationId, actor.organisationId), eq(parcelTemplates.id, id)))
		.for('update');
	if (!row) throw notFound();
	return row;
}

/** Creates a template with its lines (managers). */
export async function createTemplate(db: Database, actor: Actor, input: TemplateInput): Promise<{ id: string }> {
	requireRole(actor, MANAGE_PARCEL_TEMPLATES);
	try {
		return await db.transaction(async (tx) => {
			const t = await checkInput(tx, actor, input);
			const [row] = await tx
				.insert(parcelTemplates)
				.values({ organisationId: actor.organisationId, name: t.name, note: t.note, createdBy: actor.userId })
				.returning({ id: parcelTemplates.id });
			await tx.insert(parcelTemplateLines).values(t.lines.map((l) => ({ organisationId: actor.organisationId, templateId: row!.id, ...lineValues(l) })));
			await audit(tx, actor, 'parcel_template.create', { type: 'parcel_template', id: row!.id }, { name: t.name, lines: t.lines.length });
			return { id: row!.id };
		});
	} catch (e) {
		nameTaken(e);
	}
}

/**
 * Replaces a template's name, note and lines as a whole. A line given with its `id` keeps it (parcels
 * already prepared point at their template line); a line left out is removed, unless parcels were
 * prepared with it: then the change is refused (duplicate the template to change it deeply).
 */
export async function updateTemplate(db: Database, actor: Actor, id: string, input: TemplateInput): Promise<void> {
	requireRole(actor, MANAGE_PARCEL_TEMPLATES);
	if (!isUuid(id)) throw notFound();
	try {
		await db.transaction(async (tx) => {
			const before = await lockTemplate(tx, actor, id);
			const t = await checkInput(tx, actor, input);
			const old = await linesOf(tx, actor.organisationId, id);
			const oldIds = new Set(old.map((l) => l.id));
			const kept = new Set(t.lines.map((l) => l.id).filter((x): x is string => x !== null && oldIds.has(x)));
			const removed = old.filter((l) => !kept.has(l.id)).map((l) => l.id);
			if (removed.length > 0) {
				const used = await tx
					.select({ lineId: parcelLines.templateLineId })
					.from(parcelLines)
					.where(and(eq(parcelLines.organisationId, actor.organisationId), inArray(parcelLines.templateLineId, removed)))
					.limit(1);
				if (used.length > 0) {
					const line = old.find((l) => l.id === used[0]!.lineId);
					throw new AppError('line_in_use', m.pt_line_in_use({ category: line?.categoryName ?? '' }), 409, 'lines');
				}
				await tx.delete(parcelTemplateLines).where(and(eq(parcelTemplateLines.organisationId, actor.organisationId), inArray(parcelTemplateLines.id, removed)));
			}
			const fresh: (typeof parcelTemplateLines.$inferInsert)[] = [];
			for (const l of t.lines) {
				if (l.id !== null && kept.has(l.id)) {
					await tx
						.update(parcelTemplateLines)
						.set(lineValues(l))
						.where(and(eq(parcelTemplateLines.organisationId, actor.organisationId), eq(parcelTemplateLines.id, l.id)));
					kept.delete(l.id); // the same id twice: the second is a new line
				} else fresh.push({ organisationId: actor.organisationId, templateId: id, ...lineValues(l) });
			}
			if (fresh.length > 0) await tx.insert(parcelTemplateLines).values(fresh);
			await tx.update(parcelTemplates).set({ name: t.name, note: t.note, updatedAt: new Date() }).where(eq(parcelTemplates.id, id));
			await audit(
				tx,
				actor,
				'parcel_template.update',
				{ type: 'parcel_template', id },
				{
					name: t.name,
					before: { name: before.name, note: before.note, lines: linesForAudit(old) },
					after: { name: t.name, note: t.note, lines: linesForAudit(t.lines) }
				}
			);
		});
	} catch (e) {
		nameTaken(e);
	}
}

/**
 * Takes a template out of use or back (the API says the state: saying the one it has writes nothing).
 * A template a planned distribution day is made from cannot be taken out of use.
 */
export async function setTemplateActive(db: Database, actor: Actor, id: string, active: boolean): Promise<{ name: string; active: boolean }> {
	requireRole(actor, MANAGE_PARCEL_TEMPLATES);
	if (!isUuid(id)) throw notFound();
	return db.transaction(async (tx) => {
		const before = await lockTemplate(tx, actor, id);
		if (before.active === active) return { name: before.name, active };
		if (!active) {
			const days = await plannedDaysOf(tx, actor.organisationId, id);
			if (days > 0) throw new AppError('template_in_use', m.pt_in_use_planned({ count: days }), 409, 'active');
		}
		await tx.update(parcelTemplates).set({ active, updatedAt: new Date() }).where(eq(parcelTemplates.id, id));
		await audit(tx, actor, active ? 'parcel_template.reactivate' : 'parcel_template.deactivate', { type: 'parcel_template', id }, { name: before.name });
		return { name: before.name, active };
	});
}

/** A copy of a template with its lines, named "… (copie)" (then "(copie 2)"…), active. Audited as a creation. */
export async function duplicateTemplate(db: Database, actor: Actor, id: string): Promise<{ id: string }> {
	requireRole(actor, MANAGE_PARCEL_TEMPLATES);
	if (!isUuid(id)) throw notFound();
	return db.transaction(async (tx) => {
		const [source] = await tx
			.select()
			.from(parcelTemplates)
			.where(and(eq(parcelTemplates.organisationId, actor.organisationId), eq(parcelTemplates.id, id)));
		if (!source) throw notFound();
		const names = new Set(
			(await tx.select({ name: parcelTemplates.name }).from(parcelTemplates).where(eq(parcelTemplates.organisationId, actor.organisationId))).map((r) => r.name)
		);
		const base = source.name.slice(0, MAX_NAME - 12);
		let name = m.pt_copy_name({ name: base });
		for (let n = 2; names.has(name); n++) name = m.pt_copy_name_n({ name: base, n });
		const [row] = await tx
			.insert(parcelTemplates)
			.values({ organisationId: actor.organisationId, name, note: source.note, createdBy: actor.userId })
			.returning({ id: parcelTemplates.id });
		const lines = await linesOf(tx, actor.organisationId, id);
		if (lines.length > 0)
			await tx
				.insert(parcelTemplateLines)
				.values(lines.map((l) => ({ organisationId: actor.organisationId, templateId: row!.id, ...lineValues({ ...l, id: null }) })));
		await audit(tx, actor, 'parcel_template.create', { type: 'parcel_template', id: row!.id }, { name, lines: lines.length, copyOf: source.name });
		return { id: row!.id };
	});
}
