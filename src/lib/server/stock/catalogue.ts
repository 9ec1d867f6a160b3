import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { toGtin14 } from '$lib/stock/gs1';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { hasAnyRole, requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { categories, dateType, originKind, origins, productGtins, products, productUnit, temperatureZone } from '../db/schema';
import { numberMessage, readEuros, readWhole } from '$lib/numbers';
import { AppError, fieldErrors, isUniqueViolation } from '../errors';
import { csvMoney, formatCsv, unneutralise } from '../http/csv';
import { parseCsv, parseEurosToCents } from './csv';
import { MANAGE_CATALOGUE, WORK_STOCK } from '$lib/permissions';
import { likePattern, pageOf } from '../db/lists';

export const UNITS = productUnit.enumValues;
export const DATE_TYPES = dateType.enumValues;
export const ORIGIN_KINDS = originKind.enumValues;
export const ZONES = temperatureZone.enumValues;

/** The usual tree of an épicerie solidaire, created with the first category request of an organisation. */
export const DEFAULT_CATEGORIES: [string, string[]][] = [
	['Épicerie sèche', ['Pâtes, riz, céréales', 'Conserves', 'Petit-déjeuner']],
	['Frais', ['Produits laitiers', 'Viande, poisson']],
	['Surgelés', []],
	['Fruits et légumes', []],
	['Boissons', []],
	['Hygiène', []],
	['Entretien', []],
	['Bébé', []]
];

export interface CategoryRow {
	id: string;
	parentId: string | null;
	name: string;
	/** "Frais › Produits laitiers". */
	path: string;
}

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** The organisation's categories as a tree flattened in reading order, each with its path. */
export async function listCategories(ex: Executor, actor: Actor): Promise<CategoryRow[]> {
	requireRole(actor, WORK_STOCK);
	const rows = await ex
		.select({ id: categories.id, parentId: categories.parentId, name: categories.name })
		.from(categories)
		.where(and(eq(categories.organisationId, actor.organisationId), eq(categories.active, true)));
	const byParent = new Map<string | null, typeof rows>();
	for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
	const out: CategoryRow[] = [];
	const walk = (parent: string | null, prefix: string, depth: number) => {
		if (depth > 8) return;
		for (const r of (byParent.get(parent) ?? []).sort((a, b) => collator.compare(a.name, b.name))) {
			const path = prefix ? `${prefix} › ${r.name}` : r.name;
			out.push({ ...r, path });
			walk(r.id, path, depth + 1);
		}
	};
	walk(null, '', 0);
	return out;
}

async function insertCategory(tx: Tx, actor: Actor, name: string, parentId: string | null): Promise<string> {
	const [row] = await tx.insert(categories).values({ organisationId: actor.organisationId, name, parentId }).returning({ id: categories.id });
	return row!.id;
}

/** Creates the default tree when the organisation has no category yet (managers, once). */
export async function ensureDefaultCategories(db: Database, actor: Actor): Promise<void> {
	requireRole(actor, MANAGE_CATALOGUE);
	await db.transaction(async (tx) => {
		const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(categories).where(eq(categories.organisationId, actor.organisationId));
		if (n > 0) return;
		for (const [name, children] of DEFAULT_CATEGORIES) {
			const id = await insertCategory(tx, actor, name, null);
			for (const c of children) await insertCategory(tx, actor, c, id);
		}
		await audit(tx, actor, 'category.defaults');
	});
}

export const productSchema = z.object({
	name: z.string().trim().min(2).max(120),
	categoryId: z.uuid().nullable().default(null),
	unit: z.enum(UNITS),
	referencePriceCents: z.number().int().min(0).max(10_000_000),
	netWeightGrams: z.number().int().positive().max(1_000_000).nullable().default(null),
	zone: z.enum(ZONES),
	dateType: z.enum(DATE_TYPES),
	limitPerVisit: z.number().int().positive().max(100_000).nullable().default(null),
	limitPerMonth: z.number().int().positive().max(100_000).nullable().default(null),
	/** EAN-13, EAN-8, UPC-A or GTIN-14, as typed or scanned; stored as GTIN-14. */
	gtins: z.array(z.string()).max(20).default([]),
	active: z.boolean().default(true)
});
/** `formErrors`: fields a form reader (productInputFromForm) could not read, reported with the others. */
export type ProductInput = z.input<typeof productSchema> & { formErrors?: Record<string, string> };

const PRODUCT_MESSAGES: Record<string, () => string> = {
	name: m.product_name_invalid,
	categoryId: m.category_not_found,
	unit: m.product_unit_invalid,
	referencePriceCents: m.product_price_invalid,
	netWeightGrams: m.product_weight_invalid,
	zone: m.place_zone_invalid,
	dateType: m.product_date_type_invalid,
	limitPerVisit: m.product_limit_invalid,
	limitPerMonth: m.product_limit_invalid
};

/**
 * Checks a product and normalises its codes. Every bad field is reported at once (issue 10, item 11):
 * the AppError carries `errors` (field → French message), its message being the first one's.
 */
export function validateProduct(input: ProductInput) {
	const known = input.formErrors ?? {};
	const errors: Record<string, string> = {};
	const parsed = productSchema.safeParse(input);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const field = String(issue.path[0] ?? '');
			if (field in known) continue;
			errors[field || 'form'] ??= (PRODUCT_MESSAGES[field] ?? m.error_invalid_input)();
		}
	}
	const gtins: string[] = [];
	for (const raw of (Array.isArray(input.gtins) ? input.gtins : []).map((g) => String(g).trim()).filter(Boolean)) {
		const g = toGtin14(raw);
		if (!g) {
			errors.gtins ??= m.product_gtin_invalid({ code: raw });
			continue;
		}
		if (!gtins.includes(g)) gtins.push(g);
	}
	const order = [
		'name',
		'categoryId',
		'unit',
		'referencePrice',
		'referencePriceCents',
		'zone',
		'dateType',
		'netWeightGrams',
		'limitPerVisit',
		'limitPerMonth',
		'gtins'
	];
	const all = { ...known, ...errors };
	const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)));
	// A bad code alone keeps its own error code (gtin_invalid), as the API documents it.
	if (Object.keys(sorted).length === 1 && sorted.gtins) throw new AppError('gtin_invalid', sorted.gtins, 400, 'gtins', sorted);
	const refusal = fieldErrors(sorted);
	if (refusal) throw refusal;
	return { ...parsed.data!, gtins };
}

type ValidProduct = ReturnType<typeof validateProduct>;

async function requireCategory(tx: Tx, actor: Actor, id: string | null) {
	if (!id) return;
	const [row] = await tx
		.select({ id: categories.id })
		.from(categories)
		.where(and(eq(categories.id, id), eq(categories.organisationId, actor.organisationId)));
	if (!row) throw new AppError('not_found', m.category_not_found(), 404, 'categoryId');
}

function productValues(p: ValidProduct) {
	const { gtins: _g, ...rest } = p;
	return rest;
}

async function saveGtins(tx: Tx, actor: Actor, productId: string, gtins: string[]) {
	await tx.delete(productGtins).where(and(eq(productGtins.productId, productId), eq(productGtins.organisationId, actor.organisationId)));
	if (gtins.length) await tx.insert(productGtins).values(gtins.map((gtin) => ({ organisationId: actor.organisationId, productId, gtin })));
}

function productConflict(e: unknown): AppError | null {
	if (isUniqueViolation(e, 'products_org_name_key')) return new AppError('name_taken', m.product_name_taken(), 409, 'name');
	if (isUniqueViolation(e, 'product_gtins_org_gtin_key')) return new AppError('gtin_taken', m.product_gtin_taken(), 409, 'gtins');
	return null;
}

async function insertProduct(tx: Tx, actor: Actor, p: ValidProduct, needsReview = false): Promise<string> {
	await requireCategory(tx, actor, p.categoryId);
	const [row] = await tx
		.insert(products)
		.values({ organisationId: actor.organisationId, ...productValues(p), needsReview })
		.returning({ id: products.id });
	await saveGtins(tx, actor, row!.id, p.gtins);
	return row!.id;
}

/** A manager saving a product (form or file) has checked it: a quick-created product leaves the review list. */
async function overwriteProduct(tx: Tx, actor: Actor, id: string, p: ValidProduct): Promise<void> {
	await requireCategory(tx, actor, p.categoryId);
	await tx
		.update(products)
		.set({ ...productValues(p), needsReview: false, updatedAt: new Date() })
		.where(and(eq(products.id, id), eq(products.organisationId, actor.organisationId)));
	await saveGtins(tx, actor, id, p.gtins);
}

export async function createProduct(db: Database, actor: Actor, input: ProductInput): Promise<{ id: string }> {
	requireRole(actor, MANAGE_CATALOGUE);
	const p = validateProduct(input);
	try {
		return await db.transaction(async (tx) => {
			const id = await insertProduct(tx, actor, p);
			await audit(tx, actor, 'product.create', { type: 'product', id }, { name: p.name, gtins: p.gtins });
			return { id };
		});
	} catch (e) {
		throw productConflict(e) ?? e;
	}
}

/** What a reception needs to create an unknown product on the spot; limits and weight wait for a manager. */
export interface QuickProductInput {
	name: string;
	categoryId?: string | null;
	unit: ProductInput['unit'];
	zone: ProductInput['zone'];
	dateType: ProductInput['dateType'];
	/** Optional: 0 until a manager sets it. */
	referencePriceCents?: number;
	/** The scanned or typed code (EAN-13, EAN-8, UPC-A or GTIN-14); required. */
	gtin: string;
	/** Fields the form reader could not read (a price in words), reported with the others. */
	formErrors?: Record<string, string>;
}

/**
 * Creates a product from a reception when a scanned code is unknown, so that the delivery can go on:
 * anyone who works the stockroom may. The product gets its one GTIN; when the organisation has
 * categories, one must be chosen. Created by someone who does not keep the catalogue, it is marked
 * `needs_review` (a badge and a filter on the catalogue) until a manager saves it. One transaction
 * with its audit row: a taken name or code is refused with its French message and nothing is saved.
 */
export async function quickCreateProduct(db: Database, actor: Actor, input: QuickProductInput): Promise<ProductRow> {
	requireRole(actor, WORK_STOCK);
	const gtin = (input.gtin ?? '').trim();
	// Every bad field at once (issue 10, item 11): a missing code is reported with the others.
	const formErrors = { ...(gtin ? {} : { gtins: m.quick_product_gtin_required() }), ...input.formErrors };
	let p: ValidProduct;
	try {
		p = validateProduct({
			name: input.name,
			categoryId: input.categoryId || null,
			unit: input.unit,
			zone: input.zone,
			dateType: input.dateType,
			referencePriceCents: input.referencePriceCents ?? 0,
			gtins: gtin ? [gtin] : [],
			formErrors
		});
	} catch (e) {
		// The quick form has one code field, named gtin.
		if (e instanceof AppError && e.errors && 'gtins' in e.errors) {
			const { gtins, ...rest } = e.errors;
			const errors = { ...rest, gtin: gtins! };
			const code = !gtin && Object.keys(rest).length === 0 ? 'gtin_required' : e.code;
			throw new AppError(code, e.field === 'gtins' ? gtins! : e.message, e.status, e.field === 'gtins' ? 'gtin' : e.field, errors);
		}
		throw e;
	}
	const needsReview = !hasAnyRole(actor.roles, MANAGE_CATALOGUE);
	try {
		return await db.transaction(async (tx) => {
			if (!p.categoryId) {
				const [{ n } = { n: 0 }] = await tx
					.select({ n: count() })
					.from(categories)
					.where(and(eq(categories.organisationId, actor.organisationId), eq(categories.active, true)));
				if (n > 0) throw new AppError('category_required', m.quick_product_category_required(), 400, 'categoryId');
			}
			const id = await insertProduct(tx, actor, p, needsReview);
			await audit(tx, actor, 'product.quick_create', { type: 'product', id }, { name: p.name, gtins: p.gtins, needsReview });
			return requireProduct(tx, actor, id);
		});
	} catch (e) {
		const c = productConflict(e);
		if (c?.field === 'gtins') throw new AppError(c.code, c.message, c.status, 'gtin');
		throw c ?? e;
	}
}

export async function updateProduct(db: Database, actor: Actor, id: string, input: ProductInput): Promise<void> {
	requireRole(actor, MANAGE_CATALOGUE);
	const p = validateProduct(input);
	try {
		await db.transaction(async (tx) => {
			const before = await requireProduct(tx, actor, id, true);
			await overwriteProduct(tx, actor, id, p);
			await audit(tx, actor, 'product.update', { type: 'product', id }, { before: { ...before, gtins: before.gtins }, after: p });
		});
	} catch (e) {
		throw productConflict(e) ?? e;
	}
}

/**
 * Adds one barcode to a product, or takes one off (the API's barcodes; the screen edits the whole list
 * with the product). The code is read like the form's (EAN-13, EAN-8, UPC-A or GTIN-14) and stored as
 * GTIN-14; a code another product carries is refused (409 gtin_taken). Adding a code the product has,
 * or removing one it has not, writes nothing. Audited as a product update (before and after codes).
 */
export async function changeProductGtin(db: Database, actor: Actor, id: string, change: { add: string } | { remove: string }): Promise<ProductRow> {
	requireRole(actor, MANAGE_CATALOGUE);
	const raw = String('add' in change ? change.add : change.remove).trim();
	try {
		return await db.transaction(async (tx) => {
			// The product first: another organisation's id is a 404 whatever the code.
			const before = await requireProduct(tx, actor, id, true);
			const gtin = toGtin14(raw);
			if (!gtin) throw new AppError('gtin_invalid', m.product_gtin_invalid({ code: raw.slice(0, 20) }), 400, 'gtin');
			const gtins = 'add' in change ? [...new Set([...before.gtins, gtin])] : before.gtins.filter((g) => g !== gtin);
			if (gtins.length === before.gtins.length) return before;
			// The same bounds as a whole product (at most 20 codes).
			validateProduct({ ...before, gtins });
			await saveGtins(tx, actor, id, gtins);
			await audit(
				tx,
				actor,
				'product.update',
				{ type: 'product', id },
				{ before: { name: before.name, gtins: before.gtins }, after: { name: before.name, gtins } }
			);
			return requireProduct(tx, actor, id);
		});
	} catch (e) {
		const c = productConflict(e);
		if (c?.field === 'gtins') throw new AppError(c.code, c.message, c.status, 'gtin');
		throw c ?? e;
	}
}

export interface ProductRow {
	id: string;
	name: string;
	categoryId: string | null;
	unit: (typeof UNITS)[number];
	referencePriceCents: number;
	netWeightGrams: number | null;
	zone: (typeof ZONES)[number];
	dateType: (typeof DATE_TYPES)[number];
	limitPerVisit: number | null;
	limitPerMonth: number | null;
	active: boolean;
	/** Created at a reception by someone who does not keep the catalogue; cleared when a manager saves it. */
	needsReview: boolean;
	gtins: string[];
}

const productColumns = {
	id: products.id,
	name: products.name,
	categoryId: products.categoryId,
	unit: products.unit,
	referencePriceCents: products.referencePriceCents,
	netWeightGrams: products.netWeightGrams,
	zone: products.zone,
	dateType: products.dateType,
	limitPerVisit: products.limitPerVisit,
	limitPerMonth: products.limitPerMonth,
	active: products.active,
	needsReview: products.needsReview
};

async function withGtins(ex: Executor, rows: Omit<ProductRow, 'gtins'>[]): Promise<ProductRow[]> {
	if (rows.length === 0) return [];
	const codes = await ex
		.select({ productId: productGtins.productId, gtin: productGtins.gtin })
		.from(productGtins)
		.where(
			inArray(
				productGtins.productId,
				rows.map((r) => r.id)
			)
		)
		.orderBy(asc(productGtins.gtin));
	return rows.map((r) => ({ ...r, gtins: codes.filter((c) => c.productId === r.id).map((c) => c.gtin) }));
}

export async function requireProduct(ex: Executor, actor: Actor, id: string, lock = false): Promise<ProductRow> {
	requireRole(actor, WORK_STOCK);
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.product_not_found(), 404);
	const q = ex
		.select(productColumns)
		.from(products)
		.where(and(eq(products.id, id), eq(products.organisationId, actor.organisationId)));
	const [row] = lock ? await q.for('update') : await q;
	if (!row) throw new AppError('not_found', m.product_not_found(), 404);
	return (await withGtins(ex, [row]))[0]!;
}

/** The product a scanned GTIN (any length) names in the organisation, or null. */
export async function findProductByGtin(ex: Executor, actor: Actor, code: string): Promise<ProductRow | null> {
	requireRole(actor, WORK_STOCK);
	const gtin = toGtin14(code);
	if (!gtin) return null;
	const [row] = await ex
		.select(productColumns)
		.from(productGtins)
		.innerJoin(products, eq(products.id, productGtins.productId))
		.where(and(eq(productGtins.organisationId, actor.organisationId), eq(productGtins.gtin, gtin)));
	return row ? (await withGtins(ex, [row]))[0]! : null;
}

export const PRODUCT_PAGE_SIZE = 50;

/** Search by part of the name, or by code (a full or partial barcode), optionally only the products to review; 50 a page, by name. */
export async function searchProducts(
	ex: Executor,
	actor: Actor,
	query: { q?: string; page?: number; includeInactive?: boolean; needsReview?: boolean; limit?: number } = {}
): Promise<{ rows: ProductRow[]; total: number; page: number; pages: number }> {
	requireRole(actor, WORK_STOCK);
	const conds: SQL[] = [eq(products.organisationId, actor.organisationId)];
	if (!query.includeInactive) conds.push(eq(products.active, true));
	if (query.needsReview) conds.push(eq(products.needsReview, true));
	const q = query.q?.trim().slice(0, 100) ?? '';
	if (q) {
		const like = likePattern(q);
		const byCode = /^\d{3,14}$/.test(q)
			? sql`exists (select 1 from product_gtins g where g.product_id = ${products.id} and g.gtin like ${likePattern(q)})`
			: undefined;
		conds.push(or(ilike(products.name, like), byCode)!);
	}
	const where = and(...conds);
	const size = Math.min(Math.max(query.limit ?? PRODUCT_PAGE_SIZE, 1), 200);
	const [{ total } = { total: 0 }] = await ex.select({ total: count() }).from(products).where(where);
	const { page, pages, limit, offset } = pageOf(total, query.page, size);
	const rows = await ex.select(productColumns).from(products).where(where).orderBy(asc(products.name)).limit(limit).offset(offset);
	return { rows: await withGtins(ex, rows), total, page, pages };
}

// ——— Origins ———

export const originSchema = z.object({
	name: z.string().trim().min(2).max(80),
	kind: z.enum(ORIGIN_KINDS),
	active: z.boolean().default(true)
});

export interface OriginRow {
	id: string;
	name: string;
	kind: (typeof ORIGIN_KINDS)[number];
	fse: boolean;
	active: boolean;
}

export async function listOrigins(ex: Executor, actor: Actor, opts: { includeInactive?: boolean } = {}): Promise<OriginRow[]> {
	requireRole(actor, WORK_STOCK);
	const rows = await ex
		.select({ id: origins.id, name: origins.name, kind: origins.kind, fse: origins.fse, active: origins.active })
		.from(origins)
		.where(and(eq(origins.organisationId, actor.organisationId), opts.includeInactive ? undefined : eq(origins.active, true)));
	return rows.sort((a, b) => collator.compare(a.name, b.name));
}

function originInvalid(issues: z.core.$ZodIssue[]): AppError {
	const field = String(issues[0]?.path[0] ?? '');
	return new AppError('invalid_input', field === 'kind' ? m.origin_kind_invalid() : m.origin_name_invalid(), 400, field || undefined);
}

/** FSE+/FEAD aid is always free: the flag follows the kind, so it cannot be forgotten. */
export async function createOrigin(db: Database, actor: Actor, input: z.input<typeof originSchema>): Promise<{ id: string }> {
	requireRole(actor, MANAGE_CATALOGUE);
	const parsed = originSchema.safeParse(input);
	if (!parsed.success) throw originInvalid(parsed.error.issues);
	const o = parsed.data;
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(origins)
				.values({ organisationId: actor.organisationId, name: o.name, kind: o.kind, fse: o.kind === 'fse', active: o.active })
				.returning({ id: origins.id });
			await audit(tx, actor, 'origin.create', { type: 'origin', id: row!.id }, { name: o.name, kind: o.kind });
			return row!;
		});
	} catch (e) {
		if (isUniqueViolation(e, 'origins_org_name_key')) throw new AppError('name_taken', m.origin_name_taken(), 409, 'name');
		throw e;
	}
}

/**
 * Takes an origin out of use, or back into use (the origins page's one-tap toggle): read and changed
 * under one lock, so two taps never undo each other unseen. Returns the origin's name and new state.
 */
export async function toggleOrigin(db: Database, actor: Actor, id: string): Promise<{ name: string; active: boolean }> {
	return changeOriginActive(db, actor, id, (before) => !before);
}

/**
 * Puts an origin in or out of use (the API: the state is said, not flipped, so a retried call changes
 * nothing twice). Saying the state it already has writes nothing. Returns its name and state.
 */
export async function setOriginActive(db: Database, actor: Actor, id: string, active: boolean): Promise<{ name: string; active: boolean }> {
	return changeOriginActive(db, actor, id, () => active);
}

async function changeOriginActive(db: Database, actor: Actor, id: string, next: (before: boolean) => boolean): Promise<{ name: string; active: boolean }> {
	requireRole(actor, MANAGE_CATALOGUE);
	if (typeof id !== 'string' || !z.uuid().safeParse(id).success) throw new AppError('not_found', m.origin_not_found(), 404);
	return db.transaction(async (tx) => {
		const [before] = await tx
			.select()
			.from(origins)
			.where(and(eq(origins.id, id), eq(origins.organisationId, actor.organisationId)))
			.for('update');
		if (!before) throw new AppError('not_found', m.origin_not_found(), 404);
		const active = next(before.active);
		if (active === before.active) return { name: before.name, active };
		await tx.update(origins).set({ active }).where(eq(origins.id, id));
		const after = { name: before.name, kind: before.kind, active };
		await audit(tx, actor, 'origin.update', { type: 'origin', id }, { before: { name: before.name, kind: before.kind, active: before.active }, after });
		return { name: before.name, active };
	});
}

/** One origin of the organisation (404 when it is not one of its). */
export async function getOrigin(ex: Executor, actor: Actor, id: string): Promise<OriginRow> {
	requireRole(actor, WORK_STOCK);
	if (typeof id !== 'string' || !z.uuid().safeParse(id).success) throw new AppError('not_found', m.origin_not_found(), 404);
	const [row] = await ex
		.select({ id: origins.id, name: origins.name, kind: origins.kind, fse: origins.fse, active: origins.active })
		.from(origins)
		.where(and(eq(origins.id, id), eq(origins.organisationId, actor.organisationId)));
	if (!row) throw new AppError('not_found', m.origin_not_found(), 404);
	return row;
}

// ——— CSV import and export ———

/**
 * Largest catalogue file accepted, on the screen and through the API: 500 kB, about 5 000 products. Kept
 * under the Node server's request limit (adapter-node's BODY_SIZE_LIMIT, 512 kB), so the limit a person is
 * told is the one that holds; raising both is in docs/stock.md (a refused large upload can be reset).
 */
export const CATALOGUE_FILE_MAX = 500_000;

export const CSV_HEADER = ['nom', 'categorie', 'unite', 'prix_reference', 'poids_net_g', 'zone', 'type_date', 'limite_visite', 'limite_mois', 'codes', 'actif'];
const UNIT_TEXT: Record<string, string> = { piece: 'pièce', kg: 'kg', litre: 'litre' };
const ZONE_TEXT: Record<string, string> = { ambient: 'ambiant', chilled: 'frais', frozen: 'surgelé' };
const DATE_TEXT: Record<string, string> = { dlc: 'DLC', ddm: 'DDM', none: 'aucune' };
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();
const reverse = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).map(([k, v]) => [fold(v), k]));
const UNIT_FROM = { ...reverse(UNIT_TEXT), pieces: 'piece', l: 'litre' } as Record<string, string>;
const ZONE_FROM = { ...reverse(ZONE_TEXT), refrigere: 'chilled', congele: 'frozen' } as Record<string, string>;
const DATE_FROM = reverse(DATE_TEXT);

/** The whole catalogue (active or not) as a French spreadsheet file. */
export async function exportCatalogueCsv(db: Database, actor: Actor): Promise<string> {
	requireRole(actor, MANAGE_CATALOGUE);
	const cats = new Map((await listCategories(db, actor)).map((c) => [c.id, c.path]));
	const all = await db.select(productColumns).from(products).where(eq(products.organisationId, actor.organisationId)).orderBy(asc(products.name));
	const rows = await withGtins(db, all);
	return formatCsv([
		CSV_HEADER,
		...rows.map((p) => [
			p.name,
			p.categoryId ? (cats.get(p.categoryId) ?? '') : '',
			UNIT_TEXT[p.unit]!,
			csvMoney(p.referencePriceCents),
			p.netWeightGrams,
			ZONE_TEXT[p.zone]!,
			DATE_TEXT[p.dateType]!,
			p.limitPerVisit,
			p.limitPerMonth,
			p.gtins.join(' '),
			p.active ? 'oui' : 'non'
		])
	]);
}

export interface ImportReport {
	created: number;
	updated: number;
	/** One entry per refused line (line number in the file, French reason); when any, nothing was saved. */
	errors: { line: number; message: string }[];
}

/**
 * Imports a catalogue file: a line whose name exists updates that product, otherwise creates it;
 * categories are given by path ("Frais › Produits laitiers" or "Frais > Produits laitiers") and created
 * when missing. All or nothing: the report lists every bad line and then nothing is saved.
 */
export async function importCatalogueCsv(db: Database, actor: Actor, text: string): Promise<ImportReport> {
	requireRole(actor, MANAGE_CATALOGUE);
	let rows: { line: number; fields: string[] }[];
	try {
		rows = parseCsv(text);
	} catch {
		return { created: 0, updated: 0, errors: [{ line: 1, message: m.csv_unclosed_quote() }] };
	}
	const header = rows.shift();
	if (!header || fold(header.fields[0] ?? '') !== 'nom')
		return { created: 0, updated: 0, errors: [{ line: 1, message: m.csv_bad_header({ header: CSV_HEADER.join(';') }) }] };
	const col = new Map(header.fields.map((h, i) => [fold(h), i]));
	// A text our export neutralised (`'=…`, see formatCsv) reads back as it was.
	const get = (r: string[], name: string) => (col.has(name) ? unneutralise((r[col.get(name)!] ?? '').trim()) : '');
	const errors: ImportReport['errors'] = [];
	const parsed: { line: number; category: string; product: ValidProduct }[] = [];
	const seenNames = new Map<string, number>();
	const seenCodes = new Map<string, number>();
	for (const { line, fields } of rows) {
		try {
			const intOrNull = (v: string, field: string) => {
				if (v === '') return null;
				if (!/^\d{1,9}$/.test(v)) throw new AppError('invalid_input', PRODUCT_MESSAGES[field]!(), 400, field);
				return Number(v);
			};
			const price = parseEurosToCents(get(fields, 'prix_reference') || '0');
			if (price === null) throw new AppError('invalid_input', m.product_price_invalid(), 400);
			const unit = UNIT_FROM[fold(get(fields, 'unite') || 'piece')];
			const zone = ZONE_FROM[fold(get(fields, 'zone') || 'ambiant')];
			const dt = DATE_FROM[fold(get(fields, 'type_date') || 'DDM')];
			const actif = fold(get(fields, 'actif') || 'oui');
			if (!['oui', 'non'].includes(actif)) throw new AppError('invalid_input', m.csv_active_invalid(), 400);
			const p = validateProduct({
				name: get(fields, 'nom'),
				unit: (unit ?? '') as never,
				referencePriceCents: price,
				netWeightGrams: intOrNull(get(fields, 'poids_net_g'), 'netWeightGrams'),
				zone: (zone ?? '') as never,
				dateType: (dt ?? '') as never,
				limitPerVisit: intOrNull(get(fields, 'limite_visite'), 'limitPerVisit'),
				limitPerMonth: intOrNull(get(fields, 'limite_mois'), 'limitPerMonth'),
				gtins: get(fields, 'codes')
					.split(/[\s,]+/)
					.filter(Boolean),
				active: actif === 'oui'
			});
			const key = fold(p.name);
			if (seenNames.has(key)) throw new AppError('duplicate', m.csv_duplicate_name({ line: seenNames.get(key)! }), 400);
			seenNames.set(key, line);
			for (const g of p.gtins) {
				if (seenCodes.has(g)) throw new AppError('duplicate', m.csv_duplicate_code({ code: g, line: seenCodes.get(g)! }), 400);
				seenCodes.set(g, line);
			}
			parsed.push({ line, category: get(fields, 'categorie'), product: p });
		} catch (e) {
			if (e instanceof AppError) errors.push({ line, message: e.message });
			else throw e;
		}
	}
	if (errors.length > 0) return { created: 0, updated: 0, errors };
	let current = 0;
	try {
		return await db.transaction(async (tx) => {
			const cats = await listCategories(tx, actor);
			const byPath = new Map(cats.map((c) => [fold(c.path), c.id]));
			const existing = await tx.select({ id: products.id, name: products.name }).from(products).where(eq(products.organisationId, actor.organisationId));
			const byName = new Map(existing.map((p) => [p.name, p.id]));
			let created = 0;
			let updated = 0;
			for (const row of parsed) {
				current = row.line;
				let categoryId: string | null = null;
				if (row.category) {
					const parts = row.category.split(/\s*[›>]\s*/).filter(Boolean);
					let parent: string | null = null;
					let path = '';
					for (const part of parts) {
						path = path ? `${path} › ${part}` : part;
						let id = byPath.get(fold(path));
						if (!id) {
							id = await insertCategory(tx, actor, part.slice(0, 60), parent);
							byPath.set(fold(path), id);
						}
						parent = id;
					}
					categoryId = parent;
				}
				const p = { ...row.product, categoryId };
				const id = byName.get(p.name);
				if (id) {
					await overwriteProduct(tx, actor, id, p);
					updated++;
				} else {
					byName.set(p.name, await insertProduct(tx, actor, p));
					created++;
				}
			}
			await audit(tx, actor, 'product.import', null, { created, updated });
			return { created, updated, errors: [] };
		});
	} catch (e) {
		const c = productConflict(e);
		if (c) return { created: 0, updated: 0, errors: [{ line: current, message: c.message }] };
		throw e;
	}
}

/**
 * A product from a posted form (all text): French decimal price in euros, weights in grams, codes
 * separated by spaces, commas or new lines. Bad numbers get the field's French message.
 */
export function productInputFromForm(f: Record<string, string | undefined>): ProductInput {
	const formErrors: Record<string, string> = {};
	const int = (v: string | undefined, field: string, max: number) => {
		if ((v ?? '').trim() === '') return null;
		const r = readWhole(v ?? '', max);
		if (!r.ok) formErrors[field] = numberMessage(r.problem);
		return r.ok ? r.value : null;
	};
	const price = readEuros(f.referencePrice?.trim() || '0', { allowZero: true });
	if (!price.ok) formErrors.referencePrice = numberMessage(price.problem);
	return {
		name: f.name ?? '',
		categoryId: f.categoryId || null,
		unit: (f.unit ?? '') as never,
		referencePriceCents: price.ok ? price.value : 0,
		netWeightGrams: int(f.netWeightGrams, 'netWeightGrams', 1_000_000),
		zone: (f.zone ?? '') as never,
		dateType: (f.dateType ?? '') as never,
		limitPerVisit: int(f.limitPerVisit, 'limitPerVisit', 100_000),
		limitPerMonth: int(f.limitPerMonth, 'limitPerMonth', 100_000),
		gtins: (f.gtins ?? '').split(/[\s,;]+/).filter(Boolean),
		active: f.active === undefined ? true : f.active === 'on' || f.active === 'true',
		formErrors
	};
}

/** The quick-create form of a reception (all text): the price is optional (empty is 0). */
export function quickProductInputFromForm(f: Record<string, string | undefined>): QuickProductInput {
	const price = readEuros(f.referencePrice?.trim() || '0', { allowZero: true });
	const formErrors: Record<string, string> = price.ok ? {} : { referencePrice: numberMessage(price.problem) };
	return {
		formErrors,
		name: f.name ?? '',
		categoryId: f.categoryId || null,
		unit: (f.unit ?? '') as never,
		zone: (f.zone ?? '') as never,
		dateType: (f.dateType ?? '') as never,
		referencePriceCents: price.ok ? price.value : 0,
		gtin: f.gtin ?? ''
	};
}
