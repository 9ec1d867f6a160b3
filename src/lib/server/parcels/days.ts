import { and, asc, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { PLAN_DISTRIBUTIONS } from '$lib/permissions';
import { isDue, type ParcelFrequency } from '$lib/parcels/due';
import { isIsoDate, shopToday } from '$lib/stock/dates';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor, Tx } from '../db';
import {
	distributionDays,
	households,
	lots,
	origins,
	parcelCounters,
	parcelLines,
	parcels,
	parcelTemplateLines,
	parcelTemplates,
	products,
	sites
} from '../db/schema';
import { pageOf } from '../db/lists';
import { AppError, fieldErrors, isUniqueViolation } from '../errors';
import { isUuid } from '../http/input';
import { resolveCustomer } from '../households/rights';
import { parcelRightFor, parcelRightsCovering, type CoveringParcelRight } from '../households/parcelRights';
import { gramsOf } from '../reports/sql';
import { actorZone } from '../timeZone';
import { returnParcelLots } from './prepare';

/**
 * Distribution days (issue 14, docs/parcels.md "Distribution days", "Closing"): a supervisor plans a day at a
 * site from a template with time slots and gets the parcels of the households expected (a parcel right
 * covering the day, due by its frequency: `isDue` in $lib/parcels/due.ts); adds households by card or
 * reference, marks them absent; closes the day, which returns to stock what was not collected and writes the
 * summary. Every write is one transaction with its audit row.
 */

export const PARCEL_STATUSES = ['expected', 'preparing', 'prepared', 'handed_over', 'absent', 'not_collected'] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];
export const DAYS_PAGE_SIZE = 20;
export const MAX_SLOTS = 24;
const SLOT = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Time slots as typed ("09:00-10:00, 10:00-11:00", one a line or separated by commas; "9h-10h" and
 * "9:00 - 10:00" read too): sorted, each start before its end, none twice. Null when one is unreadable.
 */
export function parseSlots(input: string | readonly string[]): string[] | null {
	const parts = (typeof input === 'string' ? input.split(/[,;\n]+/) : [...input]).map((s) => String(s).trim()).filter(Boolean);
	const out = new Set<string>();
	for (const p of parts) {
		const norm = p
			.replace(/\s+/g, '')
			.replace(/[hH](?=\d|$|-)/g, ':')
			.replace(/:(?=-|$)/g, ':00')
			.replace(/^(\d)(?=:)/, '0$1')
			.replace(/-(\d)(?=:)/, '-0$1');
		const mt = SLOT.exec(norm);
		if (!mt || `${mt[1]}:${mt[2]}` >= `${mt[3]}:${mt[4]}`) return null;
		out.add(norm);
	}
	return [...out].sort();
}

interface RightRow {
	id: string;
	householdId: string;
	frequency: ParcelFrequency;
	persons: number;
	participationCents: number;
}

const asRow = (r: CoveringParcelRight): RightRow => ({
	id: r.rightId,
	householdId: r.householdId,
	frequency: r.frequency,
	persons: r.persons,
	participationCents: r.participationCents
});

/** The active parcel rights covering a day, one per household (the households' service: parcelRightsCovering). */
async function rightsCovering(ex: Executor, organisationId: string, day: string): Promise<RightRow[]> {
	return (await parcelRightsCovering(ex, organisationId, day)).map(asRow);
}

/** A household's active parcel right covering a day, or null (the households' service: parcelRightFor). */
export async function parcelRightOn(ex: Executor, organisationId: string, householdId: string, day: string): Promise<RightRow | null> {
	const r = await parcelRightFor(ex, organisationId, householdId, day);
	return r ? asRow(r) : null;
}

/** Each household's last day a parcel was handed over before `day` (not counting absences nor parcels not collected). */
async function lastHandovers(ex: Executor, organisationId: string, day: string): Promise<Map<string, string>> {
	const rows = await ex
		.select({ householdId: parcels.householdId, last: sql<string>`max(${distributionDays.day})::text` })
		.from(parcels)
		.innerJoin(distributionDays, and(eq(distributionDays.organisationId, parcels.organisationId), eq(distributionDays.id, parcels.dayId)))
		.where(and(eq(parcels.organisationId, organisationId), eq(parcels.status, 'handed_over'), lt(distributionDays.day, day)))
		.groupBy(parcels.householdId);
	return new Map(rows.map((r) => [r.householdId, r.last]));
}

/** `n` parcel codes of the organisation (COLIS-000001…), from its counter row, in the caller's transaction. */
export async function nextParcelCodes(tx: Tx, organisationId: string, n: number): Promise<string[]> {
	if (n <= 0) return [];
	const [row] = await tx
		.insert(parcelCounters)
		.values({ organisationId, lastParcel: n })
		.onConflictDoUpdate({ target: parcelCounters.organisationId, set: { lastParcel: sql`${parcelCounters.lastParcel} + ${n}` } })
		.returning({ last: parcelCounters.lastParcel });
	const last = row!.last;
	return Array.from({ length: n }, (_, i) => 'COLIS-' + String(last - n + 1 + i).padStart(6, '0'));
}

/** The households expected on a day (a right covering it, due by its frequency), by reference: what planDay lists. */
export async function expectedHouseholds(ex: Executor, organisationId: string, day: string): Promise<RightRow[]> {
	const [rights, last] = await Promise.all([rightsCovering(ex, organisationId, day), lastHandovers(ex, organisationId, day)]);
	return rights.filter((r) => isDue(r.frequency, last.get(r.householdId) ?? null, day));
}

export interface PlanInput {
	siteId: string;
	day: string;
	templateId: string;
	slots: string | readonly string[];
}

/**
 * Plans a distribution day: one per site and day, today or later, from an active template, with valid
 * slots (at least one). Creates the parcels of the households expected (`expectedHouseholds`), persons
 * from their right, slots given in turn, codes COLIS-… Audited `distribution.plan`.
 */
export async function planDay(db: Database, actor: Actor, input: PlanInput, opts: { today?: string } = {}): Promise<{ id: string; expected: number }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	const today = opts.today ?? shopToday(new Date(), actorZone(actor));
	const errors: Record<string, string> = {};
	const day = typeof input.day === 'string' ? input.day.trim() : '';
	if (!isIsoDate(day)) errors.day = m.dd_day_invalid();
	else if (day < today) errors.day = m.dd_day_past();
	const slots = parseSlots(input.slots ?? '');
	if (!slots || slots.length === 0) errors.slots = m.dd_slots_invalid();
	else if (slots.length > MAX_SLOTS) errors.slots = m.dd_slots_too_many({ max: MAX_SLOTS });
	if (!isUuid(input.siteId)) errors.siteId = m.dd_site_unknown();
	if (!isUuid(input.templateId)) errors.templateId = m.dd_template_unknown();
	const bad = fieldErrors(errors);
	if (bad) throw bad;
	const org = actor.organisationId;
	try {
		return await db.transaction(async (tx) => {
			const [site] = await tx
				.select({ id: sites.id, name: sites.name, active: sites.active })
				.from(sites)
				.where(and(eq(sites.organisationId, org), eq(sites.id, input.siteId)));
			if (!site || !site.active) throw new AppError('dd_site_unknown', m.dd_site_unknown(), 400, 'siteId');
			const [template] = await tx
				.select({ id: parcelTemplates.id, name: parcelTemplates.name, active: parcelTemplates.active })
				.from(parcelTemplates)
				.where(and(eq(parcelTemplates.organisationId, org), eq(parcelTemplates.id, input.templateId)));
			if (!template || !template.active) throw new AppError('dd_template_unknown', m.dd_template_unknown(), 400, 'templateId');
			const [cold] = await tx
				.select({ n: count() })
				.from(parcelTemplateLines)
				.where(and(eq(parcelTemplateLines.organisationId, org), eq(parcelTemplateLines.templateId, template.id), eq(parcelTemplateLines.cold, true)));
			const [existing] = await tx
				.select({ id: distributionDays.id })
				.from(distributionDays)
				.where(and(eq(distributionDays.organisationId, org), eq(distributionDays.siteId, site.id), eq(distributionDays.day, day)));
			if (existing) throw dayExists(site.name, day);
			const [row] = await tx
				.insert(distributionDays)
				.values({ organisationId: org, siteId: site.id, day, templateId: template.id, slots: slots!, createdBy: actor.userId })
				.returning({ id: distributionDays.id });
			const expected = await expectedHouseholds(tx, org, day);
			const codes = await nextParcelCodes(tx, org, expected.length);
			if (expected.length > 0) {
				await tx.insert(parcels).values(
					expected.map((r, i) => ({
						organisationId: org,
						dayId: row!.id,
						householdId: r.householdId,
						parcelRightId: r.id,
						code: codes[i]!,
						persons: r.persons,
						slot: slots![i % slots!.length]!,
						cold: (cold?.n ?? 0) > 0
					}))
				);
			}
			await audit(
				tx,
				actor,
				'distribution.plan',
				{ type: 'distribution_day', id: row!.id },
				{ day, site: site.name, template: template.name, expected: expected.length }
			);
			return { id: row!.id, expected: expected.length };
		});
	} catch (e) {
		if (isUniqueViolation(e, 'distribution_days_site_day_key')) throw dayExists('', day);
		throw e;
	}
}

const dayExists = (site: string, day: string) => new AppError('dd_day_exists', m.dd_day_exists({ site, day: day.split('-').reverse().join('/') }), 409, 'day');

const dayColumns = {
	id: distributionDays.id,
	day: sql<string>`${distributionDays.day}::text`,
	siteId: distributionDays.siteId,
	siteName: sites.name,
	templateId: distributionDays.templateId,
	templateName: parcelTemplates.name,
	slots: distributionDays.slots,
	status: distributionDays.status,
	closedAt: distributionDays.closedAt,
	summary: distributionDays.summary
};

export type DayRow = {
	id: string;
	day: string;
	siteId: string;
	siteName: string;
	templateId: string;
	templateName: string;
	slots: string[];
	status: 'planned' | 'closed';
	closedAt: Date | null;
	summary: Record<string, unknown> | null;
};

/** A day of the actor's organisation (404 otherwise); with `lock`, its row locked until the transaction ends. */
export async function findDay(ex: Executor, actor: Actor, dayId: string, opts: { lock?: boolean } = {}): Promise<DayRow> {
	if (!isUuid(dayId)) throw new AppError('dd_day_not_found', m.dd_day_not_found(), 404);
	const q = ex
		.select(dayColumns)
		.from(distributionDays)
		.innerJoin(sites, and(eq(sites.organisationId, distributionDays.organisationId), eq(sites.id, distributionDays.siteId)))
		.innerJoin(parcelTemplates, and(eq(parcelTemplates.organisationId, distributionDays.organisationId), eq(parcelTemplates.id, distributionDays.templateId)))
		.where(and(eq(distributionDays.organisationId, actor.organisationId), eq(distributionDays.id, dayId)));
	const [d] = opts.lock ? await q.for('update', { of: distributionDays }) : await q;
	if (!d) throw new AppError('dd_day_not_found', m.dd_day_not_found(), 404);
	return d;
}

export interface DayParcel {
	id: string;
	code: string;
	reference: string;
	firstName: string;
	persons: number;
	slot: string | null;
	status: ParcelStatus;
	cold: boolean;
	addedByHand: boolean;
	handedAt: Date | null;
}

export interface DaySummary {
	given: number;
	notCollected: number;
	absent: number;
	households: number;
	persons: number;
	/** Kilograms given by origin (FSE+ origins flagged), heaviest first. */
	byOrigin: { origin: string; fse: boolean; kg: number }[];
	fseKg: number;
	otherKg: number;
	/** Lines of products without a known weight (not counted in the kilograms). */
	unweighedLines: number;
	participationCents: number;
}

/** The day with its parcels (household reference and first name only) and the counts by status. */
export async function dayView(db: Database, actor: Actor, dayId: string): Promise<{ day: DayRow; parcels: DayParcel[]; counts: Record<ParcelStatus, number> }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	const day = await findDay(db, actor, dayId);
	const list = await db
		.select({
			id: parcels.id,
			code: parcels.code,
			reference: households.reference,
			firstName: households.firstName,
			persons: parcels.persons,
			slot: parcels.slot,
			status: parcels.status,
			cold: parcels.cold,
			addedByHand: parcels.addedByHand,
			handedAt: parcels.handedAt
		})
		.from(parcels)
		.innerJoin(households, and(eq(households.organisationId, parcels.organisationId), eq(households.id, parcels.householdId)))
		.where(and(eq(parcels.organisationId, actor.organisationId), eq(parcels.dayId, day.id)))
		.orderBy(sql`${parcels.slot} nulls last`, asc(households.reference));
	const counts = Object.fromEntries(PARCEL_STATUSES.map((s) => [s, 0])) as Record<ParcelStatus, number>;
	for (const p of list) counts[p.status]++;
	return { day, parcels: list, counts };
}

export interface DayListRow {
	id: string;
	day: string;
	siteName: string;
	templateName: string;
	status: 'planned' | 'closed';
	parcels: number;
	handedOver: number;
}

/** The organisation's distribution days, latest first, paged; `status` filters planned or closed. */
export async function listDays(
	db: Database,
	actor: Actor,
	query: { status?: string | null; page?: number } = {}
): Promise<{ rows: DayListRow[]; total: number; page: number; pages: number }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	const status = query.status === 'planned' || query.status === 'closed' ? query.status : null;
	const where = and(eq(distributionDays.organisationId, actor.organisationId), status ? eq(distributionDays.status, status) : undefined);
	const [{ n }] = (await db.select({ n: count() }).from(distributionDays).where(where)) as [{ n: number }];
	const p = pageOf(n, query.page, DAYS_PAGE_SIZE);
	const rows = await db
		.select({
			id: distributionDays.id,
			day: sql<string>`${distributionDays.day}::text`,
			siteName: sites.name,
			templateName: parcelTemplates.name,
			status: distributionDays.status,
			parcels: sql<number>`(select count(*) from ${parcels} p where p.organisation_id = ${distributionDays.organisationId} and p.day_id = ${distributionDays.id})::int`,
			handedOver: sql<number>`(select count(*) from ${parcels} p where p.organisation_id = ${distributionDays.organisationId} and p.day_id = ${distributionDays.id} and p.status = 'handed_over')::int`
		})
		.from(distributionDays)
		.innerJoin(sites, and(eq(sites.organisationId, distributionDays.organisationId), eq(sites.id, distributionDays.siteId)))
		.innerJoin(parcelTemplates, and(eq(parcelTemplates.organisationId, distributionDays.organisationId), eq(parcelTemplates.id, distributionDays.templateId)))
		.where(where)
		.orderBy(desc(distributionDays.day), asc(sites.name))
		.limit(p.limit)
		.offset(p.offset);
	return { rows: rows.map((r) => ({ ...r, parcels: Number(r.parcels), handedOver: Number(r.handedOver) })), total: n, page: p.page, pages: p.pages };
}

/** What the planning form offers: active sites and active templates. */
export async function planChoices(db: Database, actor: Actor): Promise<{ sites: { id: string; name: string }[]; templates: { id: string; name: string }[] }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	const [s, t] = await Promise.all([
		db
			.select({ id: sites.id, name: sites.name })
			.from(sites)
			.where(and(eq(sites.organisationId, actor.organisationId), eq(sites.active, true)))
			.orderBy(asc(sites.name)),
		db
			.select({ id: parcelTemplates.id, name: parcelTemplates.name })
			.from(parcelTemplates)
			.where(and(eq(parcelTemplates.organisationId, actor.organisationId), eq(parcelTemplates.active, true)))
			.orderBy(asc(parcelTemplates.name))
	]);
	return { sites: s, templates: t };
}

const planned = (day: DayRow) => {
	if (day.status !== 'planned') throw new AppError('dd_day_closed', m.dd_day_closed(), 409);
};

/**
 * Adds a household to a planned day by its card (CARTE-…) or its reference (FOY-0001): refused when it has no
 * active parcel right covering the day, or is already on the list. It gets the slot with the fewest parcels.
 * Audited `distribution.add_household`.
 */
export async function addHousehold(
	db: Database,
	actor: Actor,
	dayId: string,
	code: string
): Promise<{ parcelId: string; code: string; reference: string; firstName: string }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	return db.transaction(async (tx) => {
		const day = await findDay(tx, actor, dayId, { lock: true });
		planned(day);
		const h = await resolveCustomer(tx, actor, code);
		const right = await parcelRightOn(tx, actor.organisationId, h.householdId, day.day);
		if (!right) throw new AppError('dd_no_right', m.dd_no_right({ reference: h.reference, day: day.day.split('-').reverse().join('/') }), 409, 'code');
		const [already] = await tx
			.select({ id: parcels.id })
			.from(parcels)
			.where(and(eq(parcels.organisationId, actor.organisationId), eq(parcels.dayId, day.id), eq(parcels.householdId, h.householdId)));
		if (already) throw new AppError('dd_already_listed', m.dd_already_listed({ reference: h.reference }), 409, 'code');
		const used = await tx
			.select({ slot: parcels.slot, n: count() })
			.from(parcels)
			.where(and(eq(parcels.organisationId, actor.organisationId), eq(parcels.dayId, day.id)))
			.groupBy(parcels.slot);
		const load = new Map(used.map((u) => [u.slot, Number(u.n)]));
		const slot = day.slots.reduce<string | null>((best, s) => (best === null || (load.get(s) ?? 0) < (load.get(best) ?? 0) ? s : best), null);
		const [cold] = await tx
			.select({ n: count() })
			.from(parcelTemplateLines)
			.where(
				and(
					eq(parcelTemplateLines.organisationId, actor.organisationId),
					eq(parcelTemplateLines.templateId, day.templateId),
					eq(parcelTemplateLines.cold, true)
				)
			);
		const [parcelCode] = await nextParcelCodes(tx, actor.organisationId, 1);
		const [row] = await tx
			.insert(parcels)
			.values({
				organisationId: actor.organisationId,
				dayId: day.id,
				householdId: h.householdId,
				parcelRightId: right.id,
				code: parcelCode!,
				persons: right.persons,
				slot,
				cold: (cold?.n ?? 0) > 0,
				addedByHand: true
			})
			.returning({ id: parcels.id });
		await audit(tx, actor, 'distribution.add_household', { type: 'parcel', id: row!.id }, { code: parcelCode, reference: h.reference, day: day.day });
		return { parcelId: row!.id, code: parcelCode!, reference: h.reference, firstName: h.firstName };
	});
}

/** A parcel of the actor's organisation with its day and household reference, locked (FOR UPDATE) in the transaction. */
export async function lockParcel(tx: Tx, actor: Actor, parcelId: string) {
	if (!isUuid(parcelId)) throw new AppError('dd_parcel_not_found', m.dd_parcel_not_found(), 404);
	const [p] = await tx
		.select({
			id: parcels.id,
			code: parcels.code,
			status: parcels.status,
			dayId: parcels.dayId,
			householdId: parcels.householdId,
			parcelRightId: parcels.parcelRightId,
			handedAt: parcels.handedAt,
			day: sql<string>`${distributionDays.day}::text`,
			dayStatus: distributionDays.status,
			reference: households.reference,
			firstName: households.firstName
		})
		.from(parcels)
		.innerJoin(distributionDays, and(eq(distributionDays.organisationId, parcels.organisationId), eq(distributionDays.id, parcels.dayId)))
		.innerJoin(households, and(eq(households.organisationId, parcels.organisationId), eq(households.id, parcels.householdId)))
		.where(and(eq(parcels.organisationId, actor.organisationId), eq(parcels.id, parcelId)))
		.for('update', { of: parcels });
	if (!p) throw new AppError('dd_parcel_not_found', m.dd_parcel_not_found(), 404);
	return p;
}

/**
 * Marks a household absent (`absent: true`), or present again. Only a parcel not prepared yet: a prepared
 * one stays (if it is not collected, the closing returns it to stock). Audited `distribution.absent` /
 * `distribution.present`.
 */
export async function setAbsent(db: Database, actor: Actor, parcelId: string, absent: boolean): Promise<{ status: ParcelStatus }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	return db.transaction(async (tx) => {
		const p = await lockParcel(tx, actor, parcelId);
		if (p.dayStatus !== 'planned') throw new AppError('dd_day_closed', m.dd_day_closed(), 409);
		if (absent) {
			if (p.status === 'absent') throw new AppError('dd_already_absent', m.dd_already_absent(), 409);
			if (p.status === 'handed_over') throw new AppError('dd_already_handed', m.dd_absent_handed(), 409);
			if (p.status !== 'expected') throw new AppError('dd_absent_prepared', m.dd_absent_prepared(), 409);
		} else if (p.status !== 'absent') throw new AppError('dd_not_absent', m.dd_not_absent(), 409);
		const status: ParcelStatus = absent ? 'absent' : 'expected';
		await tx.update(parcels).set({ status, updatedAt: new Date() }).where(eq(parcels.id, p.id));
		await audit(tx, actor, absent ? 'distribution.absent' : 'distribution.present', { type: 'parcel', id: p.id }, { code: p.code, reference: p.reference });
		return { status };
	});
}

export const markAbsent = (db: Database, actor: Actor, parcelId: string) => setAbsent(db, actor, parcelId, true);
export const unmarkAbsent = (db: Database, actor: Actor, parcelId: string) => setAbsent(db, actor, parcelId, false);

/** The day's summary from its parcels as they are (computed once, at closing, in its transaction). */
async function summarise(ex: Executor, organisationId: string, dayId: string): Promise<DaySummary> {
	const [totals] = await ex
		.select({
			given: sql<number>`count(*) filter (where ${parcels.status} = 'handed_over')::int`,
			notCollected: sql<number>`count(*) filter (where ${parcels.status} = 'not_collected')::int`,
			absent: sql<number>`count(*) filter (where ${parcels.status} = 'absent')::int`,
			households: sql<number>`count(distinct ${parcels.householdId}) filter (where ${parcels.status} = 'handed_over')::int`,
			persons: sql<number>`coalesce(sum(${parcels.persons}) filter (where ${parcels.status} = 'handed_over'), 0)::int`,
			participationCents: sql<number>`coalesce(sum(${parcels.participationCents}) filter (where ${parcels.status} = 'handed_over'), 0)::int`
		})
		.from(parcels)
		.where(and(eq(parcels.organisationId, organisationId), eq(parcels.dayId, dayId)));
	const byOrigin = await ex
		.select({
			origin: origins.name,
			fse: origins.fse,
			grams: sql<number>`coalesce(sum(${gramsOf(sql`${parcelLines.quantity}`, sql.raw('"products"'))}), 0)::float8`,
			unweighed: sql<number>`count(*) filter (where ${products.unit} <> 'kg' and ${products.netWeightGrams} is null)::int`
		})
		.from(parcelLines)
		.innerJoin(parcels, and(eq(parcels.organisationId, parcelLines.organisationId), eq(parcels.id, parcelLines.parcelId)))
		.innerJoin(lots, and(eq(lots.organisationId, parcelLines.organisationId), eq(lots.id, parcelLines.parcelLotId)))
		.innerJoin(origins, and(eq(origins.organisationId, lots.organisationId), eq(origins.id, lots.originId)))
		.innerJoin(products, and(eq(products.organisationId, parcelLines.organisationId), eq(products.id, parcelLines.productId)))
		.where(and(eq(parcelLines.organisationId, organisationId), eq(parcels.dayId, dayId), eq(parcels.status, 'handed_over')))
		.groupBy(origins.name, origins.fse);
	const kg = (g: number) => Math.round(Number(g)) / 1000;
	const rows = byOrigin.map((r) => ({ origin: r.origin, fse: r.fse, kg: kg(r.grams) })).sort((a, b) => b.kg - a.kg || a.origin.localeCompare(b.origin));
	const sum = (list: typeof rows) => Math.round(list.reduce((s, r) => s + r.kg * 1000, 0)) / 1000;
	return {
		given: Number(totals!.given),
		notCollected: Number(totals!.notCollected),
		absent: Number(totals!.absent),
		households: Number(totals!.households),
		persons: Number(totals!.persons),
		byOrigin: rows,
		fseKg: sum(rows.filter((r) => r.fse)),
		otherKg: sum(rows.filter((r) => !r.fse)),
		unweighedLines: byOrigin.reduce((s, r) => s + Number(r.unweighed), 0),
		participationCents: Number(totals!.participationCents)
	};
}

/**
 * Closes a planned day, once: each parcel prepared (or being prepared) but not handed over goes back to stock
 * (`returnParcelLots`: movements, never edits) and becomes `not_collected`; the households still expected
 * become `absent`; the summary is computed and stored. A second closing: 409, nothing changed. Audited
 * `distribution.close`.
 */
export async function closeDay(db: Database, actor: Actor, dayId: string, now = new Date()): Promise<{ summary: DaySummary; returned: number }> {
	requireRole(actor, PLAN_DISTRIBUTIONS);
	return db.transaction(async (tx) => closeDayTx(tx, actor, await findDay(tx, actor, dayId, { lock: true }), now));
}

/** closeDay inside the caller's transaction, the day already locked (the demo closes its past days with it). */
export async function closeDayTx(tx: Tx, actor: Actor, day: DayRow, now: Date): Promise<{ summary: DaySummary; returned: number }> {
	if (day.status === 'closed') throw new AppError('dd_already_closed', m.dd_already_closed(), 409);
	const toReturn = await tx
		.select({ id: parcels.id })
		.from(parcels)
		.where(and(eq(parcels.organisationId, actor.organisationId), eq(parcels.dayId, day.id), inArray(parcels.status, ['preparing', 'prepared'])))
		.orderBy(asc(parcels.id))
		.for('update');
	for (const p of toReturn) await returnParcelLots(tx, actor, p.id, m.dd_return_note({ day: day.day }));
	if (toReturn.length > 0)
		await tx
			.update(parcels)
			.set({ status: 'not_collected', updatedAt: now })
			.where(
				and(
					eq(parcels.organisationId, actor.organisationId),
					inArray(
						parcels.id,
						toReturn.map((p) => p.id)
					)
				)
			);
	await tx
		.update(parcels)
		.set({ status: 'absent', updatedAt: now })
		.where(and(eq(parcels.organisationId, actor.organisationId), eq(parcels.dayId, day.id), eq(parcels.status, 'expected')));
	const summary = await summarise(tx, actor.organisationId, day.id);
	await tx
		.update(distributionDays)
		.set({ status: 'closed', closedAt: now, closedBy: actor.userId, summary: summary as unknown as Record<string, unknown> })
		.where(eq(distributionDays.id, day.id));
	await audit(
		tx,
		actor,
		'distribution.close',
		{ type: 'distribution_day', id: day.id },
		{
			day: day.day,
			site: day.siteName,
			given: summary.given,
			notCollected: summary.notCollected,
			absent: summary.absent
		}
	);
	return { summary, returned: toReturn.length };
}

/** The stored summary of a closed day (null while planned). */
export const daySummary = (day: DayRow): DaySummary | null => (day.summary ? (day.summary as unknown as DaySummary) : null);
