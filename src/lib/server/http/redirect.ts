/** A host that cannot exist: what a target resolves against, to tell whether it stays on this site. */
const BASE = 'http://x.invalid';

/**
 * Only same-site paths are accepted as a place to go back to (no open redirect). The target is read
 * the way a browser reads a `Location` header — the WHATWG URL parser, which drops ASCII tabs and
 * newlines, treats `\` as `/` and resolves `.` segments — and kept only when it stays on this site.
 * What comes back is the parsed path, query and fragment, never the raw text: "/\t/evil.example/"
 * becomes "//evil.example/" for a browser, so it is refused here.
 */
export function safeRedirect(target: string | null | undefined): string {
	if (typeof target !== 'string' || target === '') return '/';
	const cleaned = target.replace(/[\t\n\r]/g, '');
	// Only paths: an absolute URL, even to this site, is not a place to go back to.
	if (!cleaned.startsWith('/')) return '/';
	let url: URL;
	try {
		url = new URL(cleaned, BASE);
	} catch {
		return '/';
	}
	if (url.origin !== BASE) return '/';
	const path = url.pathname + url.search + url.hash;
	// "/.//evil" parses to the path "//evil", which a browser would read as another host.
	if (!path.startsWith('/') || path.startsWith('//')) return '/';
	return path;
}
