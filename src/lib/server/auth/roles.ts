import { AppError } from '../errors';
import { m } from '$lib/paraglide/messages';

export const ROLES = ['admin', 'manager', 'social_worker', 'supervisor', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Who may manage people, places, tablets and API tokens of an organisation. */
export const MANAGERS: readonly Role[] = ['manager', 'admin'];
/** Who may enrol tablets and unlock operators' PINs. */
export const SUPERVISORS: readonly Role[] = ['supervisor', 'manager', 'admin'];
/** Who may take the till on a shared tablet with a PIN or a badge. */
export const TILL_ROLES: readonly Role[] = ['operator', 'supervisor'];

export function hasAnyRole(roles: readonly Role[], allowed: readonly Role[]): boolean {
	return roles.some((r) => allowed.includes(r));
}

/** Throws a 403 AppError unless the actor holds one of the allowed roles. */
export function requireRole(actor: { roles: readonly Role[] }, allowed: readonly Role[]): void {
	if (!hasAnyRole(actor.roles, allowed)) throw new AppError('forbidden', m.error_forbidden(), 403);
}

/** Roles a person may hand out: a manager cannot create an admin; an admin can give any role. */
export function assignableRoles(actorRoles: readonly Role[]): Role[] {
	if (actorRoles.includes('admin')) return [...ROLES];
	if (actorRoles.includes('manager')) return ROLES.filter((r) => r !== 'admin');
	return [];
}
