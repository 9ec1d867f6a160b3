// What an integration can do through the API, against what the screens do (issue 11, item 6): every form
// action found in src/routes (tests/helpers/route-routes.ts) names its API counterpart — an operation of
// the OpenAPI document, "METHOD /path" as the document writes it ("POST /households/{id}/rights") — or is
// screen-only, with the reason. src/lib/server/api/parity.test.ts fails on a form action missing here, on
// a counterpart the document does not have, and on a row naming an action that no longer exists.
export type Counterpart = { api: string; note?: string } | { screenOnly: string };

const api = (op: string, note?: string): Counterpart => ({ api: op, ...(note ? { note } : {}) });
const screenOnly = (why: string): Counterpart => ({ screenOnly: why });

export const API_PARITY: Record<string, Counterpart> = {
	// ——— Signing in, the session, one's own account ———
	'POST /(public)/connexion?/default': screenOnly('an integration signs in with an API token (Authorization: Bearer), not a password'),
	'POST /(public)/deconnexion?/out': screenOnly('an API token has no session to end; a manager revokes the token (DELETE /api-tokens/{id})'),
	'POST /(public)/deconnexion?/switch': screenOnly('handing a tablet to a colleague is a screen gesture'),
	'POST /(public)/deconnexion?/everywhere': screenOnly('ends browser sessions; tokens are revoked one by one'),
	'POST /(public)/langue?/default': screenOnly('the language is a browser cookie; the API answers in the language of Accept-Language'),
	'POST /(public)/tablette?/pin': screenOnly('PIN sign-in happens on an enrolled tablet, in front of it'),
	'POST /(public)/tablette?/badge': screenOnly('badge sign-in happens on an enrolled tablet, in front of it'),
	'POST /(app)/compte?/password': screenOnly('a person changes their own password themselves, with the current one; a token has no password'),
	'POST /(app)/compte?/pin': screenOnly('a person changes their own PIN themselves, with the current one; a token has no PIN'),

	// ——— Catalogue, places, settings, tokens, journal (helper "api-manage") ———

	// ——— Households, people, devices (helper "api-people") ———
	'POST /(app)/(social)/foyers/nouveau?/default': api('POST /households'),
	'POST /(app)/(social)/foyers/[id]?/apply': api('POST /households/{id}/rights'),
	'POST /(app)/(social)/foyers/[id]?/renew': api('POST /rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/suspend': api('POST /rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/resume': api('POST /rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/revoke': api('POST /rights/{id}/{action}'),

	// ——— Stock, till, sales and returns (helper "api-stock-till") ———
	'POST /(app)/(stock)/stock/receptions?/default': api('POST /receptions'),
	'POST /(app)/(stock)/stock/receptions/[id]?/validate': api('POST /receptions/{id}/validate'),
	'POST /(app)/(till)/caisse/ouverture?/default': api('POST /till-sessions'),
	'POST /(app)/(till)/caisse/fermeture?/default': api('POST /till-sessions/current/close'),
	'POST /(app)/(till)/caisse?/lookup': api('GET /till/lookup'),
	'POST /(app)/(till)/caisse?/pay': api('POST /sales', 'the API sends the whole basket at once, with an idempotency key'),

	// ——— Backups (helper backup) ———
	'POST /(app)/(manage)/sauvegardes?/now': api('POST /backups')
};
