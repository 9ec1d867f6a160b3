import { AppError } from '../errors';
import { m } from '$lib/paraglide/messages';

import { MANAGE_ORGANISATION, ROLES, type Role } from '$lib/permissions';

/** The roles and the capabilities (who may do what) live in `$lib/permissions`. */
export { isRole, ROLES, type Role } from '$lib/permissions';

export function hasAnyRole(roles: readonly Role[], allowed: readonly Role[]): boolean {
	return roles.some((r) => allowed.includes(r));
}

/** Throws a 403 AppError unless the actor holds one of the allowed roles. */
export function requireRole(actor: { roles: readonly Role[] }, allowed: readonly Role[]): void {
	if (!hasAnyRole(actor.roles, allowed)) throw new AppError('forbidden', m.error_forbidden(), 403);
}

/**
 * The roles a role "covers": what a person holding it may manage in others. A role covers itself and
 * the roles whose every power it already has — never more (issue 9: no one gains a role they don't hold):
 * - an admin covers manager, supervisor and operator (admins open every route group a manager,
 *   supervisor or operator opens); an admin is covered only by an admin;
 * - a manager covers supervisor and operator (managers already validate the till's overrides and
 *   returns, read its sales and look households up at the till);
 * - a supervisor covers operator (the operators they train and whose PINs they unlock);
 * - nobody but a social worker covers social_worker: household files are for social workers only,
 *   not for managers nor admins.
 */
export const COVERS: Readonly<Record<Role, readonly Role[]>> = {
	admin: ['admin', 'manager', 'supervisor', 'operator'],
	manager: ['manager', 'supervisor', 'operator'],
	social_worker: ['social_worker'],
	supervisor: ['supervisor', 'operator'],
	operator: ['operator']
};

/** Every role covered by at least one of the person's roles. */
export function coveredRoles(actorRoles: readonly Role[]): Role[] {
	return ROLES.filter((r) => actorRoles.some((mine) => COVERS[mine].includes(r)));
}

/**
 * The one rule for changing another person's account (password, PIN, badge, active state, name and
 * roles): every role the person holds must be covered by the actor's roles. So an admin is changed only
 * by an admin, and a social worker only by someone who is a social worker too.
 */
export function canManagePerson(actorRoles: readonly Role[], targetRoles: readonly Role[]): boolean {
	const covered = coveredRoles(actorRoles);
	return targetRoles.every((r) => covered.includes(r));
}

/**
 * Roles a person may hand out (managers and admins only): the roles they cover. A manager cannot
 * create an admin nor a social worker; an admin can give any role but social worker.
 */
export function assignableRoles(actorRoles: readonly Role[]): Role[] {
	if (!hasAnyRole(actorRoles, MANAGE_ORGANISATION)) return [];
	return coveredRoles(actorRoles);
}
