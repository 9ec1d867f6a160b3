/**
 * Building blocks of the OpenAPI 3.1 document (see ./openapi.ts). Plain objects, loosely typed:
 * the document is checked by a test (every $ref resolves, every operation is complete).
 */

export type JsonSchema = Record<string, unknown>;

export interface Operation {
	operationId: string;
	summary: string;
	description?: string;
	tags?: string[];
	/** Route group roles, for people reading the document (the guard in hooks.server.ts enforces them). */
	'x-roles'?: readonly string[] | 'any';
	parameters?: Record<string, unknown>[];
	requestBody?: Record<string, unknown>;
	responses: Record<string, unknown>;
	/** Overrides the document-wide security (e.g. `[]` for a public endpoint). */
	security?: Record<string, string[]>[];
}

export type PathItem = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', Operation>>;

/** One feature's part of the API: its tag, its paths (under /api/v1) and its schemas. */
export interface ApiFeature {
	tag: { name: string; description: string };
	paths: Record<string, PathItem>;
	schemas?: Record<string, JsonSchema>;
}

export const ref = (schema: string) => ({ $ref: `#/components/schemas/${schema}` });

/** A 200 (or other) JSON response with this schema. */
export const jsonResponse = (description: string, schema: JsonSchema) => ({
	description,
	content: { 'application/json': { schema } }
});

/** One page of a list (`pageOf` in server/db/lists.ts): its items, the total, the page and the number of pages. */
export const pageResponse = (description: string, item: string) =>
	jsonResponse(description, {
		type: 'object',
		required: ['items', 'total', 'page', 'pages'],
		properties: { items: { type: 'array', items: ref(item) }, total: { type: 'integer' }, page: { type: 'integer' }, pages: { type: 'integer' } }
	});

/** A JSON request body with this schema. */
export const jsonBody = (schema: JsonSchema, required = true) => ({
	required,
	content: { 'application/json': { schema } }
});

/** The usual error responses, by status, as references to components.responses. */
const ERROR_RESPONSES: Record<number, string> = {
	400: 'InvalidInput',
	401: 'Unauthenticated',
	403: 'Forbidden',
	404: 'NotFound',
	409: 'Conflict',
	413: 'TooLarge',
	415: 'UnsupportedMediaType',
	503: 'Unavailable'
};

/** Error responses of an operation. 401, 403 and 503 apply to every authenticated call. */
export function errors(...statuses: number[]): Record<string, { $ref: string }> {
	const all = [...new Set([401, 403, ...statuses, 503])].sort((a, b) => a - b);
	return Object.fromEntries(all.map((s) => [String(s), { $ref: `#/components/responses/${ERROR_RESPONSES[s] ?? 'Error'}` }]));
}

export const uuid: JsonSchema = { type: 'string', format: 'uuid' };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
