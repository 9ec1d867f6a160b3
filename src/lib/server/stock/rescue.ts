/**
 * Rescues (issue 12, the expiry report's "what to move before it is lost"): a supervisor puts a lot
 * close to its date on the free shelf (a move, the goods stay in stock), gives it to a partner
 * association or puts it in a parcel (distributions: the goods leave). One transaction through the
 * ledger (recordMovement), audited `stock.rescue`. A recalled lot or a DLC-past lot is refused (the
 * bin: the write-off), as is a DDM beyond its delay for anything but a partner ($lib/stock/rescue);
 * nothing changes then. A mistaken rescue is undone by "Annuler ce mouvement" (a correction): rescue
 * movements stand alone ($lib/stock/movements).
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { READ_STOCK_REPORTS } from '$lib/permissions';
import { shopToday } from '$lib/stock/dates';
import { RESCUE_ACTIONS, RESCUE_REASON, rescueRefusal, type RescueAction } from '$lib/stock/rescue';
import { MAX_QUANTITY } from '$lib/stock/units';
import { hasControlCharacter } from '$lib/text';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database } from '../db';
import { AppError } from '../errors';
import { actorZone } from '../timeZone';
import { lockLot, recordMovement } from './ledger';
import { stockSettings } from './settings';

export interface RescueInput {
	lotId: string;
	action: string;
	/** free_shelf: where the free shelf is (a location of the organisation). */
	locationId?: string | null;
	/** parcel, partner: how much leaves (base units); left out, the whole lot. */
	quantity?: number | null;
	/** partner: the association's name (written in the movement's note). */
	partner?: string | null;
}

export interface RescueResult {
	movementId: number;
	code: string;
	action: RescueAction;
	quantity: number;
}

const REFUSAL = {
	blocked: (code: string) => m.rescue_refused_blocked({ code }),
	dlc_past: (code: string) => m.rescue_refused_dlc_past({ code }),
	ddm_too_old: (code: string) => m.rescue_refused_ddm_too_old({ code })
} as const;

/** Does one rescue action on a lot (see the top of the file). */
export async function rescueLot(db: Database, actor: Actor, input: RescueInput, now = new Date()): Promise<RescueResult> {
	requireRole(actor, READ_STOCK_REPORTS);
	const action = input.action as RescueAction;
	if (!(RESCUE_ACTIONS as readonly string[]).includes(action)) throw new AppError('rescue_action_invalid', m.rescue_action_invalid(), 400, 'action');
	if (!z.uuid().safeParse(input.lotId).success) throw new AppError('lot_not_found', m.stock_lot_not_found(), 404, 'lotId');
	const partner = (input.partner ?? '').trim();
	if (action === 'partner' && (!partner || partner.length > 100 || hasControlCharacter(partner)))
		throw new AppError('partner_required', m.rescue_partner_required(), 400, 'partner');
	if (action === 'free_shelf' && !input.locationId) throw new AppError('location_required', m.rescue_location_required(), 400, 'locationId');
	const q = input.quantity ?? null;
	if (q !== null && (!Number.isSafeInteger(q) || q <= 0)) throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
	return db.transaction(async (tx) => {
		const lot = await lockLot(tx, actor, input.lotId);
		const { ddmGraceMonths } = await stockSettings(tx, actor);
		const refusal = rescueRefusal(lot, action, shopToday(now, actorZone(actor)), ddmGraceMonths);
		if (refusal) throw new AppError(`rescue_${refusal}`, REFUSAL[refusal](lot.code), 409);
		if (lot.onHand <= 0) throw new AppError('lot_empty', m.stock_lot_empty({ code: lot.code }), 409);
		if (q !== null && q > MAX_QUANTITY[lot.unit]) throw new AppError('quantity_invalid', m.stock_quantity_invalid(), 400, 'quantity');
		let r: { id: number };
		let quantity: number;
		if (action === 'free_shelf') {
			// The whole lot moves; it stays in stock (given at the till from the free shelf).
			quantity = lot.onHand;
			r = await recordMovement(tx, actor, { lotId: lot.id, quantity: 0, kind: 'move', reason: RESCUE_REASON.free_shelf, toLocationId: input.locationId! });
		} else {
			quantity = q ?? lot.onHand;
			r = await recordMovement(tx, actor, {
				lotId: lot.id,
				quantity: -quantity,
				kind: 'distribution',
				reason: RESCUE_REASON[action],
				note: action === 'partner' ? partner : null
			});
		}
		await audit(
			tx,
			actor,
			'stock.rescue',
			{ type: 'lot', id: lot.id },
			{
				code: lot.code,
				action,
				quantity,
				...(action === 'partner' ? { partner } : {}),
				...(action === 'free_shelf' ? { to: input.locationId } : {})
			}
		);
		return { movementId: r.id, code: lot.code, action, quantity };
	});
}
