import type { Role } from '../auth/roles';

/** Who runs the till: opens it, serves households, holds baskets, closes it. */
export const TILL_SERVICE_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin'];
/** Who may authorise going over a budget or a limit, and take a return. */
export const TILL_SUPERVISORS: readonly Role[] = ['supervisor', 'manager', 'admin'];
/** Who reads Z reports and every till's sales. */
export const TILL_READERS: readonly Role[] = ['operator', 'supervisor', 'manager', 'admin'];

/** Where a till runs: an enrolled tablet, or an API token (scripts, partner software). */
export type TillPoint = { deviceId: string; apiTokenId?: null } | { deviceId?: null; apiTokenId: string };
