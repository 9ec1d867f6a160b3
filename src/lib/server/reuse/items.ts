import { and, asc, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { CORRECT_REUSE, WORK_REUSE } from '$lib/permissions';
import { isReuseFlux, type ReuseFlux } from '$lib/reuse/flux';
import { readDescription, readItemPrice, readItemWeight, readPieces, unitWeightOf, type ItemSort, type ItemState } from '$lib/reuse/items';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import { audit } from '../audit';
import type { Database, Executor } from '../db';
import { likePattern, pageOf } from '../db/lists';
import { locations, reuseCategories, reuseIntakes, reuseItemMovements, reuseItems, sites, users } from '../db/schema';
import { AppError, fieldErrors } from '../errors';
import { reuseCategoryOf } from './categories';
import { lockItem, nextReuseCode, recordItemMovement } from './ledger';
import { reuseSettings } from './settings';

/**
 * The ressourcerie's items (issue 15, docs/ressourcerie.md "Items and labels"): an object worth selling
 * becomes an item — one object or a batch — with a category, a description, a unit price (from the
 * category's grid or typed), a weight (weighed or the category's average), a site and a location. Its
 * stock then moves only through the items' ledger (ledger.ts): creation here, sale at the till, exit by
 * a channel, a move, a supervisor's correction. Every write is one transaction, audited; `reuse.item`
 * and `reuse.price` are work events of the training record.
 */

export interface NewItemInput {
	categoryId: unknown;
	description: unknown;
	/** Price: typed euros ("2,50") or cents (a grid button, the API). */
	price: unknown;
	/** Pieces of a batch (1: one object). */
	quantity?: unknown;
	/** Weighed weight of all the pieces (typed kg, or grams; an empty text is refused); absent or null: the category's average for each piece. */
	weight?: unknown;
	/** A ressourcerie site of the organisation; default its first. */
	siteId?: unknown;
	/** A location of that site; default its first (by code). */
	locationId?: unknown;
	/** The intake the objects came from (same organisation), optional. */
	intakeId?: unknown;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const uuidOf = (v: unknown): string | null => {
	const p = z.uuid().safeParse(typeof v === 'string' ? v.trim() : v);
	return p.success ? p.data : null;
};

/**
 * Where a new item goes: the given ressourcerie site (or, with only a location given, that location's
 * site; else the organisation's first), and the given active location of that site (or its first by
 * code). Another organisation's, or a location of another site: a French 404.
 */
async function itemPlace(ex: Executor, actor: Actor, siteId: unknown, locationId: unknown): Promise<{ siteId: string; locationId: string }> {
	const sid = isBlank(siteId) ? null : uuidOf(siteId);
	const lid = isBlank(locationId) ? null : uuidOf(locationId);
	if (!isBlank(siteId) && !sid) throw new AppError('site_not_found', m.rit_site_not_found(), 404, 'siteId');
	if (!isBlank(locationId) && !lid) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
	const [site] = await ex
		.select({ id: sites.id })
		.from(sites)
		.where(
			and(
				eq(sites.organisationId, actor.organisationId),
				eq(sites.kind, 'ressourcerie'),
				eq(sites.active, true),
				sid ? eq(sites.id, sid) : lid ? sql`${sites.id} = (select ${locations.siteId} from ${locations} where ${locations.id} = ${lid})` : undefined
			)
		)
		.orderBy(asc(sites.name))
		.limit(1);
	if (!site) {
		if (lid && !sid) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
		throw new AppError('site_not_found', m.rit_site_not_found(), 404, 'siteId');
	}
	const loc = await siteLocation(ex, actor, site.id, lid);
	return { siteId: site.id, locationId: loc.id };
}

/** An active location of the site (the given one, or its first by code), or a French 404. */
async function siteLocation(ex: Executor, actor: Actor, siteId: string, locationId: unknown): Promise<{ id: string; code: string; name: string }> {
	const id = isBlank(locationId) ? null : uuidOf(locationId);
	if (!isBlank(locationId) && !id) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
	const [loc] = await ex
		.select({ id: locations.id, code: locations.code, name: locations.name })
		.from(locations)
		.where(
			and(eq(locations.organisationId, actor.organisationId), eq(locations.siteId, siteId), eq(locations.active, true), id ? eq(locations.id, id) : undefined)
		)
		.orderBy(asc(locations.code))
		.limit(1);
	if (!loc) throw new AppError('location_not_found', id ? m.location_not_found() : m.rit_site_no_location(), 404, 'locationId');
	return loc;
}

/** The ressourcerie sites of the organisation and their active locations (the "Nouvel objet" and move screens). */
export async function itemPlaces(ex: Executor, actor: Actor) {
	requireRole(actor, WORK_REUSE);
	const rows = await ex
		.select({ siteId: sites.id, siteName: sites.name, id: locations.id, code: locations.code, name: locations.name })
		.from(sites)
		.innerJoin(locations, and(eq(locations.siteId, sites.id), eq(locations.active, true)))
		.where(and(eq(sites.organisationId, actor.organisationId), eq(sites.kind, 'ressourcerie'), eq(sites.active, true)))
		.orderBy(asc(sites.name), asc(locations.code));
	const out: { id: string; name: string; locations: { id: string; code: string; name: string }[] }[] = [];
	for (const r of rows) {
		let site = out.find((s) => s.id === r.siteId);
		if (!site) out.push((site = { id: r.siteId, name: r.siteName, locations: [] }));
		site.locations.push({ id: r.id, code: r.code, name: r.name });
	}
	return out;
}

/**
 * Makes an item (one object or a batch): every field judged at once (French messages beside each), then
 * its code O-000123, the row, its `creation` movement and the audit `reuse.item` — all or nothing.
 */
export async function createItem(db: Database, actor: Actor, input: NewItemInput): Promise<{ id: string; code: string }> {
	requireRole(actor, WORK_REUSE);
	return db.transaction(async (tx) => {
		const errors: Record<string, string> = {};
		const description = readDescription(input.description);
		if (!description.ok) errors.description = description.message;
		const price = readItemPrice(input.price);
		if (!price.ok) errors.price = price.message;
		const pieces = readPieces(input.quantity);
		if (!pieces.ok) errors.quantity = pieces.message;
		const settings = await reuseSettings(tx, actor);
		const weight = input.weight === undefined || input.weight === null ? null : readItemWeight(input.weight, settings.scaleMaxGrams);
		if (weight && !weight.ok) errors.weight = weight.message;
		const bad = fieldErrors(errors);
		if (bad) throw bad;
		const category = await reuseCategoryOf(tx, actor, input.categoryId);
		if (!category.active) throw new AppError('reuse_category_not_found', m.reuse_category_not_found(), 404, 'categoryId');
		const place = await itemPlace(tx, actor, input.siteId, input.locationId);
		let intakeId: string | null = null;
		if (!isBlank(input.intakeId)) {
			const id = uuidOf(input.intakeId);
			const [intake] = id
				? await tx
						.select({ id: reuseIntakes.id })
						.from(reuseIntakes)
						.where(and(eq(reuseIntakes.id, id), eq(reuseIntakes.organisationId, actor.organisationId)))
				: [];
			if (!intake) throw new AppError('reuse_intake_not_found', m.rit_intake_not_found(), 404, 'intakeId');
			intakeId = intake.id;
		}
		const quantity = (pieces as { value: number }).value;
		const unitWeightGrams = weight ? unitWeightOf((weight as { value: number }).value, quantity) : category.averageWeightGrams;
		const code = await nextReuseCode(tx, actor.organisationId, 'item');
		const [row] = await tx
			.insert(reuseItems)
			.values({
				organisationId: actor.organisationId,
				code,
				siteId: place.siteId,
				locationId: place.locationId,
				categoryId: category.id,
				intakeId,
				description: (description as { value: string }).value,
				quantity,
				onHand: 0,
				priceCents: (price as { value: number }).value,
				unitWeightGrams,
				weightSource: weight ? 'weighed' : 'average',
				createdBy: actor.userId
			})
			.returning({ id: reuseItems.id });
		const item = await lockItem(tx, actor, row!.id);
		await recordItemMovement(tx, actor, item, { kind: 'creation', quantity });
		await audit(
			tx,
			actor,
			'reuse.item',
			{ type: 'reuse_item', id: row!.id },
			{
				code,
				category: category.name,
				flux: category.flux,
				quantity,
				priceCents: item.priceCents,
				unitWeightGrams,
				weightSource: weight ? 'weighed' : 'average'
			}
		);
		return { id: row!.id, code };
	});
}

/** Changes an item's unit price (grid or typed); refused once no piece is left. Work event `reuse.price`. */
export async function changeItemPrice(db: Database, actor: Actor, idOrCode: unknown, priceInput: unknown): Promise<{ priceCents: number }> {
	requireRole(actor, WORK_REUSE);
	return db.transaction(async (tx) => {
		const item = await lockItem(tx, actor, idOrCode);
		const price = readItemPrice(priceInput);
		if (!price.ok) throw new AppError('invalid_input', price.message, 400, 'price');
		if (item.onHand === 0) throw new AppError('reuse_item_gone', m.reuse_item_gone({ code: item.code }), 409, 'price');
		if (price.value === item.priceCents) throw new AppError('reuse_price_same', m.rit_price_same(), 409, 'price');
		await tx.update(reuseItems).set({ priceCents: price.value, updatedAt: new Date() }).where(eq(reuseItems.id, item.id));
		await audit(tx, actor, 'reuse.price', { type: 'reuse_item', id: item.id }, { code: item.code, fromCents: item.priceCents, toCents: price.value });
		return { priceCents: price.value };
	});
}

/** Moves an item (what is left of it) to another location of its site: a `move` movement, audited. */
export async function moveItem(db: Database, actor: Actor, idOrCode: unknown, locationId: unknown): Promise<{ locationId: string }> {
	requireRole(actor, WORK_REUSE);
	return db.transaction(async (tx) => {
		const item = await lockItem(tx, actor, idOrCode);
		if (isBlank(locationId)) throw new AppError('location_required', m.rit_location_required(), 400, 'locationId');
		const to = await siteLocation(tx, actor, item.siteId, locationId);
		if (item.onHand === 0) throw new AppError('reuse_item_gone', m.reuse_item_gone({ code: item.code }), 409, 'locationId');
		if (to.id === item.locationId) throw new AppError('reuse_item_same_place', m.rit_same_place({ place: to.code }), 409, 'locationId');
		const from = item.locationId;
		await recordItemMovement(tx, actor, item, { kind: 'move', quantity: 0, toLocationId: to.id, field: 'locationId' });
		await audit(tx, actor, 'reuse.item_move', { type: 'reuse_item', id: item.id }, { code: item.code, from, to: to.id, toCode: to.code });
		return { locationId: to.id };
	});
}

/**
 * A supervisor corrects an item's stock to what is really there (a piece broken, found, miscounted):
 * a `correction` movement of the difference with its reason, never below 0 nor above the pieces made.
 */
export async function correctItemStock(
	db: Database,
	actor: Actor,
	idOrCode: unknown,
	input: { onHand: unknown; reason: unknown }
): Promise<{ onHand: number }> {
	requireRole(actor, CORRECT_REUSE);
	return db.transaction(async (tx) => {
		const item = await lockItem(tx, actor, idOrCode);
		const errors: Record<string, string> = {};
		const raw = input.onHand;
		const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d{1,6}\s*$/.test(raw) ? Number(raw) : NaN;
		if (!Number.isSafeInteger(n) || n < 0 || n > item.quantity) errors.onHand = m.rit_correct_bounds({ max: item.quantity });
		const reason = typeof input.reason === 'string' ? input.reason.replace(/\s+/g, ' ').trim() : '';
		if (reason.length < 3 || reason.length > 200) errors.reason = m.rit_correct_reason();
		const bad = fieldErrors(errors);
		if (bad) throw bad;
		if (n === item.onHand) throw new AppError('reuse_correct_same', m.rit_correct_same({ count: n }), 409, 'onHand');
		const from = item.onHand;
		await recordItemMovement(tx, actor, item, { kind: 'correction', quantity: n - from, reason, field: 'onHand' });
		await audit(tx, actor, 'reuse.item_correct', { type: 'reuse_item', id: item.id }, { code: item.code, from, to: n, reason });
		return { onHand: n };
	});
}

export const ITEMS_PAGE_SIZE = 30;

export interface ItemQuery {
	q?: string;
	flux?: string | null;
	categoryId?: string | null;
	state?: ItemState;
	sort?: ItemSort;
	page?: number;
}

const itemColumns = {
	id: reuseItems.id,
	code: reuseItems.code,
	description: reuseItems.description,
	quantity: reuseItems.quantity,
	onHand: reuseItems.onHand,
	priceCents: reuseItems.priceCents,
	unitWeightGrams: reuseItems.unitWeightGrams,
	weightSource: reuseItems.weightSource,
	createdAt: reuseItems.createdAt,
	categoryId: reuseItems.categoryId,
	categoryName: reuseCategories.name,
	flux: reuseCategories.flux,
	siteId: reuseItems.siteId,
	locationId: reuseItems.locationId,
	locationCode: locations.code,
	locationName: locations.name
};

/** The items of the organisation: search (code, description), flux, category, in stock or gone, sorted, paged. */
export async function listItems(ex: Executor, actor: Actor, query: ItemQuery = {}) {
	requireRole(actor, WORK_REUSE);
	const conds: SQL[] = [eq(reuseItems.organisationId, actor.organisationId)];
	const q = query.q?.trim().slice(0, 100);
	if (q) conds.push(sql`(${reuseItems.code} ilike ${likePattern(q)} or ${reuseItems.description} ilike ${likePattern(q)})`);
	if (isReuseFlux(query.flux)) conds.push(eq(reuseCategories.flux, query.flux as ReuseFlux));
	const categoryId = query.categoryId ? uuidOf(query.categoryId) : null;
	if (categoryId) conds.push(eq(reuseItems.categoryId, categoryId));
	const state = query.state ?? 'stock';
	if (state === 'stock') conds.push(gt(reuseItems.onHand, 0));
	if (state === 'gone') conds.push(eq(reuseItems.onHand, 0));
	const where = and(...conds);
	const [{ total } = { total: 0 }] = await ex
		.select({ total: sql<number>`count(*)::int` })
		.from(reuseItems)
		.innerJoin(reuseCategories, eq(reuseCategories.id, reuseItems.categoryId))
		.where(where);
	const { page, pages, limit, offset } = pageOf(total, query.page, ITEMS_PAGE_SIZE);
	const order = {
		recent: [desc(reuseItems.createdAt), desc(reuseItems.code)],
		oldest: [asc(reuseItems.createdAt), asc(reuseItems.code)],
		price: [asc(reuseItems.priceCents), desc(reuseItems.code)],
		price_desc: [desc(reuseItems.priceCents), desc(reuseItems.code)],
		code: [asc(reuseItems.code)]
	}[query.sort ?? 'recent'];
	const rows = await ex
		.select(itemColumns)
		.from(reuseItems)
		.innerJoin(reuseCategories, eq(reuseCategories.id, reuseItems.categoryId))
		.leftJoin(locations, eq(locations.id, reuseItems.locationId))
		.where(where)
		.orderBy(...order)
		.limit(limit)
		.offset(offset);
	return { rows, total, page, pages };
}

export type ItemRow = Awaited<ReturnType<typeof listItems>>['rows'][number];

/** One item of the organisation (by id or code) with its category, place, intake and movements, newest first. */
export async function getItem(ex: Executor, actor: Actor, idOrCode: unknown) {
	requireRole(actor, WORK_REUSE);
	const raw = typeof idOrCode === 'string' ? idOrCode.trim() : '';
	const id = uuidOf(raw);
	const code = raw.toUpperCase();
	const notFound = new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, 'item');
	if (!id && !/^O-\d{6,9}$/.test(code)) throw notFound;
	const [item] = await ex
		.select({
			...itemColumns,
			ecoCategory: reuseCategories.ecoCategory,
			priceGrid: reuseCategories.priceGrid,
			siteName: sites.name,
			intakeId: reuseItems.intakeId,
			intakeNumber: reuseIntakes.number,
			createdByName: users.firstName,
			updatedAt: reuseItems.updatedAt
		})
		.from(reuseItems)
		.innerJoin(reuseCategories, eq(reuseCategories.id, reuseItems.categoryId))
		.innerJoin(sites, eq(sites.id, reuseItems.siteId))
		.leftJoin(locations, eq(locations.id, reuseItems.locationId))
		.leftJoin(reuseIntakes, eq(reuseIntakes.id, reuseItems.intakeId))
		.innerJoin(users, eq(users.id, reuseItems.createdBy))
		.where(and(eq(reuseItems.organisationId, actor.organisationId), id ? eq(reuseItems.id, id) : eq(reuseItems.code, code)));
	if (!item) throw notFound;
	const fromLoc = alias(locations, 'from_loc');
	const toLoc = alias(locations, 'to_loc');
	const movements = await ex
		.select({
			id: reuseItemMovements.id,
			kind: reuseItemMovements.kind,
			quantity: reuseItemMovements.quantity,
			fromCode: fromLoc.code,
			toCode: toLoc.code,
			saleLineId: reuseItemMovements.saleLineId,
			exitLineId: reuseItemMovements.exitLineId,
			reason: reuseItemMovements.reason,
			userName: users.firstName,
			at: reuseItemMovements.at
		})
		.from(reuseItemMovements)
		.innerJoin(users, eq(users.id, reuseItemMovements.userId))
		.leftJoin(fromLoc, eq(fromLoc.id, reuseItemMovements.fromLocationId))
		.leftJoin(toLoc, eq(toLoc.id, reuseItemMovements.toLocationId))
		.where(and(eq(reuseItemMovements.organisationId, actor.organisationId), eq(reuseItemMovements.itemId, item.id)))
		.orderBy(desc(reuseItemMovements.id));
	return { ...item, movements };
}

export type ItemDetail = Awaited<ReturnType<typeof getItem>>;

/** Items of the organisation by code (labels): all must exist, in the order given, without repeats. */
export async function itemsByCodes(ex: Executor, actor: Actor, codes: readonly string[]): Promise<ItemRow[]> {
	requireRole(actor, WORK_REUSE);
	const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
	if (wanted.length === 0) return [];
	const rows = await ex
		.select(itemColumns)
		.from(reuseItems)
		.innerJoin(reuseCategories, eq(reuseCategories.id, reuseItems.categoryId))
		.leftJoin(locations, eq(locations.id, reuseItems.locationId))
		.where(and(eq(reuseItems.organisationId, actor.organisationId), inArray(reuseItems.code, wanted)));
	const byCode = new Map(rows.map((r) => [r.code, r]));
	return wanted.map((c) => {
		const r = byCode.get(c);
		if (!r) throw new AppError('reuse_item_not_found', m.reuse_item_not_found(), 404, 'item');
		return r;
	});
}
