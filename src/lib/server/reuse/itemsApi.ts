import { z } from 'zod';
import { isItemSort, isItemState } from '$lib/reuse/items';
import type { ItemDetail, ItemQuery, ItemRow } from './items';
import type { ItemLabel } from './itemLabels';

/**
 * The items' JSON for the API (issue 15, docs/ressourcerie.md "Items"): prices in cents, weights in
 * grams, instants in ISO 8601. Bodies are shapes only: the service judges every value (French messages).
 */

export const itemJson = (r: ItemRow) => ({
	id: r.id,
	code: r.code,
	description: r.description,
	categoryId: r.categoryId,
	categoryName: r.categoryName,
	flux: r.flux,
	quantity: r.quantity,
	onHand: r.onHand,
	priceCents: r.priceCents,
	unitWeightGrams: r.unitWeightGrams,
	weightSource: r.weightSource,
	siteId: r.siteId,
	location: r.locationId ? { id: r.locationId, code: r.locationCode, name: r.locationName } : null,
	createdAt: r.createdAt.toISOString()
});

export const itemDetailJson = (d: ItemDetail) => ({
	...itemJson(d),
	siteName: d.siteName,
	ecoCategory: d.ecoCategory,
	intakeId: d.intakeId,
	intakeNumber: d.intakeNumber,
	createdBy: d.createdByName,
	movements: d.movements.map((mv) => ({
		id: mv.id,
		kind: mv.kind,
		quantity: mv.quantity,
		from: mv.fromCode,
		to: mv.toCode,
		saleLineId: mv.saleLineId,
		exitLineId: mv.exitLineId,
		reason: mv.reason,
		by: mv.userName,
		at: mv.at.toISOString()
	}))
});

export const itemLabelJson = (l: ItemLabel) => ({
	code: l.code,
	priceCents: l.priceCents,
	categoryName: l.categoryName,
	flux: l.flux,
	description: l.description,
	pieces: l.pieces,
	piece: l.piece,
	qrSvg: l.qr
});

/** The list's query string (the same as the page's): q, flux, category, state, sort, page. */
export function itemQueryOf(url: URL, page: number): ItemQuery {
	const p = url.searchParams;
	const state = p.get('state');
	const sort = p.get('sort');
	return {
		q: p.get('q') ?? undefined,
		flux: p.get('flux'),
		categoryId: p.get('category'),
		state: isItemState(state) ? state : 'stock',
		sort: isItemSort(sort) ? sort : 'recent',
		page
	};
}

const id = z.string().max(100);
const nullableId = id.nullable().optional();

export const newItemBody = z.object({
	categoryId: id,
	description: z.string().max(1000),
	priceCents: z.number(),
	quantity: z.number().optional(),
	weightGrams: z.number().nullable().optional(),
	siteId: nullableId,
	locationId: nullableId,
	intakeId: nullableId
});
export const priceBody = z.object({ priceCents: z.number() });
export const moveBody = z.object({ locationId: id });
export const correctBody = z.object({ onHand: z.number(), reason: z.string().max(1000) });
export const labelsPrintedBody = z.object({ items: z.array(z.string().max(40)).min(1).max(200), perPiece: z.boolean().optional() });
