import { and, asc, eq, gte, isNull, lte } from 'drizzle-orm';
import type { Executor } from '../db';
import { isUuid } from '../http/input';
import { households, parcelRights } from '../db/schema';
import type { ParcelFrequency } from '$lib/parcels/rights';

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
