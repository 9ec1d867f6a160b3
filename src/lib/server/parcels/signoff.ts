import { and, asc, eq, inArray } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { PLAN_DISTRIBUTIONS } from '$lib/permissions';
import { pngDataUrl } from '$lib/parcels/signature';
import { formatTime } from '$lib/format';
import { formatQuantity } from '$lib/stock/units';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { households, lots, origins, parcelLines, parcels, products } from '../db/schema';
import { formatCsv } from '../http/csv';
import { actorZone } from '../timeZone';
import { findDay, type DayRow } from './days';

/**
 * The sign-off sheet (émargement, issue 14, docs/parcels.md "Sign-off sheet (FSE+)"): for a day, each parcel
 * handed over — household reference and first name (never more), persons, the time, the FSE+ products given
 * (product, quantity, lot number: all at 0 €, parcels have no price) and the signature or the reason there is
 * none. What FSE+ audits ask for. Every read is audited (`distribution.signoff_read`).
 */

export interface SignoffFseLine {
	product: string;
	unit: 'piece' | 'kg' | 'litre';
	quantity: number;
	/** The quantity in words ("2", "1,5 kg"). */
	quantityText: string;
	lotNumber: string | null;
	lotCode: string;
}

export interface SignoffRow {
	parcelId: string;
	code: string;
	reference: string;
	firstName: string;
	persons: number;
	handedAt: Date;
	/** The signature as a data URL (for an <img>), or null with `noSignatureReason`. */
	signature: string | null;
	noSignatureReason: string | null;
	fse: SignoffFseLine[];
}

async function readSheet(db: Database, actor: Actor, dayId: string): Promise<{ day: DayRow; rows: SignoffRow[] }> {
	const day = await findDay(db, actor, dayId);
	const given = await db
		.select({
			parcelId: parcels.id,
			code: parcels.code,
			reference: households.reference,
			firstName: households.firstName,
			persons: parcels.persons,
			handedAt: parcels.handedAt,
			signaturePng: parcels.signaturePng,
			noSignatureReason: parcels.noSignatureReason
		})
		.from(parcels)
		.innerJoin(households, and(eq(households.organisationId, parcels.organisationId), eq(households.id, parcels.householdId)))
		.where(and(eq(parcels.organisationId, actor.organisationId), eq(parcels.dayId, day.id), eq(parcels.status, 'handed_over')))
		.orderBy(asc(parcels.handedAt), asc(parcels.code));
	const ids = given.map((g) => g.parcelId);
	const lines = ids.length
		? await db
				.select({
					parcelId: parcelLines.parcelId,
					product: products.name,
					unit: products.unit,
					quantity: parcelLines.quantity,
					lotNumber: lots.lotNumber,
					lotCode: lots.code
				})
				.from(parcelLines)
				.innerJoin(lots, and(eq(lots.organisationId, parcelLines.organisationId), eq(lots.id, parcelLines.parcelLotId)))
				.innerJoin(origins, and(eq(origins.organisationId, lots.organisationId), eq(origins.id, lots.originId)))
				.innerJoin(products, and(eq(products.organisationId, parcelLines.organisationId), eq(products.id, parcelLines.productId)))
				.where(and(eq(parcelLines.organisationId, actor.organisationId), inArray(parcelLines.parcelId, ids), eq(origins.fse, true)))
				.orderBy(asc(products.name), asc(lots.code))
		: [];
	const rows = given.map((g) => ({
		parcelId: g.parcelId,
		code: g.code,
		reference: g.reference,
		firstName: g.firstName,
		persons: g.persons,
		handedAt: g.handedAt!,
		signature: g.signaturePng ? pngDataUrl(g.signaturePng) : null,
		noSignatureReason: g.noSignatureReason,
		fse: lines
			.filter((l) => l.parcelId === g.parcelId)
			.map((l) => ({
				product: l.product,
				unit: l.unit,
				quantity: l.quantity,
				quantityText: formatQuantity(l.unit, l.quantity),
				lotNumber: l.lotNumber,
				lotCode: l.lotCode
			}))
	}));
	return { day, rows };
}

/** The sheet of a day (any status: a planned day's sheet lists the parcels handed over so far). Audited. */
export async function signoffSheet(db: Database, actor: Actor, dayId: string): Promise<{ day: DayRow; rows: SignoffRow[] }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	const sheet = await readSheet(db, actor, dayId);
	await audit(
		db,
		actor,
		'distribution.signoff_read',
		{ type: 'distribution_day', id: sheet.day.id },
		{ day: sheet.day.day, site: sheet.day.siteName, rows: sheet.rows.length, format: 'page' }
	);
	return sheet;
}

/**
 * The sheet as a spreadsheet (through formatCsv): one row per FSE+ line given (a parcel without FSE+ goods: one
 * row without product), with reference, first name, persons, time in the organisation's zone, product,
 * quantity, lot number and "signé" or the reason. Audited.
 */
export async function signoffCsv(db: Database, actor: Actor, dayId: string): Promise<{ csv: string; day: string }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	const { day, rows } = await readSheet(db, actor, dayId);
	const zone = actorZone(actor);
	const header = [
		m.dd_csv_reference(),
		m.dd_csv_first_name(),
		m.dd_csv_persons(),
		m.dd_csv_time(),
		m.dd_csv_product(),
		m.dd_csv_quantity(),
		m.dd_csv_unit(),
		m.dd_csv_lot(),
		m.dd_csv_signature()
	];
	const out: (string | number | null)[][] = [header];
	for (const r of rows) {
		const signed = r.signature ? m.dd_csv_signed() : (r.noSignatureReason ?? '');
		const base = [r.reference, r.firstName, r.persons, formatTime(r.handedAt, zone)];
		if (r.fse.length === 0) out.push([...base, null, null, null, null, signed]);
		for (const l of r.fse)
			out.push([
				...base,
				l.product,
				l.unit === 'piece' ? l.quantity : l.quantity / 1000,
				l.unit === 'piece' ? m.dd_csv_unit_piece() : l.unit === 'kg' ? 'kg' : 'L',
				l.lotNumber ?? l.lotCode,
				signed
			]);
	}
	await audit(
		db,
		actor,
		'distribution.signoff_read',
		{ type: 'distribution_day', id: day.id },
		{ day: day.day, site: day.siteName, rows: rows.length, format: 'csv' }
	);
	return { csv: formatCsv(out), day: day.day };
}
