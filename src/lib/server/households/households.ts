import { and, asc, desc, eq, gte, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { actorZone } from '../timeZone';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import {
	applications,
	auditLog,
	beneficiaryCards,
	committeeDecisions,
	householdBudgetLines,
	householdMembers,
	households,
	organisations,
	rights,
	users
} from '../db/schema';
import { AppError } from '../errors';
import { addDays, compositionOf, gridBudgetCents, isIsoDate, nameKey, resteAVivreCents, similarNames, todayIso, underThreshold } from './rules';
import { readSettings, type HouseholdSettings } from './settings';
import { READ_HOUSEHOLD_COUNTS, READ_HOUSEHOLD_FILES } from '$lib/permissions';
import { likePattern } from '../db/lists';

export const RELATIONS = ['conjoint', 'enfant', 'parent', 'autre'] as const;
export const RESOURCE_TYPES = ['salaire', 'chomage', 'rsa', 'prestations_caf', 'pension', 'aah', 'autre'] as const;
export const CHARGE_TYPES = ['loyer', 'energie', 'eau', 'assurance', 'transport', 'credit', 'pension_versee', 'autre'] as const;

const bad = (message: string, field?: string) => new AppError('invalid_input', message, 400, field);
const notFound = () => new AppError('not_found', m.hh_not_found(), 404);
const isUuid = (v: string) => z.uuid().safeParse(v).success;

export async function loadSettings(ex: Executor, organisationId: string): Promise<HouseholdSettings> {
	const [row] = await ex.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, organisationId));
	return readSettings(row?.settings);
}

/** A date field: empty → null; otherwise a real calendar day or a clear error. */
function optionalDate(v: string | null | undefined, field: string): string | null {
	const t = (v ?? '').trim();
	if (!t) return null;
	if (!isIsoDate(t)) throw bad(m.hh_date_invalid(), field);
	return t;
}

export interface HouseholdInput {
	firstName: string;
	lastName: string;
	birthDate: string;
	phone?: string;
	commune?: string;
	orientingStructure?: string;
	rgpdInformedOn?: string;
	consent?: boolean;
	notes?: string;
}

function cleanHousehold(input: HouseholdInput, today: string) {
	const text = (v: string | undefined, max: number, field: string, msg: () => string) => {
		const t = (v ?? '').trim();
		if (t.length > max) throw bad(msg(), field);
		return t;
	};
	const firstName = text(input.firstName, 80, 'firstName', m.hh_first_name_invalid);
	const lastName = text(input.lastName, 80, 'lastName', m.hh_last_name_invalid);
	if (!firstName) throw bad(m.hh_first_name_invalid(), 'firstName');
	if (!lastName) throw bad(m.hh_last_name_invalid(), 'lastName');
	const birthDate = optionalDate(input.birthDate, 'birthDate');
	if (!birthDate || birthDate > today) throw bad(m.hh_birth_date_invalid(), 'birthDate');
	const phone = text(input.phone, 30, 'phone', m.hh_phone_invalid);
	if (phone && !/^[+0-9 .()-]{6,30}$/.test(phone)) throw bad(m.hh_phone_invalid(), 'phone');
	const rgpdInformedOn = optionalDate(input.rgpdInformedOn, 'rgpdInformedOn');
	if (rgpdInformedOn && rgpdInformedOn > today) throw bad(m.hh_date_future(), 'rgpdInformedOn');
	return {
		firstName,
		lastName,
		nameKey: nameKey(firstName, lastName),
		birthDate,
		phone: phone || null,
		commune: text(input.commune, 80, 'commune', m.hh_text_too_long) || null,
		orientingStructure: text(input.orientingStructure, 120, 'orientingStructure', m.hh_text_too_long) || null,
		rgpdInformedOn,
		consent: !!input.consent,
		notes: text(input.notes, 2000, 'notes', m.hh_text_too_long) || null
	};
}

export interface DuplicateRow {
	id: string;
	reference: string;
	firstName: string;
	lastName: string;
	birthDate: string | null;
}

/** Files of the organisation with the same birth date and the same or a similar name. */
export async function findDuplicates(ex: Executor, actor: Actor, input: { firstName: string; lastName: string; birthDate: string }): Promise<DuplicateRow[]> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	if (!isIsoDate(input.birthDate)) return [];
	const key = nameKey(input.firstName, input.lastName);
	const rows = await ex
		.select({
			id: households.id,
			reference: households.reference,
			firstName: households.firstName,
			lastName: households.lastName,
			birthDate: households.birthDate,
			nameKey: households.nameKey
		})
		.from(households)
		.where(and(eq(households.organisationId, actor.organisationId), eq(households.birthDate, input.birthDate), isNull(households.anonymisedAt)));
	return rows.filter((r) => similarNames(r.nameKey, key)).map(({ nameKey: _k, ...r }) => r);
}

async function nextReference(tx: Tx, organisationId: string): Promise<string> {
	await tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).for('update');
	const [row] = await tx
		.select({ n: sql<number>`coalesce(max(substring(${households.reference} from 5)::int), 0)::int` })
		.from(households)
		.where(and(eq(households.organisationId, organisationId), sql`${households.reference} ~ '^FOY-[0-9]+$'`));
	return 'FOY-' + String((row?.n ?? 0) + 1).padStart(4, '0');
}

/**
 * Creates a household file. When files with the same birth date and a similar name exist, nothing is
 * saved and they are returned, unless `ignoreDuplicates` (the social worker saw them and chose to go on).
 */
export async function createHousehold(
	db: Database,
	actor: Actor,
	input: HouseholdInput,
	opts: { ignoreDuplicates?: boolean; today?: string } = {}
): Promise<{ created: { id: string; reference: string } } | { duplicates: DuplicateRow[] }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const h = cleanHousehold(input, opts.today ?? todayIso(new Date(), actorZone(actor)));
	return db.transaction(async (tx) => {
		if (!opts.ignoreDuplicates) {
			const duplicates = await findDuplicates(tx, actor, { firstName: h.firstName, lastName: h.lastName, birthDate: h.birthDate! });
			if (duplicates.length > 0) return { duplicates };
		}
		const reference = await nextReference(tx, actor.organisationId);
		const [row] = await tx
			.insert(households)
			.values({ organisationId: actor.organisationId, reference, socialWorkerId: actor.userId, ...h })
			.returning({ id: households.id });
		await audit(tx, actor, 'household.create', { type: 'household', id: row!.id }, { reference, duplicateIgnored: !!opts.ignoreDuplicates });
		return { created: { id: row!.id, reference } };
	});
}

async function requireHousehold(ex: Executor, actor: Actor, id: string, lock = false) {
	if (!isUuid(id)) throw notFound();
	const q = ex
		.select()
		.from(households)
		.where(and(eq(households.id, id), eq(households.organisationId, actor.organisationId)));
	const [row] = lock ? await q.for('update') : await q;
	if (!row) throw notFound();
	return row;
}

/**
 * The API's first check on a path's household (before reading the body): it is one of the actor's
 * organisation's files, else 404 — another organisation's id is never told apart from an unknown one.
 * The service called next checks it again, locked, in its transaction.
 */
export async function checkHousehold(db: Database, actor: Actor, id: string): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	await requireHousehold(db, actor, id);
}

function requireNotAnonymised(h: { anonymisedAt: Date | null }) {
	if (h.anonymisedAt) throw new AppError('anonymised', m.hh_anonymised(), 409);
}

export async function updateHousehold(db: Database, actor: Actor, id: string, input: HouseholdInput, opts: { today?: string } = {}): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const h = cleanHousehold(input, opts.today ?? todayIso(new Date(), actorZone(actor)));
	await db.transaction(async (tx) => {
		const before = await requireHousehold(tx, actor, id, true);
		requireNotAnonymised(before);
		await tx
			.update(households)
			.set({ ...h, updatedAt: new Date() })
			.where(eq(households.id, id));
		const changed = (Object.keys(h) as (keyof typeof h)[]).filter((k) => k !== 'nameKey' && String(before[k] ?? '') !== String(h[k] ?? ''));
		// Field names only: the journal is read by managers, who must not see the file's content.
		await audit(tx, actor, 'household.update', { type: 'household', id }, { reference: before.reference, fields: changed });
	});
}

export async function addMember(
	db: Database,
	actor: Actor,
	householdId: string,
	input: { birthYear: string | number; relation: string },
	opts: { today?: string } = {}
): Promise<{ id: string }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const year = Number(input.birthYear);
	const thisYear = Number((opts.today ?? todayIso(new Date(), actorZone(actor))).slice(0, 4));
	if (!Number.isInteger(year) || year < 1900 || year > thisYear) throw bad(m.hh_birth_year_invalid(), 'birthYear');
	if (!(RELATIONS as readonly string[]).includes(input.relation)) throw bad(m.hh_relation_invalid(), 'relation');
	return db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, householdId, true);
		requireNotAnonymised(h);
		const [row] = await tx
			.insert(householdMembers)
			.values({ organisationId: actor.organisationId, householdId, birthYear: year, relation: input.relation as (typeof RELATIONS)[number] })
			.returning({ id: householdMembers.id });
		await audit(tx, actor, 'household.member_add', { type: 'household', id: householdId }, { reference: h.reference });
		await tx.update(households).set({ updatedAt: new Date() }).where(eq(households.id, householdId));
		return row!;
	});
}

export async function removeMember(db: Database, actor: Actor, householdId: string, memberId: string): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	await db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, householdId, true);
		requireNotAnonymised(h);
		if (!isUuid(memberId)) throw notFound();
		const gone = await tx
			.delete(householdMembers)
			.where(and(eq(householdMembers.id, memberId), eq(householdMembers.householdId, householdId), eq(householdMembers.organisationId, actor.organisationId)))
			.returning({ id: householdMembers.id });
		if (gone.length === 0) throw notFound();
		await audit(tx, actor, 'household.member_remove', { type: 'household', id: householdId }, { reference: h.reference });
	});
}

export async function addBudgetLine(
	db: Database,
	actor: Actor,
	householdId: string,
	input: { kind: string; type: string; monthlyCents: number | null }
): Promise<{ id: string }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	if (input.kind !== 'resource' && input.kind !== 'charge') throw bad(m.error_invalid_input(), 'kind');
	const types: readonly string[] = input.kind === 'resource' ? RESOURCE_TYPES : CHARGE_TYPES;
	if (!types.includes(input.type)) throw bad(m.hh_line_type_invalid(), 'type');
	const cents = input.monthlyCents;
	if (cents === null || !Number.isInteger(cents) || cents < 0 || cents > 100_000_000) throw bad(m.hh_amount_invalid(), 'amount');
	return db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, householdId, true);
		requireNotAnonymised(h);
		const [row] = await tx
			.insert(householdBudgetLines)
			.values({ organisationId: actor.organisationId, householdId, kind: input.kind as 'resource' | 'charge', type: input.type, monthlyCents: cents })
			.returning({ id: householdBudgetLines.id });
		await audit(tx, actor, 'household.budget_line_add', { type: 'household', id: householdId }, { reference: h.reference, kind: input.kind });
		await tx.update(households).set({ updatedAt: new Date() }).where(eq(households.id, householdId));
		return row!;
	});
}

export async function removeBudgetLine(db: Database, actor: Actor, householdId: string, lineId: string): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	await db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, householdId, true);
		requireNotAnonymised(h);
		if (!isUuid(lineId)) throw notFound();
		const gone = await tx
			.delete(householdBudgetLines)
			.where(
				and(
					eq(householdBudgetLines.id, lineId),
					eq(householdBudgetLines.householdId, householdId),
					eq(householdBudgetLines.organisationId, actor.organisationId)
				)
			)
			.returning({ id: householdBudgetLines.id });
		if (gone.length === 0) throw notFound();
		await audit(tx, actor, 'household.budget_line_remove', { type: 'household', id: householdId }, { reference: h.reference });
	});
}

export interface RightRow {
	id: string;
	validFrom: string;
	validTo: string;
	rateBp: number;
	monthlyBudgetCents: number;
	budgetBasis: 'reference_value' | 'amount_paid';
	budgetOverrideReason: string | null;
	categoryLimits: Record<string, number> | null;
	renewals: number;
	status: 'active' | 'suspended' | 'revoked';
	statusReason: string | null;
}

const rightColumns = {
	id: rights.id,
	validFrom: rights.validFrom,
	validTo: rights.validTo,
	rateBp: rights.rateBp,
	monthlyBudgetCents: rights.monthlyBudgetCents,
	budgetBasis: rights.budgetBasis,
	budgetOverrideReason: rights.budgetOverrideReason,
	categoryLimits: rights.categoryLimits,
	renewals: rights.renewals,
	status: rights.status,
	statusReason: rights.statusReason
};

/** The right that applies today (active or suspended, today within its period), if any. */
export function currentRight<R extends { validFrom: string; validTo: string; status: string }>(list: readonly R[], today: string): R | null {
	return list.find((r) => r.status !== 'revoked' && r.validFrom <= today && today <= r.validTo) ?? null;
}

export interface HouseholdFile {
	household: {
		id: string;
		reference: string;
		firstName: string;
		lastName: string;
		birthDate: string | null;
		phone: string | null;
		commune: string | null;
		orientingStructure: string | null;
		socialWorker: string | null;
		rgpdInformedOn: string | null;
		consent: boolean;
		notes: string | null;
		anonymisedAt: Date | null;
		createdAt: Date;
	};
	members: { id: string; birthYear: number; relation: string }[];
	lines: { id: string; kind: 'resource' | 'charge'; type: string; monthlyCents: number }[];
	resourcesCents: number;
	chargesCents: number;
	persons: number;
	resteAVivreCents: number;
	thresholdCents: number;
	underThreshold: boolean;
	gridBudgetCents: number;
	applications: { id: string; assessment: string; status: string; submittedAt: Date; decisions: { outcome: string; decidedOn: string; reason: string }[] }[];
	rights: RightRow[];
	current: RightRow | null;
	card: { issuedAt: Date } | null;
	settings: HouseholdSettings;
}

async function readFile(ex: Executor, actor: Actor, id: string, today: string): Promise<HouseholdFile> {
	const h = await requireHousehold(ex, actor, id);
	const settings = await loadSettings(ex, actor.organisationId);
	const org = actor.organisationId;
	const [members, lines, apps, rightList, cards, worker] = await Promise.all([
		ex
			.select({ id: householdMembers.id, birthYear: householdMembers.birthYear, relation: householdMembers.relation })
			.from(householdMembers)
			.where(and(eq(householdMembers.organisationId, org), eq(householdMembers.householdId, id)))
			.orderBy(asc(householdMembers.birthYear)),
		ex
			.select({
				id: householdBudgetLines.id,
				kind: householdBudgetLines.kind,
				type: householdBudgetLines.type,
				monthlyCents: householdBudgetLines.monthlyCents
			})
			.from(householdBudgetLines)
			.where(and(eq(householdBudgetLines.organisationId, org), eq(householdBudgetLines.householdId, id)))
			.orderBy(asc(householdBudgetLines.createdAt)),
		ex
			.select({ id: applications.id, assessment: applications.assessment, status: applications.status, submittedAt: applications.submittedAt })
			.from(applications)
			.where(and(eq(applications.organisationId, org), eq(applications.householdId, id)))
			.orderBy(desc(applications.submittedAt)),
		ex
			.select(rightColumns)
			.from(rights)
			.where(and(eq(rights.organisationId, org), eq(rights.householdId, id)))
			.orderBy(desc(rights.validFrom)),
		ex
			.select({ issuedAt: beneficiaryCards.issuedAt })
			.from(beneficiaryCards)
			.where(and(eq(beneficiaryCards.organisationId, org), eq(beneficiaryCards.householdId, id), isNull(beneficiaryCards.revokedAt))),
		h.socialWorkerId
			? ex
					.select({ name: sql<string>`trim(${users.firstName} || ' ' || ${users.lastName})` })
					.from(users)
					.where(and(eq(users.id, h.socialWorkerId), eq(users.organisationId, org)))
			: Promise.resolve([])
	]);
	const decisions = apps.length
		? await ex
				.select({
					applicationId: committeeDecisions.applicationId,
					outcome: committeeDecisions.outcome,
					decidedOn: committeeDecisions.decidedOn,
					reason: committeeDecisions.reason
				})
				.from(committeeDecisions)
				.where(
					and(
						eq(committeeDecisions.organisationId, org),
						inArray(
							committeeDecisions.applicationId,
							apps.map((a) => a.id)
						)
					)
				)
				.orderBy(asc(committeeDecisions.createdAt))
		: [];
	const resourcesCents = lines.filter((l) => l.kind === 'resource').reduce((s, l) => s + l.monthlyCents, 0);
	const chargesCents = lines.filter((l) => l.kind === 'charge').reduce((s, l) => s + l.monthlyCents, 0);
	const persons = 1 + members.length;
	const rav = resteAVivreCents(resourcesCents, chargesCents, persons);
	return {
		household: {
			id: h.id,
			reference: h.reference,
			firstName: h.firstName,
			lastName: h.lastName,
			birthDate: h.birthDate,
			phone: h.phone,
			commune: h.commune,
			orientingStructure: h.orientingStructure,
			socialWorker: worker[0]?.name ?? null,
			rgpdInformedOn: h.rgpdInformedOn,
			consent: h.consent,
			notes: h.notes,
			anonymisedAt: h.anonymisedAt,
			createdAt: h.createdAt
		},
		members,
		lines,
		resourcesCents,
		chargesCents,
		persons,
		resteAVivreCents: rav,
		thresholdCents: settings.thresholdCents,
		underThreshold: underThreshold(rav, settings.thresholdCents),
		gridBudgetCents: gridBudgetCents(compositionOf(members), settings.grid),
		applications: apps.map((a) => ({ ...a, decisions: decisions.filter((d) => d.applicationId === a.id).map(({ applicationId: _a, ...d }) => d) })),
		rights: rightList,
		current: currentRight(rightList, today),
		card: cards[0] ?? null,
		settings
	};
}

/** Opens a full file: social workers only, and every opening is written to the audit log. */
export async function openHouseholdFile(db: Database, actor: Actor, id: string, opts: { today?: string } = {}): Promise<HouseholdFile> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction(async (tx) => {
		const file = await readFile(tx, actor, id, opts.today ?? todayIso(new Date(), actorZone(actor)));
		await audit(tx, actor, 'household.open', { type: 'household', id }, { reference: file.household.reference });
		return file;
	});
}

/** Who opened, exported or changed a file, newest first (social workers). */
export async function listFileAccess(db: Database, actor: Actor, id: string): Promise<{ at: Date; action: string; person: string | null }[]> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	await requireHousehold(db, actor, id);
	return db
		.select({ at: auditLog.at, action: auditLog.action, person: sql<string | null>`nullif(trim(${users.firstName} || ' ' || ${users.lastName}), '')` })
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.userId))
		.where(and(eq(auditLog.organisationId, actor.organisationId), eq(auditLog.entityType, 'household'), eq(auditLog.entityId, id)))
		.orderBy(desc(auditLog.at), desc(auditLog.id))
		.limit(200);
}

export interface HouseholdListRow {
	id: string;
	reference: string;
	firstName: string;
	lastName: string;
	birthDate: string | null;
	rightTo: string | null;
	rightStatus: string | null;
}

/** Spelled out: drizzle leaves columns unqualified in a one-table select, and "id" would mean rights.id inside. */
export const H_ORG = sql.raw('"households"."organisation_id"');
export const H_ID = sql.raw('"households"."id"');
const currentRightSql = (today: string) =>
	sql`(select r.valid_to from rights r where r.organisation_id = ${H_ORG} and r.household_id = ${H_ID} and r.status <> 'revoked' and r.valid_from <= ${today} and r.valid_to >= ${today} limit 1)`;

/**
 * A list of files was read (search, desk, committee): one audit row, like a file opening, saying what
 * was asked and how many files came back — never a name (a name typed in the search is not kept, only
 * that the search was by name; a reference is kept).
 */
export async function auditListRead(
	db: Database,
	actor: Actor,
	action: 'household.search' | 'household.desk' | 'household.committee',
	details: Record<string, unknown>
): Promise<void> {
	await db.transaction((tx) => audit(tx, actor, action, null, details));
}

/** Search by reference or by (part of) the name, accents and case ignored (social workers). Audited (auditListRead). */
export async function searchHouseholds(db: Database, actor: Actor, q: string, opts: { today?: string } = {}): Promise<HouseholdListRow[]> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const today = opts.today ?? todayIso(new Date(), actorZone(actor));
	const t = q.trim().slice(0, 80);
	if (!t) return [];
	const like = likePattern(nameKey(t, ''));
	const rows = await db
		.select({
			id: households.id,
			reference: households.reference,
			firstName: households.firstName,
			lastName: households.lastName,
			birthDate: households.birthDate,
			rightTo: sql<string | null>`${currentRightSql(today)}`,
			rightStatus: sql<
				string | null
			>`(select r.status::text from rights r where r.organisation_id = ${H_ORG} and r.household_id = ${H_ID} and r.status <> 'revoked' and r.valid_from <= ${today} and r.valid_to >= ${today} limit 1)`
		})
		.from(households)
		.where(
			and(
				eq(households.organisationId, actor.organisationId),
				isNull(households.anonymisedAt),
				or(eq(households.reference, t.toUpperCase()), sql`${households.nameKey} like ${like}`)
			)
		)
		.orderBy(asc(households.lastName), asc(households.firstName))
		.limit(50);
	const byReference = /^FOY-\d{1,9}$/i.test(t);
	await auditListRead(
		db,
		actor,
		'household.search',
		byReference ? { by: 'reference', reference: t.toUpperCase(), count: rows.length } : { by: 'name', count: rows.length }
	);
	return rows;
}

export interface Desk {
	ending: { id: string; reference: string; firstName: string; lastName: string; validTo: string; status: string }[];
	waiting: { id: string; householdId: string; reference: string; firstName: string; lastName: string; submittedAt: Date; status: string }[];
	withoutRight: HouseholdListRow[];
}

/** The social worker's desk: rights ending within 14 days, applications waiting, files without a current right. Audited (auditListRead). */
export async function socialDesk(db: Database, actor: Actor, opts: { today?: string } = {}): Promise<Desk> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const today = opts.today ?? todayIso(new Date(), actorZone(actor));
	const org = actor.organisationId;
	const [ending, waiting, withoutRight] = await Promise.all([
		db
			.select({
				id: households.id,
				reference: households.reference,
				firstName: households.firstName,
				lastName: households.lastName,
				validTo: rights.validTo,
				status: rights.status
			})
			.from(rights)
			.innerJoin(households, and(eq(households.id, rights.householdId), eq(households.organisationId, rights.organisationId)))
			.where(
				and(
					eq(rights.organisationId, org),
					ne(rights.status, 'revoked'),
					lte(rights.validFrom, today),
					gte(rights.validTo, today),
					lte(rights.validTo, addDays(today, 14))
				)
			)
			.orderBy(asc(rights.validTo)),
		db
			.select({
				id: applications.id,
				householdId: households.id,
				reference: households.reference,
				firstName: households.firstName,
				lastName: households.lastName,
				submittedAt: applications.submittedAt,
				status: applications.status
			})
			.from(applications)
			.innerJoin(households, and(eq(households.id, applications.householdId), eq(households.organisationId, applications.organisationId)))
			.where(and(eq(applications.organisationId, org), inArray(applications.status, ['pending', 'postponed']), isNull(households.anonymisedAt)))
			.orderBy(asc(applications.submittedAt)),
		db
			.select({
				id: households.id,
				reference: households.reference,
				firstName: households.firstName,
				lastName: households.lastName,
				birthDate: households.birthDate,
				rightTo: sql<string | null>`null`,
				rightStatus: sql<string | null>`null`
			})
			.from(households)
			.where(and(eq(households.organisationId, org), isNull(households.anonymisedAt), sql`${currentRightSql(today)} is null`))
			.orderBy(asc(households.reference))
			.limit(100)
	]);
	await auditListRead(db, actor, 'household.desk', { ending: ending.length, waiting: waiting.length, withoutRight: withoutRight.length });
	return { ending, waiting, withoutRight };
}

/** Counts for managers (no names): files, files with a right today, applications waiting. */
export async function householdCounts(
	db: Database,
	actor: Actor,
	opts: { today?: string } = {}
): Promise<{ files: number; withRight: number; waiting: number; anonymised: number }> {
	requireRole(actor, READ_HOUSEHOLD_COUNTS);
	const today = opts.today ?? todayIso(new Date(), actorZone(actor));
	const org = actor.organisationId;
	const [row] = await db
		.select({
			files: sql<number>`count(*) filter (where ${households.anonymisedAt} is null)::int`,
			withRight: sql<number>`count(*) filter (where ${households.anonymisedAt} is null and ${currentRightSql(today)} is not null)::int`,
			anonymised: sql<number>`count(*) filter (where ${households.anonymisedAt} is not null)::int`
		})
		.from(households)
		.where(eq(households.organisationId, org));
	const [w] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(applications)
		.where(and(eq(applications.organisationId, org), inArray(applications.status, ['pending', 'postponed'])));
	return { files: row?.files ?? 0, withRight: row?.withRight ?? 0, waiting: w?.n ?? 0, anonymised: row?.anonymised ?? 0 };
}

export { readFile, requireHousehold, requireNotAnonymised };
