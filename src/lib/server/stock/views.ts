import { and, asc, desc, eq, gt, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { addDays, shopToday } from '$lib/stock/dates';
import { actorZone } from '$lib/server/timeZone';
import { expiryStatus, type ExpiryState } from '$lib/stock/expiry';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { devices, locations, lots, origins, products, stockMovements, users } from '../db/schema';
import { AppError } from '../errors';
import { qrSvg } from '../labels/qr';
import { VALIDATE_STOCK, WORK_STOCK } from '$lib/permissions';
import { likePattern, pageOf } from '../db/lists';
import { MAX_DLC_ALERT_DAYS, stockSettings } from './settings';
import { lotInParcelPlace } from './ledger';

export const LOT_CODE = /^L-\d{6,9}$/;

const lotColumns = {
	id: lots.id,
	code: lots.code,
	productId: lots.productId,
	productName: products.name,
	unit: products.unit,
	zone: products.zone,
	referencePriceCents: products.referencePriceCents,
	date: lots.date,
	dateType: lots.dateType,
	lotNumber: lots.lotNumber,
	onHand: lots.onHand,
	blocked: lots.blocked,
	locationId: lots.locationId,
	locationCode: locations.code,
	locationName: locations.name,
	originName: origins.name,
	originKind: origins.kind,
	fse: origins.fse,
	receptionId: lots.receptionId,
	createdAt: lots.createdAt,
	/** The lot sits in a prepared-parcels place ("Dans un colis"): only the parcels' services move it. */
	inParcelPlace: lotInParcelPlace
};
export type LotRow = {
	id: string;
	code: string;
	productId: string;
	productName: string;
	unit: 'piece' | 'kg' | 'litre';
	zone: 'ambient' | 'chilled' | 'frozen';
	referencePriceCents: number;
	date: string | null;
	dateType: 'dlc' | 'ddm' | 'none';
	lotNumber: string | null;
	onHand: number;
	blocked: boolean;
	locationId: string | null;
	locationCode: string | null;
	locationName: string | null;
	originName: string;
	originKind: string;
	fse: boolean;
	receptionId: string | null;
	createdAt: Date;
	inParcelPlace: boolean;
};

function lotQuery(ex: Executor) {
	return ex
		.select(lotColumns)
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.innerJoin(origins, eq(origins.id, lots.originId))
		.leftJoin(locations, eq(locations.id, lots.locationId));
}

/** FEFO in SQL: earliest date first, DLC before DDM on the same day, undated last, then by code. */
const fefoOrder = [sql`${lots.date} asc nulls last`, sql`case ${lots.dateType} when 'dlc' then 0 when 'ddm' then 1 else 2 end`, asc(lots.code)];

/** A lot by its label code (what the QR and the scanner give), in the actor's organisation. */
export async function getLotByCode(ex: Executor, actor: Actor, code: string): Promise<LotRow> {
	requireRole(actor, WORK_STOCK);
	const c = code.trim().toUpperCase();
	if (!LOT_CODE.test(c)) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404);
	const [row] = await lotQuery(ex).where(and(eq(lots.organisationId, actor.organisationId), eq(lots.code, c)));
	if (!row) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404);
	return row;
}

/** A lot's whole history, oldest first: what, how much, where, who and on which tablet. */
export async function lotHistory(ex: Executor, actor: Actor, lotId: string) {
	requireRole(actor, WORK_STOCK);
	return ex
		.select({
			id: stockMovements.id,
			at: stockMovements.at,
			kind: stockMovements.kind,
			quantity: stockMovements.quantity,
			reason: stockMovements.reason,
			note: stockMovements.note,
			toLocationId: stockMovements.toLocationId,
			toCode: locations.code,
			correctionOf: stockMovements.correctionOf,
			person: sql<string>`trim(${users.firstName} || ' ' || ${users.lastName})`,
			device: devices.name,
			corrected: sql<boolean>`exists (select 1 from stock_movements c where c.correction_of = ${stockMovements.id})`
		})
		.from(stockMovements)
		.innerJoin(users, eq(users.id, stockMovements.userId))
		.leftJoin(devices, eq(devices.id, stockMovements.deviceId))
		.leftJoin(locations, eq(locations.id, stockMovements.toLocationId))
		.where(and(eq(stockMovements.lotId, lotId), eq(stockMovements.organisationId, actor.organisationId)))
		.orderBy(asc(stockMovements.id));
}

export interface LotLabel {
	id: string;
	code: string;
	productName: string;
	unit: LotRow['unit'];
	onHand: number;
	date: string | null;
	dateType: LotRow['dateType'];
	originName: string;
	fse: boolean;
	zone: LotRow['zone'];
	qr: string;
}

/** At most this many labels in one print run (ten A4 sheets). */
export const MAX_LOT_LABELS = 240;

/**
 * The person printed the labels of a selection (same selection as `lotLabels`): journal and work event
 * `labels.print` with the number of labels. Nothing is printed by the server; the page calls this just
 * before the browser's print dialog. An empty selection records nothing.
 */
export async function recordLabelPrint(db: Database, actor: Actor, selection: { receptionId?: string | null; codes?: string[] }): Promise<{ labels: number }> {
	requireRole(actor, WORK_STOCK);
	return db.transaction(async (tx) => {
		const labels = await lotLabels(tx, actor, selection, '');
		if (labels.length === 0) return { labels: 0 };
		const entity = selection.receptionId ? { type: 'reception', id: selection.receptionId } : null;
		await audit(tx, actor, 'labels.print', entity, { labels: labels.length, lots: labels.slice(0, 50).map((l) => l.code) });
		return { labels: labels.length };
	});
}

/**
 * Labels of lots: those of a reception, or chosen by code. The QR holds the lot's address in the app
 * (a phone opens the lot page; a scanner types it and the app reads the code at its end).
 */
export async function lotLabels(
	ex: Executor,
	actor: Actor,
	selection: { receptionId?: string | null; codes?: string[] },
	baseUrl: string
): Promise<LotLabel[]> {
	requireRole(actor, WORK_STOCK);
	const conds: SQL[] = [eq(lots.organisationId, actor.organisationId)];
	if (selection.receptionId && z.uuid().safeParse(selection.receptionId).success) conds.push(eq(lots.receptionId, selection.receptionId));
	else {
		const codes = (selection.codes ?? [])
			.map((c) => c.trim().toUpperCase())
			.filter((c) => LOT_CODE.test(c))
			.slice(0, MAX_LOT_LABELS);
		if (codes.length === 0) return [];
		conds.push(sql`${lots.code} in ${codes}`);
	}
	const rows = await lotQuery(ex)
		.where(and(...conds))
		.orderBy(asc(lots.code))
		.limit(MAX_LOT_LABELS);
	const base = baseUrl.replace(/\/$/, '');
	return Promise.all(
		rows.map(async (l) => ({
			id: l.id,
			code: l.code,
			productName: l.productName,
			unit: l.unit,
			onHand: l.onHand,
			date: l.date,
			dateType: l.dateType,
			originName: l.originName,
			fse: l.fse,
			zone: l.zone,
			qr: await qrSvg(`${base}/stock/lots/${l.code}`)
		}))
	);
}

export const STOCK_PAGE_SIZE = 50;

/** Stock by product: balance, value at reference price, number of lots and first date (FEFO), paged. */
export async function stockByProduct(ex: Executor, actor: Actor, query: { q?: string; page?: number } = {}) {
	requireRole(actor, WORK_STOCK);
	const conds: SQL[] = [eq(lots.organisationId, actor.organisationId), gt(lots.onHand, 0)];
	const q = query.q?.trim().slice(0, 100);
	if (q) conds.push(sql`${products.name} ilike ${likePattern(q)}`);
	const where = and(...conds);
	const [{ total } = { total: 0 }] = await ex
		.select({ total: sql<number>`count(distinct ${lots.productId})::int` })
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.where(where);
	const { page, pages, limit, offset } = pageOf(total, query.page, STOCK_PAGE_SIZE);
	const rows = await ex
		.select({
			productId: products.id,
			name: products.name,
			unit: products.unit,
			zone: products.zone,
			referencePriceCents: products.referencePriceCents,
			onHand: sql<number>`sum(${lots.onHand})::int`,
			lotCount: sql<number>`count(*)::int`,
			firstDate: sql<string | null>`min(${lots.date})::text`,
			/** The product's date type (its lots' too: a DLC product is always DLC). */
			dateType: products.dateType
		})
		.from(lots)
		.innerJoin(products, eq(products.id, lots.productId))
		.where(where)
		.groupBy(products.id)
		.orderBy(asc(products.name))
		.limit(limit)
		.offset(offset);
	return { rows, total, page, pages };
}

/** A 404 unless the product or location is one of the actor's organisation (an unknown or malformed id too). */
async function requireOwnRow(ex: Executor, table: typeof products | typeof locations, id: string, organisationId: string, message: string): Promise<void> {
	const found = z.uuid().safeParse(id).success
		? await ex
				.select({ id: table.id })
				.from(table)
				.where(and(eq(table.id, id), eq(table.organisationId, organisationId)))
		: [];
	if (found.length === 0) throw new AppError('not_found', message, 404);
}

/** The lots of a product holding stock, in FEFO order. */
export async function productLots(ex: Executor, actor: Actor, productId: string, opts: { mustExist?: boolean } = {}): Promise<LotRow[]> {
	requireRole(actor, WORK_STOCK);
	if (opts.mustExist) await requireOwnRow(ex, products, productId, actor.organisationId, m.product_not_found());
	if (!z.uuid().safeParse(productId).success) return [];
	return lotQuery(ex)
		.where(and(eq(lots.organisationId, actor.organisationId), eq(lots.productId, productId), gt(lots.onHand, 0)))
		.orderBy(...fefoOrder);
}

/** The lots in a location (FEFO order), with stock. */
export async function locationLots(ex: Executor, actor: Actor, locationId: string, opts: { mustExist?: boolean } = {}): Promise<LotRow[]> {
	requireRole(actor, WORK_STOCK);
	if (opts.mustExist) await requireOwnRow(ex, locations, locationId, actor.organisationId, m.location_not_found());
	if (!z.uuid().safeParse(locationId).success) return [];
	return lotQuery(ex)
		.where(and(eq(lots.organisationId, actor.organisationId), eq(lots.locationId, locationId), gt(lots.onHand, 0)))
		.orderBy(...fefoOrder);
}

/**
 * Alerts, in the order they are shown: DLC past (to take off the shelves: a loss), DLC within N days
 * (N from the organisation's setting unless given), DDM past beyond the grace (no longer sold), DDM
 * past within the grace (sold, flagged), lots without a location; stock only, 100 each. Each lot's
 * state comes from `expiryStatus` (the one DLC/DDM decision).
 */
export async function stockAlerts(ex: Executor, actor: Actor, opts: { days?: number; now?: Date } = {}) {
	requireRole(actor, WORK_STOCK);
	const today = shopToday(opts.now ?? new Date(), actorZone(actor));
	const settings = await stockSettings(ex, actor);
	const days = Math.min(Math.max(Math.floor(opts.days ?? settings.dlcAlertDays), 0), MAX_DLC_ALERT_DAYS);
	const base = [eq(lots.organisationId, actor.organisationId), gt(lots.onHand, 0)];
	const [dlc, ddm, noLocation] = await Promise.all([
		lotQuery(ex)
			.where(and(...base, eq(lots.dateType, 'dlc'), lte(lots.date, addDays(today, days))))
			.orderBy(...fefoOrder)
			.limit(200),
		lotQuery(ex)
			.where(and(...base, eq(lots.dateType, 'ddm'), lt(lots.date, today)))
			.orderBy(...fefoOrder)
			.limit(200),
		lotQuery(ex)
			.where(and(...base, isNull(lots.locationId)))
			.orderBy(desc(lots.createdAt))
			.limit(100)
	]);
	const state = (l: LotRow) => expiryStatus(l, today, settings.ddmGraceMonths, days).state;
	const only = (rows: LotRow[], s: ExpiryState) => rows.filter((l) => state(l) === s).slice(0, 100);
	return {
		today,
		days,
		ddmGraceMonths: settings.ddmGraceMonths,
		dlcPast: only(dlc, 'dlc_past'),
		dlcSoon: only(dlc, 'dlc_soon'),
		ddmTooOld: only(ddm, 'ddm_too_old'),
		ddmPast: only(ddm, 'ddm_past'),
		noLocation
	};
}

/**
 * Recall by supplier lot number (and product, when given): every matching lot is blocked (never
 * sold or given again) and listed with its place, so people can take it off the shelves.
 */
export async function recallLots(db: Database, actor: Actor, input: { lotNumber: string; productId?: string | null }): Promise<LotRow[]> {
	requireRole(actor, VALIDATE_STOCK);
	const lotNumber = input.lotNumber.trim();
	if (!lotNumber || lotNumber.length > 20) throw new AppError('lot_number_invalid', m.reception_lot_number_invalid(), 400, 'lotNumber');
	if (input.productId && !z.uuid().safeParse(input.productId).success) throw new AppError('not_found', m.product_not_found(), 404, 'productId');
	return db.transaction(async (tx) => {
		const conds = [eq(lots.organisationId, actor.organisationId), eq(lots.lotNumber, lotNumber)];
		if (input.productId) conds.push(eq(lots.productId, input.productId));
		const hit = await tx
			.select({ id: lots.id })
			.from(lots)
			.where(and(...conds))
			.for('update');
		if (hit.length === 0) throw new AppError('recall_no_lot', m.recall_no_lot({ lot: lotNumber }), 404, 'lotNumber');
		await tx
			.update(lots)
			.set({ blocked: true })
			.where(and(...conds));
		await audit(tx, actor, 'stock.recall', null, { lotNumber, productId: input.productId ?? null, lots: hit.length });
		return lotQuery(tx)
			.where(and(...conds))
			.orderBy(...fefoOrder);
	});
}
