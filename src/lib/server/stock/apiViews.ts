import type { ReceptionView } from './receptions';
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
