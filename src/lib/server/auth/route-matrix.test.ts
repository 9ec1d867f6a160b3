// Fast half of the role × route matrix (tests/e2e/route-matrix.spec.ts runs it over HTTP): every page,
// form action and endpoint found in src/routes has a row of expected answers, every row names a route
// that still exists, and every route parameter has a fixture. A new route fails here, without a browser,
// until its expected answers are written in tests/helpers/route-matrix.ts.
import { describe, expect, test } from 'vitest';
import { ACTORS, EXPECTED, matrixGaps } from '../../../../tests/helpers/route-matrix';
import { discoverRoutes, formActions, serverMethods, urlPath } from '../../../../tests/helpers/route-routes';

describe('role × route matrix: the table covers the file tree', () => {
	const routes = discoverRoutes();

	test('every discovered route has expectations, and every expectation a route', () => {
		const gaps = matrixGaps(routes);
		expect(gaps.missing, 'routes without a row in EXPECTED (tests/helpers/route-matrix.ts)').toEqual([]);
		expect(gaps.stale, 'rows of EXPECTED naming no route').toEqual([]);
		expect(gaps.unfilledParams, 'route parameters without a PARAM_VALUES fixture').toEqual([]);
	});

	test('every row answers for every actor', () => {
		for (const [key, entry] of Object.entries(EXPECTED)) expect(Object.keys(entry.row).sort(), key).toEqual([...ACTORS].sort());
	});

	test('the file tree is read: pages, named and default actions, endpoint methods', () => {
		const keys = routes.map((r) => r.key);
		expect(keys).toContain('GET /(app)');
		expect(keys).toContain('POST /(app)/(social)/foyers/[id]?/erase');
		expect(keys).toContain('POST /(app)/(manage)/catalogue/nouveau?/default');
		expect(keys).toContain('POST /(app)/(stock)/stock/receptions/[id]?/validate');
		expect(keys).toContain('GET /api/v1/(app)/(social)/households');
		expect(keys).toContain('POST /api/v1/(app)/(social)/households');
		expect(keys).toContain('GET /(app)/(manage)/lieux/etiquettes'); // a +page@.svelte
		expect(keys.filter((k) => k.startsWith('GET /(app)/(till)/caisse/BasketLines'))).toEqual([]);
		expect(routes.length).toBeGreaterThan(150);
	});

	test('the action and method readers', () => {
		const src = `import x from 'y';
export const actions: Actions = {
	// a comment with a: colon, and { braces }
	save: action((f, c) => update(c, { a: f.a ?? '' }), 'saved'),
	'quoted': async ({ request }) => { const s = "}, fake: 1"; return { ok: \`\${s}\` }; },
	async method({ locals }) { return { x: [1, 2] }; },
	default: async () => redirect(303, '/x'),
	short
};`;
		expect(formActions(src)).toEqual(['save', 'quoted', 'method', 'default', 'short']);
		expect(formActions('export const load = () => ({});')).toEqual([]);
		const endpoint = 'export const GET: RequestHandler = async () => json(1);\nexport async function POST() {}\nconst h = 1; export { h as DELETE };';
		expect(serverMethods(endpoint)).toEqual(['GET', 'POST', 'DELETE']);
		expect(urlPath('/api/v1/(app)/(social)/rights/[id]/[action]', { id: 'a b', action: 'renew' })).toBe('/api/v1/rights/a%20b/renew');
		expect(urlPath('/(app)', {})).toBe('/');
		expect(() => urlPath('/(app)/x/[id]', {})).toThrow(/no value for \[id\]/);
	});
});
