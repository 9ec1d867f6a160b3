import { and, asc, eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { PREPARE_PARCELS } from '$lib/permissions';
import { NO_SIGNATURE_REASON, pngFromDataUrl, signatureProblem } from '$lib/parcels/signature';
import { formatTime } from '$lib/format';
import { shopToday } from '$lib/stock/dates';
import { hasControlCharacter } from '$lib/text';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Tx } from '../db';
import { auditLog, distributionDays, parcelLines, parcelRights, parcels, sites } from '../db/schema';
import { AppError, isAppError } from '../errors';
import { recordTillLookup } from '../households/lookups';
import { lookupKind, resolveCustomer } from '../households/rights';
import { lockLots, recordMovements, reserveMovementIds } from '../stock/ledger';
import { actorZone } from '../timeZone';
import { lockParcel, type ParcelStatus } from './days';

/**
 * The handover (issue 14, docs/parcels.md "Handover"): on the day, the card scanned (or the reference typed)
 * shows the household's parcels of today's planned days; a prepared parcel is handed over against the
 * household's finger signature (a PNG) or the reason they could not sign. One transaction: a `distribution`
 * movement of each of the parcel's lots, the parcel handed over, the participation, the audit row (a work event).
 */

export interface HandoverParcel {
	id: string;
	code: string;
	status: ParcelStatus;
	cold: boolean;
	persons: number;
	slot: string | null;
	siteName: string;
	/** Ready to hand over (prepared, on a planned day of today). */
	ready: boolean;
	/** Why it cannot be handed over, in plain French (null when ready). */
	why: string | null;
	handedAt: Date | null;
}

function whyNot(status: ParcelStatus, handedAt: Date | null, zone: string): string | null {
	switch (status) {
		case 'prepared':
			return null;
		case 'expected':
			return m.dd_why_expected();
		case 'preparing':
			return m.dd_why_preparing();
		case 'handed_over':
			return m.dd_why_handed({ time: formatTime(handedAt, zone) });
		case 'absent':
			return m.dd_why_absent();
		case 'not_collected':
			return m.dd_why_not_collected();
	}
}

/**
 * The household behind a card or a reference, and its parcels of today's planned distribution days. The
 * lookup is recorded like the till's (`recordTillLookup`: audited, typed references limited per person).
 */
export async function findParcelsForHandover(
	db: Database,
	actor: Actor,
	code: string,
	opts: { today?: string } = {}
): Promise<{ reference: string; firstName: string; parcels: HandoverParcel[] }> {
	requireRole(actor, PREPARE_PARCELS);
	const zone = actorZone(actor);
	const today = opts.today ?? shopToday(new Date(), zone);
	const h = await resolveCustomer(db, actor, code);
	await recordTillLookup(db, actor, h, lookupKind(code));
	const rows = await db
		.select({
			id: parcels.id,
			code: parcels.code,
			status: parcels.status,
			cold: parcels.cold,
			persons: parcels.persons,
			slot: parcels.slot,
			siteName: sites.name,
			handedAt: parcels.handedAt
		})
		.from(parcels)
		.innerJoin(distributionDays, and(eq(distributionDays.organisationId, parcels.organisationId), eq(distributionDays.id, parcels.dayId)))
		.innerJoin(sites, and(eq(sites.organisationId, distributionDays.organisationId), eq(sites.id, distributionDays.siteId)))
		.where(
			and(
				eq(parcels.organisationId, actor.organisationId),
				eq(parcels.householdId, h.householdId),
				eq(distributionDays.day, today),
				eq(distributionDays.status, 'planned')
			)
		)
		.orderBy(asc(parcels.code));
	return {
		reference: h.reference,
		firstName: h.firstName,
		parcels: rows.map((r) => {
			const why = whyNot(r.status, r.handedAt, zone);
			return { ...r, ready: why === null, why };
		})
	};
}

export interface HandoverInput {
	/** The finger signature: a `data:image/png;base64,…` URL. */
	signaturePng?: string | null;
	/** When the person cannot sign: why (3 to 200 characters). */
	noSignatureReason?: string | null;
	/** The same key sent again (a retry) answers the first handover instead of refusing it. */
	idempotencyKey?: string | null;
}

/** The signature's bytes or the reason, checked (a French 400 otherwise). */
export function readSignature(input: HandoverInput): { png: Buffer | null; reason: string | null } {
	const url = input.signaturePng?.trim() || null;
	const reason = input.noSignatureReason?.trim() || null;
	if (url) {
		const bytes = pngFromDataUrl(url);
		const problem = bytes ? signatureProblem(bytes) : 'not_png';
		if (problem === 'too_large') throw new AppError('dd_signature_too_large', m.dd_signature_too_large(), 400, 'signaturePng');
		if (problem) throw new AppError('dd_signature_invalid', m.dd_signature_invalid(), 400, 'signaturePng');
		return { png: Buffer.from(bytes!), reason: null };
	}
	if (reason) {
		if (reason.length < NO_SIGNATURE_REASON.min || reason.length > NO_SIGNATURE_REASON.max || hasControlCharacter(reason))
			throw new AppError('dd_reason_length', m.dd_reason_length({ min: NO_SIGNATURE_REASON.min, max: NO_SIGNATURE_REASON.max }), 400, 'noSignatureReason');
		return { png: null, reason };
	}
	throw new AppError('dd_signature_missing', m.dd_signature_missing(), 400, 'signaturePng');
}

/**
 * Hands a prepared parcel of a planned day of today over: the signature (or the reason) checked first; then
 * in ONE transaction, the parcel row locked (FOR UPDATE: a double tap waits, then is refused), a `distribution`
 * movement (reason `parcel`, note = the parcel's code) of each of its lots (a DLC past at the handover is
 * refused), the parcel handed over with who, when, which tablet, the signature and the participation (the
 * right's, recorded as paid), audited `parcel.handover` (a work event). A second handover: 409, nothing changed
 * — unless it carries the first one's idempotency key (a retry), which answers the first handover again.
 */
export async function handOver(
	db: Database,
	actor: Actor,
	parcelId: string,
	input: HandoverInput,
	opts: { today?: string; now?: Date } = {}
): Promise<{ id: string; code: string; handedAt: Date; participationCents: number; replayed: boolean }> {
	requireRole(actor, PREPARE_PARCELS);
	const sig = readSignature(input);
	const key = input.idempotencyKey?.trim().slice(0, 100) || null;
	const zone = actorZone(actor);
	const today = opts.today ?? shopToday(new Date(), zone);
	const now = opts.now ?? new Date();
	return db.transaction(async (tx) => {
		const p = await lockParcel(tx, actor, parcelId);
		if (p.status === 'handed_over') {
			if (key) {
				const [first] = await tx
					.select({ at: auditLog.at })
					.from(auditLog)
					.where(
						and(
							eq(auditLog.organisationId, actor.organisationId),
							eq(auditLog.action, 'parcel.handover'),
							eq(auditLog.entityId, p.id),
							sql`${auditLog.details}->>'key' = ${key}`
						)
					)
					.limit(1);
				if (first) {
					const [again] = await tx.select({ participationCents: parcels.participationCents }).from(parcels).where(eq(parcels.id, p.id));
					return { id: p.id, code: p.code, handedAt: p.handedAt!, participationCents: again!.participationCents, replayed: true };
				}
			}
			throw new AppError('dd_already_handed', m.dd_already_handed({ code: p.code, time: formatTime(p.handedAt, zone) }), 409);
		}
		if (p.dayStatus !== 'planned' || p.day !== today) throw new AppError('dd_not_today', m.dd_not_today(), 409);
		if (p.status === 'absent') throw new AppError('dd_handover_absent', m.dd_handover_absent(), 409);
		if (p.status !== 'prepared') throw new AppError('dd_not_ready', m.dd_not_ready(), 409);
		await giveParcelLots(tx, actor, p.id, p.code);
		const [right] = await tx
			.select({ participationCents: parcelRights.participationCents })
			.from(parcelRights)
			.where(and(eq(parcelRights.organisationId, actor.organisationId), eq(parcelRights.id, p.parcelRightId)));
		const participationCents = right?.participationCents ?? 0;
		await tx
			.update(parcels)
			.set({
				status: 'handed_over',
				handedBy: actor.userId,
				handedAt: now,
				handedDeviceId: actor.deviceId,
				signaturePng: sig.png,
				noSignatureReason: sig.reason,
				participationCents,
				updatedAt: now
			})
			.where(eq(parcels.id, p.id));
		await audit(
			tx,
			actor,
			'parcel.handover',
			{ type: 'parcel', id: p.id },
			{
				code: p.code,
				reference: p.reference,
				signed: sig.png !== null,
				participationCents,
				...(key ? { key } : {})
			}
		);
		return { id: p.id, code: p.code, handedAt: now, participationCents, replayed: false };
	});
}

/**
 * The handover's stock part, in the caller's transaction: a `distribution` movement (reason `parcel`, note =
 * the parcel's code) of each of the parcel's lots still holding something, locked in id order; a DLC past or
 * a blocked lot is refused with a French message (the ledger's rule, worded for the handover).
 */
export async function giveParcelLots(tx: Tx, actor: Actor, parcelId: string, code: string): Promise<void> {
	const lines = await tx
		.select({ lotId: parcelLines.parcelLotId })
		.from(parcelLines)
		.where(and(eq(parcelLines.organisationId, actor.organisationId), eq(parcelLines.parcelId, parcelId)));
	const locked = await lockLots(
		tx,
		actor,
		lines.map((l) => l.lotId)
	);
	const out = [...locked.values()].filter((l) => l.onHand > 0).sort((a, b) => a.id.localeCompare(b.id));
	const ids = out.length ? await reserveMovementIds(tx, out.length) : [];
	try {
		await recordMovements(
			tx,
			actor,
			out.map((l, i) => ({ id: ids[i]!, lotId: l.id, quantity: -l.onHand, kind: 'distribution' as const, reason: 'parcel', note: code, parcel: true })),
			locked
		);
	} catch (e) {
		if (isAppError(e) && e.code === 'dlc_past') {
			const lot = out.find((l) => e.message.includes(l.code));
			throw new AppError('dd_dlc_past', m.dd_dlc_past({ code: lot?.code ?? '' }), 409);
		}
		if (isAppError(e) && e.code === 'lot_blocked') throw new AppError('dd_lot_blocked', m.dd_lot_blocked(), 409);
		throw e;
	}
}
