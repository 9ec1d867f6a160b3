import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { audit } from '../audit';
import type { Database } from '../db';
import { memberships, users } from '../db/schema';
import { AppError } from '../errors';
import type { DeviceInfo } from './devices';
import { checkPin } from './pin';
import { createSession, type IssuedSession } from './sessions';
import { hashToken } from './tokens';
import { TAKE_TILL_ON_TABLET } from '$lib/permissions';

/** What a badge's QR code holds: this prefix, then the secret token. */
export const BADGE_PREFIX = 'BADGE-';

export interface TillOperator {
	id: string;
	firstName: string;
	/** Initial of the last name, to tell two people with the same first name apart. */
	initial: string;
	locked: boolean;
}

/** The people who may take the till on this tablet (operators and supervisors with a PIN). */
export async function listTillOperators(db: Database, device: DeviceInfo): Promise<TillOperator[]> {
	const rows = await db
		.selectDistinct({
			id: users.id,
			firstName: users.firstName,
			lastName: users.lastName,
			locked: sql<boolean>`${users.pinLockedAt} is not null`
		})
		.from(users)
		.innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organisationId, users.organisationId)))
		.where(
			and(
				eq(users.organisationId, device.organisationId),
				eq(users.active, true),
				isNotNull(users.pinHash),
				inArray(memberships.role, [...TAKE_TILL_ON_TABLET])
			)
		)
		.orderBy(asc(users.firstName), asc(users.lastName));
	return rows.map((r) => ({ id: r.id, firstName: r.firstName, initial: r.lastName.slice(0, 1).toUpperCase(), locked: r.locked }));
}

function requireDevice(device: DeviceInfo | null): asserts device is DeviceInfo {
	if (!device) throw new AppError('device_not_enrolled', m.tablet_not_enrolled(), 403);
}

export type PinResult = { ok: true; session: IssuedSession; userId: string; organisationId: string } | { ok: false; error: AppError };

/**
 * Takes the till with a PIN on an enrolled tablet. The PIN is checked by checkPin (auth/pin.ts): wrong
 * PINs slow this person on this tablet, and only many in a row lock the PIN. The count is written even
 * though the sign-in fails, so the function returns the failure instead of throwing inside the
 * transaction.
 */
export async function pinSignIn(
	db: Database,
	device: DeviceInfo | null,
	input: { userId: string; pin: string; userAgent?: string | null },
	now = new Date()
): Promise<PinResult> {
	requireDevice(device);
	return db.transaction(async (tx): Promise<PinResult> => {
		const [user] = await tx
			.select()
			.from(users)
			.where(and(eq(users.id, input.userId), eq(users.organisationId, device.organisationId), eq(users.active, true)))
			.for('update');
		const roles = user
			? await tx
					.select({ role: memberships.role })
					.from(memberships)
					.where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, user.organisationId)))
			: [];
		if (!user || !roles.some((r) => TAKE_TILL_ON_TABLET.includes(r.role))) {
			return { ok: false, error: new AppError('unknown_user', m.tablet_unknown_person(), 404) };
		}
		const checked = await checkPin(tx, { user, place: { deviceId: device.id }, pin: input.pin, purpose: 'sign_in' }, now);
		if (!checked.ok) return checked;
		const session = await createSession(
			tx,
			{ userId: user.id, organisationId: user.organisationId, method: 'pin', deviceId: device.id, userAgent: input.userAgent },
			now
		);
		await audit(tx, { organisationId: user.organisationId, userId: user.id, deviceId: device.id }, 'auth.login', null, { method: 'pin' });
		return { ok: true, session, userId: user.id, organisationId: user.organisationId };
	});
}

/** Takes the till by scanning a badge. A re-issued badge replaces the old one, which stops working. */
export async function badgeSignIn(
	db: Database,
	device: DeviceInfo | null,
	input: { code: string; userAgent?: string | null },
	now = new Date()
): Promise<IssuedSession & { userId: string }> {
	requireDevice(device);
	const code = input.code.trim();
	const token = code.toUpperCase().startsWith(BADGE_PREFIX) ? code.slice(BADGE_PREFIX.length).toLowerCase() : '';
	if (!/^[a-z2-7]{16,64}$/.test(token)) throw new AppError('not_a_badge', m.badge_not_a_badge(), 400);
	return db.transaction(async (tx) => {
		const [user] = await tx
			.select({ id: users.id, organisationId: users.organisationId })
			.from(users)
			.where(and(eq(users.badgeTokenHash, hashToken(token)), eq(users.organisationId, device.organisationId), eq(users.active, true)));
		if (!user) throw new AppError('unknown_badge', m.badge_unknown(), 404);
		const roles = await tx
			.select({ role: memberships.role })
			.from(memberships)
			.where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, user.organisationId)));
		if (!roles.some((r) => TAKE_TILL_ON_TABLET.includes(r.role))) throw new AppError('unknown_badge', m.badge_unknown(), 404);
		const session = await createSession(
			tx,
			{ userId: user.id, organisationId: user.organisationId, method: 'badge', deviceId: device.id, userAgent: input.userAgent },
			now
		);
		await audit(tx, { organisationId: user.organisationId, userId: user.id, deviceId: device.id }, 'auth.login', null, { method: 'badge' });
		return { ...session, userId: user.id };
	});
}
