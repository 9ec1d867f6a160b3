import {
	EVERYONE,
	MANAGE_ORGANISATION,
	READ_HOUSEHOLD_FILES,
	READ_REPORTS,
	READ_SALES,
	READ_STOCK_REPORTS,
	READ_Z_REPORTS,
	RUN_TILL,
	SUPERVISE_STAFF,
	WORK_STOCK,
	READ_TRAINING_RECORDS,
	OWN_TRAINING_RECORD,
	WORK_REUSE,
	MANAGE_REUSE,
	READ_REUSE_REPORTS,
	PLAN_DISTRIBUTIONS,
	PREPARE_PARCELS
} from '$lib/permissions';
import { hasAnyRole, type Role } from './roles';

/**
 * Who may enter each route group. A route lives in one or more groups, e.g.
 * `src/routes/(app)/(manage)/people`; a person needs one of the roles of *every* group the route is in.
 * `null` means: open to anyone, signed in or not.
 *
 * Each group opens to a capability of `$lib/permissions` (the one home of the role lists).
 * To add a feature: put its route in a group, or add a group here with its capability. A route that is
 * in no group listed here is refused to everyone (fail closed), so a forgotten guard cannot leak.
 */
export const GROUP_ACCESS: Record<string, readonly Role[] | null> = {
	'(public)': null,
	'(app)': EVERYONE,
	'(supervise)': SUPERVISE_STAFF,
	'(manage)': MANAGE_ORGANISATION,
	/** Stockroom work: reception, labels, shelving, counts, losses. */
	'(stock)': WORK_STOCK,
	/** Household files, committee, rights, cards: sensitive (RGPD), social workers only — not even admins. */
	'(social)': READ_HOUSEHOLD_FILES,
	/** What the till needs (card lookup): operators and supervisors (and admins, who open every group but (social)). */
	'(till)': RUN_TILL,
	/** Sales and receipts: the till's people (operators: their till's open session only) and the managers who report on it. */
	'(sales)': READ_SALES,
	/** Z reports (list, report, CSV export): supervisors, managers, admins — not operators. */
	'(zreports)': READ_Z_REPORTS,
	/** Stock reports and the dashboard (issue 12): supervisors, managers, admins. */
	'(stockreports)': READ_STOCK_REPORTS,
	/** Every other report (sales, origins, FSE+, households counted, annual): managers and admins. */
	'(reports)': READ_REPORTS,
	/** Other people's training records, contracts, the skills framework (issue 13): supervisors and managers. */
	'(training)': READ_TRAINING_RECORDS,
	/** "Mon parcours": an operator's own training record and booklet. */
	'(mytraining)': OWN_TRAINING_RECORD,
	/** Distribution days: plan, households expected, close, sign-off sheet (issue 14): supervisors and managers. */
	'(distributions)': PLAN_DISTRIBUTIONS,
	/** Preparing parcels and handing them over on the tablet: operators and supervisors. */
	'(parcels)': PREPARE_PARCELS,
	/** The ressourcerie's tablet work (issue 15): intakes weighed by flux, items priced and labelled, exits by channel. */
	'(reuse)': WORK_REUSE,
	/** The ressourcerie's categories by flux, price grids, containers and settings: managers and admins. */
	'(reusemanage)': MANAGE_REUSE,
	/** The ressourcerie's reports (tonnage, rates, eco-organism declarations, takings by category). */
	'(reusereports)': READ_REUSE_REPORTS
};

export type AccessDecision = 'allow' | 'sign_in' | 'forbidden';

/** Route groups named in a SvelteKit route id, in order: "/(app)/(manage)/people" → ["(app)", "(manage)"]. */
export function routeGroups(routeId: string): string[] {
	return routeId.match(/\([^/()]+\)/g) ?? [];
}

/**
 * The decision for a route and a person (roles, or null when nobody is signed in).
 * Unknown routes (no route id: a 404) are allowed through so that SvelteKit answers 404.
 */
export function decideAccess(routeId: string | null, roles: readonly Role[] | null): AccessDecision {
	if (routeId === null) return 'allow';
	const groups = routeGroups(routeId);
	const known = groups.filter((g) => g in GROUP_ACCESS);
	if (known.length === 0 || known.length !== groups.length) return 'forbidden';
	const required = known.map((g) => GROUP_ACCESS[g]).filter((r): r is readonly Role[] => r !== null);
	if (required.length === 0) return 'allow';
	if (roles === null) return 'sign_in';
	return required.every((allowed) => hasAnyRole(roles, allowed)) ? 'allow' : 'forbidden';
}
