import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { addDays, isIsoDate, parseFrenchDate, shopToday } from '$lib/stock/dates';
import { actorZone } from '$lib/server/timeZone';
import { isDlcPast } from '$lib/stock/expiry';
import { dateTypeLabel } from '$lib/stock/labels';
import { zoneAccepts } from '$lib/stock/fefo';
import { classifyScan, type Gs1Data } from '$lib/stock/gs1';
import { MAX_DELIVERED_GRAMS, MAX_QUANTITY, quantityProblem, readDeliveredWeight } from '$lib/stock/units';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { locations, origins, products, receptionLines, receptions, users } from '../db/schema';
import { AppError } from '../errors';
import { findProductByGtin, type ProductRow } from './catalogue';
import { createLot } from './lots';
import { VALIDATE_STOCK, WORK_STOCK } from '$lib/permissions';
import { hasControlCharacter } from '$lib/text';

/** A date further than this in the future is a typing mistake (years, not days). */
const MAX_YEARS_AHEAD = 10;

const receptionSchema = z.object({ originId: z.string(), deliveryNote: z.string().trim().max(80).default('') });

/** Starts a reception (a draft until a supervisor validates it; any tablet can resume it). */
export async function createReception(db: Database, actor: Actor, input: z.input<typeof receptionSchema>): Promise<{ id: string }> {
	requireRole(actor, WORK_STOCK);
	const r = receptionSchema.safeParse(input);
	if (!r.success) throw new AppError('invalid_input', m.reception_note_invalid(), 400, 'deliveryNote');
	return db.transaction(async (tx) => {
		const origin = await requireOrigin(tx, actor, r.data.originId);
		const [row] = await tx
			.insert(receptions)
			.values({
				organisationId: actor.organisationId,
				originId: origin.id,
				deliveryNote: r.data.deliveryNote || null,
				createdBy: actor.userId,
				createdDeviceId: actor.deviceId
			})
			.returning({ id: receptions.id });
		await audit(tx, actor, 'reception.create', { type: 'reception', id: row!.id }, { origin: origin.name, deliveryNote: r.data.deliveryNote || null });
		return row!;
	});
}

/** A delivered weight in grams (API: an integer 1 g – 100 t, or null to clear it), or a French 400. */
function checkedWeight(grams: unknown): number | null {
	if (grams === null || grams === undefined) return null;
	if (typeof grams !== 'number' || !Number.isInteger(grams) || grams <= 0 || grams > MAX_DELIVERED_GRAMS)
		throw new AppError('invalid_input', m.reception_weight_api_invalid(), 400, 'deliveredWeightGrams');
	return grams;
}

/**
 * Records (or clears, with null) the weight the delivery weighed, in grams, on a draft reception: the
 * reports compare it with the kg of the lines. Audited.
 */
export async function setDeliveredWeight(db: Database, actor: Actor, id: string, grams: number | null): Promise<void> {
	requireRole(actor, WORK_STOCK);
	const weight = checkedWeight(grams);
	await db.transaction(async (tx) => {
		const r = await lockDraft(tx, actor, id);
		await tx
			.update(receptions)
			.set({ deliveredWeightGrams: weight })
			.where(and(eq(receptions.organisationId, actor.organisationId), eq(receptions.id, r.id)));
		await audit(tx, actor, 'reception.weight', { type: 'reception', id: r.id }, { before: r.deliveredWeightGrams, after: weight });
	});
}

/** The reception page's weight field (kg with a decimal comma; empty clears it), or a French 400 saying what is wrong. */
export async function setDeliveredWeightFromForm(db: Database, actor: Actor, id: string, text: string): Promise<void> {
	const read = readDeliveredWeight(text);
	if (read.error !== null) throw new AppError('invalid_input', m.reception_weight_invalid({ problem: read.error }), 400, 'deliveredWeight');
	await setDeliveredWeight(db, actor, id, read.grams);
}

async function requireOrigin(ex: Executor, actor: Actor, id: string) {
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.origin_not_found(), 404, 'originId');
	const [o] = await ex
		.select()
		.from(origins)
		.where(and(eq(origins.id, id), eq(origins.organisationId, actor.organisationId)));
	if (!o || !o.active) throw new AppError('not_found', m.origin_not_found(), 404, 'originId');
	return o;
}

/** Locks a draft reception of the organisation; a validated or cancelled one is refused. */
async function lockDraft(tx: Tx, actor: Actor, id: string) {
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.reception_not_found(), 404);
	const [r] = await tx
		.select()
		.from(receptions)
		.where(and(eq(receptions.id, id), eq(receptions.organisationId, actor.organisationId)))
		.for('update');
	if (!r) throw new AppError('not_found', m.reception_not_found(), 404);
	if (r.status === 'validated') throw new AppError('already_validated', m.reception_already_validated(), 409);
	if (r.status !== 'draft') throw new AppError('not_draft', m.reception_cancelled(), 409);
	return r;
}

export interface LineInput {
	productId: string;
	/** In the product's base unit (pieces, grams, millilitres). */
	quantity: number;
	expectedQuantity?: number | null;
	/** YYYY-MM-DD; required unless the date type is none. */
	date?: string | null;
	/**
	 * Always the product's (a DLC product is always DLC): may be left out; one that differs is refused
	 * (only a manager changes it, on the product).
	 */
	dateType?: 'dlc' | 'ddm' | 'none';
	lotNumber?: string | null;
	locationId?: string | null;
}

/**
 * The food-safety checks of a line, at entry and again at validation: the product's date type (a line
 * sent with another is refused); a real date, not absurd; a DLC already past refused; a quantity in
 * range; a chilled or frozen product only to a matching location.
 */
async function checkLine(ex: Executor, actor: Actor, product: ProductRow, line: LineInput, today: string) {
	if (!product.active) throw new AppError('product_inactive', m.reception_product_inactive({ name: product.name }), 409, 'productId');
	const q = line.quantity;
	if (!Number.isSafeInteger(q) || q <= 0 || q > MAX_QUANTITY[product.unit]) throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
	const e = line.expectedQuantity ?? null;
	if (e !== null && (!Number.isSafeInteger(e) || e < 0 || e > MAX_QUANTITY[product.unit]))
		throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'expectedQuantity');
	const dateType = product.dateType;
	if (line.dateType !== undefined && line.dateType !== dateType) {
		throw new AppError('date_type_mismatch', m.reception_date_type_mismatch({ name: product.name, type: dateTypeLabel(dateType) }), 409, 'dateType');
	}
	let date: string | null = null;
	if (dateType !== 'none') {
		if (!line.date || !isIsoDate(line.date)) throw new AppError('date_invalid', m.reception_date_invalid(), 400, 'date');
		if (line.date > addDays(today, 366 * MAX_YEARS_AHEAD)) throw new AppError('date_invalid', m.reception_date_too_far(), 400, 'date');
		if (isDlcPast({ dateType, date: line.date }, today)) throw new AppError('dlc_past', m.reception_dlc_past({ name: product.name }), 409, 'date');
		date = line.date;
	}
	const lotNumber = line.lotNumber?.trim() || null;
	if (lotNumber && (lotNumber.length > 20 || hasControlCharacter(lotNumber)))
		throw new AppError('lot_number_invalid', m.reception_lot_number_invalid(), 400, 'lotNumber');
	let locationId: string | null = null;
	if (line.locationId) {
		if (!z.uuid().safeParse(line.locationId).success) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
		const [loc] = await ex
			.select({ id: locations.id, code: locations.code, zone: locations.zone, active: locations.active })
			.from(locations)
			.where(and(eq(locations.id, line.locationId), eq(locations.organisationId, actor.organisationId)));
		if (!loc || !loc.active) throw new AppError('location_not_found', m.location_not_found(), 404, 'locationId');
		if (!zoneAccepts(loc.zone, product.zone)) throw new AppError('zone_mismatch', m.stock_zone_mismatch({ location: loc.code }), 409, 'locationId');
		locationId = loc.id;
	} else if (product.zone !== 'ambient') {
		// Cold goods are put away on arrival: the line says where.
		throw new AppError('location_required', m.reception_cold_needs_location({ name: product.name }), 400, 'locationId');
	}
	return { quantity: q, expectedQuantity: e, dateType, date, lotNumber, locationId };
}

async function productFor(ex: Executor, actor: Actor, id: string): Promise<ProductRow> {
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.product_not_found(), 404, 'productId');
	const [p] = await ex
		.select({
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
		})
		.from(products)
		.where(and(eq(products.id, id), eq(products.organisationId, actor.organisationId)));
	if (!p) throw new AppError('not_found', m.product_not_found(), 404, 'productId');
	return { ...p, gtins: [] };
}

export async function addLine(db: Database, actor: Actor, receptionId: string, line: LineInput, now = new Date()): Promise<{ id: string }> {
	requireRole(actor, WORK_STOCK);
	return db.transaction((tx) => addLineTx(tx, actor, receptionId, line, now));
}

async function addLineTx(tx: Tx, actor: Actor, receptionId: string, line: LineInput, now: Date): Promise<{ id: string }> {
	await lockDraft(tx, actor, receptionId);
	const product = await productFor(tx, actor, line.productId);
	const ok = await checkLine(tx, actor, product, line, shopToday(now, actorZone(actor)));
	const [row] = await tx
		.insert(receptionLines)
		.values({ organisationId: actor.organisationId, receptionId, productId: product.id, ...ok })
		.returning({ id: receptionLines.id });
	await tx.update(receptions).set({ updatedAt: new Date() }).where(eq(receptions.id, receptionId));
	await audit(
		tx,
		actor,
		'reception.line_add',
		{ type: 'reception', id: receptionId },
		{ product: product.name, quantity: ok.quantity, date: ok.date, dateType: ok.dateType }
	);
	return row!;
}

/**
 * A whole reception at once (API: food-bank delivery files, scripts): the draft and all its lines in
 * one transaction. A line may name its product by id or by GTIN. The first bad line is refused with
 * its number (field lines.N.…) and nothing is saved.
 */
export async function createReceptionWithLines(
	db: Database,
	actor: Actor,
	input: {
		originId: string;
		deliveryNote?: string;
		deliveredWeightGrams?: number | null;
		lines: (Omit<LineInput, 'productId'> & { productId?: string; gtin?: string })[];
	},
	now = new Date()
): Promise<{ id: string }> {
	requireRole(actor, WORK_STOCK);
	const r = receptionSchema.safeParse({ originId: input.originId, deliveryNote: input.deliveryNote ?? '' });
	if (!r.success) throw new AppError('invalid_input', m.reception_note_invalid(), 400, 'deliveryNote');
	if (input.lines.length > 500) throw new AppError('too_many_lines', m.reception_too_many_lines(), 400, 'lines');
	const weight = checkedWeight(input.deliveredWeightGrams);
	return db.transaction(async (tx) => {
		const origin = await requireOrigin(tx, actor, r.data.originId);
		const [row] = await tx
			.insert(receptions)
			.values({
				organisationId: actor.organisationId,
				originId: origin.id,
				deliveryNote: r.data.deliveryNote || null,
				deliveredWeightGrams: weight,
				createdBy: actor.userId,
				createdDeviceId: actor.deviceId
			})
			.returning({ id: receptions.id });
		await audit(
			tx,
			actor,
			'reception.create',
			{ type: 'reception', id: row!.id },
			{ origin: origin.name, deliveryNote: r.data.deliveryNote || null, lines: input.lines.length, deliveredWeightGrams: weight }
		);
		for (const [i, line] of input.lines.entries()) {
			try {
				let productId = line.productId ?? '';
				if (!productId && line.gtin) {
					const p = await findProductByGtin(tx, actor, line.gtin);
					if (!p) throw new AppError('unknown_gtin', m.reception_unknown_gtin({ code: line.gtin }), 404, 'gtin');
					productId = p.id;
				}
				await addLineTx(tx, actor, row!.id, { ...line, productId }, now);
			} catch (e) {
				if (e instanceof AppError)
					throw new AppError(e.code, m.reception_line_error({ line: i + 1, message: e.message }), e.status, `lines.${i}.${e.field ?? ''}`.replace(/\.$/, ''));
				throw e;
			}
		}
		return row!;
	});
}

export async function removeLine(db: Database, actor: Actor, receptionId: string, lineId: string): Promise<void> {
	requireRole(actor, WORK_STOCK);
	if (!z.uuid().safeParse(lineId).success) throw new AppError('not_found', m.reception_line_not_found(), 404);
	await db.transaction(async (tx) => {
		await lockDraft(tx, actor, receptionId);
		const gone = await tx
			.delete(receptionLines)
			.where(and(eq(receptionLines.id, lineId), eq(receptionLines.receptionId, receptionId), eq(receptionLines.organisationId, actor.organisationId)))
			.returning({ id: receptionLines.id, productId: receptionLines.productId, quantity: receptionLines.quantity });
		if (gone.length === 0) throw new AppError('not_found', m.reception_line_not_found(), 404);
		await audit(tx, actor, 'reception.line_remove', { type: 'reception', id: receptionId }, { productId: gone[0]!.productId, quantity: gone[0]!.quantity });
	});
}

/**
 * Validation by a supervisor: every line is checked again (a DLC may have passed since), then each
 * becomes a lot with its reception movement, all in one transaction. A second validation (double
 * click, two tablets) is refused and changes nothing.
 */
export async function validateReception(db: Database, actor: Actor, id: string, now = new Date()): Promise<{ lots: { id: string; code: string }[] }> {
	requireRole(actor, VALIDATE_STOCK);
	return db.transaction(async (tx) => {
		const r = await lockDraft(tx, actor, id);
		const origin = await requireOrigin(tx, actor, r.originId);
		const lines = await tx
			.select()
			.from(receptionLines)
			.where(eq(receptionLines.receptionId, id))
			.orderBy(asc(receptionLines.createdAt), asc(receptionLines.id));
		if (lines.length === 0) throw new AppError('empty', m.reception_empty(), 409);
		const today = shopToday(now, actorZone(actor));
		const made: { id: string; code: string }[] = [];
		for (const line of lines) {
			const product = await productFor(tx, actor, line.productId);
			// The product's date type as it is now (a manager may have changed it since the line was added).
			const ok = await checkLine(tx, actor, product, { ...line, productId: product.id, dateType: undefined }, today);
			const lot = await createLot(tx, actor, {
				productId: product.id,
				originId: origin.id,
				receptionId: id,
				date: ok.date,
				dateType: ok.dateType,
				lotNumber: ok.lotNumber,
				locationId: ok.locationId,
				quantity: ok.quantity
			});
			await tx.update(receptionLines).set({ lotId: lot.id }).where(eq(receptionLines.id, line.id));
			made.push(lot);
		}
		await tx.update(receptions).set({ status: 'validated', validatedBy: actor.userId, validatedAt: now, updatedAt: now }).where(eq(receptions.id, id));
		await audit(tx, actor, 'reception.validate', { type: 'reception', id }, { lots: made.map((l) => l.code), origin: origin.name });
		return { lots: made };
	});
}

export async function cancelReception(db: Database, actor: Actor, id: string): Promise<void> {
	requireRole(actor, WORK_STOCK);
	await db.transaction(async (tx) => {
		await lockDraft(tx, actor, id);
		await tx.update(receptions).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(receptions.id, id));
		await audit(tx, actor, 'reception.cancel', { type: 'reception', id });
	});
}

export interface ReceptionSummary {
	id: string;
	status: 'draft' | 'validated' | 'cancelled';
	originName: string;
	fse: boolean;
	deliveryNote: string | null;
	deliveredWeightGrams: number | null;
	createdAt: Date;
	createdBy: string;
}

export async function listReceptions(ex: Executor, actor: Actor, opts: { status?: 'draft' | 'validated'; limit?: number } = {}): Promise<ReceptionSummary[]> {
	requireRole(actor, WORK_STOCK);
	return ex
		.select({
			id: receptions.id,
			status: receptions.status,
			originName: origins.name,
			fse: origins.fse,
			deliveryNote: receptions.deliveryNote,
			deliveredWeightGrams: receptions.deliveredWeightGrams,
			createdAt: receptions.createdAt,
			createdBy: users.firstName
		})
		.from(receptions)
		.innerJoin(origins, eq(origins.id, receptions.originId))
		.innerJoin(users, eq(users.id, receptions.createdBy))
		.where(and(eq(receptions.organisationId, actor.organisationId), opts.status ? eq(receptions.status, opts.status) : undefined))
		.orderBy(desc(receptions.createdAt))
		.limit(Math.min(opts.limit ?? 50, 200));
}

export async function getReception(ex: Executor, actor: Actor, id: string) {
	requireRole(actor, WORK_STOCK);
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.reception_not_found(), 404);
	const [head] = await ex
		.select({
			id: receptions.id,
			status: receptions.status,
			originId: receptions.originId,
			originName: origins.name,
			fse: origins.fse,
			deliveryNote: receptions.deliveryNote,
			deliveredWeightGrams: receptions.deliveredWeightGrams,
			createdAt: receptions.createdAt,
			validatedAt: receptions.validatedAt
		})
		.from(receptions)
		.innerJoin(origins, eq(origins.id, receptions.originId))
		.where(and(eq(receptions.id, id), eq(receptions.organisationId, actor.organisationId)));
	if (!head) throw new AppError('not_found', m.reception_not_found(), 404);
	const lines = await ex
		.select({
			id: receptionLines.id,
			productId: receptionLines.productId,
			productName: products.name,
			unit: products.unit,
			zone: products.zone,
			quantity: receptionLines.quantity,
			expectedQuantity: receptionLines.expectedQuantity,
			date: receptionLines.date,
			dateType: receptionLines.dateType,
			lotNumber: receptionLines.lotNumber,
			locationId: receptionLines.locationId,
			locationCode: locations.code,
			lotId: receptionLines.lotId
		})
		.from(receptionLines)
		.innerJoin(products, eq(products.id, receptionLines.productId))
		.leftJoin(locations, eq(locations.id, receptionLines.locationId))
		.where(eq(receptionLines.receptionId, id))
		.orderBy(asc(receptionLines.createdAt), asc(receptionLines.id));
	return { ...head, lines };
}

export type ScanResult = { kind: 'product'; product: ProductRow; gs1: Gs1Data | null } | { kind: 'unknown'; gtin: string; gs1: Gs1Data | null };

/**
 * What a scanned or typed code means at reception: a known product (with the GS1 lot, date and
 * weight when the code carries them) or an unknown GTIN the person may create. Anything else is a
 * clear French error.
 */
export async function resolveProductScan(ex: Executor, actor: Actor, code: string, now = new Date()): Promise<ScanResult> {
	requireRole(actor, WORK_STOCK);
	const s = classifyScan(code.slice(0, 200), Number(shopToday(now, actorZone(actor)).slice(0, 4)));
	let gtin: string;
	let gs1: Gs1Data | null = null;
	if (s.kind === 'gtin') gtin = s.gtin;
	else if (s.kind === 'gs1') [gtin, gs1] = [s.data.gtin!, s.data];
	else if (s.kind === 'invalid' && s.error === 'bad_check_digit') throw new AppError('code_invalid', m.scan_bad_check_digit(), 400, 'code');
	else if (s.kind === 'invalid' && s.error === 'bad_date') throw new AppError('code_invalid', m.scan_bad_date(), 400, 'code');
	else throw new AppError('code_invalid', m.scan_not_a_product(), 400, 'code');
	const product = await findProductByGtin(ex, actor, gtin);
	return product ? { kind: 'product', product, gs1 } : { kind: 'unknown', gtin, gs1 };
}

/**
 * A line from a posted form (all text): quantity in pieces, kg or L with a decimal comma, the date
 * as YYYY-MM-DD (date field) or 31/12/2026 (typed), the date type, lot number and location.
 */
export async function addLineFromForm(
	db: Database,
	actor: Actor,
	receptionId: string,
	f: Record<string, string | undefined>,
	now = new Date()
): Promise<{ id: string }> {
	requireRole(actor, WORK_STOCK);
	const product = await productFor(db, actor, f.productId ?? '');
	const read = quantityProblem(product.unit, f.quantity ?? '');
	if (read.error !== null) throw new AppError('quantity_invalid', read.error, 400, 'quantity');
	const quantity = read.value;
	let expectedQuantity: number | null = null;
	if (f.expectedQuantity?.trim()) {
		const expected = quantityProblem(product.unit, f.expectedQuantity, { allowZero: true });
		if (expected.error !== null) throw new AppError('quantity_invalid', expected.error, 400, 'expectedQuantity');
		expectedQuantity = expected.value;
	}
	// The product's date type; a form still sending another one is refused by checkLine.
	const sent = (['dlc', 'ddm', 'none'] as const).find((d) => d === f.dateType);
	const dateType = product.dateType;
	let date: string | null = null;
	if (dateType !== 'none') {
		date = parseFrenchDate(f.date ?? '');
		if (!date) throw new AppError('date_invalid', m.reception_date_invalid(), 400, 'date');
	}
	const line = { productId: product.id, quantity, expectedQuantity, date, dateType: sent, lotNumber: f.lotNumber ?? null, locationId: f.locationId || null };
	return addLine(db, actor, receptionId, line, now);
}
export type ReceptionView = Awaited<ReturnType<typeof getReception>>;
