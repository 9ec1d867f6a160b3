// Every page, form action and endpoint of the app, read from the file tree (src/routes), for the role ×
// route matrix (tests/helpers/route-matrix.ts, tests/e2e/route-matrix.spec.ts). Reading the files
// rather than a hand-written list is the point: a new route appears here by itself, and the matrix
// fails until its expected answers are written down.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type Kind = 'page' | 'action' | 'endpoint' | 'api';
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface RouteCheck {
	/** The key of the expectation table: "GET /(app)/(manage)/catalogue", "POST /(app)/(manage)/catalogue?/import". */
	key: string;
	kind: Kind;
	/** SvelteKit route id, e.g. "/(app)/(social)/foyers/[id]". */
	routeId: string;
	method: HttpMethod;
	/** Form action name ("default" for the unnamed one). */
	action?: string;
	/** Route parameters, in order: ["id"], ["id", "action"]. */
	params: string[];
	/** Source file, relative to the project. */
	file: string;
}

const ROUTES_DIR = 'src/routes';

function walk(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir).sort()) {
		const p = path.join(dir, name);
		if (statSync(p).isDirectory()) out.push(...walk(p));
		else out.push(p);
	}
	return out;
}

/** "src/routes/(app)/(social)/foyers/[id]" → "/(app)/(social)/foyers/[id]"; the routes folder itself → "/". */
function routeIdOf(dir: string, root: string): string {
	const rel = path.relative(root, dir).split(path.sep).join('/');
	return rel === '' ? '/' : `/${rel}`;
}

export function paramsOf(routeId: string): string[] {
	return [...routeId.matchAll(/\[(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]/g)].map((m) => m[1]!);
}

/** The URL path of a route id with its parameters filled: groups removed, "[id]" replaced. */
export function urlPath(routeId: string, values: Record<string, string>): string {
	const parts = routeId
		.split('/')
		.filter((s) => s !== '' && !/^\(.+\)$/.test(s))
		.map((s) =>
			s.replace(/\[(?:\.\.\.)?([^\]=]+)(?:=[^\]]+)?\]/g, (_, name: string) => {
				const v = values[name];
				if (v === undefined) throw new Error(`no value for [${name}] in ${routeId}`);
				return encodeURIComponent(v);
			})
		);
	return '/' + parts.join('/');
}

/** Removes comments and the contents of string and template literals (kept as empty quotes), so braces inside them do not count. */
function stripCode(src: string): string {
	let out = '';
	let i = 0;
	while (i < src.length) {
		const c = src[i]!;
		const next = src[i + 1];
		if (c === '/' && next === '/') {
			while (i < src.length && src[i] !== '\n') i++;
		} else if (c === '/' && next === '*') {
			i = src.indexOf('*/', i + 2);
			i = i < 0 ? src.length : i + 2;
		} else if (c === "'" || c === '"' || c === '`') {
			const from = ++i;
			let depth = 0;
			while (i < src.length) {
				const d = src[i]!;
				if (d === '\\') i += 2;
				else if (c === '`' && d === '$' && src[i + 1] === '{') {
					depth++;
					i += 2;
				} else if (c === '`' && depth > 0 && d === '}') {
					depth--;
					i++;
				} else if (d === c && depth === 0) break;
				else i++;
			}
			const content = src.slice(from, i);
			i++;
			// Keep identifier-like strings (a quoted action name); empty the others.
			out += c + (/^[\w$-]*$/.test(content) ? content : '') + c;
		} else {
			out += c;
			i++;
		}
	}
	return out;
}

/**
 * The names of the form actions of a +page.server.ts: the keys of `export const actions = { … }`
 * (`name: …`, `name(…) {…}`, `async name(…)`, or shorthand `name`), "default" included.
 */
export function formActions(source: string): string[] {
	const code = stripCode(source);
	const start = /export\s+const\s+actions\b[^=]*=\s*(?:\(\s*)?\{/.exec(code);
	if (!start) {
		if (/export\s+(const|let|function|\{)[^;]*\bactions\b/.test(code)) {
			throw new Error('actions exported in a form the route matrix cannot read: use `export const actions = { … }`');
		}
		return [];
	}
	let i = start.index + start[0].length;
	let depth = 1;
	let top = '';
	for (; i < code.length && depth > 0; i++) {
		const c = code[i]!;
		if (c === '{' || c === '(' || c === '[') depth++;
		else if (c === '}' || c === ')' || c === ']') depth--;
		if (depth === 1 && !(c === '}' || c === ')' || c === ']')) top += c;
		else if (depth === 1) top += ' ';
	}
	if (depth !== 0) throw new Error('unbalanced actions object');
	const names: string[] = [];
	for (const segment of top.split(',')) {
		const s = segment.trim();
		if (s === '') continue;
		const m = /^(?:async\s+)?(?:['"]?)([A-Za-z_$][\w$]*)(?:['"]?)\s*(?::|\(|$)/.exec(s) ?? /^(?:async\s+)?([A-Za-z_$][\w$]*)\s/.exec(s);
		if (!m) throw new Error(`cannot read an action in: ${s.slice(0, 60)}`);
		names.push(m[1]!);
	}
	return names;
}

/** The HTTP methods a +server.ts exports (`export const GET`, `export async function POST`, `export { x as PUT }`). */
export function serverMethods(source: string): HttpMethod[] {
	const code = stripCode(source);
	const found = new Set<HttpMethod>();
	for (const m of code.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g)) {
		if ((HTTP_METHODS as readonly string[]).includes(m[1]!)) found.add(m[1] as HttpMethod);
		else if (m[1] === 'fallback') throw new Error('a fallback handler answers every method: list its methods in the route matrix');
	}
	for (const m of code.matchAll(/export\s*\{([^}]*)\}/g)) {
		for (const part of m[1]!.split(',')) {
			const name = part
				.trim()
				.split(/\s+as\s+/)
				.pop()!
				.trim();
			if ((HTTP_METHODS as readonly string[]).includes(name)) found.add(name as HttpMethod);
		}
	}
	return HTTP_METHODS.filter((x) => found.has(x));
}

/** Every page (GET), form action (POST) and endpoint method under src/routes, sorted by key. */
export function discoverRoutes(projectRoot = process.cwd()): RouteCheck[] {
	const root = path.join(projectRoot, ROUTES_DIR);
	const files = walk(root);
	const dirs = new Map<string, string[]>();
	for (const f of files) {
		const d = path.dirname(f);
		dirs.set(d, [...(dirs.get(d) ?? []), path.basename(f)]);
	}
	const checks: RouteCheck[] = [];
	for (const [dir, names] of dirs) {
		const routeId = routeIdOf(dir, root);
		const params = paramsOf(routeId);
		const rel = (n: string) => path.relative(projectRoot, path.join(dir, n)).split(path.sep).join('/');
		const isPage = names.some((n) => /^\+page(@[^.]*)?\.svelte$/.test(n) || /^\+page\.(server\.)?[jt]s$/.test(n));
		if (isPage) {
			const pageFile = names.find((n) => n.startsWith('+page')) ?? names[0]!;
			checks.push({ key: `GET ${routeId}`, kind: 'page', routeId, method: 'GET', params, file: rel(pageFile) });
			const server = names.find((n) => /^\+page\.server\.[jt]s$/.test(n));
			if (server) {
				for (const action of formActions(readFileSync(path.join(dir, server), 'utf8'))) {
					checks.push({ key: `POST ${routeId}?/${action}`, kind: 'action', routeId, method: 'POST', action, params, file: rel(server) });
				}
			}
		}
		const endpoint = names.find((n) => /^\+server\.[jt]s$/.test(n));
		if (endpoint) {
			const methods = serverMethods(readFileSync(path.join(dir, endpoint), 'utf8'));
			if (methods.length === 0) throw new Error(`${rel(endpoint)} exports no HTTP method the route matrix knows`);
			const kind: Kind = routeId.startsWith('/api/') ? 'api' : 'endpoint';
			for (const method of methods) checks.push({ key: `${method} ${routeId}`, kind, routeId, method, params, file: rel(endpoint) });
		}
	}
	return checks.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
