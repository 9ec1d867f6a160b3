import type { Actor } from './actor';

/** The account page, where a temporary password is changed. */
export const CHANGE_PASSWORD_PATH = '/compte';

/**
 * True when the request must wait until the person changes their temporary password (set by someone
 * else, see people.setPassword): everything but the account page and the public pages (sign-out,
 * language, sign-in). Unknown routes (404) pass. API tokens never carry a temporary password.
 */
export function blockedByTemporaryPassword(actor: Pick<Actor, 'mustChangePassword'> | null, routeId: string | null): boolean {
	if (!actor?.mustChangePassword || routeId === null) return false;
	return !(routeId === '/(app)/compte' || routeId === '/(public)' || routeId.startsWith('/(public)/'));
}
