import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { MANAGE_REUSE } from '$lib/permissions';
import { DEEE_CATEGORIES, FURNITURE_CATEGORIES, isReuseFlux, type ReuseFlux } from '$lib/reuse/flux';
import { kgText, MAX_SCALE_GRAMS } from '$lib/reuse/weighing';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Tx } from '../db';
import { organisations, reuseCategories, reuseContainers } from '../db/schema';
import { AppError, fieldErrors, isUniqueViolation } from '../errors';
import { ensureReuseCategories, listReuseCategories, listReuseContainers, type ReuseCategory, type ReuseContainer } from './categories';
import { readReuseSettings, type ReuseSettings } from './settings';

/**
 * Keeping the ressourcerie's categories, containers and settings (issue 15, docs/ressourcerie.md
 * "Categories"): managers (MANAGE_REUSE) on /ressourcerie-reglages and the API. Every problem of a form is
 * reported at once on its field, in French; each write is one transaction with its audit row
 * (`reuse.category_create|update`, `reuse.container_create|update`, `reuse.settings`).
 */

export const MAX_AVERAGE_GRAMS = 1_000_000;
export const MAX_TARE_GRAMS = 1_000_000;
export const MAX_GRID_LINES = 12;
export const MAX_GRID_PRICE_CENTS = 1_000_000;
export const MAX_POSITION = 9999;

/** The eco-organism categories offered for a flux (furniture's and the DEEE's official lists), free text otherwise. */
export function ecoCategorySuggestions(flux: ReuseFlux | string): readonly string[] {
	if (flux === 'mobilier') return FURNITURE_CATEGORIES;
	if (flux === 'deee') return DEEE_CATEGORIES;
	return [];
}

export interface CategoryInput {
	flux?: unknown;
	name?: unknown;
	ecoCategory?: unknown;
	averageWeightGrams?: unknown;
	priceGrid?: unknown;
	position?: unknown;
}

const wholeIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

type Grid = { label: string; priceCents: number }[];

/** Checks a category's fields: every problem at once (field → French message), plus those the form could not read. */
function readCategory(
	input: CategoryInput,
	formErrors: Record<string, string>
): Omit<ReuseCategory, 'id' | 'organisationId' | 'active' | 'createdAt' | 'updatedAt'> {
	const errors: Record<string, string> = { ...formErrors };
	const name = text(input.name);
	if (!errors.name && (name.length < 2 || name.length > 80)) errors.name = m.ri_category_name_invalid();
	if (!errors.flux && !isReuseFlux(input.flux)) errors.flux = m.ri_flux_invalid();
	const eco = text(input.ecoCategory);
	if (!errors.ecoCategory && eco.length > 80) errors.ecoCategory = m.ri_eco_category_invalid();
	if (!errors.averageWeightGrams && !wholeIn(input.averageWeightGrams, 1, MAX_AVERAGE_GRAMS))
		errors.averageWeightGrams = m.ri_average_invalid({ max: kgText(MAX_AVERAGE_GRAMS) });
	const position = input.position === undefined || input.position === null ? 0 : input.position;
	if (!errors.position && !wholeIn(position, 0, MAX_POSITION)) errors.position = m.ri_position_invalid({ max: MAX_POSITION });
	const grid: Grid = [];
	if (!errors.priceGrid) {
		const raw = input.priceGrid ?? [];
		if (!Array.isArray(raw) || raw.length > MAX_GRID_LINES) errors.priceGrid = m.ri_grid_too_long({ max: MAX_GRID_LINES });
		else
			for (const line of raw) {
				const l = (line ?? {}) as { label?: unknown; priceCents?: unknown };
				const label = text(l.label);
				if (label.length < 1 || label.length > 40) {
					errors.priceGrid = m.ri_grid_label_invalid();
					break;
				}
				if (!wholeIn(l.priceCents, 0, MAX_GRID_PRICE_CENTS)) {
					errors.priceGrid = m.ri_grid_price_invalid({ label, max: MAX_GRID_PRICE_CENTS / 100 });
					break;
				}
				grid.push({ label, priceCents: l.priceCents });
			}
	}
	const err = fieldErrors(errors);
	if (err) throw err;
	return {
		flux: input.flux as ReuseFlux,
		name,
		ecoCategory: eco || null,
		averageWeightGrams: input.averageWeightGrams as number,
		priceGrid: grid,
		position: position as number
	};
}

const nameTaken = () => new AppError('ri_name_taken', m.ri_name_taken(), 409, 'name', { name: m.ri_name_taken() });

/** A write that may meet a name already used (a unique constraint): that becomes a French 409 on `name`. */
async function unlessNameTaken<T>(fn: () => Promise<T>, constraint: string): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (isUniqueViolation(e, constraint)) throw nameTaken();
		throw e;
	}
}

/** A category or container of the actor's organisation (in service or not), locked for the change; a French 404 otherwise. */
async function lockOne<T extends typeof reuseCategories | typeof reuseContainers>(tx: Tx, actor: Actor, table: T, id: unknown, notFound: () => AppError) {
	const parsed = z.uuid().safeParse(id);
	const [row] = parsed.success
		? await tx
				.select()
				.from(table as typeof reuseCategories)
				.where(and(eq(table.id, parsed.data), eq(table.organisationId, actor.organisationId)))
				.for('update')
		: [];
	if (!row) throw notFound();
	return row as unknown as T['$inferSelect'];
}

const lockCategory = (tx: Tx, actor: Actor, id: unknown): Promise<ReuseCategory> =>
	lockOne(tx, actor, reuseCategories, id, () => new AppError('reuse_category_not_found', m.reuse_category_not_found(), 404));
const lockContainer = (tx: Tx, actor: Actor, id: unknown): Promise<ReuseContainer> =>
	lockOne(tx, actor, reuseContainers, id, () => new AppError('reuse_container_not_found', m.reuse_container_not_found(), 404));

/** Every category (in service or not) and container, for the settings pages. */
export async function reuseManagement(
	db: Database,
	actor: Actor
): Promise<{ categories: ReuseCategory[]; containers: ReuseContainer[]; settings: ReuseSettings }> {
	requireRole(actor, MANAGE_REUSE);
	const [categories, containers, settings] = await Promise.all([
		listReuseCategories(db, actor, { includeInactive: true }),
		listReuseContainers(db, actor, { includeInactive: true }),
		getReuseSettings(db, actor)
	]);
	return { categories, containers, settings };
}

/** One category of the organisation (in service or not), for its edit page. */
export async function getReuseCategory(db: Database, actor: Actor, id: unknown): Promise<ReuseCategory> {
	requireRole(actor, MANAGE_REUSE);
	return db.transaction((tx) => lockCategory(tx, actor, id));
}

/** One container of the organisation (in service or not). */
export async function getReuseContainer(db: Database, actor: Actor, id: unknown): Promise<ReuseContainer> {
	requireRole(actor, MANAGE_REUSE);
	return db.transaction((tx) => lockContainer(tx, actor, id));
}

export async function createReuseCategory(db: Database, actor: Actor, input: CategoryInput, formErrors: Record<string, string> = {}): Promise<ReuseCategory> {
	requireRole(actor, MANAGE_REUSE);
	const values = readCategory(input, formErrors);
	return unlessNameTaken(
		() =>
			db.transaction(async (tx) => {
				await ensureReuseCategories(tx, actor.organisationId);
				const [row] = await tx
					.insert(reuseCategories)
					.values({ organisationId: actor.organisationId, ...values })
					.returning();
				await audit(tx, actor, 'reuse.category_create', { type: 'reuse_category', id: row!.id }, { name: row!.name, flux: row!.flux });
				return row!;
			}),
		'reuse_categories_org_name_key'
	);
}

/** Replaces a category's fields (its lines and items keep pointing to it). */
export async function updateReuseCategory(
	db: Database,
	actor: Actor,
	id: unknown,
	input: CategoryInput,
	formErrors: Record<string, string> = {}
): Promise<ReuseCategory> {
	requireRole(actor, MANAGE_REUSE);
	const values = readCategory(input, formErrors);
	return unlessNameTaken(
		() =>
			db.transaction(async (tx) => {
				const before = await lockCategory(tx, actor, id);
				const [row] = await tx
					.update(reuseCategories)
					.set({ ...values, updatedAt: new Date() })
					.where(eq(reuseCategories.id, before.id))
					.returning();
				await audit(
					tx,
					actor,
					'reuse.category_update',
					{ type: 'reuse_category', id: before.id },
					{ name: row!.name, before: categoryFields(before), after: categoryFields(row!) }
				);
				return row!;
			}),
		'reuse_categories_org_name_key'
	);
}

/** A category's own fields (the audit's before/after, the API's JSON). */
export const categoryFields = (c: ReuseCategory) => ({
	flux: c.flux,
	name: c.name,
	ecoCategory: c.ecoCategory,
	averageWeightGrams: c.averageWeightGrams,
	priceGrid: c.priceGrid,
	position: c.position,
	active: c.active
});

/** Takes a category out of service (no longer offered on the tablet; its past lines stay) or back. Saying the state it has changes nothing. */
export async function setReuseCategoryActive(db: Database, actor: Actor, id: unknown, active: boolean): Promise<ReuseCategory> {
	requireRole(actor, MANAGE_REUSE);
	return db.transaction(async (tx) => {
		const before = await lockCategory(tx, actor, id);
		if (before.active === active) return before;
		const [row] = await tx.update(reuseCategories).set({ active, updatedAt: new Date() }).where(eq(reuseCategories.id, before.id)).returning();
		await audit(tx, actor, 'reuse.category_update', { type: 'reuse_category', id: before.id }, { name: before.name, active });
		return row!;
	});
}

export interface ContainerInput {
	name?: unknown;
	tareGrams?: unknown;
}

function readContainer(input: ContainerInput, formErrors: Record<string, string>): { name: string; tareGrams: number } {
	const errors: Record<string, string> = { ...formErrors };
	const name = text(input.name);
	if (!errors.name && (name.length < 2 || name.length > 60)) errors.name = m.ri_container_name_invalid();
	if (!errors.tareGrams && !wholeIn(input.tareGrams, 0, MAX_TARE_GRAMS)) errors.tareGrams = m.ri_tare_invalid({ max: kgText(MAX_TARE_GRAMS) });
	const err = fieldErrors(errors);
	if (err) throw err;
	return { name, tareGrams: input.tareGrams as number };
}

export async function createReuseContainer(
	db: Database,
	actor: Actor,
	input: ContainerInput,
	formErrors: Record<string, string> = {}
): Promise<ReuseContainer> {
	requireRole(actor, MANAGE_REUSE);
	const values = readContainer(input, formErrors);
	return unlessNameTaken(
		() =>
			db.transaction(async (tx) => {
				const [row] = await tx
					.insert(reuseContainers)
					.values({ organisationId: actor.organisationId, ...values })
					.returning();
				await audit(tx, actor, 'reuse.container_create', { type: 'reuse_container', id: row!.id }, { name: row!.name, tareGrams: row!.tareGrams });
				return row!;
			}),
		'reuse_containers_org_name_key'
	);
}

/** Renames a container or changes its tare (lines already weighed keep the tare they were weighed with). */
export async function updateReuseContainer(
	db: Database,
	actor: Actor,
	id: unknown,
	input: ContainerInput,
	formErrors: Record<string, string> = {}
): Promise<ReuseContainer> {
	requireRole(actor, MANAGE_REUSE);
	const values = readContainer(input, formErrors);
	return unlessNameTaken(
		() =>
			db.transaction(async (tx) => {
				const before = await lockContainer(tx, actor, id);
				const [row] = await tx.update(reuseContainers).set(values).where(eq(reuseContainers.id, before.id)).returning();
				await audit(
					tx,
					actor,
					'reuse.container_update',
					{ type: 'reuse_container', id: before.id },
					{ name: row!.name, before: { name: before.name, tareGrams: before.tareGrams }, after: values }
				);
				return row!;
			}),
		'reuse_containers_org_name_key'
	);
}

/** Takes a container out of service (no longer offered on the tablet) or back. */
export async function setReuseContainerActive(db: Database, actor: Actor, id: unknown, active: boolean): Promise<ReuseContainer> {
	requireRole(actor, MANAGE_REUSE);
	return db.transaction(async (tx) => {
		const before = await lockContainer(tx, actor, id);
		if (before.active === active) return before;
		const [row] = await tx.update(reuseContainers).set({ active }).where(eq(reuseContainers.id, before.id)).returning();
		await audit(tx, actor, 'reuse.container_update', { type: 'reuse_container', id: before.id }, { name: before.name, active });
		return row!;
	});
}

/** The ressourcerie's settings, for the managers' page. */
export async function getReuseSettings(db: Database, actor: Actor): Promise<ReuseSettings> {
	requireRole(actor, MANAGE_REUSE);
	const [org] = await db.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId));
	return readReuseSettings(org?.settings as Record<string, unknown> | undefined);
}

/** Replaces the scale's maximum and the largest discount; audited `reuse.settings` with before and after. Saying what is there writes nothing. */
export async function updateReuseSettings(
	db: Database,
	actor: Actor,
	input: { scaleMaxGrams?: unknown; maxDiscountPercent?: unknown },
	formErrors: Record<string, string> = {}
): Promise<ReuseSettings> {
	requireRole(actor, MANAGE_REUSE);
	const errors: Record<string, string> = { ...formErrors };
	if (!errors.scaleMaxGrams && !wholeIn(input.scaleMaxGrams, 1000, MAX_SCALE_GRAMS))
		errors.scaleMaxGrams = m.ri_scale_max_invalid({ min: kgText(1000), max: kgText(MAX_SCALE_GRAMS) });
	if (!errors.maxDiscountPercent && !wholeIn(input.maxDiscountPercent, 0, 100)) errors.maxDiscountPercent = m.ri_discount_invalid();
	const err = fieldErrors(errors);
	if (err) throw err;
	const next = { 'reuse.scaleMaxGrams': input.scaleMaxGrams as number, 'reuse.maxDiscountPercent': input.maxDiscountPercent as number };
	return db.transaction(async (tx) => {
		const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('update');
		const current = (org?.settings as Record<string, unknown> | undefined) ?? {};
		const before = readReuseSettings(current);
		const after = readReuseSettings({ ...current, ...next });
		if (before.scaleMaxGrams === after.scaleMaxGrams && before.maxDiscountPercent === after.maxDiscountPercent) return before;
		await tx
			.update(organisations)
			.set({ settings: { ...current, ...next } })
			.where(eq(organisations.id, actor.organisationId));
		await audit(tx, actor, 'reuse.settings', { type: 'organisation', id: actor.organisationId }, { before, after });
		return after;
	});
}
