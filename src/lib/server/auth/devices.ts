import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Database, Executor } from '../db';
import { devices, sessions, sites, users } from '../db/schema';
import { AppError } from '../errors';
import { isUuid } from '../http/input';
import type { Actor } from './actor';
import { requireRole } from './roles';
import { invalidateSession } from './sessions';
import { generateToken, hashToken } from './tokens';
import { SUPERVISE_STAFF } from '$lib/permissions';

export interface DeviceInfo {
	id: string;
	organisationId: string;
	name: string;
}

/**
 * Enrols the tablet this request comes from. Returns the token for its long-lived cookie; only the
 * hash is stored, and revoking the device makes the cookie worthless.
 *
 * `signOut`: the enrolling person leaves the tablet to the operators — their session (the actor's)
 * ends in the same transaction, audited `auth.logout` on the new tablet (the page then clears the cookie).
 */
export async function enrolDevice(
	db: Database,
	actor: Actor,
	input: { name: string; siteId?: string | null },
	opts: { signOut?: boolean } = {}
): Promise<{ token: string; device: DeviceInfo }> {
	requireRole(actor, SUPERVISE_STAFF);
	const name = input.name.trim();
	if (name.length < 2 || name.length > 60) throw new AppError('invalid_name', m.device_name_invalid(), 400, 'name');
	const token = generateToken();
	return db.transaction(async (tx) => {
		if (input.siteId) await requireSite(tx, actor.organisationId, input.siteId);
		const [device] = await tx
			.insert(devices)
			.values({
				organisationId: actor.organisationId,
				siteId: input.siteId ?? null,
				name,
				tokenHash: hashToken(token),
				enrolledBy: actor.userId
			})
			.returning({ id: devices.id, organisationId: devices.organisationId, name: devices.name });
		await audit(tx, actor, 'device.enrol', { type: 'device', id: device!.id }, { name });
		if (opts.signOut && actor.sessionId) {
			await invalidateSession(tx, actor.sessionId);
			await audit(tx, { ...actor, deviceId: device!.id }, 'auth.logout');
		}
		return { token, device: device! };
	});
}

async function requireSite(ex: Executor, organisationId: string, siteId: string) {
	const [site] = await ex
		.select({ id: sites.id })
		.from(sites)
		.where(and(eq(sites.organisationId, organisationId), eq(sites.id, siteId)));
	if (!site) throw new AppError('unknown_site', m.site_not_found(), 404, 'siteId');
}

/** The enrolled, not revoked device a cookie's token belongs to, or null. */
export async function validateDeviceToken(db: Database, token: string, now = new Date()): Promise<DeviceInfo | null> {
	if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
	const [row] = await db
		.select({ id: devices.id, organisationId: devices.organisationId, name: devices.name, lastSeenAt: devices.lastSeenAt })
		.from(devices)
		.where(and(eq(devices.tokenHash, hashToken(token)), isNull(devices.revokedAt)));
	if (!row) return null;
	if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > 3600_000) {
		await db.update(devices).set({ lastSeenAt: now }).where(eq(devices.id, row.id));
	}
	return { id: row.id, organisationId: row.organisationId, name: row.name };
}

/** Revokes a tablet: its cookie stops working and every session opened on it ends. */
export async function revokeDevice(db: Database, actor: Actor, deviceId: string, now = new Date()): Promise<void> {
	requireRole(actor, SUPERVISE_STAFF);
	if (!isUuid(deviceId)) throw new AppError('unknown_device', m.device_not_found(), 404);
	await db.transaction(async (tx) => {
		const [device] = await tx
			.update(devices)
			.set({ revokedAt: now, revokedBy: actor.userId })
			.where(and(eq(devices.id, deviceId), eq(devices.organisationId, actor.organisationId), isNull(devices.revokedAt)))
			.returning({ id: devices.id, name: devices.name });
		if (!device) throw new AppError('unknown_device', m.device_not_found(), 404);
		await tx.delete(sessions).where(eq(sessions.deviceId, deviceId));
		await audit(tx, actor, 'device.revoke', { type: 'device', id: deviceId }, { name: device.name });
	});
}

export interface DeviceRow {
	id: string;
	name: string;
	siteName: string | null;
	enrolledBy: string;
	createdAt: Date;
	lastSeenAt: Date | null;
	revokedAt: Date | null;
}

export async function listDevices(db: Database, actor: Actor): Promise<DeviceRow[]> {
	requireRole(actor, SUPERVISE_STAFF);
	return db
		.select({
			id: devices.id,
			name: devices.name,
			siteName: sites.name,
			enrolledBy: sql<string>`${users.firstName} || ' ' || ${users.lastName}`,
			createdAt: devices.createdAt,
			lastSeenAt: devices.lastSeenAt,
			revokedAt: devices.revokedAt
		})
		.from(devices)
		.leftJoin(sites, eq(sites.id, devices.siteId))
		.innerJoin(users, eq(users.id, devices.enrolledBy))
		.where(eq(devices.organisationId, actor.organisationId))
		.orderBy(sql`${devices.revokedAt} is not null`, asc(devices.name));
}
