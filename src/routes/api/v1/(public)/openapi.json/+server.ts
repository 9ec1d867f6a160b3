import { json } from '@sveltejs/kit';
import { buildOpenApi } from '$lib/server/api/openapi';
import type { RequestHandler } from './$types';

let doc: Record<string, unknown> | null = null;

/** The OpenAPI 3.1 description of /api/v1 (public: it holds no data). */
export const GET: RequestHandler = () => {
	doc ??= buildOpenApi();
	return json(doc, { headers: { 'cache-control': 'public, max-age=300' } });
};
