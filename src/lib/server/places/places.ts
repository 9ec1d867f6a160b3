import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { defaultZone } from '$lib/zones';
import { audit } from '../audit';
import type { Actor } from '../auth/actor';
import { requireRole } from '../auth/roles';
import type { Database, Executor } from '../db';
import { locationKind, locations, organisations, siteKind, sites, temperatureZone } from '../db/schema';
import { AppError, isUniqueViolation } from '../errors';
import { MANAGE_ORGANISATION } from '$lib/permissions';

export const SITE_KINDS = siteKind.enumValues;
export const LOCATION_KINDS = locationKind.enumValues;
export const ZONES = temperatureZone.enumValues;
export type SiteKind = (typeof SITE_KINDS)[number];
export type LocationKind = (typeof LOCATION_KINDS)[number];
export type Zone = (typeof ZONES)[number];

export const siteSchema = z.object({
	name: z.string().trim().min(2).max(80),
	kind: z.enum(SITE_KINDS),
	address: z.string().trim().max(200).default('')
});
export const locationSchema = z.object({
	siteId: z.uuid(),
	name: z.string().trim().min(1).max(80),
	kind: z.enum(LOCATION_KINDS),
	/** Omitted: the usual zone of the kind (see defaultZone). */
	zone: z.enum(ZONES).optional()
});

function invalid(issues: z.core.$ZodIssue[]): AppError {
	const field = String(issues[0]?.path[0] ?? '');
	const messages: Record<string, () => string> = {
		name: m.place_name_invalid,
		kind: m.place_kind_invalid,
		address: m.place_address_invalid,
		siteId: m.site_not_found,
		zone: m.place_zone_invalid
	};
	return new AppError('invalid_input', (messages[field] ?? m.error_invalid_input)(), 400, field || undefined);
}

export interface SiteRow {
	id: string;
	name: string;
	kind: SiteKind;
	address: string | null;
	active: boolean;
	locationCount: number;
}

/** Sites of the actor's organisation (everyone signed in may read them: forms need them). */
export async function listSites(ex: Executor, actor: Actor, opts: { includeInactive?: boolean } = {}): Promise<SiteRow[]> {
	return ex
		.select({
			id: sites.id,
			name: sites.name,
			kind: sites.kind,
			address: sites.address,
			active: sites.active,
			// Spelled out: drizzle leaves columns unqualified in a one-table select, and "id" would mean locations.id here.
			locationCount: sql<number>`(select count(*)::int from ${locations} l where l.site_id = ${sites}.id and l.active)`
		})
		.from(sites)
		.where(and(eq(sites.organisationId, actor.organisationId), opts.includeInactive ? undefined : eq(sites.active, true)))
		.orderBy(asc(sites.name));
}

async function requireSite(ex: Executor, actor: Actor, id: string, lock = false) {
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.site_not_found(), 404);
	const q = ex
		.select()
		.from(sites)
		.where(and(eq(sites.id, id), eq(sites.organisationId, actor.organisationId)));
	const [site] = lock ? await q.for('update') : await q;
	if (!site) throw new AppError('not_found', m.site_not_found(), 404);
	return site;
}

export async function getSite(ex: Executor, actor: Actor, id: string) {
	return requireSite(ex, actor, id);
}

export async function createSite(db: Database, actor: Actor, input: z.input<typeof siteSchema>): Promise<{ id: string }> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = siteSchema.safeParse(input);
	if (!parsed.success) throw invalid(parsed.error.issues);
	const s = parsed.data;
	try {
		return await db.transaction(async (tx) => {
			const [row] = await tx
				.insert(sites)
				.values({ organisationId: actor.organisationId, name: s.name, kind: s.kind, address: s.address || null })
				.returning({ id: sites.id });
			await audit(tx, actor, 'site.create', { type: 'site', id: row!.id }, { name: s.name, kind: s.kind });
			return row!;
		});
	} catch (e) {
		if (isUniqueViolation(e, 'sites_org_name_key')) throw new AppError('name_taken', m.site_name_taken(), 409, 'name');
		throw e;
	}
}

export async function updateSite(db: Database, actor: Actor, id: string, input: z.input<typeof siteSchema> & { active?: boolean }): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = siteSchema.safeParse(input);
	if (!parsed.success) throw invalid(parsed.error.issues);
	const s = parsed.data;
	try {
		await db.transaction(async (tx) => {
			const before = await requireSite(tx, actor, id, true);
			const active = input.active ?? before.active;
			await tx
				.update(sites)
				.set({ name: s.name, kind: s.kind, address: s.address || null, active, updatedAt: new Date() })
				.where(eq(sites.id, id));
			await audit(
				tx,
				actor,
				'site.update',
				{ type: 'site', id },
				{
					before: { name: before.name, kind: before.kind, address: before.address, active: before.active },
					after: { name: s.name, kind: s.kind, address: s.address || null, active }
				}
			);
		});
	} catch (e) {
		if (isUniqueViolation(e, 'sites_org_name_key')) throw new AppError('name_taken', m.site_name_taken(), 409, 'name');
		throw e;
	}
}

export interface LocationRow {
	id: string;
	code: string;
	name: string;
	kind: LocationKind;
	zone: Zone;
	active: boolean;
	siteId: string;
	siteName: string;
}

const locationColumns = {
	id: locations.id,
	code: locations.code,
	name: locations.name,
	kind: locations.kind,
	zone: locations.zone,
	active: locations.active,
	siteId: locations.siteId,
	siteName: sites.name
};

export async function listLocations(
	ex: Executor,
	actor: Actor,
	opts: { siteId?: string; includeInactive?: boolean; ids?: string[] } = {}
): Promise<LocationRow[]> {
	const conds = [eq(locations.organisationId, actor.organisationId)];
	if (opts.siteId) {
		if (!z.uuid().safeParse(opts.siteId).success) return [];
		conds.push(eq(locations.siteId, opts.siteId));
	}
	if (!opts.includeInactive) conds.push(eq(locations.active, true));
	if (opts.ids) {
		const ids = opts.ids.filter((id) => z.uuid().safeParse(id).success);
		if (ids.length === 0) return [];
		conds.push(inArray(locations.id, ids));
	}
	return ex
		.select(locationColumns)
		.from(locations)
		.innerJoin(sites, eq(sites.id, locations.siteId))
		.where(and(...conds))
		.orderBy(asc(sites.name), asc(locations.name));
}

/** Finds a location by the code printed on its label (what a scanner types), in the actor's organisation. */
export async function findLocationByCode(ex: Executor, actor: Actor, code: string): Promise<LocationRow | null> {
	const [row] = await ex
		.select(locationColumns)
		.from(locations)
		.innerJoin(sites, eq(sites.id, locations.siteId))
		.where(and(eq(locations.organisationId, actor.organisationId), eq(locations.code, code.trim().toUpperCase())));
	return row ?? null;
}

/** The zone a kind of location usually has, to pre-fill the form (shared with the browser). */
export { defaultZone };

/** Next label code of the organisation: EMP-0001, EMP-0002… (the organisation row is locked meanwhile). */
async function nextLocationCode(ex: Executor, organisationId: string): Promise<string> {
	await ex.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).for('update');
	const [row] = await ex
		.select({ n: sql<number>`coalesce(max(substring(${locations.code} from 5)::int), 0)::int` })
		.from(locations)
		.where(and(eq(locations.organisationId, organisationId), sql`${locations.code} ~ '^EMP-[0-9]+$'`));
	return 'EMP-' + String((row?.n ?? 0) + 1).padStart(4, '0');
}

export async function createLocation(db: Database, actor: Actor, input: z.input<typeof locationSchema>): Promise<{ id: string; code: string }> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = locationSchema.safeParse(input);
	if (!parsed.success) throw invalid(parsed.error.issues);
	const l = { ...parsed.data, zone: parsed.data.zone ?? defaultZone(parsed.data.kind) };
	try {
		return await db.transaction(async (tx) => {
			const site = await requireSite(tx, actor, l.siteId);
			if (!site.active) throw new AppError('site_inactive', m.site_inactive(), 409, 'siteId');
			const code = await nextLocationCode(tx, actor.organisationId);
			const [row] = await tx
				.insert(locations)
				.values({ organisationId: actor.organisationId, siteId: l.siteId, code, name: l.name, kind: l.kind, zone: l.zone })
				.returning({ id: locations.id, code: locations.code });
			await audit(tx, actor, 'location.create', { type: 'location', id: row!.id }, { code, name: l.name, zone: l.zone });
			return row!;
		});
	} catch (e) {
		if (isUniqueViolation(e, 'locations_site_name_key')) throw new AppError('name_taken', m.location_name_taken(), 409, 'name');
		throw e;
	}
}

export async function updateLocation(db: Database, actor: Actor, id: string, input: z.input<typeof locationSchema> & { active?: boolean }): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	const parsed = locationSchema.safeParse(input);
	if (!parsed.success) throw invalid(parsed.error.issues);
	const l = { ...parsed.data, zone: parsed.data.zone ?? defaultZone(parsed.data.kind) };
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.location_not_found(), 404);
	try {
		await db.transaction(async (tx) => {
			const [before] = await tx
				.select()
				.from(locations)
				.where(and(eq(locations.id, id), eq(locations.organisationId, actor.organisationId)))
				.for('update');
			if (!before) throw new AppError('not_found', m.location_not_found(), 404);
			const site = await requireSite(tx, actor, l.siteId);
			// A location may stay in its deactivated site, but not be moved into one.
			if (!site.active && site.id !== before.siteId) throw new AppError('site_inactive', m.site_inactive(), 409, 'siteId');
			const active = input.active ?? before.active;
			await tx.update(locations).set({ siteId: l.siteId, name: l.name, kind: l.kind, zone: l.zone, active, updatedAt: new Date() }).where(eq(locations.id, id));
			await audit(
				tx,
				actor,
				'location.update',
				{ type: 'location', id },
				{
					before: { siteId: before.siteId, name: before.name, kind: before.kind, zone: before.zone, active: before.active },
					after: { siteId: l.siteId, name: l.name, kind: l.kind, zone: l.zone, active }
				}
			);
		});
	} catch (e) {
		if (isUniqueViolation(e, 'locations_site_name_key')) throw new AppError('name_taken', m.location_name_taken(), 409, 'name');
		throw e;
	}
}

/** Deactivates or reactivates a site (nothing is deleted: its locations and history stay). */
export async function setSiteActive(db: Database, actor: Actor, id: string, active: boolean): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	await db.transaction(async (tx) => {
		const before = await requireSite(tx, actor, id, true);
		if (before.active === active) return;
		await tx.update(sites).set({ active, updatedAt: new Date() }).where(eq(sites.id, id));
		await audit(tx, actor, active ? 'site.reactivate' : 'site.deactivate', { type: 'site', id }, { name: before.name });
	});
}

/** Deactivates or reactivates a location (its code is never reused). */
export async function setLocationActive(db: Database, actor: Actor, id: string, active: boolean): Promise<void> {
	requireRole(actor, MANAGE_ORGANISATION);
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.location_not_found(), 404);
	await db.transaction(async (tx) => {
		const [before] = await tx
			.select({ id: locations.id, code: locations.code, name: locations.name, active: locations.active, siteActive: sites.active })
			.from(locations)
			.innerJoin(sites, eq(sites.id, locations.siteId))
			.where(and(eq(locations.id, id), eq(locations.organisationId, actor.organisationId)))
			.for('update', { of: locations });
		if (!before) throw new AppError('not_found', m.location_not_found(), 404);
		if (before.active === active) return;
		if (active && !before.siteActive) throw new AppError('site_inactive', m.site_inactive(), 409);
		await tx.update(locations).set({ active, updatedAt: new Date() }).where(eq(locations.id, id));
		await audit(tx, actor, active ? 'location.reactivate' : 'location.deactivate', { type: 'location', id }, { code: before.code, name: before.name });
	});
}

export async function getLocation(ex: Executor, actor: Actor, id: string): Promise<LocationRow> {
	if (!z.uuid().safeParse(id).success) throw new AppError('not_found', m.location_not_found(), 404);
	const [row] = await ex
		.select(locationColumns)
		.from(locations)
		.innerJoin(sites, eq(sites.id, locations.siteId))
		.where(and(eq(locations.id, id), eq(locations.organisationId, actor.organisationId)));
	if (!row) throw new AppError('not_found', m.location_not_found(), 404);
	return row;
}

export interface PlacesQuery {
	/** Part of a site's name, a location's name or code; accents and case are ignored. */
	q?: string;
	/** Also show deactivated sites and locations. */
	inactive?: boolean;
}

export interface SitePlaces extends SiteRow {
	locations: LocationRow[];
}

/** French alphabetical order ("Épicerie" before "Réserve"), whatever the database's collation. */
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Folds accents and case, so that "etagere" finds "Étagère". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The places page: each site with its locations, searched by name or code. A site whose name matches
 * shows all its locations; otherwise only its matching locations, and a site with none is left out.
 */
export async function listPlaces(db: Database, actor: Actor, query: PlacesQuery = {}): Promise<SitePlaces[]> {
	requireRole(actor, MANAGE_ORGANISATION);
	const inactive = query.inactive ?? false;
	const allSites = (await listSites(db, actor, { includeInactive: inactive })).sort((a, b) => collator.compare(a.name, b.name));
	const allLocations = (await listLocations(db, actor, { includeInactive: inactive })).sort((a, b) => collator.compare(a.name, b.name));
	const q = fold(query.q?.trim().slice(0, 100) ?? '');
	const out: SitePlaces[] = [];
	for (const site of allSites) {
		const own = allLocations.filter((l) => l.siteId === site.id);
		if (!q || fold(site.name).includes(q)) {
			out.push({ ...site, locations: own });
			continue;
		}
		const hits = own.filter((l) => fold(l.name).includes(q) || fold(l.code).includes(q));
		if (hits.length > 0) out.push({ ...site, locations: hits });
	}
	return out;
}
