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
	'POST /(app)/(manage)/catalogue?/import': api('POST /products/import', 'the CSV file is the body (text/csv), same limits'),
	'POST /(app)/(manage)/catalogue?/categories': api('POST /categories/defaults'),
	'POST /(app)/(manage)/catalogue/[id]?/default': api(
		'PUT /products/{id}',
		'barcodes also one by one: POST /products/{id}/barcodes, DELETE /products/{id}/barcodes/{gtin}'
	),
	'POST /(app)/(manage)/catalogue/nouveau?/default': api('POST /products'),
	'POST /(app)/(manage)/fuseau-horaire?/default': api('PUT /settings/time-zone'),
	'POST /(app)/(manage)/jetons-api?/create': api('POST /api-tokens'),
	'POST /(app)/(manage)/jetons-api?/revoke': api('DELETE /api-tokens/{id}'),
	'POST /(app)/(manage)/lieux?/site': api('PATCH /sites/{id}', 'the state is said ({"active": false}), not flipped'),
	'POST /(app)/(manage)/lieux?/location': api('PATCH /locations/{id}', 'the state is said ({"active": false}), not flipped'),
	'POST /(app)/(manage)/lieux/sites/nouveau?/default': api('POST /sites'),
	'POST /(app)/(manage)/lieux/sites/[id]?/default': api('PUT /sites/{id}'),
	'POST /(app)/(manage)/lieux/emplacements/nouveau?/default': api('POST /locations'),
	'POST /(app)/(manage)/lieux/emplacements/[id]?/default': api('PUT /locations/{id}'),
	'POST /(app)/(manage)/origines?/create': api('POST /origins'),
	'POST /(app)/(manage)/origines?/toggle': api(
		'PATCH /origins/{id}',
		'the state is said ({"active": false}), not flipped: a retried call changes nothing twice'
	),
	'POST /(app)/(manage)/reglages-caisse?/default': api('PUT /settings/till'),
	'POST /(app)/(manage)/reglages-foyers?/save': api('PUT /settings/households'),
	'POST /(app)/(manage)/reglages-foyers?/retention': api('POST /settings/households/retention'),
	'POST /(app)/(stock)/stock?/alertDays': api('PATCH /settings/stock'),

	// ——— Households, people, devices (helper "api-people") ———
	'POST /(app)/(social)/foyers/nouveau?/default': api('POST /households'),
	'POST /(app)/(social)/foyers/[id]?/save': api('PUT /households/{id}'),
	'POST /(app)/(social)/foyers/[id]?/member_add': api('POST /households/{id}/members'),
	'POST /(app)/(social)/foyers/[id]?/member_remove': api('DELETE /households/{id}/members/{memberId}'),
	'POST /(app)/(social)/foyers/[id]?/line_add': api('POST /households/{id}/budget-lines'),
	'POST /(app)/(social)/foyers/[id]?/line_remove': api('DELETE /households/{id}/budget-lines/{lineId}'),
	'POST /(app)/(social)/foyers/[id]?/apply': api('POST /households/{id}/applications', 'a right without the committee: POST /households/{id}/rights'),
	'POST /(app)/(social)/foyers/[id]?/renew': api('POST /rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/suspend': api('POST /rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/resume': api('POST /rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/revoke': api('POST /rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/limit_set': api('PUT /rights/{id}/limits/{categoryId}', 'the categories: GET /limit-categories'),
	'POST /(app)/(social)/foyers/[id]?/limit_remove': api('DELETE /rights/{id}/limits/{categoryId}'),
	'POST /(app)/(social)/foyers/[id]?/erase': api('POST /households/{id}/erase', 'the same confirmation: `confirm` is the file reference'),
	'POST /(app)/(social)/foyers/[id]/carte?/default': api(
		'POST /households/{id}/card',
		'the code is answered once; GET /households/{id}/card tells whether one works'
	),
	'POST /(app)/(social)/comite?/default': api('POST /applications/{id}/decision', 'the session: GET /committee'),
	'POST /(app)/(manage)/personnes/nouveau?/default': api('POST /people'),
	'POST /(app)/(supervise)/personnes/[id]?/update': api('PUT /people/{id}'),
	'POST /(app)/(supervise)/personnes/[id]?/password': api('POST /people/{id}/password'),
	'POST /(app)/(supervise)/personnes/[id]?/pin': api('POST /people/{id}/pin'),
	'POST /(app)/(supervise)/personnes/[id]?/unlock': api('POST /people/{id}/unlock'),
	'POST /(app)/(supervise)/personnes/[id]?/badge': api('POST /people/{id}/badge', 'replacing a badge needs `replace: true`, as the screen asks to confirm'),
	'POST /(app)/(supervise)/personnes/[id]?/revokeBadge': api('DELETE /people/{id}/badge'),
	'POST /(app)/(supervise)/personnes/[id]?/active': api('POST /people/{id}/active'),
	'POST /(app)/(supervise)/appareils?/enrol': screenOnly(
		'enrolling sets a long-lived device cookie in the tablet’s own browser and signs the enrolling person out there: it is done on the tablet, not by an integration (GET /devices lists the tablets)'
	),
	'POST /(app)/(supervise)/appareils?/revoke': api('POST /devices/{id}/revoke'),

	// ——— Stock, till, sales and returns (helper "api-stock-till") ———
	'POST /(app)/(stock)/stock/receptions?/default': api('POST /receptions'),
	'POST /(app)/(stock)/stock/receptions/[id]?/validate': api('POST /receptions/{id}/validate'),
	'POST /(app)/(till)/caisse/ouverture?/default': api('POST /till-sessions'),
	'POST /(app)/(till)/caisse/fermeture?/default': api('POST /till-sessions/current/close'),
	'POST /(app)/(till)/caisse?/lookup': api('GET /till/lookup'),
	'POST /(app)/(till)/caisse?/pay': api('POST /sales', 'the API sends the whole basket at once, with an idempotency key'),
	'POST /(app)/(stock)/stock?/writeOff': api('POST /lots/{code}/write-off'),
	'POST /(app)/(stock)/stock/etiquettes?/printed': screenOnly(
		'records that labels went to the browser’s print dialog; an integration prints its own labels from GET /lots/{code}'
	),
	'POST /(app)/(stock)/stock/inventaires?/default': api('POST /inventories'),
	'POST /(app)/(stock)/stock/inventaires/[id]?/count': api('POST /inventories/{id}/lines'),
	'POST /(app)/(stock)/stock/inventaires/[id]?/validate': api('POST /inventories/{id}/validate'),
	'POST /(app)/(stock)/stock/lots/[code]?/loss': api('POST /lots/{code}/losses'),
	'POST /(app)/(stock)/stock/lots/[code]?/correct': api('POST /lots/{code}/corrections', 'the movement ids come from GET /lots/{code}/movements'),
	'POST /(app)/(stock)/stock/rangement?/default': api('POST /lots/{code}/move', 'the location by its id (GET /locations) rather than its scanned label'),
	'POST /(app)/(stock)/(supervise)/stock/rappels?/default': api('POST /recalls'),
	'POST /(app)/(stock)/stock/receptions/[id]?/scan': api('GET /receptions/{id}/scan', 'a read: nothing is saved until the line is added'),
	'POST /(app)/(stock)/stock/receptions/[id]?/create': api('POST /receptions/{id}/products'),
	'POST /(app)/(stock)/stock/receptions/[id]?/add': api('POST /receptions/{id}/lines'),
	'POST /(app)/(stock)/stock/receptions/[id]?/remove': api('DELETE /receptions/{id}/lines/{lineId}'),
	'POST /(app)/(stock)/stock/receptions/[id]?/cancel': api('POST /receptions/{id}/cancel'),
	'POST /(app)/(stock)/stock/receptions/[id]?/weight': api('PATCH /receptions/{id}'),
	'POST /(app)/(till)/caisse/carte?/default': api('GET /till/lookup', 'the same service (tillLookup): what the till may know of a card, nothing more'),
	'POST /(app)/(till)/caisse/especes?/default': api('POST /till/cash-movements'),
	'POST /(app)/(till)/caisse?/override': api('POST /till/overrides', 'its overrideId then goes in POST /sales; GET /till/supervisors lists who may authorise'),
	'POST /(app)/(till)/caisse?/basket': screenOnly(
		"the tablet's basket step machine (scan, keypad, lines, search) for a browser without JavaScript; an integration keeps its own basket and sends it whole to POST /sales, where the server prices it again and checks every rule"
	),
	'POST /(app)/(till)/caisse?/hold': screenOnly(
		"putting a basket aside keeps the tablet's half-made basket on the server for later; an API basket lives in the integration until it is sent whole to POST /sales, so there is nothing to hold"
	),
	'POST /(app)/(till)/caisse?/resume': screenOnly('takes back a basket held on the tablet (see hold); the API never holds one'),
	'POST /(app)/(till)/caisse?/drop': screenOnly('gives up a basket held on the tablet (see hold); the API never holds one'),
	'POST /(app)/(till)/caisse?/cancel': screenOnly(
		"gives up the basket on the tablet's screen (a journal line); an API basket that is never sent to POST /sales records nothing, so there is nothing to cancel"
	),
	'POST /(app)/(sales)/ventes/[id]?/verifier': api('POST /sales/{id}/returns/preview'),
	'POST /(app)/(sales)/ventes/[id]?/confirmer': api('POST /sales/{id}/returns', 'idempotent, with a key, like POST /sales'),

	// ——— Backups (helper backup) ———
	'POST /(app)/(manage)/sauvegardes?/now': api('POST /backups'),

	// ——— Reports (issue 12, helper expiry) ———
	'POST /(app)/(stockreports)/rapports/peremptions?/rescue': api('POST /rescues', 'the lot by its code; quantity optional (the whole lot)'),

	// ——— Training record: the supervisor's review (issue 13, helper review) ———
	'POST /(app)/(training)/formation/[id]?/validate': screenOnly(
		"a level is a supervisor's judgement given in front of the record and the person; the API of issue 13 (item 9) only reads records and events"
	),
	'POST /(app)/(training)/formation/[id]?/reviewed': screenOnly(
		'"I have reviewed with this person" is said by the supervisor after the talk; the training API only reads'
	),
	// ——— issue 13: contracts, exits, erasure (helper "contracts"): the training API reads only ———
	'POST /(app)/(training)/formation/[id]/contrat?/create': screenOnly(
		"contracts are written by a manager in front of the person's file (issue 13): the training API is read-only (records and events); no integration writes contracts"
	),
	'POST /(app)/(training)/formation/[id]/contrat?/update': screenOnly(
		"contracts are written by a manager in front of the person's file (issue 13): the training API is read-only (records and events); no integration writes contracts"
	),
	'POST /(app)/(training)/formation/[id]/contrat?/exit': screenOnly(
		"contracts are written by a manager in front of the person's file (issue 13): the training API is read-only (records and events); no integration writes contracts; the exit has a confirmation step on screen"
	),
	'POST /(app)/(training)/formation/[id]/contrat?/cancelExit': screenOnly("correcting a mistaken exit is a manager's gesture on the person's contracts page"),
	'POST /(app)/(training)/formation/[id]/effacer?/erase': screenOnly('erasing a person is irreversible: a manager types their name to confirm, on screen only'),
	'POST /(app)/(training)/formation/conservation?/save': screenOnly('a setting changed rarely, by a manager, beside the count of people it erases'),
	'POST /(app)/(training)/formation/conservation?/run': screenOnly('an irreversible erasure, confirmed on screen by a manager'),
	// ——— Training (issue 13, helper framework) ———
	'POST /(app)/(training)/formation/referentiel?/create': screenOnly(
		'the framework is adapted on its page by a manager; the API reads it (GET /training/skills)'
	),
	'POST /(app)/(training)/formation/referentiel?/update': screenOnly(
		'the framework is adapted on its page by a manager; the API reads it (GET /training/skills)'
	),
	'POST /(app)/(training)/formation/referentiel?/toggle': screenOnly(
		'the framework is adapted on its page by a manager; the API reads it (GET /training/skills)'
	),
	// ——— Parcel rights (issue 14, helper rights) ———
	'POST /(app)/(social)/foyers/[id]?/parcel_issue': api('POST /households/{id}/parcel-rights', 'the list: GET /households/{id}/parcel-rights'),
	'POST /(app)/(social)/foyers/[id]?/parcel_renew': api('POST /parcel-rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/parcel_suspend': api('POST /parcel-rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/parcel_resume': api('POST /parcel-rights/{id}/{action}'),
	'POST /(app)/(social)/foyers/[id]?/parcel_revoke': api('POST /parcel-rights/{id}/{action}', 'the screen asks to confirm first; the API revokes at once'),

	// ——— issue 14: parcel templates and the parcels' settings (helper "templates") ———
	'POST /(app)/(manage)/colis-modeles?/active': api('PATCH /parcel-templates/{id}', 'the state is said ({"active": false}), as the button says it'),
	'POST /(app)/(manage)/colis-modeles?/duplicate': api('POST /parcel-templates', 'GET /parcel-templates/{id} then POST its lines under another name'),
	'POST /(app)/(manage)/colis-modeles/nouveau?/default': api('POST /parcel-templates'),
	'POST /(app)/(manage)/colis-modeles/[id]?/default': api('PUT /parcel-templates/{id}'),
	'POST /(app)/(manage)/reglages-colis?/default': api('PUT /settings/parcels'),
	// ——— issue 14: distribution days, handover, sign-off (helper "days") ———
	'POST /(app)/(distributions)/distributions?/plan': api('POST /distribution-days'),
	'POST /(app)/(distributions)/distributions/[id]?/add': api('POST /distribution-days/{id}/households'),
	'POST /(app)/(distributions)/distributions/[id]?/absent': api('POST /parcels/{id}/absent'),
	'POST /(app)/(distributions)/distributions/[id]?/present': api('POST /parcels/{id}/present'),
	'POST /(app)/(distributions)/distributions/[id]?/close': api(
		'POST /distribution-days/{id}/close',
		'the screen asks to confirm first; the API call is the confirmation'
	),
	'POST /(app)/(parcels)/colis/remise?/find': api('GET /handover/lookup'),
	'POST /(app)/(parcels)/colis/remise?/sign': screenOnly(
		'the step that shows the signature pad for the parcel chosen; the API hands over with the signature at once'
	),
	'POST /(app)/(parcels)/colis/remise?/handover': api('POST /parcels/{id}/handover'),
	// ——— issue 14: preparing parcels (helper "prepare") ———
	'POST /(app)/(parcels)/colis/[id]?/scan': api('POST /parcels/{id}/picks', 'the scanned label is `code`; optional quantity and template line'),
	'POST /(app)/(parcels)/colis/[id]?/unpick': api('DELETE /parcels/{id}/picks/{lineId}', 'the screen asks to confirm first'),
	'POST /(app)/(parcels)/colis/[id]?/ready': api(
		'POST /parcels/{id}/ready',
		'the screen asks to confirm when lines are short; the API marks it ready and answers what is missing'
	),
	// ——— issue 15: the ressourcerie's items (helper "items") ———
	'POST /(app)/(reuse)/ressourcerie/objets/nouveau?/default': api('POST /reuse/items', 'prices in cents, the weighed weight in grams (all the pieces)'),
	'POST /(app)/(reuse)/ressourcerie/objets/[code]?/price': api('POST /reuse/items/{item}/price'),
	'POST /(app)/(reuse)/ressourcerie/objets/[code]?/move': api('POST /reuse/items/{item}/move'),
	'POST /(app)/(reuse)/ressourcerie/objets/[code]?/correct': api(
		'POST /reuse/items/{item}/correct',
		'the screen asks to confirm first; the API body is the confirmation'
	),
	'POST /(app)/(reuse)/ressourcerie/objets/etiquettes?/printed': api('POST /reuse/item-labels/printed', 'the labels themselves: GET /reuse/item-labels'),
	// ——— issue 15: the ressourcerie's intake, categories, containers and settings (helper "intake") ———
	'POST /(app)/(reuse)/ressourcerie/arrivages?/open': api('POST /reuse/intakes'),
	'POST /(app)/(reuse)/ressourcerie/arrivages/[id]?/weigh': api('POST /reuse/intakes/{id}/lines', 'grams, not kilograms typed with a comma'),
	'POST /(app)/(reuse)/ressourcerie/arrivages/[id]?/cancel': api(
		'POST /reuse/intakes/{id}/lines/{lineId}/cancel',
		'the confirmation is a screen step: the API call is the confirmed gesture'
	),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/settings': api('PUT /settings/reuse', 'the scale maximum in grams'),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/container_create': api('POST /reuse/containers'),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/container_update': api('PUT /reuse/containers/{id}'),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/container_active': api('PATCH /reuse/containers/{id}', 'the state is said ({"active": false})'),
	'POST /(app)/(reusemanage)/ressourcerie-reglages?/category_active': api('PATCH /reuse/categories/{id}', 'the state is said ({"active": false})'),
	'POST /(app)/(reusemanage)/ressourcerie-reglages/categories/nouvelle?/default': api('POST /reuse/categories'),
	'POST /(app)/(reusemanage)/ressourcerie-reglages/categories/[id]?/default': api('PUT /reuse/categories/{id}'),
	// ——— issue 15: exits by channel (helper "exits") ———
	'POST /(app)/(reuse)/ressourcerie/sorties/nouvelle?/default': api('POST /reuse/exits'),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/weigh': api(
		'POST /reuse/exits/{id}/lines',
		'method "weighed"; the gross weight in grams (`grossGrams`), the screen types kg'
	),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/count': api('POST /reuse/exits/{id}/lines', 'method "counted"'),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/scan': api('POST /reuse/exits/{id}/lines', 'method "item"; the scanned label is `code`'),
	'POST /(app)/(reuse)/ressourcerie/sorties/[id]?/cancel': api('POST /reuse/exits/{id}/lines/{lineId}/cancel', 'the screen asks to confirm first'),
	// ——— issue 15: the ressourcerie's till (helper "sale") ———
	'POST /(app)/(till)/caisse/ressourcerie?/pay': api('POST /public-sales', 'the API sends the whole basket at once, with an idempotency key'),
	'POST /(app)/(till)/caisse/ressourcerie?/basket': screenOnly(
		"the tablet's basket steps (scan, quick key, discount, remove, clear, go to payment): an integration keeps its own basket and sends it whole to POST /public-sales, which prices it again"
	)
};
