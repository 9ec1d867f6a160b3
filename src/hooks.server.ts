import { error, isHttpError, isRedirect, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { decideAccess } from '$lib/server/auth/access';
import { validateApiToken } from '$lib/server/auth/apiTokens';
import { validateDeviceToken } from '$lib/server/auth/devices';
import { blockedByTemporaryPassword, CHANGE_PASSWORD_PATH } from '$lib/server/auth/passwordChange';
import { validateSessionToken } from '$lib/server/auth/sessions';
import { describeDatabase, getDb, startDatabase } from '$lib/server/db/app';
import { closeDatabaseOnShutdown } from '$lib/server/db/shutdown';
import { isAppError, isDatabaseUnavailable } from '$lib/server/errors';
import { apiError } from '$lib/server/http/api';
import { hasBadCharacter } from '$lib/server/http/input';
import { checkOrigin } from '$lib/server/http/origin';
import { clearDeviceCookie, clearSessionCookie, DEVICE_COOKIE, SESSION_COOKIE, setDeviceCookie, setSessionCookie } from '$lib/server/http/cookies';
import { config } from '$lib/server/config';
import { startBackupSchedule } from '$lib/server/backup/schedule';
import { demoLoginsText, hasDemo, isEmpty, seedDemo } from '$lib/server/seed';
import errorTemplate from './error.html?raw';

/** Opens the database at start-up: migrations, then the demo data on an empty database. Retries while it is down. */
export const init: ServerInit = async () => {
	closeDatabaseOnShutdown();
	const tryStart = async (attempt: number): Promise<void> => {
		try {
			let seeded = false;
			let demo = false;
			const handle = await startDatabase(async (h) => {
				if (config.seedDemo && (await isEmpty(h.db))) {
					await seedDemo(h.db);
					seeded = true;
				}
				demo = await hasDemo(h.db);
			});
			// Backups: after each till closing, and every BACKUP_INTERVAL_HOURS (docs/backups.md).
			startBackupSchedule(handle);
			const port = process.env.PORT || '3000';
			console.log(`\nBase de données prête : ${describeDatabase()}`);
			if (seeded) console.log('Données de démonstration créées.');
			if (demo) console.log(demoLoginsText());
			console.log(`\nApplication : http://localhost:${port}\n`);
		} catch (e) {
			const wait = Math.min(30, 2 ** attempt);
			console.error(`La base de données ne répond pas (${describeDatabase()}) : ${(e as Error).message}. Nouvel essai dans ${wait} s.`);
			setTimeout(() => void tryStart(attempt + 1), wait * 1000).unref();
		}
	};
	await tryStart(0);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) });
	});

const isApi = (path: string) => path.startsWith('/api/');

/**
 * Before anyone is identified: a malformed address (bad percent-encoding) is a 400, NUL or a lone surrogate
 * in the path or the query string a 400, and a write from another site a 403 (CSRF, see
 * $lib/server/http/origin.ts; SvelteKit's own check is off in svelte.config.js). On /api the answers are
 * the JSON error shape, on pages the French error page.
 */
const apiGate: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	const api = isApi(path) || path === '/api';
	const refuse = (status: number, code: string, message: string): Response => {
		if (api) return apiError(status, code, message);
		error(status, { message, code });
	};
	let decoded: string;
	try {
		decoded = decodeURIComponent(path);
	} catch {
		return refuse(400, 'bad_path', m.error_bad_path());
	}
	if (hasBadCharacter(decoded) || [...event.url.searchParams].some(([k, v]) => hasBadCharacter(k) || hasBadCharacter(v))) {
		return refuse(400, 'invalid_characters', m.error_invalid_characters());
	}
	const verdict = checkOrigin({
		method: event.request.method,
		path,
		siteOrigin: event.url.origin,
		origin: event.request.headers.get('origin'),
		bearer: /^Bearer\s/i.test(event.request.headers.get('authorization') ?? ''),
		cookies: !!event.request.headers.get('cookie'),
		configuredOrigin: config.origin
	});
	if (verdict === 'cross_origin') return refuse(403, 'cross_origin', m.error_cross_origin());
	return resolve(event);
};

/** Who is asking: the tablet (device cookie), then the person (session cookie) or the API token. */
const identify: Handle = async ({ event, resolve }) => {
	event.locals.actor = null;
	event.locals.device = null;
	event.locals.sessionExpired = false;
	const path = event.url.pathname;
	if (path === '/healthz' || path.startsWith('/_app/')) return resolve(event);
	try {
		const db = getDb();
		const deviceToken = event.cookies.get(DEVICE_COOKIE);
		if (deviceToken) {
			event.locals.device = await validateDeviceToken(db, deviceToken);
			if (event.locals.device) setDeviceCookie(event.cookies, event.url, deviceToken);
			else clearDeviceCookie(event.cookies, event.url);
		}
		const bearer = event.request.headers.get('authorization');
		if (bearer && isApi(path)) {
			const match = /^Bearer\s+(\S+)$/i.exec(bearer);
			const actor = match ? await validateApiToken(db, match[1]!) : null;
			if (!actor) return apiError(401, 'invalid_token', m.api_token_invalid());
			event.locals.actor = actor;
		} else {
			const token = event.cookies.get(SESSION_COOKIE);
			if (token) {
				// A tablet's session is valid only with that tablet's device cookie (validated above).
				const valid = await validateSessionToken(db, token, new Date(), event.locals.device?.id ?? null);
				if (valid) {
					event.locals.actor = valid.actor;
					setSessionCookie(event.cookies, event.url, token, valid.expiresAt);
				} else {
					clearSessionCookie(event.cookies, event.url);
					event.locals.sessionExpired = true;
				}
			}
		}
	} catch (e) {
		if (!isDatabaseUnavailable(e)) throw e;
		if (isApi(path)) return apiError(503, 'db_unavailable', m.error_db_unavailable());
		error(503, { message: m.error_db_unavailable(), code: 'db_unavailable' });
	}
	return resolve(event);
};

/** Route-group guard: see GROUP_ACCESS in $lib/server/auth/access.ts. Applies to pages, actions and API alike. */
const guard: Handle = async ({ event, resolve }) => {
	const actor = event.locals.actor;
	const decision = decideAccess(event.route.id, actor?.roles ?? null);
	if (decision === 'allow') return resolve(event);
	const path = event.url.pathname;
	if (isApi(path)) {
		return decision === 'sign_in' ? apiError(401, 'unauthenticated', m.api_unauthenticated()) : apiError(403, 'forbidden', m.error_forbidden());
	}
	if (decision === 'sign_in') {
		if (event.request.method === 'GET') {
			const target = event.locals.device ? '/tablette' : '/connexion';
			const params = new URLSearchParams();
			if (path !== '/') params.set('redirectTo', path + event.url.search);
			if (event.locals.sessionExpired) params.set('expire', '1');
			redirect(303, params.size ? `${target}?${params}` : target);
		}
		error(401, { message: m.error_sign_in_needed(), code: 'unauthenticated' });
	}
	// A signed-in person opening a page they cannot use: the in-app page (header, pictogram, a way home).
	if (actor && isPageView(event)) return forbiddenPage(event);
	error(403, { message: m.error_forbidden(), code: 'forbidden' });
};

/** The in-app "no access" page, rendered by SvelteKit with the app's layout: see routes/(app)/acces-refuse. */
export const FORBIDDEN_PATH = '/acces-refuse';

/** A browser opening a page (not a form, a data request of client navigation, nor a JSON client). */
function isPageView(event: Parameters<Handle>[0]['event']): boolean {
	const method = event.request.method;
	return (method === 'GET' || method === 'HEAD') && !event.isDataRequest && !prefersJson(event.request.headers.get('accept') || 'text/html');
}

/**
 * Issue 10 (item 10): a 403 for a signed-in person stays inside the app. The page is rendered by an
 * internal request (same cookies) to FORBIDDEN_PATH, whose load throws the 403 that (app)/+error.svelte
 * shows inside the app's layout; its CSP and the headers of `securityHeaders` come with it. Nothing of
 * the refused route runs.
 */
async function forbiddenPage(event: Parameters<Handle>[0]['event']): Promise<Response> {
	const res = await event.fetch(new URL(FORBIDDEN_PATH, event.url), { headers: { accept: 'text/html' }, redirect: 'manual' });
	if (res.status !== 403) error(403, { message: m.error_forbidden(), code: 'forbidden' });
	return new Response(event.request.method === 'HEAD' ? null : res.body, { status: 403, headers: new Headers(res.headers) });
}

/**
 * A session opened with a temporary password (set by someone else) reaches only the account page until
 * the password is changed: pages redirect there, other writes get a 403, the API a JSON 403.
 */
const temporaryPassword: Handle = async ({ event, resolve }) => {
	if (!blockedByTemporaryPassword(event.locals.actor, event.route.id)) return resolve(event);
	if (isApi(event.url.pathname)) return apiError(403, 'password_change_required', m.account_password_change_required());
	if (event.request.method === 'GET') redirect(303, CHANGE_PASSWORD_PATH);
	error(403, { message: m.account_password_change_required(), code: 'password_change_required' });
};

/**
 * CSP for responses SvelteKit does not render with its own (`kit.csp` in svelte.config.js covers rendered
 * pages): error.html pages raised in the hooks (401, 403, 503), which need only our stylesheet.
 */
const FALLBACK_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/**
 * Routes that show a household (names, rights, budget, purchases) or export it: never kept by a browser
 * or a proxy cache. The social workers' pages and API, the till (card check, serving screen, lookup) and
 * the sales and Z pages (a sale names its household).
 */
const NO_STORE_ROUTE = /^\/(\(app\)|api\/v1\/\(app\))\/\((social|till|sales)\)\//;

/** Does the request prefer JSON to HTML? As SvelteKit decides for its own error answers (any type → JSON). */
function prefersJson(accept: string): boolean {
	const parts = accept
		.split(',')
		.map((str, i) => {
			const m = /^[ \t]*([^/ \t]+)\/([^; \t]+)[ \t]*(?:;[ \t]*q=([0-9.]+))?/.exec(str);
			return m ? { type: m[1]!, subtype: m[2]!, q: Number(m[3] ?? '1'), i } : null;
		})
		.filter((p) => p !== null)
		.sort((a, b) => b.q - a.q || Number(a.subtype === '*') - Number(b.subtype === '*') || Number(a.type === '*') - Number(b.type === '*') || a.i - b.i);
	const rank = (type: string, subtype: string) => parts.findIndex((p) => (p.type === type || p.type === '*') && (p.subtype === subtype || p.subtype === '*'));
	const json = rank('application', 'json');
	const html = rank('text', 'html');
	return json !== -1 && (html === -1 || json <= html);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An error raised in a hook (401, 403, 503 from `identify` / `guard`) answered here rather than by
 * SvelteKit's last-resort handler, whose answer would skip this hook's headers: the same JSON or the
 * same page (src/error.html), which then gets the headers below like any other answer.
 */
function hookErrorResponse(event: Parameters<Handle>[0]['event'], status: number, body: App.Error): Response {
	const error = { ...body, message: body.message || 'Unknown Error' };
	if (event.isDataRequest || prefersJson(event.request.headers.get('accept') || 'text/html')) return Response.json(error, { status });
	const html = errorTemplate.replaceAll('%sveltekit.status%', String(status)).replaceAll('%sveltekit.error.message%', escapeHtml(error.message));
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * Headers on every answer, whatever produced it (a page, an endpoint, an error raised in a hook):
 * nosniff, same-origin referrer, frame protection, a CSP on HTML without one, no-store on household
 * routes, HSTS when the request came over HTTPS (`event.url` is https when the connection was, when
 * TRUST_PROXY=true and the proxy says `X-Forwarded-Proto: https`, or when ORIGIN is https — see
 * scripts/serve.js). Static files are served before the hooks: scripts/serve.js gives them nosniff.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (e) {
		// Redirects stay SvelteKit's (it answers data requests with JSON); other errors are logged by handleError.
		if (!isHttpError(e)) throw e;
		response = hookErrorResponse(event, e.status, e.body);
	}
	const set = (name: string, value: string, replace = false) => {
		if (!replace && response.headers.has(name)) return;
		try {
			response.headers.set(name, value);
		} catch {
			// Immutable headers (a Response made elsewhere, e.g. by fetch): copy it once, then set.
			response = new Response(response.body, response);
			response.headers.set(name, value);
		}
	};
	set('x-content-type-options', 'nosniff');
	set('referrer-policy', 'same-origin');
	set('x-frame-options', 'SAMEORIGIN');
	if ((response.headers.get('content-type') ?? '').startsWith('text/html')) set('content-security-policy', FALLBACK_CSP);
	if (event.route.id && NO_STORE_ROUTE.test(event.route.id)) set('cache-control', 'no-store', true);
	if (event.url.protocol === 'https:') set('strict-transport-security', 'max-age=31536000');
	return response;
};

export const handle = sequence(securityHeaders, i18n, apiGate, identify, guard, temporaryPassword);

/** Unexpected errors: logged in full on the server, a plain French sentence for the person. */
export const handleError: HandleServerError = ({ error: e, status }) => {
	if (isAppError(e)) return { message: e.message, code: e.code };
	if (isDatabaseUnavailable(e)) return { message: m.error_db_unavailable(), code: 'db_unavailable' };
	if (status === 404) return { message: m.error_not_found(), code: 'not_found' };
	if (!isHttpError(e) && !isRedirect(e)) console.error(e);
	return { message: m.error_internal(), code: 'internal' };
};
