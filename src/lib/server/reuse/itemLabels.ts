import { WORK_REUSE } from '$lib/permissions';
import { fluxLabel } from '$lib/reuse/flux';
import { labelCopies, shortDescription } from '$lib/reuse/items';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import { audit } from '../audit';
import type { Database, Executor } from '../db';
import { qrSvg } from '../labels/qr';
import { itemsByCodes } from './items';

/**
 * Labels of the ressourcerie's items (issue 15), printed on the same label stock as the lots' (62 mm roll,
 * 57 × 32, A4 sheet of 24: $lib/components/labels). A label: the QR of the item's code (O-000123, what
 * the till's scanner types), the code in text, the price big, the category and the description's start.
 * A batch gets one label per piece still in stock, or one label for the whole batch (`perPiece` false).
 */

/** Most items on one label page. */
export const MAX_ITEM_LABELS = 200;

export interface ItemLabel {
	code: string;
	priceCents: number;
	categoryName: string;
	flux: string;
	description: string;
	/** A batch's label: how many pieces it has (the batch label) or which piece (n of total). */
	pieces: number;
	piece: number | null;
	qr: string;
}

export interface ItemLabelSelection {
	codes: readonly string[];
	/** A batch: one label per piece in stock (true, default) or one label for the batch. */
	perPiece?: boolean;
}

/** The labels of the chosen items (another organisation's or an unknown code: "not found", nothing printed). */
export async function itemLabels(ex: Executor, actor: Actor, selection: ItemLabelSelection): Promise<ItemLabel[]> {
	requireRole(actor, WORK_REUSE);
	const items = await itemsByCodes(ex, actor, selection.codes.slice(0, MAX_ITEM_LABELS));
	const perPiece = selection.perPiece ?? true;
	const out: ItemLabel[] = [];
	for (const it of items) {
		const qr = await qrSvg(it.code);
		const copies = it.quantity > 1 ? labelCopies(it.onHand, perPiece) : 1;
		for (let i = 0; i < copies; i++) {
			out.push({
				code: it.code,
				priceCents: it.priceCents,
				categoryName: it.categoryName,
				flux: fluxLabel(it.flux),
				description: shortDescription(it.description),
				pieces: it.quantity > 1 && !perPiece ? it.onHand : 1,
				piece: it.quantity > 1 && perPiece ? i + 1 : null,
				qr
			});
		}
	}
	return out;
}

/**
 * The person printed these labels (the page calls this just before the print dialog): journal and work
 * event `reuse.labels` with the number of labels, like the lots' `labels.print`. Nothing chosen: nothing recorded.
 */
export async function recordItemLabelPrint(db: Database, actor: Actor, selection: ItemLabelSelection): Promise<{ labels: number }> {
	requireRole(actor, WORK_REUSE);
	return db.transaction(async (tx) => {
		const labels = await itemLabels(tx, actor, selection);
		if (labels.length === 0) return { labels: 0 };
		const codes = [...new Set(labels.map((l) => l.code))];
		await audit(tx, actor, 'reuse.labels', null, { labels: labels.length, items: codes.slice(0, 50), perPiece: selection.perPiece ?? true });
		return { labels: labels.length };
	});
}
