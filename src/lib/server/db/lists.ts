/**
 * The two rules every list of the app follows: how it is paged (`pageOf`) and how a typed search
 * becomes a LIKE pattern (`likePattern`). Pure: no database here, only what the queries are given.
 */

/** One page of a list: `page` (1…`pages`), `pages` (at least 1), and the rows to read (`limit`, `offset`). */
export interface PageOf {
	page: number;
	pages: number;
	limit: number;
	offset: number;
}

/**
 * The page of a list of `total` rows, `size` a page: a missing, fractional or odd page number reads as
 * a whole number, below 1 as the first page, past the end as the last one (a stale link never shows
 * an empty list).
 */
export function pageOf(total: number, page: number | undefined, size: number): PageOf {
	const pages = Math.max(1, Math.ceil(Math.max(0, total) / size));
	const asked = page !== undefined && Number.isFinite(page) ? Math.floor(page) : 1;
	const p = Math.min(Math.max(1, asked), pages);
	return { page: p, pages, limit: size, offset: (p - 1) * size };
}

/**
 * A LIKE / ILIKE pattern that finds `text` anywhere, as typed: `%`, `_` and `\` in it match
 * themselves, not any text (PostgreSQL's default escape character is `\`).
 */
export function likePattern(text: string): string {
	return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
