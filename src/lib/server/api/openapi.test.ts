import { describe, expect, test } from 'vitest';
import { errors, jsonResponse, ref, type ApiFeature } from './oas';
import { API_FEATURES, buildOpenApi } from './openapi';

/** Every "$ref" string anywhere in a document. */
function refs(node: unknown, out: string[] = []): string[] {
	if (Array.isArray(node)) node.forEach((n) => refs(n, out));
	else if (node && typeof node === 'object') {
		for (const [k, v] of Object.entries(node)) {
			if (k === '$ref' && typeof v === 'string') out.push(v);
			else refs(v, out);
		}
	}
	return out;
}

function resolve(doc: Record<string, unknown>, pointer: string): unknown {
	return pointer
		.replace(/^#\//, '')
		.split('/')
		.reduce<unknown>((n, key) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[key] : undefined), doc);
}

describe('OpenAPI document', () => {
	const doc = buildOpenApi();

	test('is OpenAPI 3.1 with the Error schema and both security schemes', () => {
		expect(doc.openapi).toBe('3.1.0');
		const components = doc.components as Record<string, Record<string, unknown>>;
		expect(components.schemas!.Error).toMatchObject({
			required: ['error'],
			properties: { error: { required: ['code', 'message'] } }
		});
		expect(components.securitySchemes).toMatchObject({
			bearerAuth: { type: 'http', scheme: 'bearer' },
			cookieAuth: { type: 'apiKey', in: 'cookie', name: 'session' }
		});
		expect(doc.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
	});

	test('every $ref resolves', () => {
		const all = refs(doc);
		expect(all.length).toBeGreaterThan(0);
		for (const r of all) expect(resolve(doc, r), r).toBeDefined();
	});

	test('operations have unique ids, a summary, tags of the document and a 2xx response', () => {
		const paths = doc.paths as Record<string, Record<string, { operationId: string; summary: string; tags?: string[]; responses: Record<string, unknown> }>>;
		const tags = new Set((doc.tags as { name: string }[]).map((t) => t.name));
		const ids = new Set<string>();
		for (const [path, item] of Object.entries(paths)) {
			expect(path.startsWith('/'), path).toBe(true);
			for (const op of Object.values(item)) {
				expect(ids.has(op.operationId), op.operationId).toBe(false);
				ids.add(op.operationId);
				expect(op.summary.length).toBeGreaterThan(0);
				for (const t of op.tags ?? []) expect(tags.has(t), t).toBe(true);
				expect(
					Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)),
					op.operationId
				).toBe(true);
			}
		}
		expect(['getMe', 'listLocations', 'getOpenApi'].every((id) => ids.has(id))).toBe(true);
	});

	test('a feature adds its paths and schemas; a path or schema declared twice is a mistake', () => {
		const extra: ApiFeature = {
			tag: { name: 'extra', description: 'Test' },
			paths: {
				'/extra': {
					get: { operationId: 'getExtra', summary: 'Extra', tags: ['extra'], responses: { '200': jsonResponse('ok', ref('Extra')), ...errors(404) } }
				}
			},
			schemas: { Extra: { type: 'object' } }
		};
		const withExtra = buildOpenApi([...API_FEATURES, extra]);
		expect(Object.keys(withExtra.paths as object)).toContain('/extra');
		expect(refs(withExtra)).toContain('#/components/responses/NotFound');
		expect(() => buildOpenApi([...API_FEATURES, extra, extra])).toThrow(/declared twice/);
	});
});
