import type { ZTotals } from '../db/schema';
import type { ReturnResult } from './returns';
import type { PublicSaleResult } from './publicSale';
import type { SaleResult, SaleView } from './sales';
import type { SessionView } from './sessions';

/**
 * The JSON shapes of the till API (see api/features/till.ts). The household appears only by its
 * first name and reference, as on a receipt.
 */

/**
 * What completing a sale answers. Built from the recorded sale only (never from `replayed`), so
 * that a retried request with the same idempotency key gets exactly the same body.
 */
export const saleResultJson = (r: SaleResult) => ({
	id: r.id,
	number: r.number,
	referenceCents: r.referenceCents,
	paidCents: r.paidCents,
	savedCents: r.savedCents,
	fseCents: r.fseCents,
	budgetCents: r.budgetCents,
	budgetLeftCents: r.budgetLeftCents,
	changeCents: r.changeCents
});

export const saleJson = (s: SaleView) => ({
	id: s.id,
	number: s.number,
	at: s.at.toISOString(),
	day: s.day,
	sessionId: s.sessionId,
	household: { firstName: s.firstName, reference: s.reference },
	operator: s.operator,
	deviceName: s.deviceName,
	rateBp: s.rateBp,
	budgetBasis: s.budgetBasis,
	referenceCents: s.referenceCents,
	paidCents: s.paidCents,
	savedCents: s.savedCents,
	fseCents: s.fseCents,
	budgetCents: s.budgetCents,
	budgetLeftCents: s.budgetLeftCents,
	override: s.override,
	lines: s.lines.map((l) => ({
		id: l.id,
		lineNo: l.lineNo,
		lotCode: l.lotCode,
		product: l.product,
		unit: l.unit,
		quantity: l.quantity,
		returned: l.returned,
		unitPriceCents: l.unitPriceCents,
		referenceCents: l.referenceCents,
		paidCents: l.paidCents,
		fse: l.fse,
		ddmPast: l.ddmPast
	})),
	payments: s.payments,
	returns: s.returns.map((r) => ({ id: r.id, at: r.at.toISOString(), refundCents: r.refundCents, reason: r.reason }))
});

export const saleListItemJson = (r: {
	id: string;
	number: string;
	at: Date;
	reference: string;
	operator: string;
	referenceCents: number;
	paidCents: number;
	fseCents: number;
	returned: boolean;
}) => ({
	id: r.id,
	number: r.number,
	at: r.at.toISOString(),
	reference: r.reference,
	operator: r.operator,
	referenceCents: r.referenceCents,
	paidCents: r.paidCents,
	fseCents: r.fseCents,
	returned: r.returned
});

export const sessionJson = (s: SessionView) => ({
	id: s.id,
	status: s.status,
	deviceName: s.deviceName,
	openedBy: s.openedBy,
	openedAt: s.openedAt.toISOString(),
	closedBy: s.closedBy,
	closedAt: s.closedAt?.toISOString() ?? null,
	zNumber: s.zNumber,
	floatCents: s.floatCents,
	note: s.note,
	totals: s.totals
});

export const sessionListItemJson = (r: {
	id: string;
	status: 'open' | 'closed';
	zNumber: number | null;
	openedAt: Date;
	closedAt: Date | null;
	deviceName: string | null;
	openedByFirst: string;
	zReport: ZTotals | null;
}) => ({
	id: r.id,
	status: r.status,
	zNumber: r.zNumber,
	openedAt: r.openedAt.toISOString(),
	closedAt: r.closedAt?.toISOString() ?? null,
	deviceName: r.deviceName,
	openedBy: r.openedByFirst,
	/** The Z report as printed; null while the session is open. */
	zReport: r.zReport
});

/**
 * A return (retour) of a sale: what was taken back, where it went (stock or loss), the refund by the
 * sale's own methods and the budget given back. Built from the recorded return only (never from
 * `replayed`), so that a retry with the same idempotency key gets the same body.
 */
export const returnJson = (r: ReturnResult) => ({
	id: r.id,
	saleId: r.saleId,
	saleNumber: r.saleNumber,
	at: r.at.toISOString(),
	reason: r.reason,
	by: r.by,
	refundCents: r.refundCents,
	referenceCents: r.referenceCents,
	budgetRestoredCents: r.budgetRestoredCents,
	refunds: r.refunds,
	lines: r.lines
});

/** What completing a public sale answers (issue 15): built from the recorded sale only, so a replay answers the same body. */
export const publicSaleResultJson = (r: PublicSaleResult) => ({
	id: r.id,
	number: r.number,
	referenceCents: r.referenceCents,
	discountCents: r.discountCents,
	paidCents: r.paidCents,
	weightGrams: r.weightGrams,
	changeCents: r.changeCents
});

/** A public sale (ressourcerie): no customer at all; each line by its item's label code or its category, with its weight and discount. */
export const publicSaleJson = (s: SaleView) => ({
	id: s.id,
	number: s.number,
	at: s.at.toISOString(),
	day: s.day,
	sessionId: s.sessionId,
	operator: s.operator,
	deviceName: s.deviceName,
	referenceCents: s.referenceCents,
	discountCents: s.referenceCents - s.paidCents,
	paidCents: s.paidCents,
	weightGrams: s.lines.reduce((a, l) => a + (l.weightGrams ?? 0), 0),
	lines: s.lines.map((l) => ({
		id: l.id,
		lineNo: l.lineNo,
		itemCode: l.lotCode || null,
		description: l.product,
		quantity: l.quantity,
		returned: l.returned,
		unitPriceCents: l.unitPriceCents,
		referenceCents: l.referenceCents,
		discountCents: l.discountCents,
		discountReason: l.discountReason,
		paidCents: l.paidCents,
		weightGrams: l.weightGrams ?? 0
	})),
	payments: s.payments,
	returns: s.returns.map((r) => ({ id: r.id, at: r.at.toISOString(), refundCents: r.refundCents, reason: r.reason }))
});
