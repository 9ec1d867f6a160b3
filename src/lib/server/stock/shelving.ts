import { m } from '$lib/paraglide/messages';
import { shopToday } from '$lib/stock/dates';
import { olderLotsThan } from '$lib/stock/fefo';
import { classifyScan } from '$lib/stock/gs1';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { AppError } from '../errors';
import { findLocationByCode } from '../places/places';
import { moveLotFromForm } from './lots';
import { getLotByCode, productLots } from './views';
import { WORK_STOCK } from '$lib/permissions';

/** A scanned lot label (its code or the URL in its QR) as a lot code; a French error otherwise. */
export function lotCodeFromScan(raw: string): string {
	const s = classifyScan(raw.slice(0, 200), Number(shopToday().slice(0, 4)));
	if (s.kind !== 'lot') throw new AppError('not_a_lot', m.shelving_not_a_lot(), 400, 'lot');
	return s.code;
}

/**
 * What shelving shows once a lot is scanned: the lot, the places where the product already is (to
 * put it beside), and older lots of the same product elsewhere (FEFO: those must go out first).
 */
export async function shelvingContext(ex: Executor, actor: Actor, rawLot: string) {
	requireRole(actor, WORK_STOCK);
	const lot = await getLotByCode(ex, actor, lotCodeFromScan(rawLot));
	const siblings = (await productLots(ex, actor, lot.productId)).filter((l) => l.id !== lot.id);
	const places = new Map<string, { id: string; code: string; name: string }>();
	for (const s of siblings)
		if (s.locationId && s.locationCode && s.locationName) places.set(s.locationId, { id: s.locationId, code: s.locationCode, name: s.locationName });
	const older = olderLotsThan(lot, siblings).filter((o) => o.locationId !== lot.locationId);
	return { lot, places: [...places.values()], older };
}

/**
 * Shelving by scans: the lot's label, then the location's label (EMP-0007), and a quantity to split.
 * `confirmCold`: the person confirmed putting an ambient product in a cold location (see moveLot).
 */
export async function shelveByScan(db: Database, actor: Actor, input: { lot: string; location: string; quantity?: string; confirmCold?: boolean }) {
	requireRole(actor, WORK_STOCK);
	const lot = await getLotByCode(db, actor, lotCodeFromScan(input.lot));
	const s = classifyScan(input.location.slice(0, 200), 2000);
	if (s.kind !== 'location') throw new AppError('not_a_location', m.shelving_not_a_location(), 400, 'location');
	const loc = await findLocationByCode(db, actor, s.code);
	if (!loc || !loc.active) throw new AppError('location_not_found', m.location_not_found(), 404, 'location');
	const r = await moveLotFromForm(db, actor, lot.id, { locationId: loc.id, quantity: input.quantity, confirmCold: input.confirmCold ? 'yes' : undefined });
	return { ...r, locationCode: loc.code, from: lot.code };
}
