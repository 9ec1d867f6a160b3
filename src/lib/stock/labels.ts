import { m } from '$lib/paraglide/messages';

/** People-facing names of the stock codes stored in the database. */
const UNIT: Record<string, () => string> = { piece: m.unit_piece, kg: m.unit_kg, litre: m.unit_litre };
export const unitLabel = (u: string) => UNIT[u]?.() ?? u;

const DATE_TYPE: Record<string, () => string> = { dlc: m.date_type_dlc, ddm: m.date_type_ddm, none: m.date_type_none };
export const dateTypeLabel = (d: string) => DATE_TYPE[d]?.() ?? d;
/** The short printed form: "DLC", "DDM". */
export const dateTypeShort = (d: string) => (d === 'dlc' ? 'DLC' : d === 'ddm' ? 'DDM' : '');

const ORIGIN_KIND: Record<string, () => string> = {
	food_bank: m.origin_kind_food_bank,
	fse: m.origin_kind_fse,
	ramasse: m.origin_kind_ramasse,
	purchase: m.origin_kind_purchase,
	donation: m.origin_kind_donation,
	collecte: m.origin_kind_collecte
};
export const originKindLabel = (k: string) => ORIGIN_KIND[k]?.() ?? k;

const LOSS: Record<string, () => string> = {
	dlc_passed: m.loss_dlc_passed,
	broken: m.loss_broken,
	spoiled: m.loss_spoiled,
	theft: m.loss_theft,
	recall: m.loss_recall,
	other: m.loss_other,
	return: m.loss_return
};
export const lossReasonLabel = (r: string) => LOSS[r]?.() ?? r;

/** The reasons of the rescue actions (issue 12, $lib/stock/rescue): words of a lot's history. */
const RESCUE: Record<string, () => string> = {
	rescue_free_shelf: m.rescue_reason_free_shelf,
	rescue_parcel: m.rescue_reason_parcel,
	rescue_partner: m.rescue_reason_partner
};
export const rescueReasonLabel = (r: string) => RESCUE[r]?.() ?? r;

const MOVEMENT: Record<string, () => string> = {
	reception: m.movement_reception,
	move: m.movement_move,
	count: m.movement_count,
	loss: m.movement_loss,
	correction: m.movement_correction,
	sale: m.movement_sale,
	distribution: m.movement_distribution,
	return: m.movement_return
};
export const movementLabel = (k: string) => MOVEMENT[k]?.() ?? k;

/**
 * One line of a lot's history: "Vente", "Perte – Cassé", "Perte – Autre : tombé du chariot". A
 * reason is shown only when it is a known loss reason (a sale's or a reception's own codes are not
 * words for people); the remark typed with a loss follows it.
 */
export function movementText(kind: string, reason: string | null | undefined, note?: string | null): string {
	let text = movementLabel(kind);
	if (reason && LOSS[reason] && reason !== kind) text += ` – ${LOSS[reason]!()}`;
	else if (reason && RESCUE[reason]) text += ` – ${RESCUE[reason]!()}`;
	const remark = note?.trim();
	if (remark) text += ` : ${remark}`;
	return text;
}
