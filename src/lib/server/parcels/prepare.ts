/**
 * Preparing parcels on the tablet (issue 14, item 4; docs/parcels.md "Preparing"): the picking list, the
 * scans that move goods into the parcel, putting goods back, "Colis prêt" and the label's data.
 *
 * Stock: each scan splits the picked quantity off its lot (`splitLot` of stock/lots.ts, shared with
 * shelving) into a child lot put in the site's prepared-parcels place of the product's temperature zone
 * (`parcelPlace`: a location of kind `colis`, created on first use), on the ledger, in one transaction
 * that locks the source lot first (`lockLot`: SELECT … FOR UPDATE) — two preparers never take the same
 * last units. What was picked is a `parcel_lines` row per (parcel, template line, source lot) with the
 * child lot it now sits in and where it came from. Putting back (`unpick`) and the day's closing
 * (`returnParcelLots`, called by the days' service) move child lots back where they came from.
 *
 * Which stock is proposed: every lot of the organisation with stock, in any location but a prepared-parcels
 * place (all sites: a distribution is often prepared from the warehouse), or in no location yet; the list
 * shows each lot's location code and site. Privacy: a household is its reference and first name only.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { PREPARE_PARCELS } from '$lib/permissions';
import { scaleTemplate, type TemplateLine } from '$lib/parcels/composition';
import { categoryFit, countPerUnit, isNearDate, lastUsableDay, maxTake, planLine, type PickLot } from '$lib/parcels/picking';
import { shopToday } from '$lib/stock/dates';
import { expiryStatus } from '$lib/stock/expiry';
import { MAX_QUANTITY } from '$lib/stock/units';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import {
	categories,
	distributionDays,
	households,
	locations,
	lots,
	organisations,
	parcelLines,
	parcelRights,
	parcels,
	parcelTemplateLines,
	products,
	sites
} from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../http/input';
import { qrSvg } from '../labels/qr';
import { lockLot, lotInParcelPlace, recordMovement } from '../stock/ledger';
import { splitLot } from '../stock/lots';
import { lotCodeFromScan } from '../stock/shelving';
import { actorZone } from '../timeZone';
import { parcelSettings } from './settings';

export type ParcelZone = 'ambient' | 'chilled' | 'frozen';

/** The prepared-parcels places' names, per temperature zone (one of each per site, made on first use). */
export const PARCEL_PLACE_NAMES: Record<ParcelZone, string> = {
	ambient: 'Colis préparés',
	chilled: 'Colis préparés (froid)',
	frozen: 'Colis préparés (surgelés)'
};

/**
 * The site's prepared-parcels place for a temperature zone (location kind `colis`, code COL-0001…
 * unique in the organisation), created on first use in the caller's transaction. Race-safe: two
 * transactions creating it at once meet on the organisation row's lock (the code) and on the
 * (site, name) unique key (insert … on conflict do nothing, then select).
 */
export async function parcelPlace(tx: Tx, actor: Actor, siteId: string, zone: ParcelZone): Promise<{ id: string; code: string }> {
	const name = PARCEL_PLACE_NAMES[zone];
	const find = async () => {
		const [row] = await tx
			.select({ id: locations.id, code: locations.code, kind: locations.kind })
			.from(locations)
			.where(and(eq(locations.organisationId, actor.organisationId), eq(locations.siteId, siteId), eq(locations.name, name)));
		if (row && row.kind !== 'colis') throw new AppError('pk_place_name_taken', m.pk_place_name_taken({ name }), 409);
		return row ? { id: row.id, code: row.code } : null;
	};
	const found = await find();
	if (found) return found;
	// The organisation row's lock serialises code numbering (as places.ts does for EMP- codes).
	await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('no key update');
	const [n] = await tx
		.select({ n: sql<number>`coalesce(max(substring(${locations.code} from 5)::int), 0)::int` })
		.from(locations)
		.where(and(eq(locations.organisationId, actor.organisationId), sql`${locations.code} ~ '^COL-[0-9]+$'`));
	const code = 'COL-' + String((n?.n ?? 0) + 1).padStart(4, '0');
	const inserted = await tx
		.insert(locations)
		.values({ organisationId: actor.organisationId, siteId, code, name, kind: 'colis', zone })
		.onConflictDoNothing()
		.returning({ id: locations.id });
	if (inserted[0]) await audit(tx, actor, 'location.create', { type: 'location', id: inserted[0].id }, { code, name, zone });
	const made = await find();
	if (!made) throw new AppError('pk_place_name_taken', m.pk_place_name_taken({ name }), 409);
	return made;
}

// ——— Reading a parcel ———

const parcelColumns = {
	id: parcels.id,
	code: parcels.code,
	status: parcels.status,
	persons: parcels.persons,
	cold: parcels.cold,
	slot: parcels.slot,
	preparedAt: parcels.preparedAt,
	parcelRightId: parcels.parcelRightId,
	reference: households.reference,
	firstName: households.firstName,
	dayId: distributionDays.id,
	day: distributionDays.day,
	dayStatus: distributionDays.status,
	templateId: distributionDays.templateId,
	siteId: distributionDays.siteId,
	siteName: sites.name
};
type ParcelHead = {
	id: string;
	code: string;
	status: 'expected' | 'preparing' | 'prepared' | 'handed_over' | 'absent' | 'not_collected';
	persons: number;
	cold: boolean;
	slot: string | null;
	preparedAt: Date | null;
	parcelRightId: string;
	reference: string;
	firstName: string;
	dayId: string;
	day: string;
	dayStatus: 'planned' | 'closed';
	templateId: string;
	siteId: string;
	siteName: string;
};

/** Parcels with their household (reference, first name), day and site. */
function parcelQuery(ex: Executor) {
	return ex
		.select(parcelColumns)
		.from(parcels)
		.innerJoin(households, eq(households.id, parcels.householdId))
		.innerJoin(distributionDays, eq(distributionDays.id, parcels.dayId))
		.innerJoin(sites, eq(sites.id, distributionDays.siteId));
}

/** A parcel of the actor's organisation (404 otherwise); `lock`: FOR UPDATE of the parcel row. */
async function parcelHead(ex: Executor, actor: Actor, parcelId: string, lock = false): Promise<ParcelHead> {
	if (!isUuid(parcelId)) throw new AppError('pk_parcel_not_found', m.pk_parcel_not_found(), 404);
	const q = parcelQuery(ex).where(and(eq(parcels.id, parcelId), eq(parcels.organisationId, actor.organisationId)));
	const [row] = lock ? await q.for('update', { of: parcels }) : await q;
	if (!row) throw new AppError('pk_parcel_not_found', m.pk_parcel_not_found(), 404);
	return row as ParcelHead;
}

/** The API's first check on a path's parcel (before reading the body): one of the organisation's, else 404. */
export async function checkParcel(db: Executor, actor: Actor, parcelId: string): Promise<void> {
	requireRole(actor, PREPARE_PARCELS);
	await parcelHead(db, actor, parcelId);
}

/** The parcel can still be prepared: not handed over, not closed out, its day open, its right valid on the day. */
async function requirePreparable(ex: Executor, actor: Actor, p: ParcelHead): Promise<void> {
	if (p.status === 'handed_over') throw new AppError('pk_parcel_handed_over', m.pk_parcel_handed_over({ code: p.code }), 409);
	if (p.dayStatus === 'closed' || p.status === 'absent' || p.status === 'not_collected')
		throw new AppError('pk_day_closed', m.pk_day_closed({ code: p.code }), 409);
	const [right] = await ex
		.select({ status: parcelRights.status, validFrom: parcelRights.validFrom, validTo: parcelRights.validTo })
		.from(parcelRights)
		.where(and(eq(parcelRights.id, p.parcelRightId), eq(parcelRights.organisationId, actor.organisationId)));
	if (!right || right.status !== 'active' || p.day < right.validFrom || p.day > right.validTo)
		throw new AppError('pk_no_right', m.pk_no_right({ reference: p.reference }), 409);
}

type ScaledLine = TemplateLine & { target: number; categoryName: string };

/** The day's template lines scaled for the parcel's persons, in preparation order (cold last). */
async function scaledLines(ex: Executor, actor: Actor, p: ParcelHead): Promise<ScaledLine[]> {
	const rows = await ex
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
		.innerJoin(categories, eq(categories.id, parcelTemplateLines.categoryId))
		.where(and(eq(parcelTemplateLines.organisationId, actor.organisationId), eq(parcelTemplateLines.templateId, p.templateId)))
		.orderBy(asc(parcelTemplateLines.position));
	return scaleTemplate(rows, p.persons);
}

/** Every category's parent (the catalogue's tree), for own / sibling categories. */
async function categoryParents(ex: Executor, actor: Actor): Promise<Map<string, string | null>> {
	const rows = await ex
		.select({ id: categories.id, parentId: categories.parentId })
		.from(categories)
		.where(eq(categories.organisationId, actor.organisationId));
	return new Map(rows.map((r) => [r.id, r.parentId]));
}

/** What was picked into the parcel so far, with the product's unit and weight (to count it for its line). */
async function pickedLines(ex: Executor, actor: Actor, parcelId: string) {
	return ex
		.select({
			id: parcelLines.id,
			templateLineId: parcelLines.templateLineId,
			sourceLotId: parcelLines.sourceLotId,
			parcelLotId: parcelLines.parcelLotId,
			fromLocationId: parcelLines.fromLocationId,
			quantity: parcelLines.quantity,
			substitute: parcelLines.substitute,
			productName: products.name,
			unit: products.unit,
			netWeightGrams: products.netWeightGrams,
			lotCode: lots.code
		})
		.from(parcelLines)
		.innerJoin(products, eq(products.id, parcelLines.productId))
		.innerJoin(lots, eq(lots.id, parcelLines.sourceLotId))
		.where(and(eq(parcelLines.organisationId, actor.organisationId), eq(parcelLines.parcelId, parcelId), gt(parcelLines.quantity, 0)))
		.orderBy(asc(parcelLines.at), asc(parcelLines.id));
}
type PickedLine = Awaited<ReturnType<typeof pickedLines>>[number];

/** How much of a line's target the picked rows of that line count (pieces, or grams). */
function pickedCount(line: ScaledLine, picked: readonly PickedLine[]): number {
	return picked.filter((p) => p.templateLineId === line.id).reduce((a, p) => a + p.quantity * countPerUnit(line.unit, p), 0);
}

/** A lot the picking list can propose, with what the screen shows. */
export interface StockLot extends PickLot {
	productId: string;
	productName: string;
	categoryId: string | null;
	zone: ParcelZone;
	locationCode: string | null;
	siteName: string | null;
}

/** The organisation's lots with stock in the given categories, outside the prepared-parcels places. */
async function stockOf(ex: Executor, actor: Actor, categoryIds: readonly string[]): Promise<StockLot[]> {
	if (categoryIds.length === 0) return [];
	return ex
		.select({
			id: lots.id,
			code: lots.code,
			date: lots.date,
			dateType: lots.dateType,
			onHand: lots.onHand,
			blocked: lots.blocked,
			unit: products.unit,
			netWeightGrams: products.netWeightGrams,
			productId: products.id,
			productName: products.name,
			categoryId: products.categoryId,
			zone: products.zone,
			locationCode: locations.code,
			siteName: sites.name
		})
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.leftJoin(locations, eq(locations.id, lots.locationId))
		.leftJoin(sites, eq(sites.id, locations.siteId))
		.where(
			and(
				eq(lots.organisationId, actor.organisationId),
				gt(lots.onHand, 0),
				eq(lots.blocked, false),
				inArray(products.categoryId, [...categoryIds]),
				sql`not ${lotInParcelPlace}`
			)
		);
}

/** The categories a line may take from: its own (and its sub-categories), then its siblings (substitutes). */
function lineCategories(categoryId: string, parents: ReadonlyMap<string, string | null>): string[] {
	return [...parents.keys()].filter((c) => categoryFit(categoryId, c, parents) !== null);
}

export interface PickListLine {
	id: string;
	categoryId: string;
	categoryName: string;
	unit: 'piece' | 'kg';
	cold: boolean;
	target: number;
	picked: number;
	/** target − picked, at least 0. */
	remaining: number;
	pickedLines: { id: string; lotCode: string; productName: string; quantity: number; unit: 'piece' | 'kg' | 'litre'; counts: number; substitute: boolean }[];
	proposals: {
		lotId: string;
		code: string;
		productName: string;
		quantity: number;
		unit: 'piece' | 'kg' | 'litre';
		counts: number;
		locationCode: string | null;
		siteName: string | null;
		date: string | null;
		dateType: 'dlc' | 'ddm' | 'none';
		lastUsable: string | null;
		near: boolean;
		ddmPast: boolean;
		substitute: boolean;
	}[];
	/** What even the proposals (substitutes included) cannot give. */
	missing: number;
	/** The own category is short: substitutes are proposed ("Remplacement"). */
	short: boolean;
}

export interface PickList {
	parcel: {
		id: string;
		code: string;
		reference: string;
		firstName: string;
		persons: number;
		status: ParcelHead['status'];
		cold: boolean;
		slot: string | null;
		day: string;
		dayId: string;
		siteName: string;
	};
	today: string;
	nearDays: number;
	lines: PickListLine[];
	/** Every line's target is picked. */
	complete: boolean;
	/** The parcel can still be prepared (not handed over, day open, right valid). */
	open: boolean;
	refusal: string | null;
}

/**
 * The picking list of a parcel: the template scaled for its persons (cold lines last), and for each line
 * its target, what is already picked, the lots proposed (near-date first then FEFO, own category then
 * substitutes from sibling categories when it runs short, never beyond the target), and what is missing.
 */
export async function pickList(db: Executor, actor: Actor, parcelId: string, now = new Date()): Promise<PickList> {
	requireRole(actor, PREPARE_PARCELS);
	const p = await parcelHead(db, actor, parcelId);
	let refusal: string | null = null;
	try {
		await requirePreparable(db, actor, p);
	} catch (e) {
		if (!(e instanceof AppError)) throw e;
		refusal = e.message;
	}
	const [lines, parents, picked, settings] = await Promise.all([
		scaledLines(db, actor, p),
		categoryParents(db, actor),
		pickedLines(db, actor, p.id),
		parcelSettings(db, actor)
	]);
	const today = shopToday(now, actorZone(actor));
	const wanted = new Set(lines.flatMap((l) => lineCategories(l.categoryId, parents)));
	const stock = await stockOf(db, actor, [...wanted]);
	// What earlier lines' proposals already hold, so that two lines of one category do not count the same units.
	const left = new Map(stock.map((s) => [s.id, s.onHand]));
	const opts = { ...settings, today };
	const out: PickListLine[] = lines.map((line) => {
		const done = pickedCount(line, picked);
		const remaining = Math.max(0, line.target - done);
		const avail = (fit: 'own' | 'substitute') =>
			stock.filter((s) => categoryFit(line.categoryId, s.categoryId, parents) === fit).map((s) => ({ ...s, onHand: left.get(s.id) ?? 0 }));
		const own = avail('own');
		const plan = planLine(remaining, line.unit, own, avail('substitute'), opts);
		const byId = new Map(stock.map((s) => [s.id, s]));
		const proposals = plan.picks.map((pk) => {
			const s = byId.get(pk.lotId)!;
			left.set(s.id, (left.get(s.id) ?? 0) - pk.quantity);
			return {
				lotId: s.id,
				code: s.code,
				productName: s.productName,
				quantity: pk.quantity,
				unit: s.unit,
				counts: pk.quantity * countPerUnit(line.unit, s),
				locationCode: s.locationCode,
				siteName: s.siteName,
				date: s.date,
				dateType: s.dateType,
				lastUsable: lastUsableDay(s, settings.ddmGraceMonths),
				near: isNearDate(s, today, settings),
				ddmPast: expiryStatus(s, today, settings.ddmGraceMonths).state === 'ddm_past',
				substitute: pk.substitute
			};
		});
		return {
			id: line.id,
			categoryId: line.categoryId,
			categoryName: line.categoryName,
			unit: line.unit,
			cold: line.cold,
			target: line.target,
			picked: done,
			remaining,
			pickedLines: picked
				.filter((x) => x.templateLineId === line.id)
				.map((x) => ({
					id: x.id,
					lotCode: x.lotCode,
					productName: x.productName,
					quantity: x.quantity,
					unit: x.unit,
					counts: x.quantity * countPerUnit(line.unit, x),
					substitute: x.substitute
				})),
			proposals,
			missing: plan.missing,
			short: proposals.some((x) => x.substitute) || plan.missing > 0
		};
	});
	return {
		parcel: {
			id: p.id,
			code: p.code,
			reference: p.reference,
			firstName: p.firstName,
			persons: p.persons,
			status: p.status,
			cold: p.cold,
			slot: p.slot,
			day: p.day,
			dayId: p.dayId,
			siteName: p.siteName
		},
		today,
		nearDays: settings.nearDays,
		lines: out,
		complete: out.every((l) => l.remaining === 0),
		open: refusal === null,
		refusal
	};
}

// ——— Scanning a lot into a parcel ———

export interface ScanOptions {
	/** In the lot's base unit (pieces, or grams of a kg product). Left out: 1 piece, or what a kg line still needs. */
	quantity?: number | null;
	/** The line to fill (when a product fits several); left out: the first short line it fits. */
	templateLineId?: string | null;
}

export interface ScanResult {
	parcelLineId: string;
	lotCode: string;
	productName: string;
	quantity: number;
	unit: 'piece' | 'kg' | 'litre';
	categoryName: string;
	substitute: boolean;
	/** What the line still needs after this scan (pieces or grams). */
	remaining: number;
}

/**
 * One scan of a lot's label while preparing a parcel: checks the lot (of the organisation, not in a
 * parcel already, not blocked, not empty, DLC not past, DDM within its grace), its category (a line
 * still short: its own category first, else a sibling category as a substitute — only when the own
 * category's stock cannot fill it), and the quantity (never beyond what the line needs nor the lot's
 * balance). Then, in one transaction with the lot locked: the quantity is split off into the parcel's
 * child lot in the prepared-parcels place of the product's zone, the picked line is added to, the
 * parcel is `preparing`. Any refusal: a French message, nothing changed.
 */
export async function scanForParcel(db: Database, actor: Actor, parcelId: string, code: string, opts: ScanOptions = {}, now = new Date()): Promise<ScanResult> {
	requireRole(actor, PREPARE_PARCELS);
	return db.transaction(async (tx) => {
		// The parcel first (404 before the input is judged; two tablets on one parcel take turns), then the lot.
		const p = await parcelHead(tx, actor, parcelId, true);
		const lotCode = lotCodeFromScan(typeof code === 'string' ? code : '');
		const q = opts.quantity ?? null;
		if (q !== null && (!Number.isSafeInteger(q) || q <= 0 || q > MAX_QUANTITY.kg))
			throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
		const wantedLine = opts.templateLineId ?? null;
		if (wantedLine !== null && !isUuid(wantedLine)) throw new AppError('pk_line_not_found', m.pk_line_not_found(), 404, 'templateLineId');
		await requirePreparable(tx, actor, p);
		const [found] = await tx
			.select({ id: lots.id })
			.from(lots)
			.where(and(eq(lots.organisationId, actor.organisationId), eq(lots.code, lotCode)));
		if (!found) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404, 'code');
		const lot = await lockLot(tx, actor, found.id);
		const [product] = await tx
			.select({ name: products.name, categoryId: products.categoryId, netWeightGrams: products.netWeightGrams })
			.from(products)
			.where(eq(products.id, lot.productId));
		const settings = await parcelSettings(tx, actor);
		const today = shopToday(now, actorZone(actor));
		if (lot.inParcelPlace) throw new AppError('pk_lot_in_parcel', m.pk_lot_in_parcel({ code: lot.code }), 409, 'code');
		if (lot.blocked) throw new AppError('lot_blocked', m.stock_lot_blocked({ code: lot.code }), 409, 'code');
		if (lot.onHand <= 0) throw new AppError('lot_empty', m.stock_lot_empty({ code: lot.code }), 409, 'code');
		const state = expiryStatus(lot, today, settings.ddmGraceMonths).state;
		if (state === 'dlc_past') throw new AppError('dlc_past', m.pk_dlc_past({ code: lot.code, name: product!.name }), 409, 'code');
		if (state === 'ddm_too_old') throw new AppError('ddm_too_old', m.pk_ddm_too_old({ code: lot.code, name: product!.name }), 409, 'code');

		const [lines, parents, picked] = await Promise.all([scaledLines(tx, actor, p), categoryParents(tx, actor), pickedLines(tx, actor, p.id)]);
		const asPick: PickLot = { ...lot, netWeightGrams: product!.netWeightGrams };
		const candidates = lines
			.filter((l) => wantedLine === null || l.id === wantedLine)
			.map((l) => ({ line: l, fit: categoryFit(l.categoryId, product!.categoryId, parents), remaining: Math.max(0, l.target - pickedCount(l, picked)) }));
		if (wantedLine !== null && candidates.length === 0) throw new AppError('pk_line_not_found', m.pk_line_not_found(), 404, 'templateLineId');
		const fitting = candidates.filter((c) => c.fit !== null);
		if (fitting.length === 0) throw new AppError('pk_wrong_category', m.pk_wrong_category({ name: product!.name }), 409, 'code');
		const counting = fitting.filter((c) => countPerUnit(c.line.unit, asPick) > 0);
		if (counting.length === 0) throw new AppError('pk_unit_mismatch', m.pk_unit_mismatch({ name: product!.name }), 409, 'code');
		const short = counting.filter((c) => c.remaining > 0);
		if (short.length === 0) throw new AppError('pk_line_full', m.pk_line_full({ category: counting[0]!.line.categoryName }), 409, 'code');
		let choice = short.find((c) => c.fit === 'own');
		if (!choice) {
			// A substitute only when the line's own category cannot fill it.
			for (const c of short) {
				const own = (await stockOf(tx, actor, lineCategories(c.line.categoryId, parents))).filter(
					(s) => categoryFit(c.line.categoryId, s.categoryId, parents) === 'own'
				);
				if (planLine(c.remaining, c.line.unit, own, [], { ...settings, today }).missing > 0) {
					choice = c;
					break;
				}
			}
			if (!choice) throw new AppError('pk_own_first', m.pk_own_first({ category: short[0]!.line.categoryName }), 409, 'code');
		}
		const { line, remaining } = choice;
		const substitute = choice.fit === 'substitute';
		const per = countPerUnit(line.unit, asPick);
		const most = maxTake(line.unit, asPick, remaining);
		if (most <= 0) throw new AppError('pk_too_much', m.pk_too_much({ category: line.categoryName }), 409, 'quantity');
		const quantity = q ?? (line.unit === 'piece' ? 1 : most);
		if (quantity > lot.onHand) throw new AppError('insufficient_stock', m.stock_insufficient({ code: lot.code }), 409, 'quantity');
		if (quantity * per > remaining) throw new AppError('pk_too_much', m.pk_too_much({ category: line.categoryName }), 409, 'quantity');

		const place = await parcelPlace(tx, actor, p.siteId, lot.productZone);
		const existing = picked.find((x) => x.templateLineId === line.id && x.sourceLotId === lot.id);
		let parcelLineId: string;
		if (existing) {
			// The same lot again on the same line: more of it into the same child lot.
			await recordMovement(tx, actor, { lotId: lot.id, quantity: -quantity, kind: 'move', note: p.code });
			await recordMovement(tx, actor, { lotId: existing.parcelLotId, quantity, kind: 'move', note: p.code, parcel: true });
			await tx
				.update(parcelLines)
				.set({ quantity: sql`${parcelLines.quantity} + ${quantity}`, pickedBy: actor.userId, at: new Date() })
				.where(eq(parcelLines.id, existing.id));
			parcelLineId = existing.id;
		} else {
			const child = await splitLot(tx, actor, lot.id, quantity, place.id, { note: p.code });
			const [row] = await tx
				.insert(parcelLines)
				.values({
					organisationId: actor.organisationId,
					parcelId: p.id,
					templateLineId: line.id,
					sourceLotId: lot.id,
					parcelLotId: child.id,
					productId: lot.productId,
					fromLocationId: lot.locationId,
					quantity,
					substitute,
					pickedBy: actor.userId
				})
				.returning({ id: parcelLines.id });
			parcelLineId = row!.id;
		}
		await tx.update(parcels).set({ status: 'preparing', updatedAt: new Date() }).where(eq(parcels.id, p.id));
		await audit(tx, actor, 'parcel.pick', { type: 'parcel', id: p.id }, { code: p.code, lot: lot.code, quantity, substitute, category: line.categoryName });
		return {
			parcelLineId,
			lotCode: lot.code,
			productName: product!.name,
			quantity,
			unit: lot.unit,
			categoryName: line.categoryName,
			substitute,
			remaining: remaining - quantity * per
		};
	});
}

// ——— Putting goods back, returning a parcel's goods ———

/**
 * Moves every child lot of a parcel still in a prepared-parcels place back where its goods were taken
 * from (a `move`, quantity 0, reason `parcel_return`, the note saying why — e.g. "not_collected"), in
 * the caller's transaction; a place since put out of use: the lot goes back with no location. The
 * parcel's picked lines are left as they are (what was prepared). Used by the day's closing (days
 * service: parcels not collected) and by `unpick`. Returns how many lots moved.
 */
export async function returnParcelLots(tx: Tx, actor: Actor, parcelId: string, reason: string): Promise<{ lots: number }> {
	const rows = await tx
		.select({ parcelLotId: parcelLines.parcelLotId, fromLocationId: parcelLines.fromLocationId, fromActive: locations.active })
		.from(parcelLines)
		.innerJoin(lots, eq(lots.id, parcelLines.parcelLotId))
		.leftJoin(locations, eq(locations.id, parcelLines.fromLocationId))
		.where(and(eq(parcelLines.organisationId, actor.organisationId), eq(parcelLines.parcelId, parcelId), gt(parcelLines.quantity, 0), sql`${lotInParcelPlace}`))
		.orderBy(asc(parcelLines.parcelLotId));
	for (const r of rows) {
		const to = r.fromLocationId && r.fromActive ? r.fromLocationId : null;
		await recordMovement(tx, actor, { lotId: r.parcelLotId, quantity: 0, kind: 'move', reason: 'parcel_return', note: reason, toLocationId: to, parcel: true });
	}
	return { lots: rows.length };
}

/**
 * Puts picked goods back (a mistake): the whole picked line — its child lot moves back where it came
 * from (`returnParcelLots`' movement) and the line is removed — or `quantity` of it (split off the child
 * lot back to that place). Refused once the parcel is handed over or its day closed.
 */
export async function unpick(
	db: Database,
	actor: Actor,
	parcelId: string,
	parcelLineId: string,
	quantity?: number | null
): Promise<{ quantity: number; lotCode: string }> {
	requireRole(actor, PREPARE_PARCELS);
	return db.transaction(async (tx) => {
		const p = await parcelHead(tx, actor, parcelId, true);
		if (!isUuid(parcelLineId)) throw new AppError('pk_pick_not_found', m.pk_pick_not_found(), 404);
		if (quantity != null && (!Number.isSafeInteger(quantity) || quantity <= 0 || quantity > MAX_QUANTITY.kg))
			throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
		if (p.status === 'handed_over') throw new AppError('pk_parcel_handed_over', m.pk_parcel_handed_over({ code: p.code }), 409);
		if (p.dayStatus === 'closed' || p.status === 'absent' || p.status === 'not_collected')
			throw new AppError('pk_day_closed', m.pk_day_closed({ code: p.code }), 409);
		const [line] = await tx
			.select({
				id: parcelLines.id,
				quantity: parcelLines.quantity,
				parcelLotId: parcelLines.parcelLotId,
				fromLocationId: parcelLines.fromLocationId,
				fromActive: locations.active,
				lotCode: lots.code
			})
			.from(parcelLines)
			.innerJoin(lots, eq(lots.id, parcelLines.sourceLotId))
			.leftJoin(locations, eq(locations.id, parcelLines.fromLocationId))
			.where(
				and(eq(parcelLines.id, parcelLineId), eq(parcelLines.parcelId, p.id), eq(parcelLines.organisationId, actor.organisationId), gt(parcelLines.quantity, 0))
			);
		if (!line) throw new AppError('pk_pick_not_found', m.pk_pick_not_found(), 404);
		const q = quantity ?? line.quantity;
		if (q > line.quantity) throw new AppError('pk_unpick_too_much', m.pk_unpick_too_much({ quantity: line.quantity }), 409, 'quantity');
		const to = line.fromLocationId && line.fromActive ? line.fromLocationId : null;
		if (q === line.quantity) {
			await recordMovement(tx, actor, {
				lotId: line.parcelLotId,
				quantity: 0,
				kind: 'move',
				reason: 'parcel_return',
				note: 'unpick',
				toLocationId: to,
				parcel: true
			});
			await tx.delete(parcelLines).where(eq(parcelLines.id, line.id));
		} else {
			await splitLot(tx, actor, line.parcelLotId, q, to, { parcel: true, note: 'unpick' });
			await tx
				.update(parcelLines)
				.set({ quantity: sql`${parcelLines.quantity} - ${q}` })
				.where(eq(parcelLines.id, line.id));
		}
		const [left] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(parcelLines)
			.where(and(eq(parcelLines.parcelId, p.id), gt(parcelLines.quantity, 0)));
		const status = (left?.n ?? 0) > 0 ? 'preparing' : 'expected';
		await tx.update(parcels).set({ status, updatedAt: new Date(), preparedBy: null, preparedAt: null }).where(eq(parcels.id, p.id));
		await audit(tx, actor, 'parcel.unpick', { type: 'parcel', id: p.id }, { code: p.code, lot: line.lotCode, quantity: q });
		return { quantity: q, lotCode: line.lotCode };
	});
}

// ——— Ready, label ———

/**
 * "Colis prêt": the parcel is prepared (lines may be short: what is missing goes into the audit's
 * details), by whom and when, `cold` when a cold line has goods. Audited `parcel.prepared`, a work event
 * of the training record. Refused when nothing was picked, or already prepared (a double tap).
 */
export async function markPrepared(
	db: Database,
	actor: Actor,
	parcelId: string
): Promise<{ code: string; cold: boolean; missing: { category: string; unit: 'piece' | 'kg'; missing: number }[] }> {
	requireRole(actor, PREPARE_PARCELS);
	return db.transaction(async (tx) => {
		const p = await parcelHead(tx, actor, parcelId, true);
		await requirePreparable(tx, actor, p);
		if (p.status === 'prepared') throw new AppError('pk_already_prepared', m.pk_already_prepared({ code: p.code }), 409);
		const [lines, picked] = await Promise.all([scaledLines(tx, actor, p), pickedLines(tx, actor, p.id)]);
		if (picked.length === 0) throw new AppError('pk_nothing_picked', m.pk_nothing_picked(), 409);
		const missing = lines
			.map((l) => ({ category: l.categoryName, unit: l.unit, missing: Math.max(0, l.target - pickedCount(l, picked)) }))
			.filter((x) => x.missing > 0);
		const coldLines = new Set(lines.filter((l) => l.cold).map((l) => l.id));
		const cold = picked.some((x) => coldLines.has(x.templateLineId));
		await tx
			.update(parcels)
			.set({ status: 'prepared', cold, preparedBy: actor.userId, preparedAt: new Date(), updatedAt: new Date() })
			.where(eq(parcels.id, p.id));
		await audit(tx, actor, 'parcel.prepared', { type: 'parcel', id: p.id }, { code: p.code, lines: picked.length, cold, missing });
		return { code: p.code, cold, missing };
	});
}

export interface ParcelLabel {
	code: string;
	qr: string;
	reference: string;
	firstName: string;
	day: string;
	siteName: string;
	cold: boolean;
	persons: number;
	slot: string | null;
	status: ParcelHead['status'];
}

/** What a parcel's label prints: its code (and QR), the household's reference and first name only, the day, FROID, the persons. */
export async function parcelLabel(db: Executor, actor: Actor, parcelId: string): Promise<ParcelLabel> {
	requireRole(actor, PREPARE_PARCELS);
	const p = await parcelHead(db, actor, parcelId);
	return {
		code: p.code,
		qr: await qrSvg(p.code),
		reference: p.reference,
		firstName: p.firstName,
		day: p.day,
		siteName: p.siteName,
		cold: p.cold,
		persons: p.persons,
		slot: p.slot,
		status: p.status
	};
}

// ——— Today's parcels ———

export interface ParcelRow {
	id: string;
	code: string;
	reference: string;
	firstName: string;
	persons: number;
	status: ParcelHead['status'];
	cold: boolean;
	slot: string | null;
	siteName: string;
	day: string;
}

/** The parcels of the distribution days of `day` (default today, the shop's), every site, to prepare or ready. */
export async function parcelsToPrepare(
	db: Executor,
	actor: Actor,
	opts: { day?: string } = {},
	now = new Date()
): Promise<{ day: string; parcels: ParcelRow[] }> {
	requireRole(actor, PREPARE_PARCELS);
	const day = opts.day ?? shopToday(now, actorZone(actor));
	const rows = await parcelQuery(db)
		.where(
			and(
				eq(parcels.organisationId, actor.organisationId),
				eq(distributionDays.day, day),
				eq(distributionDays.status, 'planned'),
				inArray(parcels.status, ['expected', 'preparing', 'prepared'])
			)
		)
		.orderBy(asc(sites.name), sql`${parcels.slot} asc nulls last`, asc(parcels.code));
	return {
		day,
		parcels: rows.map((r) => ({
			id: r.id,
			code: r.code,
			reference: r.reference,
			firstName: r.firstName,
			persons: r.persons,
			status: r.status as ParcelRow['status'],
			cold: r.cold,
			slot: r.slot,
			siteName: r.siteName,
			day: r.day
		}))
	};
}
