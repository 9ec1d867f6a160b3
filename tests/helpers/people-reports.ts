// Test helpers for the households, annual and dashboard reports (issue 12): households, rights, till
// sessions, sales and returns inserted directly at chosen days and instants (the services stamp `now`;
// these reports read months of history). Names are distinctive so that a test can prove none leaks.
import { sql } from 'drizzle-orm';
import type { Database } from '$lib/server/db';
import { householdMembers, households, rights, saleReturns, sales, tillSessions } from '$lib/server/db/schema';
import { makeDevice, uniq, type OrgFixture } from './fixtures';

/** A household with `members` members (so 1 + members persons), a commune and a right. */
export async function householdWithRight(
	db: Database,
	org: OrgFixture,
	h: {
		members?: number;
		commune?: string | null;
		createdAt?: Date;
		rightCreatedAt?: Date;
		validFrom?: string;
		validTo?: string;
		monthlyBudgetCents?: number;
	} = {}
): Promise<{ householdId: string; rightId: string; firstName: string; lastName: string; reference: string }> {
	const tag = uniq();
	const firstName = `Prenomsecret${tag}`;
	const lastName = `Nomsecret${tag}`;
	const reference = `F-REF${tag}`;
	const [row] = await db
		.insert(households)
		.values({
			organisationId: org.organisationId,
			reference,
			firstName,
			lastName,
			nameKey: `${lastName} ${firstName}`.toLowerCase(),
			birthDate: '1971-04-13',
			commune: h.commune ?? null,
			consent: true,
			...(h.createdAt ? { createdAt: h.createdAt } : {})
		})
		.returning({ id: households.id });
	const householdId = row!.id;
	for (let i = 0; i < (h.members ?? 0); i++)
		await db.insert(householdMembers).values({ organisationId: org.organisationId, householdId, birthYear: 2010, relation: 'enfant' });
	const [r] = await db
		.insert(rights)
		.values({
			organisationId: org.organisationId,
			householdId,
			validFrom: h.validFrom ?? '2025-01-01',
			validTo: h.validTo ?? '2027-12-31',
			rateBp: 2000,
			monthlyBudgetCents: h.monthlyBudgetCents ?? 3000,
			budgetBasis: 'reference_value',
			issuedBy: org.users.social_worker.id,
			...(h.rightCreatedAt ? { createdAt: h.rightCreatedAt } : {})
		})
		.returning({ id: rights.id });
	return { householdId, rightId: r!.id, firstName, lastName, reference };
}

/** A closed till session on a tablet of the épicerie site. */
export async function tillSession(db: Database, org: OrgFixture): Promise<string> {
	const { device } = await makeDevice(db, org, `Tablette ${uniq()}`);
	const [s] = await db
		.insert(tillSessions)
		.values({ organisationId: org.organisationId, deviceId: device.id, status: 'closed', floatCents: 0, openedBy: org.users.supervisor.id })
		.returning({ id: tillSessions.id });
	return s!.id;
}

let saleSeq = 0;

/** A sale on the shop day `day` at instant `at` (default: noon UTC that day). */
export async function saleAt(
	db: Database,
	org: OrgFixture,
	s: { sessionId: string; householdId: string; rightId: string; day: string; at?: Date; referenceCents?: number; paidCents?: number; fseCents?: number }
): Promise<string> {
	const key = `sale-${++saleSeq}-${uniq()}`;
	const [row] = await db
		.insert(sales)
		.values({
			organisationId: org.organisationId,
			number: `V-T${key}`,
			sessionId: s.sessionId,
			idempotencyKey: key,
			requestHash: key,
			householdId: s.householdId,
			rightId: s.rightId,
			day: s.day,
			rateBp: 2000,
			budgetBasis: 'reference_value',
			referenceCents: s.referenceCents ?? 0,
			paidCents: s.paidCents ?? 0,
			fseCents: s.fseCents ?? 0,
			budgetCents: 0,
			budgetLeftCents: 0,
			userId: org.users.operator.id,
			at: s.at ?? new Date(`${s.day}T12:00:00Z`)
		})
		.returning({ id: sales.id });
	return row!.id;
}

/** A return of a sale at instant `at` (no lines: FSE+ returned lines are not part of these tests). */
export async function returnAt(
	db: Database,
	org: OrgFixture,
	r: { saleId: string; sessionId: string; at: Date; referenceCents: number; refundCents: number }
): Promise<void> {
	const key = `ret-${uniq()}`;
	await db.insert(saleReturns).values({
		organisationId: org.organisationId,
		saleId: r.saleId,
		sessionId: r.sessionId,
		idempotencyKey: key,
		reason: 'Test',
		refundCents: r.refundCents,
		referenceCents: r.referenceCents,
		budgetRestoredCents: 0,
		userId: org.users.supervisor.id,
		at: r.at
	});
}

/** A journal line as the renewal of a right writes it, at instant `at`. */
export async function renewalAt(db: Database, org: OrgFixture, rightId: string, at: Date): Promise<void> {
	await db.execute(
		sql`insert into audit_log (organisation_id, at, user_id, action, entity_type, entity_id, details) values (${org.organisationId}, ${at.toISOString()}, ${org.users.social_worker.id}, 'right.renew', 'right', ${rightId}, '{}'::jsonb)`
	);
}
