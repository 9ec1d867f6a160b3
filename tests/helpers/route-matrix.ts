// The role × route matrix: what every route discovered in src/routes (route-routes.ts) must answer to
// each kind of visitor. Written by hand from the product rules (DESIGN.md, "Who uses it"; issue 9),
// NOT computed from src/lib/server/auth/access.ts: a table that re-computed the code's own answer
// would prove nothing. Checked over HTTP by tests/e2e/route-matrix.spec.ts; a unit test
// (src/lib/server/auth/route-matrix.test.ts) checks that the table and the file tree have the same keys.
//
// Adding a route: add one entry to EXPECTED (key printed by the failing test: "GET /(app)/…",
// "POST /(app)/…?/action", "POST /api/v1/…"), and a PARAM_VALUES entry for each [param] of its path.
// See docs/testing.md, "The role × route matrix".
import { discoverRoutes, type Kind, type RouteCheck } from './route-routes';

export const ACTORS = ['anonymous', 'operator', 'supervisor', 'manager', 'admin', 'social_worker', 'token', 'other_org', 'other_token'] as const;
/**
 * anonymous: nobody signed in. operator: Karim, signed in by PIN on an enrolled tablet. supervisor: Nadia;
 * manager: Sophie; admin: Camille; social_worker: Julien (password sign-in). token: an API token of the demo
 * organisation with the role admin (what an admin can mint), sent as `Authorization: Bearer` — outside
 * /api it is ignored, so it is anonymous there. other_org: a person of a second organisation holding all
 * five roles, who must never reach the demo organisation's ids nor see its data. other_token: an API token of
 * that person with all five roles (the same rule through `Authorization: Bearer`).
 */
export type Actor = (typeof ACTORS)[number];
type Role = 'operator' | 'supervisor' | 'manager' | 'admin' | 'social_worker';
const ROLE_ACTORS: readonly Role[] = ['operator', 'supervisor', 'manager', 'admin', 'social_worker'];
/** The roles of the API token actor (see above). */
const TOKEN_ROLES: readonly Role[] = ['admin'];

/**
 * allow: a page or endpoint GET answers 200; an API GET 200; a form action or API write is NOT refused:
 *   200, 201, 303, or 400/404/409/422 with a French message — it was let in and judged its empty body
 *   (a 404 when the body names nothing, e.g. no id of a line to remove).
 * sign_in: a page GET redirects (303) to /connexion; a POST or an endpoint answers 401 (JSON on /api).
 * forbidden: 403 (JSON `{ error: { code: 'forbidden' } }` on /api).
 * hidden: 404 (or 403): another organisation's id.
 * { status, location? }: exactly these statuses (and a redirect to a path starting with `location`).
 */
export type Expect = 'allow' | 'sign_in' | 'forbidden' | 'hidden' | { status: number[]; location?: string; why: string };
export type Row = Record<Actor, Expect>;

export interface Entry {
	row: Row;
	/** Form body to post (default: empty). Only where an empty body would be judged before the permission. */
	body?: Record<string, string>;
	/** Runs after every other check of the actor: the action ends the session or changes the language. */
	last?: boolean;
	/** A public document that names demo things by design (e.g. the OpenAPI examples): its body is not checked for the demo's markers. */
	publicDocument?: string;
}

// Who may do what, from DESIGN.md's roles table (and issue 9 where noted).
const SIGNED: Role[] = ['operator', 'supervisor', 'manager', 'admin', 'social_worker'];
const MANAGE: Role[] = ['manager', 'admin'];
const SUPERVISE: Role[] = ['supervisor', 'manager', 'admin'];
/** Stockroom work: receive, label, shelve, count. */
const STOCK: Role[] = ['operator', 'supervisor', 'manager', 'admin'];
/** Validating receptions and counts, correcting movements, recalling lots: the supervisors, not operators. */
const STOCK_CHECK: Role[] = ['supervisor', 'manager', 'admin'];
/** Household files: social workers only, not even admins (RGPD). */
const SOCIAL: Role[] = ['social_worker'];
/** The till: operators and supervisors at the tablet (and admins); managers report, they do not serve. */
const TILL: Role[] = ['operator', 'supervisor', 'admin'];
/** Sales lists: the till's people (an operator sees only their own till session's) and the managers. */
const SALES: Role[] = ['operator', 'supervisor', 'manager', 'admin'];
/** Overrides and returns at the till: supervisors, managers and admins, not operators. */
const AUTHORISE: Role[] = ['supervisor', 'manager', 'admin'];
/** Z reports: supervisors and managers (and admins), not operators. issue 9: privacy */
const ZREPORTS: Role[] = ['supervisor', 'manager', 'admin'];
/** issue 12: the stock reports (stock, expiry, losses, counts) and the dashboard: supervisors see the stock, managers everything. */
const STOCK_REPORTS: Role[] = ['supervisor', 'manager', 'admin'];
/** issue 12: every other report (sales, origins, FSE+, households counted, annual): managers (and admins), not supervisors. */
const REPORTS: Role[] = ['manager', 'admin'];
/** issue 13: other people's training records and the skills framework: supervisors and managers, not admins (DESIGN.md: the organisation's IT person). */
const READ_TRAINING: Role[] = ['supervisor', 'manager'];
/** issue 14: planning distributions, closing them, the sign-off sheet (PLAN_DISTRIBUTIONS). */
const PLAN: Role[] = ['supervisor', 'manager'];
/** issue 14: preparing parcels and handing them over on the tablet (PREPARE_PARCELS). */
const PREP: Role[] = ['operator', 'supervisor'];
/** issue 14: the handover lookup without a code names no household: 404 in French once let in. */
const NO_CARD: Partial<Row> = Object.fromEntries(
	(['operator', 'supervisor', 'other_org', 'other_token'] as const).map((a) => [a, { status: [404], why: 'no card or reference: unknown household' }])
);
/** issue 14: preparing parcels on the tablet (picking list, scans, label): operators and supervisors. */
const PREPARE: Role[] = ['operator', 'supervisor'];
/** issue 15: the ressourcerie's tablet work (WORK_REUSE): operators, supervisors, managers — not admins. */
const RI_WORK: Role[] = ['operator', 'supervisor', 'manager'];
/** issue 15: cancelling a weighing (CORRECT_REUSE): supervisors and managers. */
const RI_CORRECT: Role[] = ['supervisor', 'manager'];
/** issue 15: reading the ressourcerie's categories and containers: its workers, managers, admins and the till's people. */
const RI_READ: Role[] = ['operator', 'supervisor', 'manager', 'admin'];
/** A report: its page, its two downloads and its API route (issue 12). */
function reportRows(group: '(stockreports)' | '(reports)', page: string, api: string): Record<string, Entry> {
	const who = group === '(stockreports)' ? STOCK_REPORTS : REPORTS;
	return {
		[`GET /(app)/${group}/rapports/${page}`]: e(row('page', false, who)),
		[`GET /(app)/${group}/rapports/${page}/export.csv`]: e(row('endpoint', false, who)),
		[`GET /(app)/${group}/rapports/${page}/export.xlsx`]: e(row('endpoint', false, who)),
		[`GET /api/v1/(app)/${group}/reports/${api}`]: e(row('api', false, who))
	};
}

interface Opts {
	/** Answer for the demo organisation's roles not in the list (default 'forbidden'). */
	deny?: Expect;
	/** Overrides for single actors. */
	set?: Partial<Row>;
}

/** A row: each role allowed or refused; anonymous and the token by the kind of route; the other organisation by whether the path carries a demo id. */
function row(kind: Kind, withIds: boolean, allowed: readonly Role[] | 'public', opts: Opts = {}): Row {
	const r = {} as Row;
	const pub = allowed === 'public';
	const list = pub ? ROLE_ACTORS : allowed;
	for (const role of ROLE_ACTORS) r[role] = list.includes(role) ? 'allow' : (opts.deny ?? 'forbidden');
	r.anonymous = pub ? 'allow' : 'sign_in';
	// A Bearer token counts only on /api; elsewhere it is a visitor with no session.
	r.token = pub ? 'allow' : kind === 'api' ? (TOKEN_ROLES.some((t) => list.includes(t)) ? 'allow' : 'forbidden') : 'sign_in';
	// The other organisation holds every role: refused only by the organisation, i.e. the ids of the path.
	r.other_org = pub ? 'allow' : withIds ? 'hidden' : 'allow';
	r.other_token = pub ? 'allow' : kind !== 'api' ? 'sign_in' : withIds ? 'hidden' : 'allow';
	return { ...r, ...opts.set };
}

const page = (allowed: readonly Role[] | 'public', opts?: Opts) => row('page', false, allowed, opts);
const pageId = (allowed: readonly Role[], opts?: Opts) => row('page', true, allowed, opts);
const api = (allowed: readonly Role[] | 'public', opts?: Opts) => row('api', false, allowed, opts);
const apiId = (allowed: readonly Role[], opts?: Opts) => row('api', true, allowed, opts);
const e = (row: Row, extra: Omit<Entry, 'row'> = {}): Entry => ({ row, ...extra });

const toHome = (why: string): Expect => ({ status: [303], location: '/', why });
/** The till's pages run on an enrolled tablet: elsewhere a 409 with a French message. */
const NOT_A_TABLET: Expect = { status: [409], why: 'the till runs on an enrolled tablet' };
/** issue 9 (http, item 7): the till's actions without a tablet answer 500 today; a 4xx with a French message is expected. */
const ACTION_NOT_A_TABLET: Expect = { status: [400, 403, 409], why: 'the till runs on an enrolled tablet (issue 9 item 7: 500 today)' };
/** The till pages away from a tablet: supervisor, admin and the other organisation's person sign in with a password on a computer. */
const offTablet = (x: Expect): Partial<Row> => ({ supervisor: x, admin: x, other_org: x });
/** Badge sign-in is for enrolled tablets: elsewhere 403. */
const BADGE_NOT_A_TABLET: Expect = { status: [403], why: 'a badge signs in only on an enrolled tablet' };

/** The catalogue file is posted as text/csv: the matrix's empty JSON body is refused as such (415), once let in. */
const csvOnly = (who: Actor[]): Partial<Row> => Object.fromEntries(who.map((a) => [a, { status: [415], why: 'the body must be a CSV file (text/csv)' }]));

/**
 * Route id → parameter → which fixture of the demo organisation fills it (see the spec's fixtures).
 * The test fails on a route with a parameter missing here.
 */
export const FIXTURE_KINDS = [
	'product',
	'location',
	'site',
	'tillSession',
	'sale',
	'household',
	'lotCode',
	'count',
	'reception',
	'person',
	'right',
	'rightAction',
	'origin',
	'apiToken',
	'member',
	'budgetLine',
	'category',
	'application',
	'device',
	'parcelTemplate', // issue 14
	// issue 14: a distribution day of the demo (planned today) and one of its parcels
	'distributionDay',
	// issue 14 (prepare): a parcel of the demo's distribution day, a picked line of it (a made-up id: the DELETE judges the parcel first, then answers 404)
	'parcel',
	'parcelPick',
	// issue 15 (items): an item of the demo's ressourcerie (seedReuseItems)
	'reuseItem',
	// issue 15 (intake): a category and a container of the demo's ressourcerie, an intake opened for the matrix, a made-up line number
	'reuseCategory',
	'reuseContainer',
	'reuseIntake',
	'reuseIntakeLine',
	// issue 15 (exits): an exit of the demo's ressourcerie made for the matrix, and a made-up line number (404 once let in)
	'reuseExit',
	'reuseExitLine'
] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];
export const PARAM_VALUES: Record<string, Record<string, FixtureKind>> = {
	'/(app)/(manage)/catalogue/[id]': { id: 'product' },
	'/(app)/(manage)/lieux/emplacements/[id]': { id: 'location' },
	'/(app)/(manage)/lieux/sites/[id]': { id: 'site' },
	'/(app)/(zreports)/clotures/[id]': { id: 'tillSession' },
	'/(app)/(till)/caisse/fermeture/[id]': { id: 'tillSession' },
	'/(app)/(sales)/ventes/[id]': { id: 'sale' },
	'/(app)/(sales)/ventes/[id]/ticket': { id: 'sale' },
	'/(app)/(social)/foyers/[id]': { id: 'household' },
	'/(app)/(social)/foyers/[id]/carte': { id: 'household' },
	'/(app)/(social)/foyers/[id]/export': { id: 'household' },
	'/(app)/(social)/foyers/[id]/export.json': { id: 'household' },
	'/(app)/(stock)/stock/inventaires/[id]': { id: 'count' },
	'/(app)/(stock)/stock/lots/[code]': { code: 'lotCode' },
	'/(app)/(stock)/stock/receptions/[id]': { id: 'reception' },
	// An admin of the demo organisation made for the matrix: a manager must not change them (issue 9, item 1).
	'/(app)/(supervise)/personnes/[id]': { id: 'person' },
	// issue 13: a person's training record and booklet (the same demo person as the person pages).
	'/(app)/(training)/formation/[id]': { id: 'person' },
	'/(app)/(training)/formation/[id]/livret': { id: 'person' },
	'/(app)/(training)/formation/[id]/livret.pdf': { id: 'person' },
	// issue 14: distribution days and parcels (helper "days")
	'/(app)/(distributions)/distributions/[id]': { id: 'distributionDay' },
	'/(app)/(distributions)/distributions/[id]/emargement': { id: 'distributionDay' },
	'/(app)/(distributions)/distributions/[id]/emargement.csv': { id: 'distributionDay' },
	'/api/v1/(app)/(distributions)/distribution-days/[id]': { id: 'distributionDay' },
	'/api/v1/(app)/(distributions)/distribution-days/[id]/households': { id: 'distributionDay' },
	'/api/v1/(app)/(distributions)/distribution-days/[id]/close': { id: 'distributionDay' },
	'/api/v1/(app)/(distributions)/distribution-days/[id]/signoff': { id: 'distributionDay' },
	'/api/v1/(app)/(distributions)/parcels/[id]/absent': { id: 'parcel' },
	'/api/v1/(app)/(distributions)/parcels/[id]/present': { id: 'parcel' },
	'/api/v1/(app)/(parcels)/parcels/[id]/handover': { id: 'parcel' },
	'/api/v1/(app)/(sales)/sales/[id]': { id: 'sale' },
	'/api/v1/(app)/(social)/households/[id]': { id: 'household' },
	'/api/v1/(app)/(social)/households/[id]/rights': { id: 'household' },
	'/api/v1/(app)/(social)/rights/[id]/[action]': { id: 'right', action: 'rightAction' },
	'/api/v1/(app)/(social)/households/[id]/members': { id: 'household' },
	'/api/v1/(app)/(social)/households/[id]/members/[memberId]': { id: 'household', memberId: 'member' },
	'/api/v1/(app)/(social)/households/[id]/budget-lines': { id: 'household' },
	'/api/v1/(app)/(social)/households/[id]/budget-lines/[lineId]': { id: 'household', lineId: 'budgetLine' },
	'/api/v1/(app)/(social)/households/[id]/card': { id: 'household' },
	'/api/v1/(app)/(social)/households/[id]/erase': { id: 'household' },
	'/api/v1/(app)/(social)/households/[id]/applications': { id: 'household' },
	'/api/v1/(app)/(social)/rights/[id]/limits/[categoryId]': { id: 'right', categoryId: 'category' },
	'/api/v1/(app)/(social)/applications/[id]/decision': { id: 'application' },
	// issue 14 (parcel rights): the demo's FOY-0001 has none; an épicerie right's id is not a parcel right's (404 once let in).
	'/api/v1/(app)/(social)/households/[id]/parcel-rights': { id: 'household' },
	'/api/v1/(app)/(social)/parcel-rights/[id]/[action]': { id: 'right', action: 'rightAction' },
	// The same admin as the person pages: a manager must not change them.
	'/api/v1/(app)/(supervise)/people/[id]': { id: 'person' },
	'/(app)/(parcels)/colis/[id]': { id: 'parcel' }, // issue 14
	'/(app)/(parcels)/colis/[id]/etiquette': { id: 'parcel' },
	'/api/v1/(app)/(parcels)/parcels/[id]/pick-list': { id: 'parcel' },
	'/api/v1/(app)/(parcels)/parcels/[id]/picks': { id: 'parcel' },
	'/api/v1/(app)/(parcels)/parcels/[id]/picks/[lineId]': { id: 'parcel', lineId: 'parcelPick' },
	'/api/v1/(app)/(parcels)/parcels/[id]/ready': { id: 'parcel' },
	'/api/v1/(app)/(parcels)/parcels/[id]/label': { id: 'parcel' },
	'/api/v1/(app)/(training)/training/people/[id]': { id: 'person' }, // issue 13
	'/api/v1/(app)/(training)/training/people/[id]/events': { id: 'person' }, // issue 13
	'/api/v1/(app)/(supervise)/people/[id]/active': { id: 'person' },
	'/api/v1/(app)/(supervise)/people/[id]/unlock': { id: 'person' },
	'/api/v1/(app)/(supervise)/people/[id]/password': { id: 'person' },
	'/api/v1/(app)/(supervise)/people/[id]/pin': { id: 'person' },
	'/api/v1/(app)/(supervise)/people/[id]/badge': { id: 'person' },
	'/api/v1/(app)/(supervise)/devices/[id]/revoke': { id: 'device' },
	'/api/v1/(app)/(till)/till-sessions/[id]': { id: 'tillSession' },
	'/api/v1/(app)/(sales)/sales/[id]/returns': { id: 'sale' },
	'/api/v1/(app)/(sales)/sales/[id]/returns/preview': { id: 'sale' },
	'/api/v1/(stock)/inventories/[id]': { id: 'count' },
	'/api/v1/(stock)/inventories/[id]/lines': { id: 'count' },
	'/api/v1/(stock)/inventories/[id]/validate': { id: 'count' },
	'/api/v1/(stock)/lots/[code]': { code: 'lotCode' },
	'/api/v1/(stock)/lots/[code]/corrections': { code: 'lotCode' },
	'/api/v1/(stock)/lots/[code]/losses': { code: 'lotCode' },
	'/api/v1/(stock)/lots/[code]/move': { code: 'lotCode' },
	'/api/v1/(stock)/lots/[code]/movements': { code: 'lotCode' },
	'/api/v1/(stock)/lots/[code]/write-off': { code: 'lotCode' },
	'/api/v1/(stock)/receptions/[id]': { id: 'reception' },
	'/api/v1/(stock)/receptions/[id]/cancel': { id: 'reception' },
	'/api/v1/(stock)/receptions/[id]/lines': { id: 'reception' },
	// No fixture for a reception line: a uuid that names no line of the reception (404 line not found once let in).
	'/api/v1/(stock)/receptions/[id]/lines/[lineId]': { id: 'reception', lineId: 'reception' },
	'/api/v1/(stock)/receptions/[id]/products': { id: 'reception' },
	'/api/v1/(stock)/receptions/[id]/scan': { id: 'reception' },
	'/api/v1/(stock)/receptions/[id]/validate': { id: 'reception' },
	'/api/v1/(stock)/stock/locations/[id]/lots': { id: 'location' },
	'/api/v1/(stock)/stock/products/[id]/lots': { id: 'product' },
	// issue 11 item 6: the managers' areas.
	'/api/v1/(stock)/products/[id]': { id: 'product' },
	// gtin: a lot code, no barcode — the product decides first (another organisation's: 404), then the code is refused (400).
	'/api/v1/(app)/(manage)/products/[id]/barcodes': { id: 'product' },
	'/api/v1/(app)/(manage)/products/[id]/barcodes/[gtin]': { id: 'product', gtin: 'lotCode' },
	'/api/v1/(app)/(manage)/origins/[id]': { id: 'origin' },
	'/api/v1/(app)/(manage)/sites/[id]': { id: 'site' },
	'/api/v1/(app)/(manage)/locations/[id]': { id: 'location' },
	// A token made for the matrix, to be revoked (the first allowed visitor revokes it; then 404).
	'/api/v1/(app)/(manage)/api-tokens/[id]': { id: 'apiToken' },
	// issue 13 (contracts): the demo's admin made for the matrix stands for a person of the organisation.
	'/(app)/(training)/formation/[id]/contrat': { id: 'person' },
	'/(app)/(training)/formation/[id]/effacer': { id: 'person' },
	// issue 14: a parcel template made for the matrix.
	'/(app)/(manage)/colis-modeles/[id]': { id: 'parcelTemplate' },
	'/api/v1/(app)/parcel-templates/[id]': { id: 'parcelTemplate' },
	// issue 15 (items): an item of the demo's ressourcerie, by its label's code.
	'/(app)/(reuse)/ressourcerie/objets/[code]': { code: 'reuseItem' },
	'/api/v1/(app)/(reuse)/reuse/items/[item]': { item: 'reuseItem' },
	'/api/v1/(app)/(reuse)/reuse/items/[item]/price': { item: 'reuseItem' },
	'/api/v1/(app)/(reuse)/reuse/items/[item]/move': { item: 'reuseItem' },
	'/api/v1/(app)/(reuse)/reuse/items/[item]/correct': { item: 'reuseItem' },
	// issue 15 (intake): categories, containers, intakes of the ressourcerie
	'/(app)/(reusemanage)/ressourcerie-reglages/categories/[id]': { id: 'reuseCategory' },
	'/(app)/(reuse)/ressourcerie/arrivages/[id]': { id: 'reuseIntake' },
	'/api/v1/(app)/reuse/categories/[id]': { id: 'reuseCategory' },
	'/api/v1/(app)/reuse/containers/[id]': { id: 'reuseContainer' },
	'/api/v1/(app)/(reuse)/reuse/intakes/[id]': { id: 'reuseIntake' },
	'/api/v1/(app)/(reuse)/reuse/intakes/[id]/lines': { id: 'reuseIntake' },
	'/api/v1/(app)/(reuse)/reuse/intakes/[id]/lines/[lineId]/cancel': { id: 'reuseIntake', lineId: 'reuseIntakeLine' },
	// issue 15 (exits)
	'/(app)/(reuse)/ressourcerie/sorties/[id]': { id: 'reuseExit' },
	'/api/v1/(app)/(reuse)/reuse/exits/[id]': { id: 'reuseExit' },
	'/api/v1/(app)/(reuse)/reuse/exits/[id]/lines': { id: 'reuseExit' },
	'/api/v1/(app)/(reuse)/reuse/exits/[id]/lines/[lineId]/cancel': { id: 'reuseExit', lineId: 'reuseExitLine' },
	// issue 15 (helper "sale"): the fixture sale is an épicerie sale — not a public sale (404 once let in).
	'/api/v1/(app)/(sales)/public-sales/[id]': { id: 'sale' },
	'/api/v1/(app)/(sales)/public-sales/[id]/returns': { id: 'sale' }
};

/** A valid body for the actions on a person, so that a refusal shows as 403 and not as a 400 on the empty form. */
const PERSON_BODY: Record<string, Record<string, string>> = {
	update: { firstName: 'Cible', lastName: 'Matrice', email: '', roles: 'admin' },
	password: { password: 'matrice-nouveau-mot-de-passe-2026' },
	pin: { pin: '735194' },
	badge: { confirm: 'yes' },
	active: { active: 'false', confirm: 'yes' }
};
/** issue 9: privacy — a manager cannot change a person with a role outside their own (an admin); a supervisor only operators. */
const personAction = (action: string) => e(pageId(['admin']), PERSON_BODY[action] ? { body: PERSON_BODY[action] } : {});

export const EXPECTED: Record<string, Entry> = {
	// ——— Public ———
	'GET /(public)/connexion': e(page('public', { set: { ...signedInGoHome() } })),
	'POST /(public)/connexion?/default': e(page('public')),
	'GET /(public)/deconnexion': e(
		page('public', {
			set: {
				anonymous: { status: [303], location: '/connexion', why: 'nothing to sign out of' },
				token: { status: [303], location: '/connexion', why: 'nothing to sign out of' },
				other_token: { status: [303], location: '/connexion', why: 'nothing to sign out of' },
				...signedInGoHome()
			}
		})
	),
	'POST /(public)/deconnexion?/out': e(page('public'), { last: true }),
	'POST /(public)/deconnexion?/switch': e(page('public'), { last: true }),
	'POST /(public)/deconnexion?/everywhere': e(page('public'), { last: true }),
	'GET /(public)/healthz': e(page('public')),
	'GET /(public)/langue': e(page('public')),
	'POST /(public)/langue?/default': e(page('public'), { last: true }),
	'GET /(public)/tablette': e(page('public')),
	'POST /(public)/tablette?/pin': e(page('public')),
	'POST /(public)/tablette?/badge': e(
		page('public', {
			set: Object.fromEntries(ACTORS.filter((a) => a !== 'operator').map((a) => [a, BADGE_NOT_A_TABLET]))
		})
	),
	'GET /api/v1/(public)/openapi.json': e(api('public'), { publicDocument: 'the OpenAPI document shows example values' }),

	// ——— Everyone signed in ———
	'GET /(app)': e(page(SIGNED)),
	'GET /(app)/compte': e(page(SIGNED)),
	// issue 10: the in-app "no access" page the guard shows a signed-in person on a page they cannot open (always a 403).
	'GET /(app)/acces-refuse': e(
		page(SIGNED, { set: Object.fromEntries([...ROLE_ACTORS, 'other_org'].map((a) => [a, { status: [403], why: 'the in-app no-access page' }])) })
	),
	'POST /(app)/compte?/password': e(page(SIGNED)),
	'POST /(app)/compte?/pin': e(page(SIGNED)),
	'GET /api/v1/(app)/me': e(api(SIGNED)),
	'GET /api/v1/(app)/locations': e(api(SIGNED)),
	'GET /api/v1/(app)/(manage)/backups': e(api(MANAGE)),
	'POST /api/v1/(app)/(manage)/backups': e(api(MANAGE)),

	// ——— Managers (and admins): catalogue, places, people, tokens, settings, journal ———
	'GET /(app)/(manage)/catalogue': e(page(MANAGE)),
	'POST /(app)/(manage)/catalogue?/import': e(page(MANAGE)),
	'POST /(app)/(manage)/catalogue?/categories': e(page(MANAGE)),
	'GET /(app)/(manage)/catalogue/[id]': e(pageId(MANAGE)),
	'POST /(app)/(manage)/catalogue/[id]?/default': e(pageId(MANAGE)),
	'GET /(app)/(manage)/catalogue/export': e(page(MANAGE)),
	'GET /(app)/(manage)/catalogue/nouveau': e(page(MANAGE)),
	'POST /(app)/(manage)/catalogue/nouveau?/default': e(page(MANAGE)),
	'GET /(app)/(manage)/jetons-api': e(page(MANAGE)),
	'POST /(app)/(manage)/jetons-api?/create': e(page(MANAGE)),
	'POST /(app)/(manage)/jetons-api?/revoke': e(page(MANAGE)),
	'GET /(app)/(manage)/journal': e(page(MANAGE)),
	'GET /(app)/(manage)/journal/export': e(page(MANAGE)), // issue 10: the journal as CSV
	'GET /(app)/(manage)/fuseau-horaire': e(page(MANAGE)), // issue 10: the organisation's time zone
	'POST /(app)/(manage)/fuseau-horaire?/default': e(page(MANAGE)), // issue 10
	'GET /(app)/(manage)/lieux': e(page(MANAGE)),
	'POST /(app)/(manage)/lieux?/site': e(page(MANAGE)),
	'POST /(app)/(manage)/lieux?/location': e(page(MANAGE)),
	'GET /(app)/(manage)/lieux/emplacements/[id]': e(pageId(MANAGE)),
	'POST /(app)/(manage)/lieux/emplacements/[id]?/default': e(pageId(MANAGE)),
	'GET /(app)/(manage)/lieux/emplacements/nouveau': e(page(MANAGE)),
	'POST /(app)/(manage)/lieux/emplacements/nouveau?/default': e(page(MANAGE)),
	'GET /(app)/(manage)/lieux/etiquettes': e(page(MANAGE)),
	'GET /(app)/(manage)/lieux/sites/[id]': e(pageId(MANAGE)),
	'POST /(app)/(manage)/lieux/sites/[id]?/default': e(pageId(MANAGE)),
	'GET /(app)/(manage)/lieux/sites/nouveau': e(page(MANAGE)),
	'POST /(app)/(manage)/lieux/sites/nouveau?/default': e(page(MANAGE)),
	'GET /(app)/(manage)/origines': e(page(MANAGE)),
	'POST /(app)/(manage)/origines?/create': e(page(MANAGE)),
	'POST /(app)/(manage)/origines?/toggle': e(page(MANAGE)),
	'GET /(app)/(manage)/personnes/nouveau': e(page(MANAGE)),
	'POST /(app)/(manage)/personnes/nouveau?/default': e(page(MANAGE)),
	'GET /(app)/(manage)/reglages-caisse': e(page(MANAGE)),
	'POST /(app)/(manage)/reglages-caisse?/default': e(page(MANAGE)),
	'GET /(app)/(manage)/sauvegardes': e(page(MANAGE)),
	'POST /(app)/(manage)/sauvegardes?/now': e(page(MANAGE)),
	'GET /(app)/(manage)/reglages-foyers': e(page(MANAGE)),
	'POST /(app)/(manage)/reglages-foyers?/save': e(page(MANAGE)),
	'POST /(app)/(manage)/reglages-foyers?/retention': e(page(MANAGE)),

	// ——— API of the managers' areas (issue 11 item 6): the stockroom reads the catalogue, managers write ———
	'POST /api/v1/(stock)/products': e(api(MANAGE)),
	'GET /api/v1/(stock)/products/[id]': e(apiId(STOCK)),
	'PUT /api/v1/(stock)/products/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(app)/(manage)/products/export': e(api(MANAGE)),
	'POST /api/v1/(app)/(manage)/products/import': e(api(MANAGE, { set: csvOnly(['manager', 'admin', 'token', 'other_org', 'other_token']) })),
	'POST /api/v1/(app)/(manage)/products/[id]/barcodes': e(apiId(MANAGE)),
	'DELETE /api/v1/(app)/(manage)/products/[id]/barcodes/[gtin]': e(apiId(MANAGE)),
	'GET /api/v1/(stock)/origins': e(api(STOCK)),
	'POST /api/v1/(stock)/origins': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/origins/[id]': e(apiId(MANAGE)),
	'PATCH /api/v1/(app)/(manage)/origins/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(stock)/categories': e(api(STOCK)),
	'POST /api/v1/(app)/(manage)/categories/defaults': e(api(MANAGE)),
	'POST /api/v1/(app)/locations': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/locations/[id]': e(apiId(MANAGE)),
	'PUT /api/v1/(app)/(manage)/locations/[id]': e(apiId(MANAGE)),
	'PATCH /api/v1/(app)/(manage)/locations/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(app)/(manage)/sites': e(api(MANAGE)),
	'POST /api/v1/(app)/(manage)/sites': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/sites/[id]': e(apiId(MANAGE)),
	'PUT /api/v1/(app)/(manage)/sites/[id]': e(apiId(MANAGE)),
	'PATCH /api/v1/(app)/(manage)/sites/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(app)/(manage)/settings/households': e(api(MANAGE)),
	'PUT /api/v1/(app)/(manage)/settings/households': e(api(MANAGE)),
	'POST /api/v1/(app)/(manage)/settings/households/retention': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/settings/till': e(api(MANAGE)),
	'PUT /api/v1/(app)/(manage)/settings/till': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/settings/time-zone': e(api(MANAGE)),
	'PUT /api/v1/(app)/(manage)/settings/time-zone': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/settings/stock': e(api(MANAGE)),
	'PATCH /api/v1/(app)/(manage)/settings/stock': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/api-tokens': e(api(MANAGE)),
	'POST /api/v1/(app)/(manage)/api-tokens': e(api(MANAGE)),
	'DELETE /api/v1/(app)/(manage)/api-tokens/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(app)/(manage)/audit-events': e(api(MANAGE)),
	'GET /api/v1/(app)/(manage)/audit-events/export': e(api(MANAGE)),

	// ——— Supervisors (and managers, admins): tablets, people's PINs and badges ———
	'GET /(app)/(supervise)/appareils': e(page(SUPERVISE)),
	'POST /(app)/(supervise)/appareils?/enrol': e(page(SUPERVISE)),
	'POST /(app)/(supervise)/appareils?/revoke': e(page(SUPERVISE)),
	'GET /(app)/(supervise)/personnes': e(page(SUPERVISE)),
	'GET /(app)/(supervise)/personnes/[id]': e(pageId(SUPERVISE)),
	// issue 9: privacy — the target is an admin: only an admin may change them (item 1).
	'POST /(app)/(supervise)/personnes/[id]?/update': personAction('update'), // issue 9: privacy
	'POST /(app)/(supervise)/personnes/[id]?/password': personAction('password'), // issue 9: privacy
	'POST /(app)/(supervise)/personnes/[id]?/pin': personAction('pin'), // issue 9: privacy
	'POST /(app)/(supervise)/personnes/[id]?/unlock': personAction('unlock'), // issue 9: privacy
	'POST /(app)/(supervise)/personnes/[id]?/badge': personAction('badge'), // issue 9: privacy
	'POST /(app)/(supervise)/personnes/[id]?/revokeBadge': personAction('revokeBadge'), // issue 9: privacy
	'POST /(app)/(supervise)/personnes/[id]?/active': personAction('active'), // issue 9: privacy
	// issue 11: the same through the API (an empty body: 400 for whoever may change the admin, 403 before it for the others).
	'GET /api/v1/(app)/(supervise)/people': e(api(SUPERVISE)),
	// Creating a person is the managers' (personnes/nouveau is in (manage)): a supervisor meets the service's 403.
	'POST /api/v1/(app)/(supervise)/people': e(api(MANAGE)),
	'GET /api/v1/(app)/(supervise)/people/[id]': e(apiId(SUPERVISE)),
	'PUT /api/v1/(app)/(supervise)/people/[id]': e(apiId(['admin'])), // issue 9: privacy
	'POST /api/v1/(app)/(supervise)/people/[id]/active': e(apiId(['admin'])), // issue 9: privacy
	'POST /api/v1/(app)/(supervise)/people/[id]/unlock': e(apiId(['admin'])), // issue 9: privacy
	'POST /api/v1/(app)/(supervise)/people/[id]/password': e(apiId(['admin'])), // issue 9: privacy
	'POST /api/v1/(app)/(supervise)/people/[id]/pin': e(apiId(['admin'])), // issue 9: privacy
	'POST /api/v1/(app)/(supervise)/people/[id]/badge': e(apiId(['admin'])), // issue 9: privacy
	'DELETE /api/v1/(app)/(supervise)/people/[id]/badge': e(apiId(['admin'])), // issue 9: privacy
	'GET /api/v1/(app)/(supervise)/devices': e(api(SUPERVISE)),
	// A spare tablet enrolled for the matrix (not Karim's): the first allowed visitor revokes it, the next meet a 404.
	'POST /api/v1/(app)/(supervise)/devices/[id]/revoke': e(apiId(SUPERVISE)),

	// ——— Stockroom: operators, supervisors, managers, admins ———
	'GET /(app)/(stock)/stock': e(page(STOCK)),
	// issue 10: a manager changes the DLC alerts' window on the alerts page; a supervisor takes a DLC-past lot off in one tap.
	'POST /(app)/(stock)/stock?/alertDays': e(page(MANAGE)),
	'POST /(app)/(stock)/stock?/writeOff': e(page(STOCK_CHECK)),
	'GET /(app)/(stock)/stock/etiquettes': e(page(STOCK)),
	// issue 13: the Print button tells the server just before the dialog (work event labels.print).
	'POST /(app)/(stock)/stock/etiquettes?/printed': e(page(STOCK)),
	'GET /(app)/(stock)/stock/inventaires': e(page(STOCK)),
	'POST /(app)/(stock)/stock/inventaires?/default': e(page(STOCK)),
	'GET /(app)/(stock)/stock/inventaires/[id]': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/inventaires/[id]?/count': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/inventaires/[id]?/validate': e(pageId(STOCK_CHECK)),
	'GET /(app)/(stock)/stock/lots/[code]': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/lots/[code]?/loss': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/lots/[code]?/correct': e(pageId(STOCK_CHECK)),
	'GET /(app)/(stock)/stock/rangement': e(page(STOCK)),
	'POST /(app)/(stock)/stock/rangement?/default': e(page(STOCK)),
	'GET /(app)/(stock)/(supervise)/stock/rappels': e(page(STOCK_CHECK)), // issue 10: operators get no page they cannot use
	'POST /(app)/(stock)/(supervise)/stock/rappels?/default': e(page(STOCK_CHECK)),
	'GET /(app)/(stock)/stock/receptions': e(page(STOCK)),
	'POST /(app)/(stock)/stock/receptions?/default': e(page(STOCK)),
	'GET /(app)/(stock)/stock/receptions/[id]': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/receptions/[id]?/scan': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/receptions/[id]?/create': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/receptions/[id]?/add': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/receptions/[id]?/remove': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/receptions/[id]?/cancel': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/receptions/[id]?/weight': e(pageId(STOCK)),
	'POST /(app)/(stock)/stock/receptions/[id]?/validate': e(pageId(STOCK_CHECK)),
	'GET /api/v1/(stock)/lots/[code]': e(apiId(STOCK)),
	'GET /api/v1/(stock)/products': e(api(STOCK)),
	'POST /api/v1/(stock)/receptions': e(api(STOCK)),
	'GET /api/v1/(stock)/receptions/[id]': e(apiId(STOCK)),
	'PATCH /api/v1/(stock)/receptions/[id]': e(apiId(STOCK)),
	'POST /api/v1/(stock)/receptions/[id]/validate': e(apiId(STOCK_CHECK)),
	'GET /api/v1/(stock)/stock/locations/[id]/lots': e(apiId(STOCK)),
	'GET /api/v1/(stock)/stock/products': e(api(STOCK)),
	'GET /api/v1/(stock)/stock/products/[id]/lots': e(apiId(STOCK)),
	// issue 11: the API for what the stock screens do, with the same roles.
	'GET /api/v1/(stock)/inventories': e(api(STOCK)),
	'POST /api/v1/(stock)/inventories': e(api(STOCK)),
	'GET /api/v1/(stock)/inventories/[id]': e(apiId(STOCK)),
	'POST /api/v1/(stock)/inventories/[id]/lines': e(apiId(STOCK)),
	'POST /api/v1/(stock)/inventories/[id]/validate': e(apiId(STOCK_CHECK)),
	'GET /api/v1/(stock)/lots/[code]/movements': e(apiId(STOCK)),
	'POST /api/v1/(stock)/lots/[code]/losses': e(apiId(STOCK)),
	'POST /api/v1/(stock)/lots/[code]/corrections': e(apiId(STOCK_CHECK)),
	// The fixture lot's DLC is not past: 409 once let in.
	'POST /api/v1/(stock)/lots/[code]/write-off': e(apiId(STOCK_CHECK)),
	'POST /api/v1/(stock)/lots/[code]/move': e(apiId(STOCK)),
	'POST /api/v1/(stock)/(supervise)/recalls': e(api(STOCK_CHECK)),
	'GET /api/v1/(stock)/receptions/[id]/scan': e(apiId(STOCK)),
	'POST /api/v1/(stock)/receptions/[id]/products': e(apiId(STOCK)),
	'POST /api/v1/(stock)/receptions/[id]/lines': e(apiId(STOCK)),
	'DELETE /api/v1/(stock)/receptions/[id]/lines/[lineId]': e(apiId(STOCK)),
	// Cancels the fixture reception (a draft) the first time; then 409 (already cancelled or validated).
	'POST /api/v1/(stock)/receptions/[id]/cancel': e(apiId(STOCK)),

	// ——— Households: social workers only (not managers, not admins) ———
	'GET /(app)/(social)/comite': e(page(SOCIAL)),
	'POST /(app)/(social)/comite?/default': e(page(SOCIAL)),
	'GET /(app)/(social)/foyers': e(page(SOCIAL)),
	'GET /(app)/(social)/foyers/nouveau': e(page(SOCIAL)),
	'POST /(app)/(social)/foyers/nouveau?/default': e(page(SOCIAL)),
	'GET /(app)/(social)/foyers/[id]': e(pageId(SOCIAL)),
	...Object.fromEntries(
		[
			...['save', 'member_add', 'member_remove', 'line_add', 'line_remove', 'apply', 'renew'],
			...['suspend', 'resume', 'revoke', 'limit_set', 'limit_remove', 'erase'],
			// issue 14: parcel rights (an empty post issues nothing: the form always sends its frequency)
			...['parcel_issue', 'parcel_renew', 'parcel_suspend', 'parcel_resume', 'parcel_revoke']
		].map((a) => [`POST /(app)/(social)/foyers/[id]?/${a}`, e(pageId(SOCIAL))])
	),
	'GET /(app)/(social)/foyers/[id]/carte': e(pageId(SOCIAL)),
	'POST /(app)/(social)/foyers/[id]/carte?/default': e(pageId(SOCIAL)),
	'GET /(app)/(social)/foyers/[id]/export': e(pageId(SOCIAL)),
	'GET /(app)/(social)/foyers/[id]/export.json': e(pageId(SOCIAL)),
	'GET /api/v1/(app)/(social)/households': e(api(SOCIAL)),
	'POST /api/v1/(app)/(social)/households': e(api(SOCIAL)),
	'GET /api/v1/(app)/(social)/households/[id]': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/households/[id]/rights': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/rights/[id]/[action]': e(apiId(SOCIAL)),
	// issue 11: the rest of the file through the API — reads of the file audited like the screen; an empty body is a 400, another organisation's id a 404.
	'PUT /api/v1/(app)/(social)/households/[id]': e(apiId(SOCIAL)),
	'GET /api/v1/(app)/(social)/households/[id]/members': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/households/[id]/members': e(apiId(SOCIAL)),
	'DELETE /api/v1/(app)/(social)/households/[id]/members/[memberId]': e(apiId(SOCIAL)),
	'GET /api/v1/(app)/(social)/households/[id]/budget-lines': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/households/[id]/budget-lines': e(apiId(SOCIAL)),
	'DELETE /api/v1/(app)/(social)/households/[id]/budget-lines/[lineId]': e(apiId(SOCIAL)),
	'GET /api/v1/(app)/(social)/households/[id]/card': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/households/[id]/card': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/households/[id]/erase': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/households/[id]/applications': e(apiId(SOCIAL)),
	'PUT /api/v1/(app)/(social)/rights/[id]/limits/[categoryId]': e(apiId(SOCIAL)),
	'DELETE /api/v1/(app)/(social)/rights/[id]/limits/[categoryId]': e(apiId(SOCIAL)),
	'GET /api/v1/(app)/(social)/committee': e(api(SOCIAL)),
	'POST /api/v1/(app)/(social)/applications/[id]/decision': e(apiId(SOCIAL)),
	'GET /api/v1/(app)/(social)/limit-categories': e(api(SOCIAL)),

	// ——— The till: operators, supervisors (and admins) ———
	// Karim's tablet has its till open (the spec opens it); the others are on computers.
	'GET /(app)/(till)/caisse': e(page(TILL, { set: offTablet(NOT_A_TABLET) })),
	...Object.fromEntries(
		// issue 9: http (item 7) — 500 today away from a tablet.
		['lookup', 'basket', 'override', 'pay', 'hold', 'resume', 'drop', 'cancel'].map((a) => [
			`POST /(app)/(till)/caisse?/${a}`,
			e(page(TILL, { set: offTablet(ACTION_NOT_A_TABLET) }))
		])
	),
	'GET /(app)/(till)/caisse/carte': e(page(TILL)),
	'POST /(app)/(till)/caisse/carte?/default': e(page(TILL)),
	'GET /(app)/(till)/caisse/catalogue': e(row('endpoint', false, TILL)),
	'GET /(app)/(till)/caisse/especes': e(page(TILL, { set: offTablet(NOT_A_TABLET) })),
	'POST /(app)/(till)/caisse/especes?/default': e(page(TILL)),
	'GET /(app)/(till)/caisse/fermeture': e(page(TILL, { set: offTablet(NOT_A_TABLET) })),
	// An empty close form closes the till (nothing counted = 0 by design): last, so the till's actions meet an open till.
	// What the person who closed a till sees of it: only their own closing. The fixture session was closed
	// through the demo admin's API token, whose acts are the admin's: the admin sees it, the others do not.
	'GET /(app)/(till)/caisse/fermeture/[id]': e(pageId(TILL, { set: { operator: 'hidden', supervisor: 'hidden' } })),
	'POST /(app)/(till)/caisse/fermeture?/default': e(page(TILL), { last: true }),
	'GET /(app)/(till)/caisse/ouverture': e(
		page(TILL, { set: { ...offTablet(NOT_A_TABLET), operator: { status: [303], location: '/caisse', why: 'the till is open already' } } })
	),
	'POST /(app)/(till)/caisse/ouverture?/default': e(page(TILL)),
	// The other organisation has its own FOY-0001: it finds that one (the body check proves it is not the demo's).
	'GET /api/v1/(app)/(till)/till/lookup': e(api(TILL)),
	// Till sessions carry the Z totals: supervisors and admins (operators see their own till through /current).
	'GET /api/v1/(app)/(till)/till-sessions': e(api(TILL, { set: { operator: 'forbidden' } })),
	'POST /api/v1/(app)/(till)/till-sessions': e(api(TILL)),
	'GET /api/v1/(app)/(till)/till-sessions/[id]': e(apiId(TILL, { set: { operator: 'forbidden' } })),
	'GET /api/v1/(app)/(till)/till-sessions/current': e(
		api(TILL, {
			set: {
				...offTablet(NOT_A_TABLET),
				token: { status: [404], why: "the token's till was closed by the spec's set-up" },
				other_token: { status: [404], why: 'no till open for this token' }
			}
		})
	),
	'POST /api/v1/(app)/(till)/till-sessions/current/close': e(api(TILL)),
	// issue 11: cash in and out, and a supervisor's override, as on the tablet (an empty body: 400).
	'POST /api/v1/(app)/(till)/till/cash-movements': e(api(TILL)),
	'GET /api/v1/(app)/(till)/till/supervisors': e(api(TILL)),
	'POST /api/v1/(app)/(till)/till/overrides': e(api(TILL)),

	// ——— Sales and Z reports ———
	// issue 9: privacy — operators' list shows only their own till session's sales (still 200).
	'GET /(app)/(sales)/ventes': e(page(SALES)), // issue 9: privacy
	// issue 9: privacy — the fixture sale is from another till session (the API token's): not the operator's.
	'GET /(app)/(sales)/ventes/[id]': e(pageId(SALES, { set: { operator: 'hidden' } })), // issue 9: privacy
	'POST /(app)/(sales)/ventes/[id]?/verifier': e(pageId(SALES, { set: { operator: 'hidden' } })), // issue 9: privacy
	'POST /(app)/(sales)/ventes/[id]?/confirmer': e(pageId(SALES, { set: { operator: 'hidden' } })), // issue 9: privacy
	'GET /(app)/(sales)/ventes/[id]/ticket': e(pageId(SALES, { set: { operator: 'hidden' } })), // issue 9: privacy
	'GET /api/v1/(app)/(sales)/sales': e(api(SALES)),
	// Selling is the till's work: not the managers'.
	'POST /api/v1/(app)/(sales)/sales': e(api(TILL)),
	'GET /api/v1/(app)/(sales)/sales/[id]': e(apiId(SALES, { set: { operator: 'hidden' } })), // issue 9: privacy
	'GET /api/v1/(app)/(sales)/sales/[id]/returns': e(apiId(SALES, { set: { operator: 'hidden' } })), // issue 9: privacy
	// issue 11: returns through the API — taken by those who authorise at the till, as on the sale's page.
	'POST /api/v1/(app)/(sales)/sales/[id]/returns': e(apiId(AUTHORISE)),
	'POST /api/v1/(app)/(sales)/sales/[id]/returns/preview': e(apiId(AUTHORISE)),
	// issue 9: privacy — Z reports for supervisors and managers (and admins), not operators.
	'GET /(app)/(zreports)/clotures': e(page(ZREPORTS)), // issue 9: privacy
	'GET /(app)/(zreports)/clotures/[id]': e(pageId(ZREPORTS)), // issue 9: privacy
	'GET /(app)/(zreports)/clotures/export': e(row('endpoint', false, ZREPORTS)), // issue 9: privacy
	// issue 12: reports — stock ones for supervisors too, the others for managers; nothing of another organisation's.
	...reportRows('(stockreports)', 'pertes', 'losses'),
	...reportRows('(reports)', 'origines', 'flows'),
	...reportRows('(reports)', 'fse', 'fse'),
	...reportRows('(reports)', 'ventes', 'sales'),
	...reportRows('(stockreports)', 'peremptions', 'expiry'),
	'POST /(app)/(stockreports)/rapports/peremptions?/rescue': e(row('page', false, STOCK_REPORTS)), // issue 12: rescues, the report's audience
	'POST /api/v1/(app)/(stockreports)/rescues': e(row('api', false, STOCK_REPORTS)),
	...reportRows('(stockreports)', 'stock', 'stock'),
	...reportRows('(stockreports)', 'inventaires', 'counts'),
	...reportRows('(reports)', 'foyers', 'households'),
	...reportRows('(reports)', 'annuel', 'annual'),
	// issue 12: the dashboard — supervisors see its stock part, managers everything (no downloads of its own).
	'GET /(app)/(stockreports)/rapports': e(page(STOCK_REPORTS)),
	'GET /api/v1/(app)/(stockreports)/reports/dashboard': e(api(STOCK_REPORTS)),
	// issue 13 (Mon parcours): an operator's own training record, no id in the path — operators only (the other
	// organisation's person holds the operator role: their own page); everyone else forbidden, visitors to sign-in.
	'GET /(app)/(mytraining)/parcours': e(page(['operator'])),
	// issue 13 (review and booklet): supervisors and managers read and validate others' records (not admins,
	// not social workers); an operator reads and prints only their own booklet; nothing of another organisation's.
	'GET /(app)/(training)/formation': e(page(['supervisor', 'manager'])),
	'GET /(app)/(training)/formation/[id]': e(pageId(['supervisor', 'manager'])),
	// A well-formed body naming no skill: the person is looked up (another organisation's: 404) before the skill (404 here too, a French message).
	'POST /(app)/(training)/formation/[id]?/validate': e(pageId(['supervisor', 'manager']), {
		body: { level: 'discovery', skillId: '00000000-0000-4000-8000-000000000000' }
	}),
	'POST /(app)/(training)/formation/[id]?/reviewed': e(pageId(['supervisor', 'manager'])),
	'GET /(app)/(training)/formation/[id]/livret': e(pageId(['supervisor', 'manager'])),
	'GET /(app)/(training)/formation/[id]/livret.pdf': e(row('endpoint', true, ['supervisor', 'manager'])),
	'GET /(app)/(mytraining)/parcours/livret': e(page(['operator'])),
	'GET /(app)/(mytraining)/parcours/livret.pdf': e(row('endpoint', false, ['operator'])),

	// ——— issue 13: contracts, exits and erasure (helper "contracts") ———
	// Supervisors and managers read contracts; managers write them, erase and keep the retention.
	'GET /(app)/(training)/formation/contrats': e(page(['supervisor', 'manager'])),
	'GET /(app)/(training)/formation/contrats/export.csv': e(row('endpoint', false, ['supervisor', 'manager'])),
	'GET /(app)/(training)/formation/[id]/contrat': e(pageId(['supervisor', 'manager'])),
	// An empty form: 400 (dates) or 404 (no contract named) once let in; a supervisor reads only (403).
	'POST /(app)/(training)/formation/[id]/contrat?/create': e(pageId(['manager'])),
	'POST /(app)/(training)/formation/[id]/contrat?/update': e(pageId(['manager'])),
	'POST /(app)/(training)/formation/[id]/contrat?/exit': e(pageId(['manager'])),
	'POST /(app)/(training)/formation/[id]/contrat?/cancelExit': e(pageId(['manager'])),
	'GET /(app)/(training)/formation/[id]/effacer': e(pageId(['manager'])),
	// The fixture person is an admin: a manager may not erase them (canManagePerson) — 403 for everyone here.
	'POST /(app)/(training)/formation/[id]/effacer?/erase': e(pageId([])),
	'GET /(app)/(training)/formation/conservation': e(page(['manager'])),
	'POST /(app)/(training)/formation/conservation?/save': e(page(['manager'])),
	// An empty form only asks to confirm (nothing erased without confirm=yes).
	'POST /(app)/(training)/formation/conservation?/run': e(page(['manager'])),

	// ——— issue 13: training — the skills framework, the workshop report, the training API ———
	// The framework: supervisors read it, managers change it (the (training) group: READ_TRAINING_RECORDS, not admins).
	'GET /(app)/(training)/formation/referentiel': e(page(READ_TRAINING)),
	'POST /(app)/(training)/formation/referentiel?/create': e(page(READ_TRAINING, { set: { supervisor: 'forbidden' } })),
	'POST /(app)/(training)/formation/referentiel?/update': e(page(READ_TRAINING, { set: { supervisor: 'forbidden' } })),
	'POST /(app)/(training)/formation/referentiel?/toggle': e(page(READ_TRAINING, { set: { supervisor: 'forbidden' } })),
	// The workshop report: counts only, managers (and admins) as the other non-stock reports.
	...reportRows('(reports)', 'atelier', 'workshop'),
	// The training API (read): supervisors and managers of the organisation; an operator reads only their own.
	'GET /api/v1/(app)/(training)/training/people': e(api(READ_TRAINING)),
	'GET /api/v1/(app)/(training)/training/people/[id]': e(apiId(READ_TRAINING)),
	'GET /api/v1/(app)/(training)/training/people/[id]/events': e(apiId(READ_TRAINING)),
	'GET /api/v1/(app)/(training)/training/skills': e(api(READ_TRAINING)),
	'GET /api/v1/(app)/(mytraining)/me/training': e(api(['operator'])),

	// ——— issue 14: parcel rights (helper rights) — social workers', as the épicerie's rights ———
	'GET /api/v1/(app)/(social)/households/[id]/parcel-rights': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/households/[id]/parcel-rights': e(apiId(SOCIAL)),
	'POST /api/v1/(app)/(social)/parcel-rights/[id]/[action]': e(apiId(SOCIAL)),
	// ——— issue 14: parcel templates (compositions), the parcels' settings, the parcels report ———
	// Managers (and admins) write templates; the people who plan days (supervisors) and prepare parcels (operators) read them through the API.
	'GET /(app)/(manage)/colis-modeles': e(page(MANAGE)),
	'POST /(app)/(manage)/colis-modeles?/active': e(page(MANAGE)),
	'POST /(app)/(manage)/colis-modeles?/duplicate': e(page(MANAGE)),
	'GET /(app)/(manage)/colis-modeles/nouveau': e(page(MANAGE)),
	'POST /(app)/(manage)/colis-modeles/nouveau?/default': e(page(MANAGE)),
	'GET /(app)/(manage)/colis-modeles/[id]': e(pageId(MANAGE)),
	'POST /(app)/(manage)/colis-modeles/[id]?/default': e(pageId(MANAGE)),
	'GET /(app)/(manage)/reglages-colis': e(page(MANAGE)),
	'POST /(app)/(manage)/reglages-colis?/default': e(page(MANAGE)),
	'GET /api/v1/(app)/parcel-templates': e(api(['operator', 'supervisor', 'manager', 'admin'])),
	'POST /api/v1/(app)/parcel-templates': e(api(MANAGE)),
	'GET /api/v1/(app)/parcel-templates/[id]': e(apiId(['operator', 'supervisor', 'manager', 'admin'])),
	'PUT /api/v1/(app)/parcel-templates/[id]': e(apiId(MANAGE)),
	'PATCH /api/v1/(app)/parcel-templates/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(app)/(manage)/settings/parcels': e(api(MANAGE)),
	'PUT /api/v1/(app)/(manage)/settings/parcels': e(api(MANAGE)),
	// The parcels report: counts only, managers (and admins) as the other non-stock reports.
	...reportRows('(reports)', 'colis', 'parcels'),
	// ——— issue 14: distribution days, handover, sign-off (helper "days") ———
	// Planning, a day, closing and the sign-off sheet: supervisors and managers (PLAN_DISTRIBUTIONS), not admins.
	'GET /(app)/(distributions)/distributions': e(page(PLAN)),
	'POST /(app)/(distributions)/distributions?/plan': e(page(PLAN)),
	'GET /(app)/(distributions)/distributions/[id]': e(pageId(PLAN)),
	'POST /(app)/(distributions)/distributions/[id]?/add': e(pageId(PLAN)),
	'POST /(app)/(distributions)/distributions/[id]?/absent': e(pageId(PLAN)),
	'POST /(app)/(distributions)/distributions/[id]?/present': e(pageId(PLAN)),
	// Closes the demo's day for the first allowed visitor (then 409 "already closed"): run after the rest.
	'POST /(app)/(distributions)/distributions/[id]?/close': e(pageId(PLAN), { last: true }),
	'GET /(app)/(distributions)/distributions/[id]/emargement': e(pageId(PLAN)),
	'GET /(app)/(distributions)/distributions/[id]/emargement.csv': e(row('endpoint', true, PLAN)),
	// The handover on the tablet: operators and supervisors (PREPARE_PARCELS); an empty card is "unknown" (404, French).
	'GET /(app)/(parcels)/colis/remise': e(page(PREP)),
	'POST /(app)/(parcels)/colis/remise?/find': e(page(PREP)),
	'POST /(app)/(parcels)/colis/remise?/sign': e(page(PREP)),
	'POST /(app)/(parcels)/colis/remise?/handover': e(page(PREP)),
	'GET /api/v1/(app)/(distributions)/distribution-days': e(api(PLAN)),
	'POST /api/v1/(app)/(distributions)/distribution-days': e(api(PLAN)),
	'GET /api/v1/(app)/(distributions)/distribution-days/[id]': e(apiId(PLAN)),
	'POST /api/v1/(app)/(distributions)/distribution-days/[id]/households': e(apiId(PLAN)),
	'POST /api/v1/(app)/(distributions)/distribution-days/[id]/close': e(apiId(PLAN), { last: true }),
	'GET /api/v1/(app)/(distributions)/distribution-days/[id]/signoff': e(apiId(PLAN)),
	'POST /api/v1/(app)/(distributions)/parcels/[id]/absent': e(apiId(PLAN)),
	'POST /api/v1/(app)/(distributions)/parcels/[id]/present': e(apiId(PLAN)),
	'GET /api/v1/(app)/(parcels)/handover/lookup': e(api(PREP, { set: NO_CARD })),
	'POST /api/v1/(app)/(parcels)/parcels/[id]/handover': e(apiId(PREP)),
	// ——— issue 14: preparing parcels (helper "prepare"): operators and supervisors (PREPARE_PARCELS), on the tablet ———
	'GET /(app)/(parcels)/colis': e(page(PREPARE)),
	'GET /(app)/(parcels)/colis/[id]': e(pageId(PREPARE)),
	'POST /(app)/(parcels)/colis/[id]?/scan': e(pageId(PREPARE)),
	'POST /(app)/(parcels)/colis/[id]?/unpick': e(pageId(PREPARE)),
	'POST /(app)/(parcels)/colis/[id]?/ready': e(pageId(PREPARE)),
	'GET /(app)/(parcels)/colis/[id]/etiquette': e(pageId(PREPARE)),
	'GET /api/v1/(app)/(parcels)/parcels/to-prepare': e(api(PREPARE)),
	'GET /api/v1/(app)/(parcels)/parcels/[id]/pick-list': e(apiId(PREPARE)),
	'POST /api/v1/(app)/(parcels)/parcels/[id]/picks': e(apiId(PREPARE)),
	'DELETE /api/v1/(app)/(parcels)/parcels/[id]/picks/[lineId]': e(apiId(PREPARE)),
	'POST /api/v1/(app)/(parcels)/parcels/[id]/ready': e(apiId(PREPARE)),
	'GET /api/v1/(app)/(parcels)/parcels/[id]/label': e(apiId(PREPARE)),
	// ——— issue 15: the ressourcerie's reports (helper "reports"): tonnage and the eco-organism declaration,
	// READ_REUSE_REPORTS = supervisors, managers, admins (as the stock reports); counts and kilos, nothing of another organisation's ———
	'GET /(app)/(reusereports)/rapports/ressourcerie': e(page(STOCK_REPORTS)),
	'GET /(app)/(reusereports)/rapports/ressourcerie/export.csv': e(row('endpoint', false, STOCK_REPORTS)),
	'GET /(app)/(reusereports)/rapports/ressourcerie/export.xlsx': e(row('endpoint', false, STOCK_REPORTS)),
	'GET /(app)/(reusereports)/rapports/ressourcerie/declaration': e(page(STOCK_REPORTS)),
	'GET /(app)/(reusereports)/rapports/ressourcerie/declaration/export.csv': e(row('endpoint', false, STOCK_REPORTS)),
	'GET /(app)/(reusereports)/rapports/ressourcerie/declaration/export.xlsx': e(row('endpoint', false, STOCK_REPORTS)),
	'GET /api/v1/(app)/(reusereports)/reports/reuse': e(api(STOCK_REPORTS)),
	'GET /api/v1/(app)/(reusereports)/reports/reuse-declaration': e(api(STOCK_REPORTS)),
	// ——— issue 15: the ressourcerie's items and their labels (helper "items"): WORK_REUSE (operators, supervisors, managers; not admins) ———
	// Correcting an item's stock: CORRECT_REUSE (supervisors, managers). An empty price/move body is judged (400) once the item is found.
	'GET /(app)/(reuse)/ressourcerie/objets': e(page(['operator', 'supervisor', 'manager'])),
	'GET /(app)/(reuse)/ressourcerie/objets/nouveau': e(page(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/objets/nouveau?/default': e(page(['operator', 'supervisor', 'manager'])),
	'GET /(app)/(reuse)/ressourcerie/objets/[code]': e(pageId(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/objets/[code]?/price': e(pageId(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/objets/[code]?/move': e(pageId(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/objets/[code]?/correct': e(pageId(['supervisor', 'manager'])),
	'GET /(app)/(reuse)/ressourcerie/objets/etiquettes': e(page(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/objets/etiquettes?/printed': e(page(['operator', 'supervisor', 'manager'])),
	'GET /api/v1/(app)/(reuse)/reuse/items': e(api(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/items': e(api(['operator', 'supervisor', 'manager'])),
	'GET /api/v1/(app)/(reuse)/reuse/items/[item]': e(apiId(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/items/[item]/price': e(apiId(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/items/[item]/move': e(apiId(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/items/[item]/correct': e(apiId(['supervisor', 'manager'])),
	'GET /api/v1/(app)/(reuse)/reuse/item-labels': e(api(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/item-labels/printed': e(api(['operator', 'supervisor', 'manager'])),
	// ——— issue 15: the ressourcerie's intake (helper "intake"): the tablet's people weigh (WORK_REUSE: operators, supervisors,
	// managers — not admins), supervisors and managers cancel a line (CORRECT_REUSE), managers and admins keep categories,
	// containers and settings (MANAGE_REUSE); everyone of the ressourcerie reads categories and containers ———
	'GET /(app)/(reuse)/ressourcerie': e(page(RI_WORK)),
	'GET /(app)/(reuse)/ressourcerie/arrivages': e(page(RI_WORK)),
	'POST /(app)/(reuse)/ressourcerie/arrivages?/open': e(page(RI_WORK)),
	'GET /(app)/(reuse)/ressourcerie/arrivages/[id]': e(pageId(RI_WORK)),
	'POST /(app)/(reuse)/ressourcerie/arrivages/[id]?/weigh': e(pageId(RI_WORK)),
	'POST /(app)/(reuse)/ressourcerie/arrivages/[id]?/cancel': e(pageId(RI_CORRECT)),
	'GET /(app)/(reusemanage)/ressourcerie-reglages': e(page(MANAGE)),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/settings': e(page(MANAGE)),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/container_create': e(page(MANAGE)),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/container_update': e(page(MANAGE)),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/container_active': e(page(MANAGE)),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/category_active': e(page(MANAGE)),
	'GET /(app)/(reusemanage)/ressourcerie-reglages/categories/nouvelle': e(page(MANAGE)),
	'POST /(app)/(reusemanage)/ressourcerie-reglages/categories/nouvelle?/default': e(page(MANAGE)),
	'GET /(app)/(reusemanage)/ressourcerie-reglages/categories/[id]': e(pageId(MANAGE)),
	'POST /(app)/(reusemanage)/ressourcerie-reglages/categories/[id]?/default': e(pageId(MANAGE)),
	'GET /api/v1/(app)/reuse/categories': e(api(RI_READ)),
	'POST /api/v1/(app)/reuse/categories': e(api(MANAGE)),
	'PUT /api/v1/(app)/reuse/categories/[id]': e(apiId(MANAGE)),
	'PATCH /api/v1/(app)/reuse/categories/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(app)/reuse/containers': e(api(RI_READ)),
	'POST /api/v1/(app)/reuse/containers': e(api(MANAGE)),
	'PUT /api/v1/(app)/reuse/containers/[id]': e(apiId(MANAGE)),
	'PATCH /api/v1/(app)/reuse/containers/[id]': e(apiId(MANAGE)),
	'GET /api/v1/(app)/(reusemanage)/settings/reuse': e(api(MANAGE)),
	'PUT /api/v1/(app)/(reusemanage)/settings/reuse': e(api(MANAGE)),
	'GET /api/v1/(app)/(reuse)/reuse/intakes': e(api(RI_WORK)),
	'POST /api/v1/(app)/(reuse)/reuse/intakes': e(api(RI_WORK)),
	'GET /api/v1/(app)/(reuse)/reuse/intakes/[id]': e(apiId(RI_WORK)),
	'POST /api/v1/(app)/(reuse)/reuse/intakes/[id]/lines': e(apiId(RI_WORK)),
	'POST /api/v1/(app)/(reuse)/reuse/intakes/[id]/lines/[lineId]/cancel': e(apiId(RI_CORRECT)),
	// ——— issue 15: exits by channel (helper "exits"): WORK_REUSE (operators, supervisors, managers) on the tablet; cancelling a line CORRECT_REUSE ———
	'GET /(app)/(reuse)/ressourcerie/sorties': e(page(['operator', 'supervisor', 'manager'])),
	'GET /(app)/(reuse)/ressourcerie/sorties/nouvelle': e(page(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/sorties/nouvelle?/default': e(page(['operator', 'supervisor', 'manager'])),
	'GET /(app)/(reuse)/ressourcerie/sorties/[id]': e(pageId(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/weigh': e(pageId(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/count': e(pageId(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/scan': e(pageId(['operator', 'supervisor', 'manager'])),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/cancel': e(pageId(['supervisor', 'manager'])),
	'GET /api/v1/(app)/(reuse)/reuse/exits': e(api(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/exits': e(api(['operator', 'supervisor', 'manager'])),
	'GET /api/v1/(app)/(reuse)/reuse/exits/[id]': e(apiId(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/exits/[id]/lines': e(apiId(['operator', 'supervisor', 'manager'])),
	'POST /api/v1/(app)/(reuse)/reuse/exits/[id]/lines/[lineId]/cancel': e(apiId(['supervisor', 'manager'])),
	// ——— issue 15: the ressourcerie's till and public sales (helper "sale"): the till's people (SELL_PUBLIC = RUN_TILL) ———
	'GET /(app)/(till)/caisse/ressourcerie': e(page(TILL, { set: offTablet(NOT_A_TABLET) })),
	'POST /(app)/(till)/caisse/ressourcerie?/basket': e(page(TILL, { set: offTablet(ACTION_NOT_A_TABLET) })),
	'POST /(app)/(till)/caisse/ressourcerie?/pay': e(page(TILL, { set: offTablet(ACTION_NOT_A_TABLET) })),
	'POST /api/v1/(app)/(sales)/public-sales': e(api(TILL)),
	// The fixture sale is the épicerie's: readers let in are told "not found" (a public sale's path reads only public sales).
	...Object.fromEntries(
		(
			[
				['GET /api/v1/(app)/(sales)/public-sales/[id]', SALES],
				['POST /api/v1/(app)/(sales)/public-sales/[id]/returns', AUTHORISE]
			] as const
		).map(([key, allowed]) => {
			const notPublic: Expect = { status: [404], why: 'the fixture sale is an épicerie sale, not a public sale' };
			return [
				key,
				e(
					apiId(allowed, {
						set: { operator: allowed === SALES ? 'hidden' : 'forbidden', supervisor: notPublic, manager: notPublic, admin: notPublic, token: notPublic }
					})
				)
			];
		})
	)
};

function signedInGoHome(): Partial<Row> {
	const why = 'signed in already: home';
	return { operator: toHome(why), supervisor: toHome(why), manager: toHome(why), admin: toHome(why), social_worker: toHome(why), other_org: toHome(why) };
}

/** Discovered routes with no expectation, and expectations naming no route: both must be empty. */
export function matrixGaps(routes: RouteCheck[] = discoverRoutes()): { missing: string[]; stale: string[]; unfilledParams: string[] } {
	const keys = new Set(routes.map((r) => r.key));
	const missing = routes.filter((r) => !(r.key in EXPECTED)).map((r) => r.key);
	const stale = Object.keys(EXPECTED).filter((k) => !keys.has(k));
	const unfilledParams = routes.flatMap((r) => r.params.filter((p) => !PARAM_VALUES[r.routeId]?.[p]).map((p) => `${r.routeId} [${p}]`));
	return { missing, stale, unfilledParams: [...new Set(unfilledParams)] };
}
