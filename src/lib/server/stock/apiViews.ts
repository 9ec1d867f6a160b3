import { quickProductGuess, receptionPrefill, type Gs1Data } from '$lib/stock/gs1';
import type { ProductRow } from './catalogue';
import type { ReceptionView, ScanResult } from './receptions';
import type { LotRow } from './views';
import { valueCents } from '$lib/stock/units';

/** The JSON shapes of the stock API (see api/features/stock.ts). */
export const lotJson = (l: LotRow) => ({
	id: l.id,
	code: l.code,
	product: { id: l.productId, name: l.productName, unit: l.unit },
	onHand: l.onHand,
	date: l.date,
	dateType: l.dateType,
	lotNumber: l.lotNumber,
	blocked: l.blocked,
	location: l.locationId ? { id: l.locationId, code: l.locationCode } : null,
	origin: { name: l.originName, kind: l.originKind, fse: l.fse }
});

export const productStockJson = (p: {
	productId: string;
	name: string;
	unit: 'piece' | 'kg' | 'litre';
	onHand: number;
	lotCount: number;
	firstDate: string | null;
	referencePriceCents: number;
}) => ({
	productId: p.productId,
	name: p.name,
	unit: p.unit,
	onHand: p.onHand,
	lotCount: p.lotCount,
	firstDate: p.firstDate,
	valueCents: valueCents(p.unit, p.onHand, p.referencePriceCents)
});

export const receptionJson = (r: ReceptionView) => ({
	id: r.id,
	status: r.status,
	deliveryNote: r.deliveryNote,
	deliveredWeightGrams: r.deliveredWeightGrams,
	origin: { id: r.originId, name: r.originName, fse: r.fse },
	lines: r.lines.map((l) => ({
		id: l.id,
		productId: l.productId,
		quantity: l.quantity,
		expectedQuantity: l.expectedQuantity,
		date: l.date,
		dateType: l.dateType,
		lotNumber: l.lotNumber,
		locationId: l.locationId,
		lotId: l.lotId
	}))
});

/** A count (inventaire) with its lines: counted, the balance when counted, the balance now, and whether the difference needs a reason. */
export const inventoryJson = (c: {
	id: string;
	status: string;
	locationId: string;
	locationCode: string;
	locationName: string;
	createdAt: Date;
	check: { percent: number; units: number };
	lines: { lotId: string; code: string; productName: string; unit: string; counted: number; expected: number; onHand: number; large: boolean }[];
}) => ({
	id: c.id,
	status: c.status,
	location: { id: c.locationId, code: c.locationCode, name: c.locationName },
	createdAt: c.createdAt.toISOString(),
	check: c.check,
	lines: c.lines.map((l) => ({
		lot: { id: l.lotId, code: l.code },
		product: l.productName,
		unit: l.unit,
		counted: l.counted,
		expected: l.expected,
		onHand: l.onHand,
		difference: l.counted - l.expected,
		large: l.large
	}))
});

export const inventorySummaryJson = (c: { id: string; status: string; locationCode: string; locationName: string; createdAt: Date; createdBy: string }) => ({
	id: c.id,
	status: c.status,
	location: { code: c.locationCode, name: c.locationName },
	createdAt: c.createdAt.toISOString(),
	createdBy: c.createdBy
});

/** A movement of a lot's history (the lot's page): who, when, what, and whether it was corrected. */
export const movementJson = (h: {
	id: number;
	at: Date;
	kind: string;
	quantity: number;
	reason: string | null;
	note: string | null;
	toLocationId: string | null;
	toCode: string | null;
	correctionOf: number | null;
	person: string;
	device: string | null;
	corrected: boolean;
}) => ({
	id: h.id,
	at: h.at.toISOString(),
	kind: h.kind,
	quantity: h.quantity,
	reason: h.reason,
	note: h.note,
	toLocation: h.toLocationId ? { id: h.toLocationId, code: h.toCode } : null,
	correctionOf: h.correctionOf,
	by: h.person,
	device: h.device,
	corrected: h.corrected
});

/** What the GS1 parts of a scanned code said (a code with only a GTIN: null). */
export const gs1Json = (g: Gs1Data | null) =>
	g ? { lotNumber: g.lot ?? null, useBy: g.useBy ?? null, bestBefore: g.bestBefore ?? null, netWeightGrams: g.netWeightGrams ?? null } : null;

/**
 * A scan at reception (resolveProductScan): a known product with what the code says for its line
 * (receptionPrefill, in base units), or an unknown code with the guesses for creating the product.
 */
export function scanJson(r: ScanResult) {
	if (r.kind === 'unknown') {
		const guess = quickProductGuess(r.gtin, r.gs1);
		return { kind: 'unknown' as const, gtin: r.gtin, gs1: gs1Json(r.gs1), guess: { unit: guess.unit, zone: guess.zone, dateType: guess.dateType } };
	}
	return { kind: 'product' as const, product: r.product, gs1: gs1Json(r.gs1), line: lineJson(r.product, r.gs1) };
}

/** The line a product's scan prefills, in the API's terms (base units, ISO dates, nulls). */
export function lineJson(p: ProductRow, gs1: Gs1Data | null) {
	const pre = receptionPrefill(p, gs1);
	return {
		productId: p.id,
		dateType: pre.dateType,
		date: pre.date || null,
		lotNumber: pre.lotNumber || null,
		quantity: p.unit === 'kg' && gs1?.netWeightGrams ? gs1.netWeightGrams : null
	};
}
