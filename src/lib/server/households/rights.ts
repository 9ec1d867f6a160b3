import { formatLongDay } from '$lib/format';
import { actorZone } from '../timeZone';
import { and, asc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import { generateToken, hashToken } from '../auth/tokens';
import type { Database, Executor, Tx } from '../db';
import {
	applications,
	beneficiaryCards,
	categories,
	committeeDecisions,
	householdBudgetLines,
	householdMembers,
	households,
	rightBudgetUses,
	rights
} from '../db/schema';
import { AppError } from '../errors';
import { recordTillLookup } from './lookups';
import { issueParcelRightTx, type ParcelRightInput } from './parcelRights';
import { auditListRead, loadSettings, requireHousehold, requireNotAnonymised } from './households';
import {
	canRenew,
	compositionOf,
	gridBudgetCents,
	isIsoDate,
	monthStart,
	periodEnd,
	periodsOverlap,
	rateWithinBounds,
	renewedPeriod,
	resteAVivreCents,
	rightStatusAfter,
	statusReasonOk,
	tillStatus,
	todayIso,
	type TillStatusCode
} from './rules';
import { LOOK_UP_CARDS, READ_HOUSEHOLD_FILES } from '$lib/permissions';

const bad = (message: string, field?: string) => new AppError('invalid_input', message, 400, field);
const isUuid = (v: string) => z.uuid().safeParse(v).success;

/**
 * Sends a household's file to the committee. Refused while an application waits (application_open) and,
 * issue 10, while a right runs that is not in its last 14 days (right_active): the committee has decided
 * already; a renewal prolongs the right, and a suspended right may go back to the committee.
 */
export async function submitApplication(
	db: Database,
	actor: Actor,
	householdId: string,
	input: { assessment: string },
	opts: { today?: string } = {}
): Promise<{ id: string }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const assessment = (input.assessment ?? '').trim();
	if (assessment.length < 3 || assessment.length > 2000) throw bad(m.hh_assessment_invalid(), 'assessment');
	return db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, householdId, true);
		requireNotAnonymised(h);
		const [open] = await tx
			.select({ id: applications.id })
			.from(applications)
			.where(
				and(
					eq(applications.organisationId, actor.organisationId),
					eq(applications.householdId, householdId),
					inArray(applications.status, ['pending', 'postponed'])
				)
			);
		if (open) throw new AppError('application_open', m.hh_application_open(), 409);
		const today = opts.today ?? todayIso();
		const held = await tx
			.select({ validFrom: rights.validFrom, validTo: rights.validTo, status: rights.status })
			.from(rights)
			.where(and(eq(rights.organisationId, actor.organisationId), eq(rights.householdId, householdId)))
			.orderBy(sql`${rights.validFrom} desc`);
		const st = tillStatus(pickRight(held, today), today);
		if (st.code === 'valid') throw new AppError('right_active', m.hh_application_right_active({ date: longDate(st.date!) }), 409);
		const [row] = await tx
			.insert(applications)
			.values({ organisationId: actor.organisationId, householdId, assessment, submittedBy: actor.userId })
			.returning({ id: applications.id });
		await audit(tx, actor, 'household.application_submit', { type: 'household', id: householdId }, { reference: h.reference });
		return row!;
	});
}

export interface CommitteeItem {
	applicationId: string;
	householdId: string;
	/** Null when the committee is anonymous: the file is shown as "Demande n" only. */
	reference: string | null;
	name: string | null;
	label: string;
	status: string;
	assessment: string;
	persons: number;
	adults: number;
	children: number;
	resteAVivreCents: number;
	gridBudgetCents: number;
}

/** The committee session: pending and postponed applications, oldest first, without names if the organisation chose so. Audited (auditListRead). */
export async function committeeSession(db: Database, actor: Actor): Promise<{ anonymous: boolean; items: CommitteeItem[] }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const settings = await loadSettings(db, actor.organisationId);
	const org = actor.organisationId;
	const apps = await db
		.select({
			applicationId: applications.id,
			householdId: households.id,
			reference: households.reference,
			firstName: households.firstName,
			lastName: households.lastName,
			status: applications.status,
			assessment: applications.assessment
		})
		.from(applications)
		.innerJoin(households, and(eq(households.id, applications.householdId), eq(households.organisationId, applications.organisationId)))
		.where(and(eq(applications.organisationId, org), inArray(applications.status, ['pending', 'postponed']), isNull(households.anonymisedAt)))
		.orderBy(asc(applications.submittedAt));
	const ids = apps.map((a) => a.householdId);
	const [members, lines] = ids.length
		? await Promise.all([
				db
					.select({ householdId: householdMembers.householdId, relation: householdMembers.relation })
					.from(householdMembers)
					.where(and(eq(householdMembers.organisationId, org), inArray(householdMembers.householdId, ids))),
				db
					.select({ householdId: householdBudgetLines.householdId, kind: householdBudgetLines.kind, monthlyCents: householdBudgetLines.monthlyCents })
					.from(householdBudgetLines)
					.where(and(eq(householdBudgetLines.organisationId, org), inArray(householdBudgetLines.householdId, ids)))
			])
		: [[], []];
	const items = apps.map((a, i) => {
		const mine = members.filter((x) => x.householdId === a.householdId);
		const comp = compositionOf(mine);
		const sum = (k: string) => lines.filter((l) => l.householdId === a.householdId && l.kind === k).reduce((s, l) => s + l.monthlyCents, 0);
		return {
			applicationId: a.applicationId,
			householdId: a.householdId,
			reference: settings.anonymousCommittee ? null : a.reference,
			name: settings.anonymousCommittee ? null : `${a.firstName} ${a.lastName}`,
			label: settings.anonymousCommittee ? m.hh_committee_anonymous_label({ n: i + 1 }) : `${a.reference} — ${a.firstName} ${a.lastName}`,
			status: a.status,
			assessment: a.assessment,
			persons: 1 + mine.length,
			adults: comp.adults,
			children: comp.children,
			resteAVivreCents: resteAVivreCents(sum('resource'), sum('charge'), 1 + mine.length),
			gridBudgetCents: gridBudgetCents(comp, settings.grid)
		};
	});
	await auditListRead(db, actor, 'household.committee', { count: items.length, anonymous: settings.anonymousCommittee });
	return { anonymous: settings.anonymousCommittee, items };
}

export interface RightInput {
	validFrom?: string;
	/** Basis points; omitted: the organisation's default. */
	rateBp?: number | null;
	/** Omitted: the grid's budget for the household's composition. */
	monthlyBudgetCents?: number | null;
	/** Needed when the budget is not the grid's. */
	overrideReason?: string;
	/** Quantities a month per product category of the organisation: { categoryId: quantity } or a list. */
	categoryLimits?: Record<string, number> | LimitInput[] | null;
}

export interface LimitInput {
	categoryId: string;
	perMonth: number;
}

/** A right's limit as shown to people: the category's name with its quantity a month. */
export interface LimitView {
	categoryId: string;
	category: string;
	perMonth: number;
}

export const MAX_LIMITS = 20;
export const MAX_LIMIT_QUANTITY = 999;

/**
 * Checks per-category limits: each names an active category of the actor's organisation, once, with
 * a whole quantity a month from 1 to 999, and there are at most 20. Returns what to store (null: none).
 */
async function validateLimits(
	ex: Executor,
	actor: Actor,
	input: Record<string, number> | LimitInput[] | null | undefined
): Promise<Record<string, number> | null> {
	if (input == null) return null;
	const list: { categoryId: unknown; perMonth: unknown }[] = Array.isArray(input)
		? input
		: typeof input === 'object'
			? Object.entries(input).map(([categoryId, perMonth]) => ({ categoryId, perMonth }))
			: [];
	if (!Array.isArray(input) && typeof input !== 'object') throw bad(m.hh_limits_invalid(), 'categoryLimits');
	if (list.length === 0) return null;
	if (list.length > MAX_LIMITS) throw bad(m.hh_limits_too_many({ max: MAX_LIMITS }), 'categoryLimits');
	const out: Record<string, number> = {};
	for (const l of list) {
		if (!l || typeof l !== 'object' || typeof l.categoryId !== 'string' || !isUuid(l.categoryId)) throw bad(m.hh_limit_category_unknown(), 'categoryId');
		const q = l.perMonth;
		if (typeof q !== 'number' || !Number.isInteger(q) || q < 1 || q > MAX_LIMIT_QUANTITY)
			throw bad(m.hh_limit_quantity_invalid({ max: MAX_LIMIT_QUANTITY }), 'perMonth');
		if (l.categoryId in out) throw bad(m.hh_limit_duplicate(), 'categoryId');
		out[l.categoryId] = q;
	}
	const ids = Object.keys(out);
	const found = await ex
		.select({ id: categories.id })
		.from(categories)
		.where(and(eq(categories.organisationId, actor.organisationId), eq(categories.active, true), inArray(categories.id, ids)));
	if (found.length !== ids.length) throw bad(m.hh_limit_category_unknown(), 'categoryId');
	return out;
}

/** The organisation's active categories a limit can name, by name (for the household file's form). */
export async function limitCategories(ex: Executor, actor: Actor): Promise<{ id: string; name: string }[]> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return ex
		.select({ id: categories.id, name: categories.name })
		.from(categories)
		.where(and(eq(categories.organisationId, actor.organisationId), eq(categories.active, true)))
		.orderBy(asc(categories.name));
}

/** Limits with their categories' names, in name order (a category since removed shows its id). */
async function limitViews(ex: Executor, organisationId: string, limits: Record<string, number> | null): Promise<LimitView[] | null> {
	const ids = Object.keys(limits ?? {}).filter(isUuid);
	if (!limits || ids.length === 0) return null;
	const names = await ex
		.select({ id: categories.id, name: categories.name })
		.from(categories)
		.where(and(eq(categories.organisationId, organisationId), inArray(categories.id, ids)));
	const byId = new Map(names.map((n) => [n.id, n.name]));
	return ids.map((id) => ({ categoryId: id, category: byId.get(id) ?? id, perMonth: limits[id]! })).sort((a, b) => a.category.localeCompare(b.category, 'fr'));
}

type LimitEdit = (current: Record<string, number>) => Record<string, number> | LimitInput[] | null;

/** Locks the right, computes its new limits from the current ones, checks and saves them with an audit row. */
async function editLimits(db: Database, actor: Actor, rightId: string, edit: LimitEdit): Promise<{ limits: Record<string, number> | null }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction(async (tx) => {
		const { r, h } = await lockRight(tx, actor, rightId);
		if (r.status === 'revoked') throw new AppError('right_status', m.hh_right_status_change_refused(), 409);
		const next = await validateLimits(tx, actor, edit(r.categoryLimits ?? {}));
		await tx.update(rights).set({ categoryLimits: next, updatedAt: new Date() }).where(eq(rights.id, r.id));
		await audit(
			tx,
			actor,
			'right.limits',
			{ type: 'household', id: r.householdId },
			{ reference: h.reference, rightId: r.id, limits: [r.categoryLimits ?? null, next] }
		);
		return { limits: next };
	});
}

const asList = (o: Record<string, number>, without: string): LimitInput[] =>
	Object.entries(o)
		.filter(([k]) => k !== without)
		.map(([categoryId, perMonth]) => ({ categoryId, perMonth }));

/** Replaces the per-category limits of an existing right (empty list or null: no limits). Social workers only. */
export function setRightLimits(
	db: Database,
	actor: Actor,
	rightId: string,
	limits: Record<string, number> | LimitInput[] | null
): Promise<{ limits: Record<string, number> | null }> {
	return editLimits(db, actor, rightId, () => limits);
}

/** Adds or changes one category's limit on a right (the form on the household file). */
export async function setRightLimit(db: Database, actor: Actor, rightId: string, categoryId: string, perMonth: number): Promise<void> {
	await editLimits(db, actor, rightId, (cur) => [...asList(cur, categoryId), { categoryId, perMonth }]);
}

/** Removes one category's limit from a right. */
export async function removeRightLimit(db: Database, actor: Actor, rightId: string, categoryId: string): Promise<void> {
	await editLimits(db, actor, rightId, (cur) => {
		if (!(categoryId in cur)) throw new AppError('not_found', m.hh_limit_not_found(), 404);
		return asList(cur, categoryId);
	});
}

/**
 * Issues a right inside a transaction (the household row is locked): period from the settings'
 * duration, rate within the bounds, budget from the grid or overridden with a reason, and no overlap
 * with another right of the household that is not revoked (so at most one right applies at a time).
 */
async function issueRightTx(tx: Tx, actor: Actor, householdId: string, input: RightInput, decisionId: string | null, today: string): Promise<{ id: string }> {
	const h = await requireHousehold(tx, actor, householdId, true);
	requireNotAnonymised(h);
	const settings = await loadSettings(tx, actor.organisationId);
	const validFrom = (input.validFrom ?? '').trim() || today;
	if (!isIsoDate(validFrom)) throw bad(m.hh_date_invalid(), 'validFrom');
	const validTo = periodEnd(validFrom, settings.durationMonths);
	const rateBp = input.rateBp ?? settings.rateDefaultBp;
	if (!rateWithinBounds(rateBp, settings.rateMinBp, settings.rateMaxBp)) {
		throw bad(m.hh_rate_out_of_bounds({ min: settings.rateMinBp / 100, max: settings.rateMaxBp / 100 }), 'rate');
	}
	const members = await tx
		.select({ relation: householdMembers.relation })
		.from(householdMembers)
		.where(and(eq(householdMembers.organisationId, actor.organisationId), eq(householdMembers.householdId, householdId)));
	const grid = gridBudgetCents(compositionOf(members), settings.grid);
	const budget = input.monthlyBudgetCents ?? grid;
	if (!Number.isInteger(budget) || budget < 0 || budget > 10_000_000) throw bad(m.hh_amount_invalid(), 'budget');
	const reason = (input.overrideReason ?? '').trim();
	if (budget !== grid && reason.length < 3) throw bad(m.hh_override_reason_needed(), 'overrideReason');
	const limits = await validateLimits(tx, actor, input.categoryLimits);
	const others = await tx
		.select({ validFrom: rights.validFrom, validTo: rights.validTo })
		.from(rights)
		.where(and(eq(rights.organisationId, actor.organisationId), eq(rights.householdId, householdId), ne(rights.status, 'revoked')));
	if (others.some((o) => periodsOverlap(o, { validFrom, validTo }))) throw new AppError('right_overlap', m.hh_right_overlap(), 409, 'validFrom');
	const [row] = await tx
		.insert(rights)
		.values({
			organisationId: actor.organisationId,
			householdId,
			decisionId,
			validFrom,
			validTo,
			rateBp,
			monthlyBudgetCents: budget,
			budgetBasis: settings.budgetBasis,
			budgetOverrideReason: budget !== grid ? reason : null,
			categoryLimits: limits,
			issuedBy: actor.userId
		})
		.returning({ id: rights.id });
	await audit(
		tx,
		actor,
		'right.issue',
		{ type: 'household', id: householdId },
		{ reference: h.reference, rightId: row!.id, validFrom, validTo, rateBp, monthlyBudgetCents: budget, override: budget !== grid }
	);
	return row!;
}

/** Issues a right outside the committee flow (e.g. by the API after a decision recorded elsewhere). */
export async function issueRight(db: Database, actor: Actor, householdId: string, input: RightInput, opts: { today?: string } = {}): Promise<{ id: string }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction((tx) => issueRightTx(tx, actor, householdId, input, null, opts.today ?? todayIso(new Date(), actorZone(actor))));
}

export interface DecisionInput {
	outcome: string;
	decidedOn: string;
	reason?: string;
	right?: RightInput;
	/**
	 * What an accepted application gets (issue 14): an épicerie right (`right`), a parcel right, or both.
	 * Omitted: the épicerie right only. `parcel: true` takes the parcel right's defaults (its first day is
	 * the épicerie right's, else today). At least one must be granted.
	 */
	grants?: { epicerie?: boolean; parcel?: ParcelRightInput | boolean };
}

/** The API's first check on a path's application (before reading the body): one of the organisation's, else 404. */
export async function checkApplication(db: Database, actor: Actor, applicationId: string): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	if (!isUuid(applicationId)) throw new AppError('not_found', m.hh_application_not_found(), 404);
	const [app] = await db
		.select({ id: applications.id })
		.from(applications)
		.where(and(eq(applications.id, applicationId), eq(applications.organisationId, actor.organisationId)));
	if (!app) throw new AppError('not_found', m.hh_application_not_found(), 404);
}

/** Records the committee's decision; an accepted one issues the right in the same transaction. */
export async function decideApplication(
	db: Database,
	actor: Actor,
	applicationId: string,
	input: DecisionInput,
	opts: { today?: string } = {}
): Promise<{ decisionId: string; rightId: string | null; parcelRightId: string | null }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const today = opts.today ?? todayIso(new Date(), actorZone(actor));
	const outcome = input.outcome;
	const grantEpicerie = input.grants?.epicerie ?? !input.grants;
	const parcelGrant = input.grants?.parcel;
	const parcel: ParcelRightInput | null = parcelGrant === true ? {} : parcelGrant && typeof parcelGrant === 'object' ? parcelGrant : null;
	if (outcome === 'accepted' && !grantEpicerie && !parcel) throw bad(m.prt_grant_none(), 'grants');
	if (outcome !== 'accepted' && outcome !== 'refused' && outcome !== 'postponed') throw bad(m.hh_outcome_invalid(), 'outcome');
	const decidedOn = (input.decidedOn ?? '').trim() || today;
	if (!isIsoDate(decidedOn)) throw bad(m.hh_date_invalid(), 'decidedOn');
	if (decidedOn > today) throw bad(m.hh_date_future(), 'decidedOn');
	const reason = (input.reason ?? '').trim();
	if (reason.length > 1000) throw bad(m.hh_text_too_long(), 'reason');
	if (outcome !== 'accepted' && reason.length < 3) throw bad(m.hh_decision_reason_needed(), 'reason');
	if (!isUuid(applicationId)) throw new AppError('not_found', m.hh_application_not_found(), 404);
	return db.transaction(async (tx) => {
		const [app] = await tx
			.select()
			.from(applications)
			.where(and(eq(applications.id, applicationId), eq(applications.organisationId, actor.organisationId)))
			.for('update');
		if (!app) throw new AppError('not_found', m.hh_application_not_found(), 404);
		if (app.status !== 'pending' && app.status !== 'postponed') throw new AppError('already_decided', m.hh_application_decided(), 409);
		const settings = await loadSettings(tx, actor.organisationId);
		const [d] = await tx
			.insert(committeeDecisions)
			.values({
				organisationId: actor.organisationId,
				applicationId,
				outcome,
				decidedOn,
				reason,
				anonymous: settings.anonymousCommittee,
				recordedBy: actor.userId
			})
			.returning({ id: committeeDecisions.id });
		await tx.update(applications).set({ status: outcome }).where(eq(applications.id, applicationId));
		await audit(tx, actor, 'household.decision', { type: 'household', id: app.householdId }, { outcome, decidedOn });
		const accepted = outcome === 'accepted';
		const right = accepted && grantEpicerie ? await issueRightTx(tx, actor, app.householdId, input.right ?? {}, d!.id, today) : null;
		const parcelRight =
			accepted && parcel
				? await issueParcelRightTx(tx, actor, app.householdId, { ...parcel, validFrom: parcel.validFrom || input.right?.validFrom }, d!.id, today)
				: null;
		return { decisionId: d!.id, rightId: right?.id ?? null, parcelRightId: parcelRight?.id ?? null };
	});
}

async function lockRight(tx: Tx, actor: Actor, rightId: string) {
	if (!isUuid(rightId)) throw new AppError('not_found', m.hh_right_not_found(), 404);
	const [r] = await tx
		.select()
		.from(rights)
		.where(and(eq(rights.id, rightId), eq(rights.organisationId, actor.organisationId)))
		.for('update');
	if (!r) throw new AppError('not_found', m.hh_right_not_found(), 404);
	const h = await requireHousehold(tx, actor, r.householdId, true);
	requireNotAnonymised(h);
	return { r, h };
}

/** Renews an active right for the organisation's duration again, up to the maximum number of renewals. */
export async function renewRight(db: Database, actor: Actor, rightId: string): Promise<{ validTo: string; renewals: number }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction(async (tx) => {
		const { r, h } = await lockRight(tx, actor, rightId);
		if (r.status !== 'active') throw new AppError('right_not_active', m.hh_right_not_active(), 409);
		const settings = await loadSettings(tx, actor.organisationId);
		if (!canRenew(r.renewals, settings.maxRenewals)) throw new AppError('max_renewals', m.hh_max_renewals({ max: settings.maxRenewals }), 409);
		const next = renewedPeriod(r, settings.durationMonths);
		const others = await tx
			.select({ validFrom: rights.validFrom, validTo: rights.validTo })
			.from(rights)
			.where(and(eq(rights.organisationId, actor.organisationId), eq(rights.householdId, r.householdId), ne(rights.status, 'revoked'), ne(rights.id, r.id)));
		if (others.some((o) => periodsOverlap(o, next))) throw new AppError('right_overlap', m.hh_right_overlap(), 409);
		const renewals = r.renewals + 1;
		await tx.update(rights).set({ validTo: next.validTo, renewals, updatedAt: new Date() }).where(eq(rights.id, r.id));
		await audit(
			tx,
			actor,
			'right.renew',
			{ type: 'household', id: r.householdId },
			{ reference: h.reference, rightId: r.id, validTo: [r.validTo, next.validTo], renewals }
		);
		return { validTo: next.validTo, renewals };
	});
}

/** suspend: active → suspended; resume: suspended → active; revoke: any but revoked → revoked. A reason is needed to suspend or revoke. */
export async function changeRightStatus(db: Database, actor: Actor, rightId: string, action: 'suspend' | 'resume' | 'revoke', reason = ''): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	const why = reason.trim();
	if (!statusReasonOk(action, why)) throw bad(m.hh_status_reason_needed(), 'reason');
	await db.transaction(async (tx) => {
		const { r, h } = await lockRight(tx, actor, rightId);
		const status = rightStatusAfter(r.status, action);
		if (!status) throw new AppError('right_status', m.hh_right_status_change_refused(), 409);
		await tx
			.update(rights)
			.set({ status, statusReason: action === 'resume' ? null : why, updatedAt: new Date() })
			.where(eq(rights.id, r.id));
		await audit(tx, actor, `right.${action}`, { type: 'household', id: r.householdId }, { reference: h.reference, rightId: r.id });
	});
}

export const CARD_PREFIX = 'CARTE-';

/** A code is a card when it has the card prefix (what the QR holds); anything else is a typed reference. */
export const lookupKind = (code: string): 'card' | 'reference' => (code.trim().toUpperCase().startsWith(CARD_PREFIX) ? 'card' : 'reference');

/** Issues a beneficiary card; the household's previous card stops working at once. Returns what the QR holds. */
export async function issueCard(db: Database, actor: Actor, householdId: string): Promise<{ token: string; reference: string; firstName: string }> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	return db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, householdId, true);
		requireNotAnonymised(h);
		const revoked = await tx
			.update(beneficiaryCards)
			.set({ revokedAt: new Date() })
			.where(and(eq(beneficiaryCards.organisationId, actor.organisationId), eq(beneficiaryCards.householdId, householdId), isNull(beneficiaryCards.revokedAt)))
			.returning({ id: beneficiaryCards.id });
		const token = CARD_PREFIX + generateToken().toUpperCase();
		await tx.insert(beneficiaryCards).values({ organisationId: actor.organisationId, householdId, tokenHash: hashToken(token), issuedBy: actor.userId });
		await audit(
			tx,
			actor,
			revoked.length ? 'household.card_reissue' : 'household.card_issue',
			{ type: 'household', id: householdId },
			{ reference: h.reference }
		);
		return { token, reference: h.reference, firstName: h.firstName };
	});
}

export async function revokeCard(db: Database, actor: Actor, householdId: string): Promise<void> {
	requireRole(actor, READ_HOUSEHOLD_FILES);
	await db.transaction(async (tx) => {
		const h = await requireHousehold(tx, actor, householdId, true);
		const done = await tx
			.update(beneficiaryCards)
			.set({ revokedAt: new Date() })
			.where(and(eq(beneficiaryCards.organisationId, actor.organisationId), eq(beneficiaryCards.householdId, householdId), isNull(beneficiaryCards.revokedAt)))
			.returning({ id: beneficiaryCards.id });
		if (done.length === 0) throw new AppError('no_card', m.hh_no_card(), 409);
		await audit(tx, actor, 'household.card_revoke', { type: 'household', id: householdId }, { reference: h.reference });
	});
}

export interface TillView {
	firstName: string;
	/** `waiting`: no right the household can use, and an application waiting for the committee. */
	status: TillStatusCode | 'waiting';
	/** The status in plain French: "Droit valide jusqu'au 31 mars 2026"… */
	message: string;
	canShop: boolean;
	rateBp: number | null;
	budgetBasis: 'reference_value' | 'amount_paid' | null;
	budgetCents: number | null;
	usedCents: number;
	leftCents: number | null;
	/** Quantities a month per product category, with the categories' names; null: no limits. */
	limits: LimitView[] | null;
	/** For the till issue's consumeBudget call. */
	rightId: string | null;
}

/** A day in words in the person's language ("9 juin 2026", "9 June 2026"): the till in English has no French left. */
const longDate = (iso: string) => formatLongDay(iso, getLocale() === 'en' ? 'en' : 'fr');

function statusMessage(code: TillStatusCode, date: string | null): string {
	switch (code) {
		case 'valid':
			return m.till_status_valid({ date: longDate(date!) });
		case 'expiring':
			return m.till_status_expiring({ date: longDate(date!) });
		case 'expired':
			return m.till_status_expired({ date: longDate(date!) });
		case 'not_started':
			return m.till_status_not_started({ date: longDate(date!) });
		case 'suspended':
			return m.till_status_suspended();
		case 'revoked':
			return m.till_status_revoked();
		case 'none':
			return m.till_status_none();
	}
}

/** The right the till should consider: the one covering today, else the latest one not revoked, else the latest. */
function pickRight<R extends { validFrom: string; validTo: string; status: string }>(list: R[], today: string): R | null {
	const live = list.filter((r) => r.status !== 'revoked');
	return live.find((r) => r.validFrom <= today && today <= r.validTo) ?? live.find((r) => r.validFrom > today) ?? live[0] ?? list[0] ?? null;
}

/**
 * The household behind a card token (CARTE-…) or a household reference (FOY-0001), for the till.
 * An unknown or revoked card, an anonymised file or a file of another organisation is refused.
 */
export async function resolveCustomer(ex: Executor, actor: Actor, code: string): Promise<{ householdId: string; firstName: string; reference: string }> {
	requireRole(actor, LOOK_UP_CARDS);
	const c = typeof code === 'string' ? code.trim() : '';
	if (!c || c.length > 100) throw new AppError('unknown_card', m.till_card_unknown(), 404);
	const household = { householdId: households.id, firstName: households.firstName, reference: households.reference, anonymisedAt: households.anonymisedAt };
	// One query either way (the till asks this on every sale).
	let h: { householdId: string; firstName: string; reference: string; anonymisedAt: Date | null } | undefined;
	if (c.toUpperCase().startsWith(CARD_PREFIX)) {
		const [card] = await ex
			.select({ ...household, revokedAt: beneficiaryCards.revokedAt })
			.from(beneficiaryCards)
			.innerJoin(households, and(eq(households.id, beneficiaryCards.householdId), eq(households.organisationId, beneficiaryCards.organisationId)))
			.where(and(eq(beneficiaryCards.tokenHash, hashToken(c.toUpperCase())), eq(beneficiaryCards.organisationId, actor.organisationId)));
		if (card?.revokedAt) throw new AppError('card_revoked', m.till_card_revoked(), 404);
		h = card;
	} else {
		[h] = await ex
			.select(household)
			.from(households)
			.where(and(eq(households.organisationId, actor.organisationId), eq(households.reference, c.toUpperCase())));
	}
	if (!h || h.anonymisedAt) throw new AppError('unknown_card', m.till_card_unknown(), 404);
	return { householdId: h.householdId, firstName: h.firstName, reference: h.reference };
}

/** What a right has spent this month (sales less returns), as a column: see rightForTill and consumeBudget. */
const usedThisMonthSql = (organisationId: string, today: string) =>
	sql<number>`(select coalesce(sum(u.amount_cents), 0) from ${rightBudgetUses} u where u.organisation_id = ${organisationId} and u.right_id = ${rights}.id and u.month = ${monthStart(today)})::int`;

/**
 * The right the till applies to a household today (see pickRight), or null. With `lock`, in a
 * sale's transaction: the household's rights are locked (FOR UPDATE) and the right comes with what
 * it spent this month, ready for consumeBudget, in one query.
 */
export async function rightForTill(tx: Executor, actor: Actor, householdId: string, today: string, opts: { lock?: boolean } = {}) {
	const q = tx
		.select({
			id: rights.id,
			validFrom: rights.validFrom,
			validTo: rights.validTo,
			status: rights.status,
			rateBp: rights.rateBp,
			monthlyBudgetCents: rights.monthlyBudgetCents,
			budgetBasis: rights.budgetBasis,
			categoryLimits: rights.categoryLimits,
			usedCents: usedThisMonthSql(actor.organisationId, today)
		})
		.from(rights)
		.where(and(eq(rights.organisationId, actor.organisationId), eq(rights.householdId, householdId)))
		.orderBy(sql`${rights.validFrom} desc`);
	const list = opts.lock ? await q.for('update') : await q;
	return pickRight(list, today);
}

/**
 * What the till sees for a card token (CARTE-…) or a household reference (FOY-0001): the first name,
 * the right's status in plain French, the rate, the monthly budget, used and left. Nothing else.
 * An unknown or revoked card, or a file of another organisation, is "not found". Every lookup is
 * recorded, and typed references are limited per person (recordTillLookup, lookups.ts).
 */
export async function tillLookup(db: Database, actor: Actor, code: string, opts: { today?: string } = {}): Promise<TillView> {
	requireRole(actor, LOOK_UP_CARDS);
	const h = await resolveCustomer(db, actor, code);
	await recordTillLookup(db, actor, h, lookupKind(code));
	return tillViewOf(db, actor, h.householdId, h.firstName, opts.today ?? todayIso(new Date(), actorZone(actor)));
}

/** The till view of a household already resolved (and its lookup recorded): see tillLookup. */
export async function tillViewOf(db: Database, actor: Actor, householdId: string, firstName: string, today: string): Promise<TillView> {
	requireRole(actor, LOOK_UP_CARDS);
	const right = await rightForTill(db, actor, householdId, today);
	const st = tillStatus(right, today);
	const used = right?.usedCents ?? 0;
	// No usable right yet, but the committee has the file: say so, not "Pas de droit".
	const waiting = (st.code === 'none' || st.code === 'expired') && (await hasOpenApplication(db, actor.organisationId, householdId));
	return {
		firstName,
		status: waiting ? 'waiting' : st.code,
		message: waiting ? m.till_status_waiting() : statusMessage(st.code, st.date),
		canShop: st.canShop,
		rateBp: right?.rateBp ?? null,
		budgetBasis: right?.budgetBasis ?? null,
		budgetCents: right?.monthlyBudgetCents ?? null,
		usedCents: used,
		leftCents: right ? Math.max(0, right.monthlyBudgetCents - used) : null,
		limits: right ? await limitViews(db, actor.organisationId, right.categoryLimits) : null,
		rightId: right?.id ?? null
	};
}

async function hasOpenApplication(ex: Executor, organisationId: string, householdId: string): Promise<boolean> {
	const [row] = await ex
		.select({ id: applications.id })
		.from(applications)
		.where(
			and(eq(applications.organisationId, organisationId), eq(applications.householdId, householdId), inArray(applications.status, ['pending', 'postponed']))
		)
		.limit(1);
	return !!row;
}

/**
 * Spends `amountCents` of a right's budget this month, inside the sale's own transaction (pass its
 * `tx`). Refused if the right does not let the household shop today or, unless a supervisor allowed
 * it (`allowOver`), when the budget left is too small; the right row is locked so two tills cannot
 * overspend together. A zero amount (free FSE+ goods only) checks the right and spends nothing.
 * `locked`: the right as rightForTill(…, { lock: true }) read it in this transaction (saves a query).
 */
export function consumeBudget(
	tx: Tx,
	actor: Actor,
	input: { rightId: string; amountCents: number; source: string; today?: string; allowOver?: boolean },
	locked?: { id: string; validFrom: string; validTo: string; status: 'active' | 'suspended' | 'revoked'; monthlyBudgetCents: number; usedCents: number } | null
): Promise<{ leftCents: number; usedBeforeCents: number }> {
	try {
		requireRole(actor, LOOK_UP_CARDS);
		if (!Number.isInteger(input.amountCents) || input.amountCents < 0) throw bad(m.hh_amount_invalid(), 'amount');
		if (!isUuid(input.rightId)) throw new AppError('not_found', m.hh_right_not_found(), 404);
	} catch (e) {
		return Promise.reject(e);
	}
	const today = input.today ?? todayIso(new Date(), actorZone(actor));
	type Locked = NonNullable<typeof locked>;
	const spend = (r: Locked | undefined): Promise<{ leftCents: number; usedBeforeCents: number }> => {
		if (!r) return Promise.reject(new AppError('not_found', m.hh_right_not_found(), 404));
		if (!tillStatus(r, today).canShop) return Promise.reject(new AppError('right_not_valid', m.till_right_not_valid(), 409));
		const used = r.usedCents;
		const left = r.monthlyBudgetCents - used;
		// Nothing to spend (FSE+ goods only) is never over budget, even for a household already past it.
		if (input.amountCents > 0 && input.amountCents > left && !input.allowOver)
			return Promise.reject(new AppError('budget_exceeded', m.till_budget_exceeded(), 409));
		const result = { leftCents: Math.max(0, left - input.amountCents), usedBeforeCents: used };
		if (input.amountCents === 0) return Promise.resolve(result);
		// Sent at once, so that it keeps its place among the sale's pipelined writes.
		return tx
			.insert(rightBudgetUses)
			.values({
				organisationId: actor.organisationId,
				rightId: r.id,
				month: monthStart(today),
				amountCents: input.amountCents,
				source: input.source.slice(0, 100)
			})
			.execute()
			.then(() => result);
	};
	if (locked && locked.id === input.rightId) return spend(locked);
	return tx
		.select({
			id: rights.id,
			validFrom: rights.validFrom,
			validTo: rights.validTo,
			status: rights.status,
			monthlyBudgetCents: rights.monthlyBudgetCents,
			usedCents: usedThisMonthSql(actor.organisationId, today)
		})
		.from(rights)
		.where(and(eq(rights.id, input.rightId), eq(rights.organisationId, actor.organisationId)))
		.for('update')
		.execute()
		.then(([r]) => spend(r));
}

/**
 * Gives budget back (a return): a negative use in the month the sale spent it, so that month's
 * balance is as if the returned goods had not been taken. In the caller's transaction.
 */
export async function restoreBudget(tx: Tx, actor: Actor, input: { rightId: string; month: string; amountCents: number; source: string }): Promise<void> {
	if (!Number.isInteger(input.amountCents) || input.amountCents < 0) throw bad(m.hh_amount_invalid(), 'amount');
	if (input.amountCents === 0) return;
	await tx.insert(rightBudgetUses).values({
		organisationId: actor.organisationId,
		rightId: input.rightId,
		month: monthStart(input.month),
		amountCents: -input.amountCents,
		source: input.source.slice(0, 100)
	});
}
