/** Largest page number a list accepts from a URL: beyond it the list is empty anyway. */
const MAX_PAGE = 100_000;

/** The ?page= of a list's URL: a whole number from 1, else 1 (a typo never breaks the list). */
export function pageParam(url: URL): number {
	const n = Number(url.searchParams.get('page') ?? '1');
	return Number.isSafeInteger(n) && n >= 1 ? Math.min(n, MAX_PAGE) : 1;
}
