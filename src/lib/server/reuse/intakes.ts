import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { CORRECT_REUSE, WORK_REUSE } from '$lib/permissions';
import { isReuseFlux, REUSE_FLUXES, type ReuseFlux } from '$lib/reuse/flux';
import { countedWeight, netWeight } from '$lib/reuse/weighing';
import { weighingMessage } from '$lib/reuse/weighingMessage';
import { pickRessourcerieSite, ressourcerieSites } from './sites';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { pageOf } from '../db/lists';
import { reuseCategories, reuseContainers, reuseIntakeLines, reuseIntakes, sites, users } from '../db/schema';
import { AppError, fieldErrors } from '../errors';
import { reuseCategoryOf, reuseContainerOf } from './categories';
import { nextReuseCode } from './ledger';
import { reuseSettings } from './settings';

/**
 * Weighed intakes (arrivages) of the ressourcerie (issue 15, docs/ressourcerie.md "Intake"): an intake is
 * opened at a ressourcerie site with its source (and a commune, a partner); it gets lines, each weighed
 * on the scale per flux (a container's tare deducted by `netWeight`, the scale's maximum refused) or
 * counted (count × the category's average, `countedWeight`). Lines are never changed: a line entered by
 * mistake is cancelled by a reversing line (CORRECT_REUSE). Each weighing is a work event
 * (`reuse.weighing`), an intake's opening an audit row (`reuse.intake_create`).
 */

export const REUSE_SOURCES = ['apport', 'collecte', 'dechetterie', 'partenaire'] as const;
export type ReuseSource = (typeof REUSE_SOURCES)[number];
export const isReuseSource = (v: unknown): v is ReuseSource => typeof v === 'string' && (REUSE_SOURCES as readonly string[]).includes(v);

export const INTAKES_PAGE_SIZE = 20;

export type IntakeRow = typeof reuseIntakes.$inferSelect;

export interface IntakeLineView {
	id: number;
	flux: ReuseFlux;
	categoryId: string | null;
	categoryName: string | null;
	method: 'weighed' | 'counted' | 'item';
	grossGrams: number | null;
	containerName: string | null;
	tareGrams: number;
	count: number | null;
	netGrams: number;
	correctionOf: number | null;
	/** This line was cancelled (a reversing line points to it). */
	cancelled: boolean;
	userName: string;
	at: Date;
}

export interface IntakeView {
	intake: IntakeRow;
	siteName: string;
	createdByName: string;
	lines: IntakeLineView[];
	/** Net weight by flux (cancellations deducted), in the flux order, only the flux with lines. */
	totals: { flux: ReuseFlux; netGrams: number }[];
	totalGrams: number;
}

export interface OpenIntakeInput {
	siteId?: unknown;
	source?: unknown;
	commune?: unknown;
	partner?: unknown;
	note?: unknown;
}

const optionalText = (v: unknown, max: number): string | null | false => {
	if (v === undefined || v === null) return null;
	if (typeof v !== 'string') return false;
	const t = v.trim();
	return t.length > max ? false : t || null;
};

/** Opens an intake; the site may be left out when the organisation has one ressourcerie site. */
export async function openIntake(db: Database, actor: Actor, input: OpenIntakeInput): Promise<{ id: string; number: string }> {
	requireRole(actor, WORK_REUSE);
	const errors: Record<string, string> = {};
	if (!isReuseSource(input.source)) errors.source = m.ri_source_invalid();
	const commune = optionalText(input.commune, 80);
	if (commune === false) errors.commune = m.ri_commune_invalid();
	const partner = optionalText(input.partner, 120);
	if (partner === false) errors.partner = m.ri_partner_invalid();
	const note = optionalText(input.note, 500);
	if (note === false) errors.note = m.ri_note_invalid();
	const picked = pickRessourcerieSite(await ressourcerieSites(db, actor), input.siteId);
	const site = picked.ok ? picked.site : null;
	if (!picked.ok) errors.siteId = picked.why === 'none' ? m.ri_no_site() : m.ri_site_invalid();
	const err = fieldErrors(errors);
	if (err) throw err;
	return db.transaction(async (tx) => {
		const number = await nextReuseCode(tx, actor.organisationId, 'intake');
		const [row] = await tx
			.insert(reuseIntakes)
			.values({
				organisationId: actor.organisationId,
				number,
				siteId: site!.id,
				source: input.source as ReuseSource,
				commune: commune || null,
				partner: partner || null,
				note: note || null,
				createdBy: actor.userId,
				deviceId: actor.deviceId
			})
			.returning({ id: reuseIntakes.id, number: reuseIntakes.number });
		await audit(tx, actor, 'reuse.intake_create', { type: 'reuse_intake', id: row!.id }, { code: number, source: input.source, site: site!.name });
		return row!;
	});
}

async function intakeOf(ex: Executor | Tx, actor: Actor, id: unknown, lock = false): Promise<IntakeRow> {
	const parsed = z.uuid().safeParse(id);
	if (!parsed.success) throw new AppError('ri_intake_not_found', m.ri_intake_not_found(), 404);
	const q = ex
		.select()
		.from(reuseIntakes)
		.where(and(eq(reuseIntakes.id, parsed.data), eq(reuseIntakes.organisationId, actor.organisationId)));
	const [row] = lock ? await q.for('update') : await q;
	if (!row) throw new AppError('ri_intake_not_found', m.ri_intake_not_found(), 404);
	return row;
}

export interface IntakeLineInput {
	flux?: unknown;
	categoryId?: unknown;
	/** 'weighed' (default) or 'counted'. */
	method?: unknown;
	grossGrams?: unknown;
	containerId?: unknown;
	count?: unknown;
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

/**
 * Adds a weighing (gross − the container's tare) or a count (count × the category's average) to an
 * intake. Refused in French, nothing saved: over the scale's maximum, at or under the tare, a count
 * without a category, another organisation's container or category, a category of another flux.
 * `formErrors`: what the form could not read (a weight typed wrong), reported with the rest.
 */
export async function addIntakeLine(
	db: Database,
	actor: Actor,
	intakeId: unknown,
	input: IntakeLineInput,
	formErrors: Record<string, string> = {}
): Promise<IntakeLineView> {
	requireRole(actor, WORK_REUSE);
	const method = isBlank(input.method) ? 'weighed' : input.method;
	return db.transaction(async (tx) => {
		const intake = await intakeOf(tx, actor, intakeId, true);
		const errors: Record<string, string> = { ...formErrors };
		if (method !== 'weighed' && method !== 'counted') errors.method = m.ri_method_invalid();
		const category = isBlank(input.categoryId) ? null : await reuseCategoryOf(tx, actor, input.categoryId, 'categoryId');
		if (category && !category.active) errors.categoryId = m.reuse_category_not_found();
		const flux = isBlank(input.flux) && category ? category.flux : input.flux;
		if (!isReuseFlux(flux)) errors.flux = m.ri_flux_invalid();
		else if (category && category.flux !== flux) errors.categoryId = m.ri_category_other_flux();
		let values: { grossGrams: number | null; containerId: string | null; tareGrams: number; count: number | null; netGrams: number } | null = null;
		if (method === 'weighed') {
			const container = isBlank(input.containerId) ? null : await reuseContainerOf(tx, actor, input.containerId, 'containerId');
			const { scaleMaxGrams } = await reuseSettings(tx, actor);
			if (!errors.grossGrams) {
				if (typeof input.grossGrams !== 'number' || !Number.isInteger(input.grossGrams)) errors.grossGrams = m.ri_gross_missing();
				else {
					const r = netWeight(input.grossGrams, container?.tareGrams ?? 0, scaleMaxGrams);
					if (!r.ok) errors.grossGrams = weighingMessage(r.problem);
					else
						values = {
							grossGrams: input.grossGrams,
							containerId: container?.id ?? null,
							tareGrams: container?.tareGrams ?? 0,
							count: null,
							netGrams: r.netGrams
						};
				}
			}
		} else if (method === 'counted') {
			if (!category) errors.categoryId ??= m.ri_count_needs_category();
			const r = countedWeight(typeof input.count === 'number' ? input.count : NaN, category?.averageWeightGrams ?? 1);
			if (!errors.count && !r.ok) errors.count = weighingMessage(r.problem);
			else if (r.ok) values = { grossGrams: null, containerId: null, tareGrams: 0, count: input.count as number, netGrams: r.netGrams };
		}
		const err = fieldErrors(errors);
		if (err || !values) throw err ?? new AppError('invalid_input', m.error_invalid_input(), 400);
		const [line] = await tx
			.insert(reuseIntakeLines)
			.values({
				organisationId: actor.organisationId,
				intakeId: intake.id,
				flux: flux as ReuseFlux,
				categoryId: category?.id ?? null,
				method: method as 'weighed' | 'counted',
				...values,
				userId: actor.userId
			})
			.returning({ id: reuseIntakeLines.id });
		await audit(
			tx,
			actor,
			'reuse.weighing',
			{ type: 'reuse_intake', id: intake.id },
			{ code: intake.number, intake: intake.number, flux, netGrams: values.netGrams, method, line: line!.id, ...(values.count ? { count: values.count } : {}) }
		);
		return (await linesOf(tx, actor, intake.id)).find((l) => l.id === line!.id)!;
	});
}

/**
 * Cancels a line entered by mistake (CORRECT_REUSE): a new line with the opposite net weight and
 * `correction_of` (the line itself never changes). A line already cancelled, or a cancelling line, is refused.
 */
export async function cancelIntakeLine(db: Database, actor: Actor, intakeId: unknown, lineId: unknown): Promise<IntakeLineView> {
	requireRole(actor, CORRECT_REUSE);
	return db.transaction(async (tx) => {
		const intake = await intakeOf(tx, actor, intakeId, true);
		const id = typeof lineId === 'number' ? lineId : typeof lineId === 'string' && /^\d{1,15}$/.test(lineId) ? Number(lineId) : NaN;
		const [line] = Number.isSafeInteger(id)
			? await tx
					.select()
					.from(reuseIntakeLines)
					.where(and(eq(reuseIntakeLines.id, id), eq(reuseIntakeLines.intakeId, intake.id), eq(reuseIntakeLines.organisationId, actor.organisationId)))
			: [];
		if (!line) throw new AppError('ri_line_not_found', m.ri_line_not_found(), 404, 'lineId');
		if (line.correctionOf !== null) throw new AppError('ri_line_is_cancel', m.ri_line_is_cancel(), 409, 'lineId');
		const [already] = await tx.select({ id: reuseIntakeLines.id }).from(reuseIntakeLines).where(eq(reuseIntakeLines.correctionOf, line.id));
		if (already) throw new AppError('ri_line_cancelled', m.ri_line_cancelled(), 409, 'lineId');
		const [row] = await tx
			.insert(reuseIntakeLines)
			.values({
				organisationId: actor.organisationId,
				intakeId: intake.id,
				flux: line.flux,
				categoryId: line.categoryId,
				method: line.method,
				grossGrams: null,
				containerId: null,
				tareGrams: 0,
				count: line.count === null ? null : -line.count,
				netGrams: -line.netGrams,
				correctionOf: line.id,
				userId: actor.userId
			})
			.returning({ id: reuseIntakeLines.id });
		await audit(
			tx,
			actor,
			'reuse.weighing_cancel',
			{ type: 'reuse_intake', id: intake.id },
			{ code: intake.number, intake: intake.number, flux: line.flux, netGrams: -line.netGrams, line: line.id }
		);
		return (await linesOf(tx, actor, intake.id)).find((l) => l.id === row!.id)!;
	});
}

async function linesOf(ex: Executor | Tx, actor: Actor, intakeId: string): Promise<IntakeLineView[]> {
	const rows = await ex
		.select({
			id: reuseIntakeLines.id,
			flux: reuseIntakeLines.flux,
			categoryId: reuseIntakeLines.categoryId,
			categoryName: reuseCategories.name,
			method: reuseIntakeLines.method,
			grossGrams: reuseIntakeLines.grossGrams,
			containerName: reuseContainers.name,
			tareGrams: reuseIntakeLines.tareGrams,
			count: reuseIntakeLines.count,
			netGrams: reuseIntakeLines.netGrams,
			correctionOf: reuseIntakeLines.correctionOf,
			firstName: users.firstName,
			lastName: users.lastName,
			at: reuseIntakeLines.at
		})
		.from(reuseIntakeLines)
		.leftJoin(reuseCategories, eq(reuseCategories.id, reuseIntakeLines.categoryId))
		.leftJoin(reuseContainers, eq(reuseContainers.id, reuseIntakeLines.containerId))
		.innerJoin(users, eq(users.id, reuseIntakeLines.userId))
		.where(and(eq(reuseIntakeLines.intakeId, intakeId), eq(reuseIntakeLines.organisationId, actor.organisationId)))
		.orderBy(asc(reuseIntakeLines.id));
	const cancelled = new Set(rows.map((r) => r.correctionOf).filter((v): v is number => v !== null));
	return rows.map(({ firstName, lastName, ...r }) => ({ ...r, cancelled: cancelled.has(r.id), userName: `${firstName} ${lastName}`.trim() }));
}

/** An intake with its lines and its totals by flux (cancellations deducted). */
export async function getIntake(db: Database, actor: Actor, id: unknown): Promise<IntakeView> {
	requireRole(actor, WORK_REUSE);
	const intake = await intakeOf(db, actor, id);
	const [lines, [site], [by]] = await Promise.all([
		linesOf(db, actor, intake.id),
		db.select({ name: sites.name }).from(sites).where(eq(sites.id, intake.siteId)),
		db.select({ firstName: users.firstName, lastName: users.lastName }).from(users).where(eq(users.id, intake.createdBy))
	]);
	const sums = new Map<ReuseFlux, number>();
	for (const l of lines) sums.set(l.flux, (sums.get(l.flux) ?? 0) + l.netGrams);
	const totals = REUSE_FLUXES.filter((f) => sums.has(f)).map((flux) => ({ flux, netGrams: sums.get(flux)! }));
	return {
		intake,
		siteName: site?.name ?? '',
		createdByName: by ? `${by.firstName} ${by.lastName}`.trim() : '',
		lines,
		totals,
		totalGrams: lines.reduce((s, l) => s + l.netGrams, 0)
	};
}

export interface IntakeSummary {
	id: string;
	number: string;
	source: ReuseSource;
	commune: string | null;
	partner: string | null;
	siteName: string;
	createdByName: string;
	createdAt: Date;
	lines: number;
	totalGrams: number;
}

/** The organisation's intakes, newest (today's) first, a page at a time. */
export async function listIntakes(
	db: Database,
	actor: Actor,
	opts: { page?: number } = {}
): Promise<{ rows: IntakeSummary[]; total: number; page: number; pages: number }> {
	requireRole(actor, WORK_REUSE);
	const where = eq(reuseIntakes.organisationId, actor.organisationId);
	const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(reuseIntakes).where(where);
	const p = pageOf(n, opts.page, INTAKES_PAGE_SIZE);
	const rows = await db
		.select({
			id: reuseIntakes.id,
			number: reuseIntakes.number,
			source: reuseIntakes.source,
			commune: reuseIntakes.commune,
			partner: reuseIntakes.partner,
			siteName: sites.name,
			firstName: users.firstName,
			lastName: users.lastName,
			createdAt: reuseIntakes.createdAt
		})
		.from(reuseIntakes)
		.innerJoin(sites, eq(sites.id, reuseIntakes.siteId))
		.innerJoin(users, eq(users.id, reuseIntakes.createdBy))
		.where(where)
		.orderBy(desc(reuseIntakes.createdAt), desc(reuseIntakes.number))
		.limit(p.limit)
		.offset(p.offset);
	const ids = rows.map((r) => r.id);
	const sums = ids.length
		? await db
				.select({
					intakeId: reuseIntakeLines.intakeId,
					lines: sql<number>`count(*) filter (where ${reuseIntakeLines.correctionOf} is null)::int`,
					grams: sql<number>`coalesce(sum(${reuseIntakeLines.netGrams}), 0)::bigint`
				})
				.from(reuseIntakeLines)
				.where(and(eq(reuseIntakeLines.organisationId, actor.organisationId), inArray(reuseIntakeLines.intakeId, ids)))
				.groupBy(reuseIntakeLines.intakeId)
		: [];
	const byId = new Map(sums.map((s) => [s.intakeId, s]));
	return {
		rows: rows.map(({ firstName, lastName, ...r }) => ({
			...r,
			createdByName: `${firstName} ${lastName}`.trim(),
			lines: Number(byId.get(r.id)?.lines ?? 0),
			totalGrams: Number(byId.get(r.id)?.grams ?? 0)
		})),
		total: n,
		page: p.page,
		pages: p.pages
	};
}
