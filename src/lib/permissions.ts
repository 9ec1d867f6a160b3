/**
 * Who may do what: the one home of the role lists. Route groups (`GROUP_ACCESS` in
 * server/auth/access.ts), services (`requireRole(actor, …)`), the home page's tiles (tasks.ts) and the
 * OpenAPI document's `x-roles` all read these capabilities; none keeps a list of its own.
 *
 * Pure and client-safe (the home page's tiles are built in the browser too): no server import here.
 * To change who may do something, change its capability here; the role × route matrix
 * (tests/helpers/route-matrix.ts) then says which routes changed.
 */

export const ROLES = ['admin', 'manager', 'social_worker', 'supervisor', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Anyone signed in. */
export const EVERYONE: readonly Role[] = ROLES;

// ——— The organisation ———

/** Manage people's accounts and roles, places, API tokens, settings, the journal, location labels. */
export const MANAGE_ORGANISATION: readonly Role[] = ['manager', 'admin'];
/** Supervise the staff: enrol tablets, list people, unlock operators' PINs, give badges. */
export const SUPERVISE_STAFF: readonly Role[] = ['supervisor', 'manager', 'admin'];

// ——— Stock ———

/** Work the stockroom: receive goods, print labels, shelve, count, record losses, read the stock. */
export const WORK_STOCK: readonly Role[] = ['operator', 'supervisor', 'manager', 'admin'];
/** Validate receptions and counts, correct movements, recall lots. */
export const VALIDATE_STOCK: readonly Role[] = ['supervisor', 'manager', 'admin'];
/** Keep the catalogue (products, prices, barcodes) and the origins of goods. */
export const MANAGE_CATALOGUE: readonly Role[] = ['manager', 'admin'];

// ——— The till ———

/** Run the till: open it, serve households, hold baskets, close it. */
export const RUN_TILL: readonly Role[] = ['operator', 'supervisor', 'admin'];
/** Take the till on a shared tablet with a PIN or a badge (the people at the till in person). */
export const TAKE_TILL_ON_TABLET: readonly Role[] = ['operator', 'supervisor'];
/** Authorise going over a budget or a limit at the till, and take a return. */
export const AUTHORISE_AT_TILL: readonly Role[] = ['supervisor', 'manager', 'admin'];
/**
 * Read sales (route group `(sales)`): operators read only the sales of their till's open session
 * (`salesScope` in server/till/sales.ts); READ_ALL_SALES read every sale of the organisation.
 */
export const READ_SALES: readonly Role[] = ['operator', 'supervisor', 'manager', 'admin'];
/** Read every sale of the organisation (the sales list, any sale, any household's purchases). */
export const READ_ALL_SALES: readonly Role[] = ['supervisor', 'manager', 'admin'];
/**
 * Read Z reports: their list, any report, the CSV export, the till sessions' API (route group
 * `(zreports)`). An operator who closes a till sees the figures of that session only (`closedSession`).
 */
export const READ_Z_REPORTS: readonly Role[] = ['supervisor', 'manager', 'admin'];

// ——— Households (RGPD) ———

/** Open, write and read full household files: social workers only — not even admins. */
export const READ_HOUSEHOLD_FILES: readonly Role[] = ['social_worker'];
/** See household counts only (no names, no file). */
export const READ_HOUSEHOLD_COUNTS: readonly Role[] = ['social_worker', 'manager', 'admin'];
/** Read the households' settings and run the retention (anonymising old files). */
export const KEEP_HOUSEHOLD_RULES: readonly Role[] = ['manager', 'admin', 'social_worker'];
/** Look a card up at the till (what the till needs, nothing more). */
export const LOOK_UP_CARDS: readonly Role[] = ['operator', 'supervisor', 'social_worker', 'manager', 'admin'];

// ——— Reports (issue 12) ———

/** Read the stock reports (stock, expiry, losses, count differences) and the stock part of the dashboard. */
export const READ_STOCK_REPORTS: readonly Role[] = ['supervisor', 'manager', 'admin'];
/** Read every report: sales, flows by origin, FSE+, households served (counts only), the annual report. */
export const READ_REPORTS: readonly Role[] = ['manager', 'admin'];

// ——— The training record (issue 13) ———

/** Their own training record ("Mon parcours"): the employees on an insertion contract. */
export const OWN_TRAINING_RECORD: readonly Role[] = ['operator'];
/**
 * Read the training records of the organisation's people (their evidence, validations, contracts) and
 * validate their skills: the supervisors (encadrant·es techniques) and the managers. Not admins (IT), not
 * social workers. Every read of someone else's record is audited (`training.read`).
 */
export const READ_TRAINING_RECORDS: readonly Role[] = ['supervisor', 'manager'];
/** Validate a person's skill (a level, a comment); review their record. */
export const VALIDATE_SKILLS: readonly Role[] = ['supervisor', 'manager'];
/** Read the skills framework (with the events behind each skill). */
export const READ_SKILLS: readonly Role[] = ['supervisor', 'manager'];
/** Adapt the skills framework: add the organisation's own skills, change a skill's events. */
export const MANAGE_SKILLS: readonly Role[] = ['manager'];
/** Record contracts and exits; erase a person's record after their contract. */
export const MANAGE_CONTRACTS: readonly Role[] = ['manager'];

// ——— Food parcels (issue 14) ———

/** Keep the parcel templates (compositions by category) and the parcels' settings. */
export const MANAGE_PARCEL_TEMPLATES: readonly Role[] = ['manager', 'admin'];
/**
 * Plan distribution days (the households expected from their parcel rights, added by hand, absent),
 * close them, and read the sign-off sheet (émargement: reference, first name, FSE+ goods, signature;
 * every read audited). The people who run the distribution: supervisors, and managers (FSE+ audits).
 */
export const PLAN_DISTRIBUTIONS: readonly Role[] = ['supervisor', 'manager'];
/**
 * Prepare parcels on the tablet (picking list, scans, labels) and hand them over (card, signature): what
 * they see of a household is what the till sees (reference, first name).
 */
export const PREPARE_PARCELS: readonly Role[] = ['operator', 'supervisor'];

// ——— The ressourcerie (issue 15) ———

/**
 * Work the ressourcerie on the tablet: weigh intakes, sort, price and label items, weigh exits by
 * channel, move items. Operators and their supervisors (the atelier), managers too.
 */
export const WORK_REUSE: readonly Role[] = ['operator', 'supervisor', 'manager'];
/** Cancel an intake's or an exit's line, correct an item's stock (a supervisor's correction, never a deletion). */
export const CORRECT_REUSE: readonly Role[] = ['supervisor', 'manager'];
/** Keep the object categories by flux (average weights, eco-organism categories, price grids), the containers and the ressourcerie's settings. */
export const MANAGE_REUSE: readonly Role[] = ['manager', 'admin'];
/** Sell at the ressourcerie's till (public sale: anyone, no household): the people who run the till. */
export const SELL_PUBLIC: readonly Role[] = RUN_TILL;
/** Read the ressourcerie's reports: tonnage by flux and channel, rates, eco-organism declarations, takings by category. */
export const READ_REUSE_REPORTS: readonly Role[] = ['supervisor', 'manager', 'admin'];

/** The roles of `a` that are also in `b`, in `a`'s order: who passes both checks (a route group and a service). */
export function both(a: readonly Role[], b: readonly Role[]): Role[] {
	return a.filter((r) => b.includes(r));
}

/** The roles of a list but the admin's: the admin's home keeps to setting the organisation up. */
export function withoutAdmin(roles: readonly Role[]): Role[] {
	return roles.filter((r) => r !== 'admin');
}
