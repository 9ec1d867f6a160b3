import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken } from '$lib/server/auth/apiTokens';
import { ROLES } from '$lib/server/auth/roles';
import { buildOpenApi } from '$lib/server/api/openapi';
import { issueParcelRight } from '$lib/server/households/parcelRights';
import { DEFAULT_SETTINGS } from '$lib/server/households/settings';
import { startCount } from '$lib/server/stock/counts';
import { createReception } from '$lib/server/stock/receptions';
import { callApi, useApiTestDatabase } from '../helpers/api';
import { snapshotTables, SNAPSHOT_EXCLUDED } from '../helpers/db-snapshot';
import { createTemplate } from '$lib/server/parcels/templates';
import { makeCategory } from '../helpers/parcelRows';
import { addUser, makeOrg } from '../helpers/fixtures';
import { makeOrigin, makeProduct } from '../helpers/stock';
import { makeBeneficiary, makeLot, newKey } from '../helpers/till';
import { distributionFixture } from '../helpers/parcels';
import { createItem } from '$lib/server/reuse/items';
import { makeRessourcerie } from '../helpers/reuseItems';
import { reuseFixture } from '../helpers/reuseIntakes';
import { createExit } from '$lib/server/reuse/exits';

/**
 * Property test over every write operation of the OpenAPI document (POST, PUT, PATCH, DELETE): generated
 * bad bodies (wrong types, NUL, lone surrogates, huge numbers and strings, missing and extra fields, arrays
 * for objects, nested junk, not JSON at all, other content types) and path parameters (real ids, another
 * organisation's, unknown, malformed), sent by an API token holding every role through callApi (the real
 * handler after the real token check and guard). Each answer: never a 5xx; every 4xx is the JSON error
 * shape; after a 4xx no row changed in any table (see SNAPSHOT_EXCLUDED in tests/helpers/db-snapshot.ts).
 */

const t = useApiTestDatabase();

type Json = Record<string, any>;
type Schema = Json;

const doc = buildOpenApi() as Json;
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

interface Operation {
	method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string;
	params: string[];
	schema: Schema | null;
}

const resolve = (s: Schema | undefined): Schema | null => {
	if (!s) return null;
	if (typeof s.$ref === 'string') return resolve(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]);
	return s;
};

const operations: Operation[] = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
	WRITE_METHODS.filter((m) => item[m]).map((m) => ({
		method: m.toUpperCase() as Operation['method'],
		path,
		params: [...path.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!),
		schema: resolve(item[m].requestBody?.content?.['application/json']?.schema)
	}))
);

/** A plausible value for a schema: the base that a mutation then spoils in one place. */
function sample(s: Schema | null, depth = 0): unknown {
	s = resolve(s ?? undefined);
	if (!s || depth > 4) return null;
	if (s.enum) return s.enum[0];
	const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
	switch (type) {
		case 'object': {
			const out: Json = {};
			for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) out[k] = sample(v, depth + 1);
			return out;
		}
		case 'array':
			return [sample(s.items, depth + 1)];
		case 'integer':
		case 'number':
			return 1;
		case 'boolean':
			return true;
		case 'string':
			return s.format === 'date' ? '2026-01-15' : s.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'texte';
		default:
			return null;
	}
}

const NUL = 'a\u0000b';
const LONE_HIGH = 'x\ud800y';
const LONE_LOW = '\udc00';
const HUGE_STRING = 'é'.repeat(20_000);

/** Values that break a field: bad characters, extreme numbers, odd dates, wrong types, nested junk. */
const badValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: fc.constantFrom<unknown>(NUL, LONE_HIGH, LONE_LOW, `Nom${NUL}`, `\u0000`, HUGE_STRING, '', '   ') },
	{
		weight: 4,
		arbitrary: fc.constantFrom<unknown>(2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 0.5, -1, 0, 1e-300)
	},
	{
		weight: 3,
		arbitrary: fc.constantFrom<unknown>(
			'0000-01-01',
			'9999-12-31',
			'2026-02-30',
			'1899-12-31',
			'+275760-09-13',
			'1e308',
			'-1',
			'00000000-0000-4000-8000-000000000000',
			'not-a-uuid',
			'%',
			'LOT-000001'
		)
	},
	{ weight: 2, arbitrary: fc.constantFrom<unknown>(true, null, [], {}, [null], { a: { b: { c: [NUL] } } }, [{ lot: NUL, quantity: 1e308 }]) },
	{ weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
	{ weight: 1, arbitrary: fc.integer() },
	{ weight: 1, arbitrary: fc.double() },
	{ weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }
);

/** Replaces, removes or adds one thing somewhere in a body (path chosen by the indexes). */
function mutate(base: unknown, picks: number[], kind: 'replace' | 'remove' | 'add', value: unknown, depth = 0): unknown {
	if (base === null || typeof base !== 'object' || depth >= picks.length) return kind === 'remove' ? undefined : value;
	if (Array.isArray(base)) {
		if (base.length === 0) return [value];
		const i = picks[depth]! % base.length;
		const copy = [...base];
		copy[i] = mutate(base[i], picks, kind, value, depth + 1);
		return copy.filter((v) => v !== undefined);
	}
	const keys = Object.keys(base);
	if (kind === 'add' && (keys.length === 0 || picks[depth]! % 3 === 0)) return { ...base, [`extra${picks[depth]}`]: value };
	if (keys.length === 0) return value;
	const key = keys[picks[depth]! % keys.length]!;
	const copy: Json = { ...(base as Json) };
	const inner = mutate(copy[key], picks, kind, value, depth + 1);
	if (inner === undefined) delete copy[key];
	else copy[key] = inner;
	return copy;
}

type Body = { json: unknown } | { raw: string; contentType: string | null };

/** A bad body for an operation: a spoiled plausible body, junk JSON, or not JSON at all. */
const badBody = (op: Operation): fc.Arbitrary<Body> =>
	fc.oneof(
		{
			weight: 8,
			arbitrary: fc
				.tuple(
					fc.boolean(),
					fc.array(fc.nat(50), { minLength: 1, maxLength: 4 }),
					fc.constantFrom('replace', 'replace', 'remove', 'add') as fc.Arbitrary<'replace' | 'remove' | 'add'>,
					badValue
				)
				.map(([valid, picks, kind, value]) => ({ json: mutate(valid ? (fx.valid[op.path] ?? sample(op.schema)) : sample(op.schema), picks, kind, value) }))
		},
		{
			weight: 2,
			arbitrary: fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.constant(sample(op.schema)), { maxLength: 3 }), badValue).map((json) => ({ json }))
		},
		{
			weight: 2,
			arbitrary: fc.record({
				raw: fc.constantFrom(
					'',
					'{',
					'{"a":',
					'null',
					'[]',
					'a=1&b=2',
					'{"customer":"\\u0000"}',
					'{"note":"\\ud800"}',
					'\u0000',
					JSON.stringify(sample(op.schema))
				),
				contentType: fc.constantFrom<string | null>(
					null,
					'text/plain',
					'application/x-www-form-urlencoded',
					'multipart/form-data; boundary=x',
					'application/json',
					'application/json; charset=utf-8',
					'application/xml'
				)
			})
		}
	);

interface Fixture {
	token: string;
	/** Per path parameter name: the ids it may take (this organisation's, another one's, unknown, malformed). */
	params: Record<string, string[]>;
	/** Per operation path: a body the service would accept (or nearly), which the mutations spoil in one place. */
	valid: Record<string, unknown>;
}

let fx: Fixture;
const figures = { requests: 0, ok: 0, client: 0, server: 0, byStatus: {} as Record<number, number> };

beforeAll(async () => {
	const org = await makeOrg(t.db);
	const other = await makeOrg(t.db, 'Autre épicerie');
	const { actor: all } = await addUser(t.db, org, [...ROLES]);
	const { token } = await createApiToken(t.db, all, { name: 'Tous les rôles', roles: [...ROLES] });
	const origin = await makeOrigin(t.db, org);
	const product = await makeProduct(t.db, org, { referencePriceCents: 200 });
	const lot = await makeLot(t.db, all, product.id, origin.id, 1000);
	const household = await makeBeneficiary(t.db, org);
	const reception = await createReception(t.db, all, { originId: origin.id });
	const otherHousehold = await makeBeneficiary(t.db, other);
	const otherOrigin = await makeOrigin(t.db, other);
	const otherReception = await createReception(t.db, other.actors.manager, { originId: otherOrigin.id });
	// issue 14: a parcel right of each organisation, so that /parcel-rights/{id}/… paths reach their bodies.
	const parcelRight = await issueParcelRight(t.db, org.actors.social_worker, household.householdId, { validFrom: '2026-01-01' });
	const otherParcelRight = await issueParcelRight(t.db, other.actors.social_worker, otherHousehold.householdId, { validFrom: '2026-01-01' });
	// The till is open for the token, so that sales reach the service's own checks.
	expect((await callApi('POST', '/api/v1/till-sessions', { token, body: { floatCents: 1000 } })).status).toBe(201);
	const common = ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%', '\u0000', '1e308', 'x'.repeat(300)];
	// Issue 11 (stock API): a count, a lot of the other organisation, so that lot and count paths reach their bodies.
	const count = await startCount(t.db, all, org.locationId);
	const otherLot = await makeLot(t.db, other.actors.operator, (await makeProduct(t.db, other)).id, otherOrigin.id, 5);
	// issue 14: a parcel template (its PUT and PATCH reach their bodies) and a category for its lines.
	const parcelCategory = await makeCategory(t.db, org, 'Conserves');
	const parcelLine = {
		categoryId: parcelCategory,
		unit: 'piece',
		scaling: 'fixed',
		quantity: 2,
		band1: null,
		band2: null,
		band3: null,
		band5: null,
		cold: false
	};
	const parcelTemplate = await createTemplate(t.db, all, { name: 'Colis (corps invalides)', lines: [parcelLine] });
	// Issue 14 (distribution days): a template, a household with a parcel right, a day planned with its parcel.
	const parcelsFx = await distributionFixture(t.db, org, all);
	// issue 15 (intake): a ressourcerie site, a category, a container, an intake with a line (and another organisation's).
	const reuse = await reuseFixture(t.db, org, all);
	const otherReuse = await reuseFixture(t.db, other, other.actors.manager);
	// Issue 15 (items): at the same ressourcerie, an item of each organisation, so that /reuse/items/{item}/… reach their bodies.
	const shop = await makeRessourcerie(t.db, org);
	const otherShop = await makeRessourcerie(t.db, other);
	const reuseItem = await createItem(t.db, all, { categoryId: shop.cat('Livres').id, description: 'Livres', price: '1', quantity: 50 });
	const otherReuseItem = await createItem(t.db, other.actors.operator, { categoryId: otherShop.cat('Livres').id, description: 'Livre', price: '1' });
	// Issue 15 (exits): at the same ressourcerie, an exit of each organisation, so that /reuse/exits/{id}/… paths reach their bodies.
	const reuseExit = await createExit(t.db, all, { channel: 'recyclage', recipient: 'Refashion' });
	const otherReuseExit = await createExit(t.db, other.actors.manager, { channel: 'don' });
	fx = {
		token,
		params: {
			id: [
				household.householdId,
				household.rightId,
				reception.id,
				count.id,
				org.users.operator.id,
				otherHousehold.householdId,
				otherHousehold.rightId,
				otherReception.id,
				other.users.operator.id,
				// The managers' areas (issue 11 item 6): a product, an origin, a site, a location, and another organisation's.
				product.id,
				origin.id,
				org.siteIds.reserve,
				org.locationId,
				otherOrigin.id,
				other.siteIds.reserve,
				other.locationId,
				parcelRight.id,
				otherParcelRight.id,
				parcelTemplate.id,
				parcelsFx.dayId,
				parcelsFx.parcelId,
				reuse.categoryId,
				reuse.containerId,
				reuse.intakeId,
				otherReuse.categoryId,
				otherReuse.containerId,
				otherReuse.intakeId,
				reuseExit.id,
				otherReuseExit.id,
				...common
			],
			lineId: [String(reuse.lineId), String(otherReuse.lineId), '999999999', '-1', '1e308', 'x', '%00'],
			code: [lot.code, lot.code, otherLot.code, 'L-999999', ...common],
			action: ['renew', 'suspend', 'resume', 'revoke', 'delete', '%00'],
			item: [reuseItem.code, reuseItem.id, reuseItem.code, otherReuseItem.code, otherReuseItem.id, 'O-999999', ...common],
			gtin: ['3017620422003', '03017620422003', '12345', '%00', 'x'.repeat(300)]
		},
		valid: {
			'/households': {
				firstName: 'Anne',
				lastName: 'Durand',
				birthDate: '1980-05-05',
				phone: '06 00 00 00 00',
				commune: 'Lyon',
				orientingStructure: 'CCAS',
				rgpdInformedOn: '2026-01-02',
				consent: true,
				notes: 'Notes',
				ignoreDuplicates: true
			},
			'/households/{id}/rights': { validFrom: '2030-01-01', rateBp: 2000, monthlyBudgetCents: 5000, overrideReason: 'Raison', categoryLimits: {} },
			'/rights/{id}/{action}': { reason: 'Une raison' },
			'/households/{id}/parcel-rights': { validFrom: '2031-01-01', frequency: 'weekly', persons: 2, free: true },
			'/parcel-rights/{id}/{action}': { reason: 'Une raison' },
			'/households/{id}': { firstName: 'Anne', lastName: 'Durand', birthDate: '1980-05-05', commune: 'Lyon', consent: true },
			'/households/{id}/members': { birthYear: 2015, relation: 'enfant' },
			'/households/{id}/budget-lines': { kind: 'resource', type: 'rsa', monthlyCents: 50000 },
			'/households/{id}/applications': { assessment: 'Évaluation' },
			'/people': { username: 'bad-bodies', firstName: 'Anne', lastName: 'Durand', email: '', roles: ['operator'], password: '', pin: '' },
			'/people/{id}': { firstName: 'Anne', lastName: 'Durand', email: '', roles: ['operator'] },
			'/people/{id}/pin': { pin: '735194' },
			'/people/{id}/active': { active: true },
			'/receptions': {
				originId: origin.id,
				deliveryNote: 'BL 12',
				deliveredWeightGrams: 80_000,
				lines: [{ productId: product.id, quantity: 2, expectedQuantity: 2, date: '2030-01-01', dateType: 'ddm', lotNumber: 'L1', locationId: org.locationId }]
			},
			'/sales': { customer: household.card, lines: [{ lot: lot.code, quantity: 1 }], payments: [{ method: 'cash', amountCents: 40, tenderedCents: 500 }] },
			'/till-sessions': { floatCents: 1000, note: 'Ouverture' },
			'/till-sessions/current/close': { counted: { cash: 1000, card: 0, cheque: 0 }, note: 'Fermeture' },
			'/products': { name: 'Lentilles 500 g', unit: 'piece', referencePriceCents: 180, zone: 'ambient', dateType: 'ddm', gtins: ['3017620422003'] },
			'/products/{id}': { name: 'Lentilles 1 kg', unit: 'piece', referencePriceCents: 320, zone: 'ambient', dateType: 'ddm', gtins: [], limitPerVisit: 2 },
			'/products/{id}/barcodes': { gtin: '3560070048137' },
			'/origins': { name: 'Ramasse du marché', kind: 'ramasse' },
			'/origins/{id}': { active: false },
			'/locations': { siteId: org.siteIds.reserve, name: 'Frigo 2', kind: 'refrigerateur' },
			'/locations/{id}': { siteId: org.siteIds.reserve, name: 'Étagère Z', kind: 'etagere', zone: 'ambient' },
			'/sites': { name: 'Annexe', kind: 'distribution', address: '1 rue Haute' },
			'/sites/{id}': { name: 'Réserve', kind: 'entrepot', address: '' },
			'/settings/households': { ...DEFAULT_SETTINGS, thresholdCents: 850 },
			'/settings/till': { ddmGraceMonths: 2 },
			'/settings/time-zone': { timeZone: 'Europe/Paris' },
			'/settings/stock': { dlcAlertDays: 5 },
			'/api-tokens': { name: 'Jeton du test', roles: ['manager'] },
			'/inventories': { locationId: org.locationId },
			'/inventories/{id}/lines': { lot: lot.code, quantity: 3, moveHere: true },
			'/lots/{code}/losses': { quantity: 1, reason: 'broken', note: 'Carton' },
			'/lots/{code}/move': { locationId: org.locationId, quantity: 1, confirmColdForAmbient: false },
			'/recalls': { lotNumber: 'LN-1', productId: product.id },
			'/rescues': { lot: lot.code, action: 'partner', partner: 'Restos du Cœur', quantity: 1 },
			'/receptions/{id}': { deliveredWeightGrams: 125_500 },
			'/receptions/{id}/lines': {
				productId: product.id,
				quantity: 2,
				expectedQuantity: 2,
				date: '2030-01-01',
				dateType: 'ddm',
				lotNumber: 'L1',
				locationId: org.locationId
			},
			'/till/cash-movements': { kind: 'in', amountCents: 100, reason: 'Monnaie' },
			// issue 14
			'/parcel-templates': { name: 'Colis famille', lines: [parcelLine] },
			'/parcel-templates/{id}': { name: 'Colis (corps invalides)', note: 'Note', lines: [parcelLine] },
			'/settings/parcels': { participationCents: 0, nearDays: 5, defaultFrequency: 'biweekly' },
			'/distribution-days': { siteId: org.siteIds.epicerie, day: '2030-01-15', templateId: parcelsFx.templateId, slots: ['09:00-10:00'] },
			'/distribution-days/{id}/households': { code: household.card },
			'/parcels/{id}/handover': { noSignatureReason: 'Main blessée', idempotencyKey: 'cle-1' },
			// issue 15 (items)
			'/reuse/items': {
				categoryId: shop.cat('Livres').id,
				description: 'Romans',
				priceCents: 100,
				quantity: 3,
				weightGrams: 1200,
				locationId: shop.livresId
			},
			'/reuse/items/{item}/price': { priceCents: 150 },
			'/reuse/items/{item}/move': { locationId: shop.livresId },
			'/reuse/items/{item}/correct': { onHand: 40, reason: 'Recompté' },
			'/reuse/item-labels/printed': { items: [reuseItem.code], perPiece: false },
			// issue 15 (intake)
			'/reuse/categories': {
				flux: 'livres',
				name: 'Bandes dessinées',
				ecoCategory: null,
				averageWeightGrams: 300,
				priceGrid: [{ label: 'BD', priceCents: 150 }],
				position: 1
			},
			'/reuse/categories/{id}': { flux: 'livres', name: 'Livres anciens', ecoCategory: null, averageWeightGrams: 500, priceGrid: [], position: 2 },
			'/reuse/containers': { name: 'Caisse', tareGrams: 1500 },
			'/reuse/containers/{id}': { name: 'Bac gris', tareGrams: 2500 },
			'/settings/reuse': { scaleMaxGrams: 150_000, maxDiscountPercent: 30 },
			'/reuse/intakes': { siteId: reuse.siteId, source: 'apport', commune: 'Lyon', partner: null, note: null },
			'/reuse/intakes/{id}/lines': { flux: 'textile', method: 'weighed', grossGrams: 12_000, containerId: reuse.containerId, categoryId: null, count: null },
			// issue 15 (exits)
			'/reuse/exits': { siteId: reuse.siteId, channel: 'don', recipient: 'Mme Martin', note: 'Note' },
			'/reuse/exits/{id}/lines': {
				method: 'weighed',
				flux: 'textile',
				grossGrams: 5000,
				count: 2,
				categoryId: null,
				containerId: null,
				code: null,
				quantity: null
			}
		}
	};
});

afterAll(() => {
	console.log(
		`[api-bad-bodies] operations: ${operations.length}, requests: ${figures.requests}, 2xx: ${figures.ok}, 4xx: ${figures.client}, 5xx: ${figures.server}; by status: ${JSON.stringify(figures.byStatus)}; tables compared apart from: ${SNAPSHOT_EXCLUDED.join(', ')}`
	);
});

describe('every write endpoint of the OpenAPI document, with bad bodies', () => {
	test('the document has write operations to test', () => {
		expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['POST /households', 'POST /sales', 'POST /receptions']));
	});

	for (const op of operations) {
		test(`${op.method} ${op.path}: never a 5xx, always the JSON error shape, nothing changed after a 4xx`, async () => {
			let before = await snapshotTables(t.db);
			await fc.assert(
				fc.asyncProperty(
					badBody(op),
					fc.array(fc.nat(), { minLength: op.params.length, maxLength: op.params.length }),
					fc.boolean(),
					async (body, picks, withKey) => {
						let path = '/api/v1' + op.path;
						op.params.forEach((p, i) => {
							const choices = fx.params[p] ?? fx.params.id!;
							path = path.replace(`{${p}}`, encodeURIComponent(choices[picks[i]! % choices.length]!));
						});
						const headers: Record<string, string> = withKey ? { 'Idempotency-Key': newKey() } : {};
						const call =
							'json' in body
								? { token: fx.token, headers, ...(body.json === undefined ? {} : { body: body.json }) }
								: { token: fx.token, headers: body.contentType ? { ...headers, 'content-type': body.contentType } : headers, rawBody: body.raw };
						const r = await callApi<Json>(op.method, path, call);
						figures.requests++;
						figures.byStatus[r.status] = (figures.byStatus[r.status] ?? 0) + 1;
						if (r.status >= 500) figures.server++;
						else if (r.status >= 400) figures.client++;
						else figures.ok++;
						const what = `${op.method} ${path} ${JSON.stringify(body).slice(0, 300)} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
						expect(r.status, what).toBeLessThan(500);
						const after = await snapshotTables(t.db);
						if (r.status >= 400) {
							expect(typeof r.body?.error?.code, what).toBe('string');
							expect(typeof r.body?.error?.message, what).toBe('string');
							expect(r.body.error.message.length, what).toBeGreaterThan(5);
							expect(after, what).toEqual(before);
						}
						before = after;
						// A close that went through: the till is opened again, so that sales keep reaching their checks.
						if (r.status < 300 && path.endsWith('/current/close')) {
							expect((await callApi('POST', '/api/v1/till-sessions', { token: fx.token, body: { floatCents: 1000 } })).status).toBe(201);
							before = await snapshotTables(t.db);
						}
					}
				),
				{ numRuns: NUM_RUNS }
			);
		}, 60_000);
	}
});

/** Per operation: NUM_RUNS requests, each followed by a snapshot of every table (about 35 s on PGlite). */
const NUM_RUNS = 100;
