import { and, eq, sql, type SQL } from 'drizzle-orm';
import { formatDay } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { MANAGE_CONTRACTS, READ_TRAINING_RECORDS, VALIDATE_SKILLS, type Role } from '$lib/permissions';
import { addDays, isIsoDate, shopToday } from '$lib/stock/dates';
import { hasControlCharacter } from '$lib/text';
import { CONTRACT_ENDING_DAYS, exitLabel, isExitKind, type ExitKind } from '$lib/training/framework';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { hasAnyRole, requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import { pageOf } from '../db/lists';
import { contracts, users } from '../db/schema';
import { AppError, fieldErrors } from '../errors';
import { addMonths } from '../households/rules';
import { formatCsv } from '../http/csv';
import { isUuid } from '../http/input';
import { rowsOf } from '../reports/sql';
import { contractsOf, type Contract } from './record';
import { actorZone } from '../timeZone';

/**
 * Insertion contracts (CDDI) and exits (issue 13, item 6; docs/training.md "Contracts and exits").
 * Managers write (MANAGE_CONTRACTS); supervisors and managers read (READ_TRAINING_RECORDS).
 *
 * Length: a CDDI lasts 4 to 24 months. Longer than 24 months (end after start + 24 months) is refused.
 * Shorter than 4 months (end before start + 4 months − 1 day) is accepted only with `short: true`, an
 * explicit confirmation: a renewal is a new row and is often shorter, and a contract may be signed for
 * the time left before a planned exit. The two bounds of hours are 1 h and 48 h a week (the legal maximum).
 *
 * A person's contracts never overlap: a contract covers its days from its start to its end, or to its
 * exit's day when the exit came first (a new contract may start the day after an early exit).
 */

export const MIN_WEEKLY_MINUTES = 60;
export const MAX_WEEKLY_MINUTES = 48 * 60;
export const MAX_CONTRACT_MONTHS = 24;
export const SHORT_CONTRACT_MONTHS = 4;
export const CONTRACTS_PAGE_SIZE = 25;
const MAX_COUNSELLOR = 120;
const MAX_EXIT_NOTE = 500;

export interface ContractInput {
	startDate?: string;
	endDate?: string;
	/** Hours a week as typed: "26", "26,5", "26.5". */
	weeklyHours?: string;
	/** A supervisor or manager of the organisation, or empty. */
	referentId?: string;
	counsellor?: string;
	/** Confirms a contract shorter than 4 months (a renewal, a contract up to a planned exit). */
	short?: boolean;
}

export interface ExitInput {
	exitKind?: string;
	exitDate?: string;
	exitNote?: string;
}

/** "26" → 1560, "26,5" → 1590; null when it is not a number of hours. */
export function parseWeeklyHours(text: string | undefined): number | null {
	const t = (text ?? '').trim().replace(',', '.');
	if (!/^\d{1,2}(\.\d{1,2})?$/.test(t)) return null;
	return Math.round(Number(t) * 60);
}

/** 1590 → "26,5": how the form shows weekly minutes back. */
export function weeklyHoursText(minutes: number): string {
	return String(Math.round((minutes / 60) * 100) / 100).replace('.', ',');
}

const dayNumber = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;
/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

const cleanText = (v: string | undefined) => (v ?? '').trim();
const badText = (v: string, max: number) => v.length > max || hasControlCharacter(v.replace(/\n/g, ' '));

interface CheckedContract {
	startDate: string;
	endDate: string;
	weeklyMinutes: number;
	referentId: string | null;
	counsellor: string;
}

/** Checks the fields that need no database; every invalid field is reported at once. */
function checkContract(input: ContractInput): CheckedContract {
	const errors: Record<string, string> = {};
	const startDate = cleanText(input.startDate);
	const endDate = cleanText(input.endDate);
	const counsellor = cleanText(input.counsellor);
	const referentId = cleanText(input.referentId) || null;
	const weeklyMinutes = parseWeeklyHours(input.weeklyHours);
	if (!isIsoDate(startDate)) errors.startDate = m.training_contract_start_invalid();
	if (!isIsoDate(endDate)) errors.endDate = m.training_contract_end_invalid();
	else if (!errors.startDate) {
		if (endDate < startDate) errors.endDate = m.training_contract_end_before_start();
		else if (endDate > addMonths(startDate, MAX_CONTRACT_MONTHS)) errors.endDate = m.training_contract_too_long({ months: MAX_CONTRACT_MONTHS });
		else if (endDate < addDays(addMonths(startDate, SHORT_CONTRACT_MONTHS), -1) && !input.short)
			errors.short = m.training_contract_short_confirm({ months: SHORT_CONTRACT_MONTHS });
	}
	if (weeklyMinutes === null || weeklyMinutes < MIN_WEEKLY_MINUTES || weeklyMinutes > MAX_WEEKLY_MINUTES)
		errors.weeklyHours = m.training_contract_hours_invalid();
	if (referentId !== null && !isUuid(referentId)) errors.referentId = m.training_contract_referent_invalid();
	if (badText(counsellor, MAX_COUNSELLOR)) errors.counsellor = m.training_contract_counsellor_invalid({ max: MAX_COUNSELLOR });
	const err = fieldErrors(errors);
	if (err) throw err;
	return { startDate, endDate, weeklyMinutes: weeklyMinutes!, referentId, counsellor };
}

/** The person, locked (their contracts are written one at a time): of the organisation, not erased. */
async function lockPerson(tx: Tx, actor: Actor, userId: string): Promise<{ id: string; name: string }> {
	if (!isUuid(userId)) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	const [u] = await tx
		.select({ id: users.id, name: sql<string>`trim(${users.firstName} || ' ' || ${users.lastName})`, erasedAt: users.erasedAt })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)))
		.for('update');
	if (!u) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	if (u.erasedAt) throw new AppError('person_erased', m.training_person_erased(), 409);
	return { id: u.id, name: u.name };
}

/** The referent: a supervisor or a manager of the organisation, not erased (and active when newly chosen). */
async function checkReferent(tx: Tx, actor: Actor, referentId: string | null, unchanged: boolean): Promise<void> {
	if (referentId === null) return;
	const [r] = await rowsOf<{ active: boolean; roles: Role[] }>(
		tx,
		sql`select u.active, coalesce((select array_agg(ms.role::text) from memberships ms where ms.organisation_id = u.organisation_id and ms.user_id = u.id), '{}') as roles
			from users u where u.id = ${referentId} and u.organisation_id = ${actor.organisationId} and u.erased_at is null`
	);
	if (!r || !hasAnyRole(r.roles, VALIDATE_SKILLS) || (!unchanged && !r.active)) {
		throw new AppError('invalid_input', m.training_contract_referent_invalid(), 400, 'referentId', { referentId: m.training_contract_referent_invalid() });
	}
}

/** The days a contract covers end at its exit when the exit came before its end. */
const coveredEnd = sql`least(coalesce(${contracts.exitDate}, ${contracts.endDate}), ${contracts.endDate})`;

/** Refuses a contract whose days meet another contract of the same person. */
async function checkOverlap(tx: Tx, actor: Actor, userId: string, c: { startDate: string; endDate: string }, except: string | null): Promise<void> {
	const conds: SQL[] = [
		eq(contracts.organisationId, actor.organisationId),
		eq(contracts.userId, userId),
		sql`${contracts.startDate} <= ${c.endDate}::date`,
		sql`${coveredEnd} >= ${c.startDate}::date`
	];
	if (except) conds.push(sql`${contracts.id} <> ${except}`);
	const [other] = await tx
		.select({ startDate: contracts.startDate, endDate: sql<string>`(${coveredEnd})::text` })
		.from(contracts)
		.where(and(...conds))
		.limit(1);
	if (other) {
		const msg = m.training_contract_overlap({ start: formatDay(other.startDate), end: formatDay(other.endDate) });
		throw new AppError('contract_overlap', msg, 409, 'startDate', { startDate: msg });
	}
}

/** A manager records a person's contract (a renewal is a new contract). Audited `training.contract_create`. */
export async function createContract(db: Database, actor: Actor, userId: string, input: ContractInput): Promise<{ id: string }> {
	requireRole(actor, MANAGE_CONTRACTS);
	const c = checkContract(input);
	return db.transaction(async (tx) => {
		await lockPerson(tx, actor, userId);
		await checkReferent(tx, actor, c.referentId, false);
		await checkOverlap(tx, actor, userId, c, null);
		const [row] = await tx
			.insert(contracts)
			.values({ organisationId: actor.organisationId, userId, ...c })
			.returning({ id: contracts.id });
		await audit(
			tx,
			actor,
			'training.contract_create',
			{ type: 'user', id: userId },
			{ contractId: row!.id, startDate: c.startDate, endDate: c.endDate, weeklyMinutes: c.weeklyMinutes, referentId: c.referentId }
		);
		return { id: row!.id };
	});
}

/** The contract, locked, of the organisation (else 404). */
async function lockContract(tx: Tx, actor: Actor, contractId: string, userId?: string) {
	if (!isUuid(contractId)) throw new AppError('contract_not_found', m.training_contract_not_found(), 404);
	const [c] = await tx
		.select()
		.from(contracts)
		.where(and(eq(contracts.id, contractId), eq(contracts.organisationId, actor.organisationId)))
		.for('update');
	// Asked from a person's page: the contract must be theirs.
	if (!c || (userId !== undefined && c.userId !== userId)) throw new AppError('contract_not_found', m.training_contract_not_found(), 404);
	return c;
}

/**
 * A manager corrects a running contract (dates, hours, referent, counsellor). A contract with an exit is
 * closed: cancel the exit first (cancelExit). Audited `training.contract_update` with what changed
 * (the counsellor's name is said changed, not copied into the journal).
 */
export async function updateContract(db: Database, actor: Actor, contractId: string, input: ContractInput, opts: { userId?: string } = {}): Promise<void> {
	requireRole(actor, MANAGE_CONTRACTS);
	const c = checkContract(input);
	await db.transaction(async (tx) => {
		const before = await lockContract(tx, actor, contractId, opts.userId);
		await lockPerson(tx, actor, before.userId);
		if (before.exitKind !== null) throw new AppError('contract_closed', m.training_contract_closed(), 409);
		await checkReferent(tx, actor, c.referentId, c.referentId === before.referentId);
		await checkOverlap(tx, actor, before.userId, c, before.id);
		const changes: Record<string, unknown> = {};
		for (const k of ['startDate', 'endDate', 'weeklyMinutes', 'referentId'] as const) if (before[k] !== c[k]) changes[k] = [before[k], c[k]];
		if (before.counsellor !== c.counsellor) changes.counsellorChanged = true;
		if (Object.keys(changes).length === 0) return;
		await tx
			.update(contracts)
			.set({ ...c, updatedAt: new Date() })
			.where(eq(contracts.id, before.id));
		await audit(tx, actor, 'training.contract_update', { type: 'user', id: before.userId }, { contractId: before.id, ...changes });
	});
}

/**
 * A manager records the exit ("sortie") of a contract: its kind, its day (from the contract's start to
 * today, in the organisation's time zone), an optional note. Once per contract. Audited `training.exit`.
 */
export async function recordExit(db: Database, actor: Actor, contractId: string, input: ExitInput, opts: { userId?: string } = {}): Promise<void> {
	await exitStep(db, actor, contractId, input, true, opts.userId);
}

/**
 * The confirmation step before recordExit: the same checks, nothing written. Returns what the sentence
 * to confirm says ("Enregistrer la sortie de X le JJ/MM/AAAA : Emploi durable ?").
 */
export function previewExit(
	db: Database,
	actor: Actor,
	contractId: string,
	input: ExitInput,
	opts: { userId?: string } = {}
): Promise<{ name: string; exitKind: ExitKind; exitDate: string }> {
	return exitStep(db, actor, contractId, input, false, opts.userId);
}

async function exitStep(db: Database, actor: Actor, contractId: string, input: ExitInput, write: boolean, userId?: string) {
	requireRole(actor, MANAGE_CONTRACTS);
	const today = shopToday(new Date(), actorZone(actor));
	const exitKind = cleanText(input.exitKind);
	const exitDate = cleanText(input.exitDate);
	const exitNote = cleanText(input.exitNote);
	const errors: Record<string, string> = {};
	if (!isExitKind(exitKind)) errors.exitKind = m.training_contract_exit_kind_required();
	if (!isIsoDate(exitDate) || exitDate > today) errors.exitDate = m.training_contract_exit_date_invalid();
	if (badText(exitNote, MAX_EXIT_NOTE)) errors.exitNote = m.training_contract_exit_note_invalid({ max: MAX_EXIT_NOTE });
	const err = fieldErrors(errors);
	return db.transaction(async (tx) => {
		// The contract first: an unknown or another organisation's contract is a 404 whatever the fields.
		const before = await lockContract(tx, actor, contractId, userId);
		const person = await lockPerson(tx, actor, before.userId);
		if (before.exitKind !== null) throw new AppError('exit_recorded', m.training_contract_exit_twice(), 409);
		if (err) throw err;
		if (exitDate < before.startDate) {
			const msg = m.training_contract_exit_before_start({ start: formatDay(before.startDate) });
			throw new AppError('invalid_input', msg, 400, 'exitDate', { exitDate: msg });
		}
		if (write) {
			await tx
				.update(contracts)
				.set({ exitKind, exitDate, exitNote: exitNote || null, updatedAt: new Date() })
				.where(eq(contracts.id, before.id));
			await audit(tx, actor, 'training.exit', { type: 'user', id: before.userId }, { contractId: before.id, exitKind, exitDate });
		}
		return { name: person.name, exitKind: exitKind as ExitKind, exitDate };
	});
}

/**
 * Undoes a mistaken exit (a correction, written to the journal as `training.contract_update` with the
 * exit that was cancelled): the contract runs again and its exit can be recorded anew.
 */
export async function cancelExit(db: Database, actor: Actor, contractId: string, opts: { userId?: string } = {}): Promise<void> {
	requireRole(actor, MANAGE_CONTRACTS);
	await db.transaction(async (tx) => {
		const before = await lockContract(tx, actor, contractId, opts.userId);
		await lockPerson(tx, actor, before.userId);
		if (before.exitKind === null) throw new AppError('no_exit', m.training_contract_no_exit(), 409);
		// Its days grow back to its end: they must not meet a contract recorded after the early exit.
		await checkOverlap(tx, actor, before.userId, { startDate: before.startDate, endDate: before.endDate }, before.id);
		await tx.update(contracts).set({ exitKind: null, exitDate: null, exitNote: null, updatedAt: new Date() }).where(eq(contracts.id, before.id));
		await audit(
			tx,
			actor,
			'training.contract_update',
			{ type: 'user', id: before.userId },
			{ contractId: before.id, exitCancelled: { exitKind: before.exitKind, exitDate: before.exitDate } }
		);
	});
}

// ——— The list of contracts ———

export const CONTRACT_FILTERS = ['ending', 'running', 'ended', 'all'] as const;
export type ContractFilter = (typeof CONTRACT_FILTERS)[number];
export const isContractFilter = (v: unknown): v is ContractFilter => typeof v === 'string' && (CONTRACT_FILTERS as readonly string[]).includes(v);

export interface ContractRow {
	id: string;
	userId: string;
	name: string;
	startDate: string;
	endDate: string;
	weeklyMinutes: number;
	referentName: string | null;
	counsellor: string;
	exitKind: ExitKind | null;
	exitDate: string | null;
	/** Days from today to the end, while no exit is recorded (negative: past its end, exit still to record). */
	daysLeft: number | null;
}

export interface ContractList {
	rows: ContractRow[];
	total: number;
	page: number;
	pages: number;
	filter: ContractFilter;
	sort: 'asc' | 'desc';
	today: string;
	horizon: string;
}

/**
 * - ending (default): no exit yet, ending by today + 60 days (CONTRACT_ENDING_DAYS) — those already past
 *   their end without an exit too: their exit is still to record;
 * - running: started, not ended, no exit; ended: an exit, or past the end; all.
 * Erased people are left out (their contracts remain only as anonymous counts).
 */
function filterSql(filter: ContractFilter, today: string, horizon: string): SQL {
	switch (filter) {
		case 'ending':
			return sql`c.exit_kind is null and c.end_date <= ${horizon}::date`;
		case 'running':
			return sql`c.exit_kind is null and c.start_date <= ${today}::date and c.end_date >= ${today}::date`;
		case 'ended':
			return sql`(c.exit_kind is not null or c.end_date < ${today}::date)`;
		default:
			return sql`true`;
	}
}

async function contractRows(ex: Executor, actor: Actor, opts: { filter?: string; page?: number; sort?: string }, paged: boolean): Promise<ContractList> {
	requireRole(actor, READ_TRAINING_RECORDS);
	const filter: ContractFilter = isContractFilter(opts.filter) ? opts.filter : 'ending';
	const sort = opts.sort === 'asc' || opts.sort === 'desc' ? opts.sort : filter === 'ended' || filter === 'all' ? 'desc' : 'asc';
	const today = shopToday(new Date(), actorZone(actor));
	const horizon = addDays(today, CONTRACT_ENDING_DAYS);
	const where = sql`c.organisation_id = ${actor.organisationId} and u.erased_at is null and ${filterSql(filter, today, horizon)}`;
	const [{ n } = { n: 0 }] = await rowsOf<{ n: number }>(
		ex,
		sql`select count(*)::int as n from contracts c join users u on u.organisation_id = c.organisation_id and u.id = c.user_id where ${where}`
	);
	const total = Number(n);
	const p = paged ? pageOf(total, opts.page, CONTRACTS_PAGE_SIZE) : { page: 1, pages: 1, limit: Math.max(total, 1), offset: 0 };
	const rows = await rowsOf<{
		id: string;
		user_id: string;
		name: string;
		start_date: string;
		end_date: string;
		weekly_minutes: number;
		referent_name: string | null;
		counsellor: string;
		exit_kind: string | null;
		exit_date: string | null;
	}>(
		ex,
		sql`select c.id, c.user_id, trim(u.first_name || ' ' || u.last_name) as name, c.start_date::text as start_date, c.end_date::text as end_date,
			c.weekly_minutes, (select trim(r.first_name || ' ' || r.last_name) from users r where r.id = c.referent_id) as referent_name,
			c.counsellor, c.exit_kind, c.exit_date::text as exit_date
		from contracts c join users u on u.organisation_id = c.organisation_id and u.id = c.user_id
		where ${where}
		order by c.end_date ${sql.raw(sort)}, lower(u.first_name || ' ' || u.last_name), c.id
		limit ${p.limit} offset ${p.offset}`
	);
	return {
		rows: rows.map((r) => ({
			id: r.id,
			userId: r.user_id,
			name: r.name,
			startDate: r.start_date,
			endDate: r.end_date,
			weeklyMinutes: Number(r.weekly_minutes),
			referentName: r.referent_name,
			counsellor: r.counsellor,
			exitKind: r.exit_kind as ExitKind | null,
			exitDate: r.exit_date,
			daysLeft: r.exit_kind === null ? daysBetween(today, r.end_date) : null
		})),
		total,
		page: p.page,
		pages: p.pages,
		filter,
		sort,
		today,
		horizon
	};
}

/** The organisation's contracts, filtered, sorted by end date, 25 a page. */
export function listContracts(db: Database, actor: Actor, opts: { filter?: string; page?: number; sort?: string } = {}): Promise<ContractList> {
	return contractRows(db, actor, opts, true);
}

/** The same list, every row, as a French CSV file (formula-safe: the one CSV writer); named with the organisation's day. */
export async function exportContractsCsv(
	db: Database,
	actor: Actor,
	opts: { filter?: string; sort?: string } = {}
): Promise<{ csv: string; name: string; day: string }> {
	const list = await contractRows(db, actor, opts, false);
	const header = [
		m.training_contract_col_person(),
		m.training_contract_col_start(),
		m.training_contract_col_end(),
		m.training_contract_col_days_left(),
		m.training_contract_col_hours(),
		m.training_contract_col_referent(),
		m.training_contract_col_counsellor(),
		m.training_contract_col_exit(),
		m.training_contract_col_exit_date()
	];
	const rows = list.rows.map((r) => [
		r.name,
		formatDay(r.startDate),
		formatDay(r.endDate),
		r.daysLeft,
		weeklyHoursText(r.weeklyMinutes),
		r.referentName ?? '',
		r.counsellor,
		r.exitKind ? exitLabel(r.exitKind) : '',
		r.exitDate ? formatDay(r.exitDate) : ''
	]);
	return { csv: formatCsv([header, ...rows]), name: `contrats-${list.filter}`, day: list.today };
}

/** The supervisors and managers who can be a contract's referent (the form's choices). */
export async function referentChoices(db: Executor, actor: Actor): Promise<{ id: string; name: string }[]> {
	requireRole(actor, READ_TRAINING_RECORDS);
	return rowsOf<{ id: string; name: string }>(
		db,
		sql`select u.id, trim(u.first_name || ' ' || u.last_name) as name from users u
			where u.organisation_id = ${actor.organisationId} and u.active and u.erased_at is null
			  and exists (select 1 from memberships ms where ms.organisation_id = u.organisation_id and ms.user_id = u.id
			              and ms.role::text in (${sql.join(
											VALIDATE_SKILLS.map((r) => sql`${r}`),
											sql`, `
										)}))
			order by lower(u.first_name), lower(u.last_name)`
	);
}

export interface ContractPage {
	person: { id: string; name: string; erased: boolean; active: boolean };
	contracts: (Contract & { running: boolean; daysLeft: number | null })[];
	/** The contract without an exit (the one to edit or to close), if any. */
	open: Contract | null;
	referents: { id: string; name: string }[];
	/** The reader may write (a manager); supervisors read only. */
	canWrite: boolean;
	today: string;
}

/** A person of the organisation (else 404): what a person's page checks before anything else. */
export async function requirePersonOf(db: Database, actor: Actor, userId: string): Promise<void> {
	requireRole(actor, READ_TRAINING_RECORDS);
	if (!isUuid(userId)) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	const [u] = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)));
	if (!u) throw new AppError('person_not_found', m.training_person_not_found(), 404);
}

/**
 * A person's contracts page: the person, their contracts (newest first), the referents to choose from.
 * Contracts are part of the training record: reading someone else's is audited (`training.read`).
 */
export async function contractPage(db: Database, actor: Actor, userId: string): Promise<ContractPage> {
	requireRole(actor, READ_TRAINING_RECORDS);
	if (!isUuid(userId)) throw new AppError('person_not_found', m.training_person_not_found(), 404);
	const today = shopToday(new Date(), actorZone(actor));
	return db.transaction(async (tx) => {
		const [u] = await tx
			.select({ id: users.id, name: sql<string>`trim(${users.firstName} || ' ' || ${users.lastName})`, erasedAt: users.erasedAt, active: users.active })
			.from(users)
			.where(and(eq(users.id, userId), eq(users.organisationId, actor.organisationId)));
		if (!u) throw new AppError('person_not_found', m.training_person_not_found(), 404);
		const list = await contractsOf(tx, actor.organisationId, userId);
		if (userId !== actor.userId) await audit(tx, actor, 'training.read', { type: 'user', id: userId }, { part: 'contracts' });
		return {
			person: { id: u.id, name: u.name, erased: u.erasedAt !== null, active: u.active },
			contracts: list.map((c) => ({
				...c,
				running: c.exitKind === null && c.startDate <= today && c.endDate >= today,
				daysLeft: c.exitKind === null ? daysBetween(today, c.endDate) : null
			})),
			open: list.find((c) => c.exitKind === null) ?? null,
			referents: await referentChoices(tx, actor),
			canWrite: hasAnyRole(actor.roles, MANAGE_CONTRACTS),
			today
		};
	});
}
