import type { Role } from '../auth/roles';

/** Who works the stockroom: receive, label, shelve, count, record losses. */
export const STOCK_ROLES: readonly Role[] = ['operator', 'supervisor', 'manager', 'admin'];
/** Who validates receptions and counts, corrects movements and recalls lots. */
export const STOCK_SUPERVISORS: readonly Role[] = ['supervisor', 'manager', 'admin'];
/** Who keeps the catalogue and the origins. */
export const CATALOGUE_ROLES: readonly Role[] = ['manager', 'admin'];
