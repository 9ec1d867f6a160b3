/**
 * Cross-site request forgery (CSRF): which writes must come from a page of our own site.
 * SvelteKit's own check (kit.csrf) is switched off in svelte.config.js because it answers a plain-text 403
 * before our hooks and only looks at form content types; this rule replaces it, in one place, and
 * hooks.server.ts (apiGate) applies it to pages and to /api alike.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginCheck {
	method: string;
	/** The URL path (event.url.pathname). */
	path: string;
	/** The site's own origin as the server sees it (event.url.origin). */
	siteOrigin: string;
	/** The request's `Origin` header, if any. */
	origin: string | null;
	/** True when the request carries `Authorization: Bearer …` (a script with an API token). */
	bearer: boolean;
	/** True when the request carries any cookie (a browser's ambient credentials). */
	cookies: boolean;
	/** The ORIGIN environment variable (the public address behind a reverse proxy), if set. */
	configuredOrigin?: string | undefined;
}

/** Trailing slashes and letter case do not make another origin. */
function normalise(origin: string): string | null {
	try {
		const u = new URL(origin);
		return u.origin === 'null' ? null : u.origin.toLowerCase();
	} catch {
		return null;
	}
}

/** True when `origin` is the site itself: the request's own origin, or the configured public ORIGIN. */
export function isSameOrigin(origin: string | null, siteOrigin: string, configuredOrigin?: string): boolean {
	if (!origin) return false;
	const o = normalise(origin);
	if (!o) return false;
	if (o === normalise(siteOrigin)) return true;
	return !!configuredOrigin && o === normalise(configuredOrigin);
}

/**
 * 'allow' or 'cross_origin' (refuse with 403). Reading (GET, HEAD, OPTIONS) is always allowed. Writes:
 * - on /api/: a Bearer-token call never depends on cookies, so a script needs no Origin; a call without
 *   a token that carries cookies (the browser's session) needs a same-origin Origin; without either it is
 *   simply unauthenticated (401 later), whatever its Origin.
 * - on pages (form actions, logout…): always a same-origin Origin, whatever the content type or body,
 *   since some actions read no form at all.
 */
export function checkOrigin(c: OriginCheck): 'allow' | 'cross_origin' {
	if (SAFE_METHODS.has(c.method.toUpperCase())) return 'allow';
	if (c.path === '/api' || c.path.startsWith('/api/')) {
		if (c.bearer || !c.cookies) return 'allow';
	}
	return isSameOrigin(c.origin, c.siteOrigin, c.configuredOrigin) ? 'allow' : 'cross_origin';
}
