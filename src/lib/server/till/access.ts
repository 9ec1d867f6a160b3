import type { Role } from '../auth/roles';

/** Who runs the till: opens it, serves households, holds baskets, closes it. */
export const TILL_SERVICE_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin'];
/** Who may authorise going over a budget or a limit, and take a return. */
export const TILL_SUPERVISORS: readonly Role[] = ['supervisor', 'manager', 'admin'];
/**
 * Who reads sales (route group `(sales)`): operators read only the sales of their till's open session
 * (`salesScope` in sales.ts); SALES_ALL_READERS read every sale of the organisation.
 */
export const TILL_READERS: readonly Role[] = ['operator', 'supervisor', 'manager', 'admin'];
/** Who reads every sale of the organisation (the sales list, any sale, any household's purchases). */
export const SALES_ALL_READERS: readonly Role[] = ['supervisor', 'manager', 'admin'];
/**
 * Who reads Z reports: their list, any report, the CSV export, the till sessions' API (route group
 * `(zreports)`). An operator who closes a till sees the figures of that session only (`closedSession`).
 */
export const Z_READERS: readonly Role[] = ['supervisor', 'manager', 'admin'];

/** Where a till runs: an enrolled tablet, or an API token (scripts, partner software). */
export type TillPoint = { deviceId: string; apiTokenId?: null } | { deviceId?: null; apiTokenId: string };
