// Issue 11, item 6: an API for everything the screens do. Every form action has an API counterpart in
// the OpenAPI document (and an endpoint under src/routes/api answering it), or is listed as screen-only
// with a reason. The table is tests/helpers/api-parity.ts.
import { describe, expect, test } from 'vitest';
import { API_PARITY } from '../../../../tests/helpers/api-parity';
import { discoverRoutes } from '../../../../tests/helpers/route-routes';
import { buildOpenApi } from './openapi';

const routes = discoverRoutes();
const actions = routes.filter((r) => r.kind === 'action').map((r) => r.key);
const doc = buildOpenApi() as { paths: Record<string, Record<string, unknown>> };

/** "GET /api/v1/(app)/(social)/households/[id]" → "GET /households/{id}" (how the document writes it). */
function documentKey(key: string): string {
	const [method, routeId] = key.split(' ') as [string, string];
	const path = routeId
		.replace(/^\/api\/v1/, '')
		.split('/')
		.filter((s) => !/^\(.+\)$/.test(s))
		.map((s) => s.replace(/^\[(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]$/, '{$1}'))
		.join('/');
	return `${method} ${path}`;
}
const endpoints = new Set(routes.filter((r) => r.kind === 'api').map((r) => documentKey(r.key)));

describe('API parity: what the screens do, an integration can do', () => {
	test('every form action has an API counterpart or a reason to stay on screen', () => {
		expect(
			actions.filter((a) => !(a in API_PARITY)),
			'form actions missing from tests/helpers/api-parity.ts'
		).toEqual([]);
	});

	test('every row names a form action that exists', () => {
		expect(Object.keys(API_PARITY).filter((k) => !actions.includes(k))).toEqual([]);
	});

	test('every counterpart is an operation of the OpenAPI document, answered by an endpoint', () => {
		const problems: string[] = [];
		for (const [action, c] of Object.entries(API_PARITY)) {
			if ('screenOnly' in c) {
				if (c.screenOnly.trim().length < 15) problems.push(`${action}: give a real reason to stay screen-only`);
				continue;
			}
			const [method, path] = c.api.split(' ') as [string, string];
			if (!doc.paths[path]?.[method.toLowerCase()]) problems.push(`${action}: ${c.api} is not in the OpenAPI document`);
			if (!endpoints.has(c.api)) problems.push(`${action}: no endpoint under src/routes/api answers ${c.api}`);
		}
		expect(problems).toEqual([]);
	});
});
