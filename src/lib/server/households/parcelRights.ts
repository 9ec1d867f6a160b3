import { and, asc, count, desc, eq, gte, isNull, lte, ne } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { READ_HOUSEHOLD_FILES } from '$lib/permissions';
import { isParcelFrequency, MAX_PARCEL_PERSONS, MIN_PARCEL_PERSONS, validParcelPersons, type ParcelFrequency } from '$lib/parcels/rights';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { householdMembers, households, parcelRights } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../http/input';
import { parcelSettings } from '../parcels/settings';
import { actorZone } from '../timeZone';
import { loadSettings, requireHousehold, requireNotAnonymised } from './households';
import { canRenew, isIsoDate, periodEnd, periodsOverlap, renewedPeriod, rightStatusAfter, statusReasonOk, todayIso, type Period } from './rules';

/**
 * Parcel rights (issue 14, docs/parcels.md "Parcel rights"): a household oriented by the committee gets a
 * parcel at a frequency, for a period, for a number of persons, free or for a fixed participation.
 * Social workers issue and manage them (READ_HOUSEHOLD_FILES); the distribution days read them here.
 */

/** A parcel right as the distribution days see it: the household by its reference and first name only. */
export interface CoveringParcelRight {
	rightId: string;
	householdId: string;
	reference: string;
	firstName: string;
	persons: number;
	frequency: ParcelFrequency;
	participationCents: number;
	validFrom: string;
	validTo: string;
}

const covering = {
	rightId: parcelRights.id,
	householdId: parcelRights.householdId,
	reference: households.reference,
	firstName: households.firstName,
	persons: parcelRights.persons,
	frequency: parcelRights.frequency,
	participationCents: parcelRights.participationCents,
	validFrom: parcelRights.validFrom,
	validTo: parcelRights.validTo
};

const coveringWhere = (organisationId: string, day: string) =>
	and(
		eq(parcelRights.organisationId, organisationId),
		eq(parcelRights.status, 'active'),
		lte(parcelRights.validFrom, day),
		gte(parcelRights.validTo, day),
		isNull(households.anonymisedAt)
	);

/**
 * The organisation's parcel rights that give a parcel on `day` (status active, period holding the day),
 * households not anonymised, by reference. For the distribution days (no permission checked here: the
 * caller's service checks its own). At most one per household (non-revoked rights never overlap).
 */
export async function parcelRightsCovering(ex: Executor, organisationId: string, day: string): Promise<CoveringParcelRight[]> {
	return ex
		.select(covering)
		.from(parcelRights)
		.innerJoin(households, and(eq(households.id, parcelRights.householdId), eq(households.organisationId, parcelRights.organisationId)))
		.where(coveringWhere(organisationId, day))
		.orderBy(asc(households.reference));
}

/** One household's parcel right covering `day` (see parcelRightsCovering), or null. */
export async function parcelRightFor(ex: Executor, organisationId: string, householdId: string, day: string): Promise<CoveringParcelRight | null> {
	if (!isUuid(householdId)) return null;
	const [row] = await ex
		.select(covering)
		.from(parcelRights)
		.innerJoin(households, and(eq(households.id, parcelRights.householdId), eq(households.organisationId, parcelRights.organisationId)))
		.where(and(coveringWhere(organisationId, day), eq(parcelRights.householdId, householdId)))
		.orderBy(asc(parcelRights.validFrom))
		.limit(1);
	return row ?? null;
}

export interface ParcelRightInput {
	/** First day; empty: today. */
	validFrom?: string;
	/** weekly | biweekly | monthly; omitted: the organisation's default (parcels.defaultFrequency). */
	frequency?: string;
	/** Persons counted, 1–30; omitted: the household's size (its members + the main person). */
	persons?: number | null;
	/** true: free; otherwise the organisation's fixed participation (parcels.participationCents, maybe 0). */
	free?: boolean;
}

/** A parcel right as the household file shows it. */
export interface ParcelRightRow {
	id: string;
	decisionId: string | null;
	validFrom: string;
	validTo: string;
	frequency: ParcelFrequency;
	persons: number;
	participationCents: number;
	renewals: number;
	status: 'active' | 'suspended' | 'revoked';
	statusReason: string | null;
	createdAt: Date;
}

const bad = (message: string, field?: string) => new AppError('invalid_input', message, 400, field);
const notFound = () => new AppError('not_found', m.prt_not_found(), 404);

const rowColumns = {
	id: parcelRights.id,
	decisionId: parcelRights.decisionId,
	validFrom: parcelRights.validFrom,
	validTo: parcelRights.validTo,
	frequency: parcelRights.frequency,
	persons: parcelRights.persons,
	participationCents: parcelRights.participationCents,
	renewals: parcelRights.renewals,
	status: parcelRights.status,
	statusReason: parcelRights.statusReason,
	createdAt: parcelRights.createdAt
};

/** A household's parcel rights, latest first (no audit row: the household file's opening is audited). */
export async function listParcelRights(ex: Executor, actor: Actor, householdId: string): Promise<ParcelRightRow[]> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	await requireHousehold(ex, actor, householdId);
	return ex
		.select(rowColumns)
		.from(parcelRights)
		.where(and(eq(parcelRights.organisationId, actor.organisationId), eq(parcelRights.householdId, householdId)))
		.orderBy(desc(parcelRights.validFrom), desc(parcelRights.createdAt));
}

/** Other parcel rights of the household (not revoked, not `except`) share a day with `p`. */
async function overlapsAnother(tx: Tx, organisationId: string, householdId: string, p: Period, except?: string): Promise<boolean> {
	const others = await tx
		.select({ validFrom: parcelRights.validFrom, validTo: parcelRights.validTo })
		.from(parcelRights)
		.where(
			and(
				eq(parcelRights.organisationId, organisationId),
				eq(parcelRights.householdId, householdId),
				ne(parcelRights.status, 'revoked'),
				except ? ne(parcelRights.id, except) : undefined
			)
		);
	return others.some((o) => periodsOverlap(o, p));
}

/**
 * Issues a parcel right inside a transaction (the household row is locked): period from the households
 * settings' duration, the frequency, the persons counted, free or the organisation's participation
 * (copied, so a later change of the setting does not alter it), no overlap with another parcel right of
 * the household that is not revoked. The committee's decision calls this in its own transaction.
 */
export async function issueParcelRightTx(
	tx: Tx,
	actor: Actor,
	householdId: string,
	input: ParcelRightInput,
	decisionId: string | null,
	today: string
): Promise<{ id: string }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const h = await requireHousehold(tx, actor, householdId, true);
	requireNotAnonymised(h);
	const [settings, parcels] = await Promise.all([loadSettings(tx, actor.organisationId), parcelSettings(tx, actor)]);
	const validFrom = (typeof input.validFrom === 'string' ? input.validFrom : '').trim() || today;
	if (!isIsoDate(validFrom)) throw bad(m.hh_date_invalid(), 'validFrom');
	const validTo = periodEnd(validFrom, settings.durationMonths);
	const frequency = input.frequency == null || input.frequency === '' ? parcels.defaultFrequency : input.frequency;
	if (!isParcelFrequency(frequency)) throw bad(m.prt_frequency_invalid(), 'frequency');
	let persons = input.persons;
	if (persons == null) {
		const [c] = await tx
			.select({ n: count() })
			.from(householdMembers)
			.where(and(eq(householdMembers.organisationId, actor.organisationId), eq(householdMembers.householdId, householdId)));
		persons = Math.min(MAX_PARCEL_PERSONS, 1 + (c?.n ?? 0));
	}
	if (!validParcelPersons(persons)) throw bad(m.prt_persons_invalid({ min: MIN_PARCEL_PERSONS, max: MAX_PARCEL_PERSONS }), 'persons');
	if (input.free != null && typeof input.free !== 'boolean') throw bad(m.prt_participation_invalid(), 'free');
	const participationCents = input.free ? 0 : parcels.participationCents;
	if (await overlapsAnother(tx, actor.organisationId, householdId, { validFrom, validTo }))
		throw new AppError('parcel_right_overlap', m.prt_overlap(), 409, 'validFrom');
	const [row] = await tx
		.insert(parcelRights)
		.values({
			organisationId: actor.organisationId,
			householdId,
			decisionId,
			validFrom,
			validTo,
			frequency,
			persons,
			participationCents,
			issuedBy: actor.userId
		})
		.returning({ id: parcelRights.id });
	await audit(
		tx,
		actor,
		'parcel_right.issue',
		{ type: 'household', id: householdId },
		{ reference: h.reference, parcelRightId: row!.id, validFrom, validTo, frequency, persons, participationCents }
	);
	return row!;
}

/** Issues a parcel right from the household file (outside the committee, as the épicerie's issueRight). */
export async function issueParcelRight(
	db: Database,
	actor: Actor,
	householdId: string,
	input: ParcelRightInput,
	opts: { today?: string } = {}
): Promise<{ id: string }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction((tx) => issueParcelRightTx(tx, actor, householdId, input, null, opts.today ?? todayIso(new Date(), actorZone(actor))));
}

async function lockParcelRight(tx: Tx, actor: Actor, id: string) {
	if (!isUuid(id)) throw notFound();
	const [r] = await tx
		.select()
		.from(parcelRights)
		.where(and(eq(parcelRights.id, id), eq(parcelRights.organisationId, actor.organisationId)))
		.for('update');
	if (!r) throw notFound();
	const h = await requireHousehold(tx, actor, r.householdId, true);
	requireNotAnonymised(h);
	return { r, h };
}

/** The API's first check on a path's parcel right (before reading the body): one of the organisation's, else 404. */
export async function checkParcelRight(ex: Executor, actor: Actor, id: string): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	if (!isUuid(id)) throw notFound();
	const [r] = await ex
		.select({ id: parcelRights.id })
		.from(parcelRights)
		.where(and(eq(parcelRights.id, id), eq(parcelRights.organisationId, actor.organisationId)));
	if (!r) throw notFound();
}

/** Renews an active parcel right for the organisation's duration again, up to the épicerie rights' maximum of renewals. */
export async function renewParcelRight(db: Database, actor: Actor, id: string): Promise<{ validTo: string; renewals: number }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction(async (tx) => {
		const { r, h } = await lockParcelRight(tx, actor, id);
		if (r.status !== 'active') throw new AppError('parcel_right_not_active', m.prt_not_active(), 409);
		const settings = await loadSettings(tx, actor.organisationId);
		if (!canRenew(r.renewals, settings.maxRenewals)) throw new AppError('max_renewals', m.hh_max_renewals({ max: settings.maxRenewals }), 409);
		const next = renewedPeriod(r, settings.durationMonths);
		if (await overlapsAnother(tx, actor.organisationId, r.householdId, next, r.id)) throw new AppError('parcel_right_overlap', m.prt_overlap(), 409);
		const renewals = r.renewals + 1;
		await tx.update(parcelRights).set({ validTo: next.validTo, renewals, updatedAt: new Date() }).where(eq(parcelRights.id, r.id));
		await audit(
			tx,
			actor,
			'parcel_right.renew',
			{ type: 'household', id: r.householdId },
			{ reference: h.reference, parcelRightId: r.id, validTo: [r.validTo, next.validTo], renewals }
		);
		return { validTo: next.validTo, renewals };
	});
}

export const PARCEL_RIGHT_ACTIONS = ['suspend', 'resume', 'revoke'] as const;
export type ParcelRightAction = (typeof PARCEL_RIGHT_ACTIONS)[number];

/** suspend, resume or revoke (rightStatusAfter, as the épicerie rights); suspend and revoke need a reason. */
export async function changeParcelRightStatus(db: Database, actor: Actor, id: string, action: ParcelRightAction, reason = ''): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	if (!(PARCEL_RIGHT_ACTIONS as readonly string[]).includes(action)) throw bad(m.prt_action_invalid(), 'action');
	const why = typeof reason === 'string' ? reason.trim() : '';
	if (!statusReasonOk(action, why)) throw bad(m.hh_status_reason_needed(), 'reason');
	await db.transaction(async (tx) => {
		const { r, h } = await lockParcelRight(tx, actor, id);
		const status = rightStatusAfter(r.status, action);
		if (!status) throw new AppError('parcel_right_status', m.prt_status_refused(), 409);
		await tx
			.update(parcelRights)
			.set({ status, statusReason: action === 'resume' ? null : why, updatedAt: new Date() })
			.where(eq(parcelRights.id, r.id));
		await audit(tx, actor, `parcel_right.${action}`, { type: 'household', id: r.householdId }, { reference: h.reference, parcelRightId: r.id });
	});
}
