import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll } from 'vitest';
import { m } from '$lib/paraglide/messages';
import type { Actor } from '$lib/server/auth/actor';
import { decideAccess } from '$lib/server/auth/access';
import { validateApiToken } from '$lib/server/auth/apiTokens';
import { getDb, serveTestDatabase } from '$lib/server/db/app';
import { apiError } from '$lib/server/http/api';
import { useTestDatabase } from './db';

type Handler = (event: RequestEvent) => Response | Promise<Response>;
type Module = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Handler>>;

/** Every API endpoint of the app, found as SvelteKit finds them: src/routes/api/**\/+server.ts. */
const modules = import.meta.glob<Module>('/src/routes/api/**/+server.ts');

interface Route {
	id: string;
	pattern: RegExp;
	params: string[];
	load: () => Promise<Module>;
}

/** Route ids and patterns as SvelteKit derives them: (groups) vanish, [param] matches one segment; static segments win. */
const routes: Route[] = Object.entries(modules)
	.map(([file, load]) => {
		const id = file.replace(/^\/src\/routes/, '').replace(/\/\+server\.ts$/, '');
		const params: string[] = [];
		const segments = id.split('/').filter((s) => s && !/^\(.+\)$/.test(s));
		const source = segments
			.map((s) => {
				const p = /^\[(\w+)\]$/.exec(s);
				if (p) {
					params.push(p[1]!);
					return '/([^/]+)';
				}
				return '/' + s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			})
			.join('');
		return { id, pattern: new RegExp(`^${source}/?$`), params, load };
	})
	.sort((a, b) => a.params.length - b.params.length);

/**
 * One migrated test database for the file (see useTestDatabase), also served to the route handlers
 * (getDb()), so that API calls and fixtures see the same data.
 */
export function useApiTestDatabase() {
	const t = useTestDatabase();
	beforeAll(() => serveTestDatabase(t.handle));
	afterAll(() => serveTestDatabase(null));
	return t;
}

export interface ApiCall {
	/** `Authorization: Bearer …`: identified by validateApiToken, as hooks.server.ts does. */
	token?: string;
	/** Or a person already signed in (session cookie), e.g. an operator on a tablet. */
	actor?: Actor;
	/** The enrolled tablet the request comes from (device cookie). */
	device?: { id: string; organisationId: string; name: string } | null;
	/** JSON body (sent with Content-Type: application/json). */
	body?: unknown;
	/** Or a body sent as is (set its Content-Type in `headers`): bad JSON, a form, plain text… */
	rawBody?: string;
	headers?: Record<string, string>;
}

export interface ApiAnswer<T = Record<string, unknown>> {
	status: number;
	headers: Headers;
	body: T;
}

/**
 * Calls an /api/v1 endpoint the way the server does, in process: identifies the bearer token with
 * validateApiToken (401 when unknown), applies the route-group guard decideAccess (401 / 403, the
 * same JSON errors as hooks.server.ts), then runs the route's real handler on the test database.
 */
export async function callApi<T = Record<string, unknown>>(
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
	path: string,
	call: ApiCall = {}
): Promise<ApiAnswer<T>> {
	const url = new URL(path, 'http://127.0.0.1');
	const route = routes.find((r) => r.pattern.test(url.pathname));
	if (!route) throw new Error(`no API route for ${url.pathname}`);
	const match = route.pattern.exec(url.pathname)!;
	const params = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1]!)]));
	const headers = new Headers(call.headers);
	if (call.token) headers.set('authorization', `Bearer ${call.token}`);
	let requestBody: string | undefined;
	if (call.body !== undefined) {
		requestBody = JSON.stringify(call.body);
		if (!headers.has('content-type')) headers.set('content-type', 'application/json');
		headers.set('content-length', String(Buffer.byteLength(requestBody)));
	} else if (call.rawBody !== undefined) {
		requestBody = call.rawBody;
		headers.set('content-length', String(Buffer.byteLength(requestBody)));
	}
	const request = new Request(url, { method, headers, body: requestBody });

	let actor: Actor | null = call.actor ?? null;
	let response: Response;
	if (call.token) actor = await validateApiToken(getDb(), call.token);
	const decision = decideAccess(route.id, actor?.roles ?? null);
	if (call.token && !actor) response = apiError(401, 'invalid_token', m.api_token_invalid());
	else if (decision === 'sign_in') response = apiError(401, 'unauthenticated', m.api_unauthenticated());
	else if (decision === 'forbidden') response = apiError(403, 'forbidden', m.error_forbidden());
	else {
		const handler = (await route.load())[method];
		if (!handler) throw new Error(`${route.id} has no ${method}`);
		const event = {
			request,
			url,
			params,
			route: { id: route.id },
			locals: { actor, device: call.device ?? null, sessionExpired: false }
		} as unknown as RequestEvent;
		response = await handler(event);
	}
	const text = await response.text();
	// A file (a CSV export) comes back as its text.
	const isJson = (response.headers.get('content-type') ?? 'application/json').includes('json');
	return { status: response.status, headers: response.headers, body: (text ? (isJson ? JSON.parse(text) : text) : null) as T };
}
