import { and, eq, gte, isNull, ne, or, sql } from 'drizzle-orm';
import { actorZone, organisationZone } from '../timeZone';
import { m } from '$lib/paraglide/messages';
import { audit, type AuditWho } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Tx } from '../db';
import {
	applications,
	auditLog,
	beneficiaryCards,
	committeeDecisions,
	heldBaskets,
	householdBudgetLines,
	households,
	organisations,
	parcelRights,
	parcels,
	rights,
	saleReturns,
	tillOverrides
} from '../db/schema';
import { AppError } from '../errors';
import { H_ID, H_ORG, loadSettings, readFile, requireHousehold, type HouseholdFile } from './households';
import { listParcelRights, type ParcelRightRow } from './parcelRights';
import { retentionDue, todayIso } from './rules';
import { readSettings, settingsSchema, type HouseholdSettings } from './settings';
import { KEEP_HOUSEHOLD_RULES, MANAGE_ORGANISATION, READ_HOUSEHOLD_FILES } from '$lib/permissions';

/**
 * A household's data as the person may ask for it (RGPD right of access): the whole file, as plain
 * JSON. The export is audited like an opening.
 */
export async function exportHousehold(
	db: Database,
	actor: Actor,
	id: string
): Promise<{ exportedAt: string; file: Omit<HouseholdFile, 'settings'> & { parcelRights: ParcelRightRow[] } }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction(async (tx) => {
		const { settings: _s, ...file } = await readFile(tx, actor, id, todayIso(new Date(), actorZone(actor)));
		const parcels = await listParcelRights(tx, actor, id);
		await audit(tx, actor, 'household.export', { type: 'household', id }, { reference: file.household.reference });
		return { exportedAt: new Date().toISOString(), file: { ...file, parcelRights: parcels } };
	});
}

/**
 * Anonymises a file inside a transaction: names, birth date, contact, the orienting structure, notes,
 * resources and charges, the assessment and the reasons are removed; cards are revoked; a right (épicerie
 * or parcel) still running or to come is revoked (the household can no longer shop with it); held baskets are given up.
 * Free texts that may name the person elsewhere go too: the reasons of the till's supervisor overrides
 * and of the returns of its sales, and the same texts copied into the journal's details. What stays is
 * anonymous and feeds the statistics: the reference (a pseudonym: the link between the file, its sales
 * and the journal), the members' birth years and relations, the rights' periods, rates and budgets, the
 * decisions' outcomes and dates, the sales' amounts.
 */
async function anonymise(tx: Tx, organisationId: string, id: string, today: string): Promise<{ rightsEnded: number; parcelRightsEnded: number }> {
	const now = new Date();
	await tx
		.update(households)
		.set({
			firstName: '',
			lastName: '',
			nameKey: '',
			birthDate: null,
			phone: null,
			commune: null,
			orientingStructure: null,
			notes: null,
			rgpdInformedOn: null,
			socialWorkerId: null,
			anonymisedAt: now,
			updatedAt: now
		})
		.where(and(eq(households.id, id), eq(households.organisationId, organisationId)));
	await tx.delete(householdBudgetLines).where(and(eq(householdBudgetLines.organisationId, organisationId), eq(householdBudgetLines.householdId, id)));
	await tx
		.update(applications)
		.set({ assessment: '' })
		.where(and(eq(applications.organisationId, organisationId), eq(applications.householdId, id)));
	await tx
		.update(committeeDecisions)
		.set({ reason: '' })
		.where(
			and(
				eq(committeeDecisions.organisationId, organisationId),
				sql`${committeeDecisions.applicationId} in (select a.id from applications a where a.organisation_id = ${organisationId} and a.household_id = ${id})`
			)
		);
	await tx
		.update(rights)
		.set({ budgetOverrideReason: null, statusReason: null })
		.where(and(eq(rights.organisationId, organisationId), eq(rights.householdId, id)));
	const ended = await tx
		.update(rights)
		.set({ status: 'revoked', updatedAt: now })
		.where(and(eq(rights.organisationId, organisationId), eq(rights.householdId, id), ne(rights.status, 'revoked'), gte(rights.validTo, today)))
		.returning({ id: rights.id });
	// Parcel rights (issue 14): the same — their reasons go, one still running or to come is revoked.
	await tx
		.update(parcelRights)
		.set({ statusReason: null })
		.where(and(eq(parcelRights.organisationId, organisationId), eq(parcelRights.householdId, id)));
	const parcelsEnded = await tx
		.update(parcelRights)
		.set({ status: 'revoked', updatedAt: now })
		.where(
			and(
				eq(parcelRights.organisationId, organisationId),
				eq(parcelRights.householdId, id),
				ne(parcelRights.status, 'revoked'),
				gte(parcelRights.validTo, today)
			)
		)
		.returning({ id: parcelRights.id });
	await tx
		.update(beneficiaryCards)
		.set({ revokedAt: now })
		.where(and(eq(beneficiaryCards.organisationId, organisationId), eq(beneficiaryCards.householdId, id), isNull(beneficiaryCards.revokedAt)));
	await tx
		.update(heldBaskets)
		.set({ status: 'cancelled', endedAt: now })
		.where(and(eq(heldBaskets.organisationId, organisationId), eq(heldBaskets.householdId, id), eq(heldBaskets.status, 'held')));
	// Parcels handed over (issue 14): the finger signature is the person's own mark, and the reason
	// written when they could not sign is a text about them. The sign-off sheet keeps that it was signed.
	await tx
		.update(parcels)
		.set({
			signaturePng: null,
			noSignatureReason: sql`case when ${parcels.signaturePng} is not null then ${ERASED_SIGNATURE} else ${ERASED_SIGNATURE_REASON} end`
		})
		.where(and(eq(parcels.organisationId, organisationId), eq(parcels.householdId, id), eq(parcels.status, 'handed_over')));
	const saleIds = sql`(select s.id from sales s where s.organisation_id = ${organisationId} and s.household_id = ${id})`;
	await tx
		.update(tillOverrides)
		.set({ reason: '' })
		.where(and(eq(tillOverrides.organisationId, organisationId), eq(tillOverrides.householdId, id)));
	await tx
		.update(saleReturns)
		.set({ reason: '' })
		.where(and(eq(saleReturns.organisationId, organisationId), sql`${saleReturns.saleId} in ${saleIds}`));
	// The journal keeps who did what, but not the free texts about this household (override and return
	// reasons); its rows about the file itself hold only the reference and field names.
	await tx
		.update(auditLog)
		.set({ details: sql`${auditLog.details} - 'reason'` })
		.where(
			and(
				eq(auditLog.organisationId, organisationId),
				sql`${auditLog.details} ? 'reason'`,
				or(
					and(eq(auditLog.entityType, 'household'), eq(auditLog.entityId, id)),
					and(
						eq(auditLog.entityType, 'till_override'),
						sql`${auditLog.entityId} in (select o.id::text from till_overrides o where o.organisation_id = ${organisationId} and o.household_id = ${id})`
					),
					and(
						eq(auditLog.entityType, 'sale'),
						sql`${auditLog.entityId} in (select s.id::text from sales s where s.organisation_id = ${organisationId} and s.household_id = ${id})`
					)
				)
			)
		);
	return { rightsEnded: ended.length, parcelRightsEnded: parcelsEnded.length };
}

/** What an erased household's parcels say instead of the signature, or of the reason it was not signed (stored facts, in French). */
export const ERASED_SIGNATURE = 'Signé (signature effacée, RGPD)';
export const ERASED_SIGNATURE_REASON = 'Non signé (raison effacée, RGPD)';

/** Tables whose rows an erasure rewrites: compacted after it (see compactAfterErase). */
const ERASED_TABLES = [
	'households',
	'household_budget_lines',
	'applications',
	'committee_decisions',
	'rights',
	'parcel_rights',
	'parcels',
	'beneficiary_cards',
	'held_baskets',
	'till_overrides',
	'sale_returns',
	'audit_log'
];

/**
 * After an erasure (outside its transaction: VACUUM cannot run in one): the old versions of the rows
 * rewritten are removed from the tables and their indexes, so the erased texts no longer sit in the
 * database's live files (their space is reused; bytes may remain on disk until overwritten, and in
 * backups until they expire: see docs/households.md). `tables`: those the erasure rewrote (the training
 * record's erasure passes its own). Runs the same on PGlite and PostgreSQL; a
 * refusal (e.g. a database user that does not own the tables) is logged, the erasure stands.
 */
export async function compactAfterErase(db: Database, tables: readonly string[] = ERASED_TABLES): Promise<boolean> {
	try {
		await db.execute(sql.raw(`VACUUM ${tables.join(', ')}`));
		return true;
	} catch (e) {
		console.error(`Compactage après effacement impossible : ${(e as Error).message}`);
		return false;
	}
}

/** Erases a file on the person's request (anonymises it, keeping anonymous statistics), then compacts. */
export async function eraseHousehold(db: Database, actor: Actor, id: string, confirmReference: string, opts: { today?: string } = {}): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const today = opts.today ?? todayIso(new Date(), actorZone(actor));
	await db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, id, true);
		if (h.anonymisedAt) throw new AppError('anonymised', m.hh_anonymised(), 409);
		if (confirmReference.trim().toUpperCase() !== h.reference) throw new AppError('invalid_input', m.hh_erase_confirm_mismatch(), 400, 'confirm');
		const { rightsEnded, parcelRightsEnded } = await anonymise(tx, actor.organisationId, id, today);
		await audit(tx, actor, 'household.erase', { type: 'household', id }, { reference: h.reference, rightsEnded, parcelRightsEnded });
	});
	await compactAfterErase(db);
}

/**
 * The day each file's retention counts from: the end of its last right, épicerie or parcel (for a
 * revoked right, the earlier of its end and the day it was revoked), or for a file that never had a
 * right, the day it was last changed — days in the organisation's time zone. Files with a right (of
 * either kind) running or to come are never due.
 */
const lastEndOf = (table: string, zone: string) =>
	sql`(select max(case when r.status = 'revoked' then least(r.valid_to, (r.updated_at at time zone ${zone})::date) else r.valid_to end)
		from ${sql.raw(table)} r where r.organisation_id = ${H_ORG} and r.household_id = ${H_ID})`;
const lastEndSql = (zone: string) => sql<string>`coalesce(
	greatest(${lastEndOf('rights', zone)}, ${lastEndOf('parcel_rights', zone)})::text,
	((${sql.raw('"households"."updated_at"')} at time zone ${zone})::date)::text)`;

/**
 * Inside a transaction: the organisation's files whose retention period has passed (see lastEndSql),
 * locked; anonymised unless `dryRun`. The run is audited (not a dry run), by `who`.
 */
async function retentionTx(tx: Tx, who: AuditWho, organisationId: string, day: string | undefined, dryRun: boolean, details: Record<string, unknown> = {}) {
	const settings = await loadSettings(tx, organisationId);
	const zone = await organisationZone(tx, organisationId);
	const today = day ?? todayIso(new Date(), zone);
	const rows = await tx
		.select({ id: households.id, reference: households.reference, lastEnd: lastEndSql(zone) })
		.from(households)
		.where(and(eq(households.organisationId, organisationId), isNull(households.anonymisedAt)))
		.for('update');
	const due = rows.filter((r) => retentionDue(r.lastEnd, settings.retentionMonths, today));
	if (!dryRun) {
		for (const r of due) await anonymise(tx, organisationId, r.id, today);
		await audit(tx, who, 'household.retention_run', null, {
			...details,
			today,
			retentionMonths: settings.retentionMonths,
			anonymised: due.map((r) => r.reference)
		});
	}
	return { due, retentionMonths: settings.retentionMonths };
}

/**
 * Anonymises the organisation's files whose retention period has passed (see lastEndSql). Run by a
 * manager or a social worker on demand (settings page); the nightly run is runScheduledRetention.
 */
export async function runRetention(db: Database, actor: Actor, opts: { today?: string } = {}): Promise<{ anonymised: string[] }> {
	requireRole(actor, KEEP_HOUSEHOLD_RULES);
	const today = opts.today ?? todayIso(new Date(), actorZone(actor));
	const anonymised = await db.transaction(async (tx) => {
		const { due } = await retentionTx(tx, actor, actor.organisationId, today, false);
		return due.map((r) => r.id);
	});
	if (anonymised.length > 0) await compactAfterErase(db);
	return { anonymised };
}

export interface ScheduledRetentionRow {
	organisation: string;
	slug: string;
	retentionMonths: number;
	/** References of the files anonymised (or, in a dry run, that would be). */
	references: string[];
}

/**
 * The retention of every active organisation, for the server's scheduler (`npm run admin -- retention`,
 * from cron): no person acts, so the audit rows have no user and say `scheduled`. One transaction per
 * organisation (one organisation's failure leaves the others done). `dryRun` changes nothing and
 * writes no audit row: it only tells what would be anonymised.
 */
export async function runScheduledRetention(db: Database, opts: { today?: string; dryRun?: boolean } = {}): Promise<ScheduledRetentionRow[]> {
	// Each organisation's own "today", in its time zone (retentionTx), unless a day is given.
	const today = opts.today;
	const orgs = await db
		.select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
		.from(organisations)
		.where(eq(organisations.active, true))
		.orderBy(organisations.name);
	const out: ScheduledRetentionRow[] = [];
	for (const o of orgs) {
		const r = await db.transaction((tx) => retentionTx(tx, { organisationId: o.id }, o.id, today, !!opts.dryRun, { scheduled: true }));
		out.push({ organisation: o.name, slug: o.slug, retentionMonths: r.retentionMonths, references: r.due.map((d) => d.reference) });
	}
	if (!opts.dryRun && out.some((o) => o.references.length > 0)) await compactAfterErase(db);
	return out;
}

export async function getSettings(db: Database, actor: Actor): Promise<HouseholdSettings> {
	requireRole(actor, KEEP_HOUSEHOLD_RULES);
	return loadSettings(db, actor.organisationId);
}

/** Managers change the households settings; the new values are checked whole (bounds in order…). */
export async function updateSettings(db: Database, actor: Actor, input: HouseholdSettings): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = settingsSchema.safeParse(input);
	if (!parsed.success) {
		const field = String(parsed.error.issues[0]?.path.join('.') ?? '');
		throw new AppError('invalid_input', field === 'rateDefaultBp' ? m.hh_settings_rate_order() : m.hh_settings_invalid(), 400, field || undefined);
	}
	await db.transaction(async (tx) => {
		const [org] = await tx.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, actor.organisationId)).for('update');
		const before = readSettings(org?.settings);
		await tx
			.update(organisations)
			.set({ settings: { ...(org?.settings ?? {}), households: parsed.data } })
			.where(eq(organisations.id, actor.organisationId));
		await audit(tx, actor, 'household.settings', null, { before, after: parsed.data });
	});
}
