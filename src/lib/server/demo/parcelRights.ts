import { and, asc, eq, isNull, notInArray } from 'drizzle-orm';
import type { Tx } from '../db';
import { households, parcelRights } from '../db/schema';
import { addDays, addMonths, periodEnd } from '../households/rules';
import { DEFAULT_SETTINGS } from '../households/settings';

/**
 * The demo's parcel rights (issue 14): eight households of the history (FOY-0001, 0002 and 0003 are left as
 * they are: other tests read them), a mix of frequencies, 1 to 6 persons, one with a 2 € participation, the
 * rest free. Seven are active and cover `today` (the distribution days find them due), one is suspended;
 * the first household also has an older right that ended. Issued by Julien, the social worker. Without
 * history households (DEMO_HISTORY_MONTHS=0) there is nothing to give: none is made.
 */
const PLAN: { frequency: 'weekly' | 'biweekly' | 'monthly'; persons: number; participationCents: number; startedDaysAgo: number; suspended?: string }[] = [
	{ frequency: 'weekly', persons: 4, participationCents: 0, startedDaysAgo: 20 },
	{ frequency: 'biweekly', persons: 1, participationCents: 0, startedDaysAgo: 14 },
	{ frequency: 'biweekly', persons: 3, participationCents: 200, startedDaysAgo: 28 },
	{ frequency: 'monthly', persons: 6, participationCents: 0, startedDaysAgo: 0 },
	{ frequency: 'weekly', persons: 2, participationCents: 0, startedDaysAgo: 7 },
	{ frequency: 'biweekly', persons: 5, participationCents: 0, startedDaysAgo: 42 },
	{ frequency: 'weekly', persons: 3, participationCents: 0, startedDaysAgo: 63 },
	{ frequency: 'monthly', persons: 2, participationCents: 0, startedDaysAgo: 10, suspended: 'Absent aux trois dernières distributions' }
];

export const DEMO_KEPT_HOUSEHOLDS = ['FOY-0001', 'FOY-0002', 'FOY-0003'];

export async function seedParcelRights(
	tx: Tx,
	organisationId: string,
	ids: Map<string, string>,
	today: string
): Promise<{ householdId: string; reference: string; rightId: string }[]> {
	const julien = ids.get('julien');
	if (!julien) throw new Error('seedParcelRights: the demo social worker (julien) is missing');
	const chosen = await tx
		.select({ id: households.id, reference: households.reference })
		.from(households)
		.where(and(eq(households.organisationId, organisationId), isNull(households.anonymisedAt), notInArray(households.reference, DEMO_KEPT_HOUSEHOLDS)))
		.orderBy(asc(households.reference))
		.limit(PLAN.length);
	const months = DEFAULT_SETTINGS.durationMonths;
	const out: { householdId: string; reference: string; rightId: string }[] = [];
	for (const [i, h] of chosen.entries()) {
		const p = PLAN[i]!;
		const validFrom = addDays(today, -p.startedDaysAgo);
		if (i === 0) {
			// An earlier right, ended the day before the current one began.
			const oldFrom = addMonths(validFrom, -months);
			await tx.insert(parcelRights).values({
				organisationId,
				householdId: h.id,
				validFrom: oldFrom,
				validTo: addDays(validFrom, -1),
				frequency: 'monthly',
				persons: p.persons,
				issuedBy: julien
			});
		}
		const [r] = await tx
			.insert(parcelRights)
			.values({
				organisationId,
				householdId: h.id,
				validFrom,
				validTo: periodEnd(validFrom, months),
				frequency: p.frequency,
				persons: p.persons,
				participationCents: p.participationCents,
				status: p.suspended ? 'suspended' : 'active',
				statusReason: p.suspended ?? null,
				issuedBy: julien
			})
			.returning({ id: parcelRights.id });
		out.push({ householdId: h.id, reference: h.reference, rightId: r!.id });
	}
	return out;
}
