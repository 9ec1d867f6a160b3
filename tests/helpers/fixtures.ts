import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Actor } from '$lib/server/auth/actor';
import { enrolDevice, type DeviceInfo } from '$lib/server/auth/devices';
import { hashSecret } from '$lib/server/auth/password';
import { isRole, ROLES, type Role } from '$lib/server/auth/roles';
import type { Database } from '$lib/server/db';
import { auditLog, locations, memberships, organisations, sites, users } from '$lib/server/db/schema';
import { AppError } from '$lib/server/errors';

/** Every fixture account has this password… */
export const TEST_PASSWORD = 'correct-horse-battery';
/** …and the till roles (supervisor, operator) this PIN. */
export const TEST_PIN = '2580';

// argon2 costs ~50-100 ms a hash: hash each secret once per test file and share it.
let passwordHash: Promise<string> | null = null;
let pinHash: Promise<string> | null = null;
const hashedPassword = () => (passwordHash ??= hashSecret(TEST_PASSWORD));
const hashedPin = () => (pinHash ??= hashSecret(TEST_PIN));

/** A short random tag, so that fixtures of many tests can share one database (usernames are global). */
export const uniq = () => randomBytes(4).toString('hex');

export interface TestUser {
	id: string;
	username: string;
	firstName: string;
	lastName: string;
	roles: Role[];
}

export interface OrgFixture {
	organisationId: string;
	name: string;
	slug: string;
	/** Two active sites: an épicerie and a stockroom. */
	siteIds: { epicerie: string; reserve: string };
	/** One ambient location in the stockroom (EMP-0001). */
	locationId: string;
	/** One person per role, each with only that role. */
	users: Record<Role, TestUser>;
	/** Those people as actors (signed in with a password, no device). */
	actors: Record<Role, Actor>;
}

function actorFrom(org: { id: string; name: string }, u: TestUser, extra: Partial<Actor> = {}): Actor {
	return {
		kind: 'user',
		userId: u.id,
		organisationId: org.id,
		organisationName: org.name,
		username: u.username,
		firstName: u.firstName,
		lastName: u.lastName,
		roles: [...u.roles],
		deviceId: null,
		sessionId: null,
		apiTokenId: null,
		method: 'password',
		...extra
	};
}

/**
 * An organisation with two sites, a location and one account per role, inserted directly (fast).
 * Every account has TEST_PASSWORD; supervisors and operators also TEST_PIN.
 */
export async function makeOrg(db: Database, name = 'Épicerie test'): Promise<OrgFixture> {
	const tag = uniq();
	const slug = `org-${tag}`;
	const [pw, pin] = await Promise.all([hashedPassword(), hashedPin()]);
	return db.transaction(async (tx) => {
		const [org] = await tx.insert(organisations).values({ name, slug }).returning({ id: organisations.id, name: organisations.name });
		const organisationId = org!.id;
		const [epicerie, reserve] = await tx
			.insert(sites)
			.values([
				{ organisationId, name: 'Épicerie', kind: 'epicerie' },
				{ organisationId, name: 'Réserve', kind: 'entrepot' }
			])
			.returning({ id: sites.id });
		const [location] = await tx
			.insert(locations)
			.values({ organisationId, siteId: reserve!.id, code: 'EMP-0001', name: 'Étagère A', kind: 'etagere', zone: 'ambient' })
			.returning({ id: locations.id });
		const made = {} as Record<Role, TestUser>;
		for (const role of ROLES) {
			const u = { username: `${tag}.${role.replace('_', '-')}`, firstName: `Prénom-${role}`, lastName: `Nom-${tag}` };
			const till = role === 'operator' || role === 'supervisor';
			const [row] = await tx
				.insert(users)
				.values({ organisationId, ...u, passwordHash: pw, pinHash: till ? pin : null })
				.returning({ id: users.id });
			await tx.insert(memberships).values({ organisationId, userId: row!.id, role });
			made[role] = { id: row!.id, ...u, roles: [role] };
		}
		const actors = Object.fromEntries(ROLES.map((r) => [r, actorFrom(org!, made[r])])) as Record<Role, Actor>;
		return {
			organisationId,
			name: org!.name,
			slug,
			siteIds: { epicerie: epicerie!.id, reserve: reserve!.id },
			locationId: location!.id,
			users: made,
			actors
		};
	});
}

/** One more person in the organisation, inserted directly, with the given roles. */
export async function addUser(
	db: Database,
	org: OrgFixture,
	roles: Role[],
	opts: { password?: boolean; pin?: boolean; active?: boolean } = {}
): Promise<{ user: TestUser; actor: Actor }> {
	const tag = uniq();
	const u = { username: `${tag}.extra`, firstName: `Extra-${tag}`, lastName: 'Test' };
	const pw = opts.password === false ? null : await hashedPassword();
	const pin = opts.pin ? await hashedPin() : null;
	const id = await db.transaction(async (tx) => {
		const [row] = await tx
			.insert(users)
			.values({ organisationId: org.organisationId, ...u, passwordHash: pw, pinHash: pin, active: opts.active ?? true })
			.returning({ id: users.id });
		if (roles.length > 0) await tx.insert(memberships).values(roles.map((role) => ({ organisationId: org.organisationId, userId: row!.id, role })));
		return row!.id;
	});
	const user = { id, ...u, roles };
	return { user, actor: actorFrom({ id: org.organisationId, name: org.name }, user) };
}

/** The actor a person is now, read from the database (roles as stored). */
export async function actorOf(db: Database, userId: string, extra: Partial<Actor> = {}): Promise<Actor> {
	const [row] = await db
		.select({ user: users, orgName: organisations.name })
		.from(users)
		.innerJoin(organisations, eq(organisations.id, users.organisationId))
		.where(eq(users.id, userId));
	if (!row) throw new Error(`no user ${userId}`);
	const roles = await db
		.select({ role: memberships.role })
		.from(memberships)
		.where(and(eq(memberships.userId, userId), eq(memberships.organisationId, row.user.organisationId)));
	return actorFrom({ id: row.user.organisationId, name: row.orgName }, { ...row.user, roles: roles.map((r) => r.role).filter(isRole) }, extra);
}

/** Enrols a tablet in the organisation (by its supervisor) and returns its cookie token and device. */
export async function makeDevice(db: Database, org: OrgFixture, name = 'Tablette caisse'): Promise<{ token: string; device: DeviceInfo }> {
	return enrolDevice(db, org.actors.supervisor, { name, siteId: org.siteIds.epicerie });
}

/** Awaits a promise that must fail with an AppError of this code (and status, when given). */
export async function expectAppError(promise: Promise<unknown>, code: string, status?: number): Promise<AppError> {
	let caught: unknown;
	try {
		await promise;
	} catch (e) {
		caught = e;
	}
	expect(caught, `expected AppError ${code}`).toBeInstanceOf(AppError);
	const err = caught as AppError;
	expect(err.code).toBe(code);
	if (status !== undefined) expect(err.status).toBe(status);
	expect(err.message.length).toBeGreaterThan(0);
	return err;
}

/**
 * Awaits a promise that must fail with a PostgreSQL error of this SQLSTATE (e.g. 23503 foreign key);
 * returns the database's message for that error.
 */
export async function expectPgError(promise: Promise<unknown>, sqlState: string): Promise<string> {
	let caught: unknown;
	try {
		await promise;
	} catch (e) {
		caught = e;
	}
	expect(caught, `expected PostgreSQL error ${sqlState}`).toBeDefined();
	let cur: unknown = caught;
	const codes: string[] = [];
	let message = '';
	for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
		const c = (cur as { code?: unknown }).code;
		if (typeof c === 'string') codes.push(c);
		if (c === sqlState && !message) message = String((cur as { message?: unknown }).message ?? '');
		cur = (cur as { cause?: unknown }).cause;
	}
	expect(codes).toContain(sqlState);
	return message;
}

/** Audit rows of an organisation, oldest first, optionally of one action. */
export async function auditRows(db: Database, organisationId: string, action?: string) {
	return db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.organisationId, organisationId), action ? eq(auditLog.action, action) : undefined))
		.orderBy(auditLog.id);
}
