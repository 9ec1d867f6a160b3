import { isIsoDate } from '$lib/stock/dates';
import type { AuditQuery } from '$lib/server/audit';

/** The journal's filters from the address (?q=&action=&from=&to=), shared by the page and its export. */
export function journalQuery(url: URL): { query: Required<Omit<AuditQuery, 'page'>>; badDate: boolean } {
	const get = (k: string, max: number) => (url.searchParams.get(k) ?? '').trim().slice(0, max);
	const from = get('from', 10);
	const to = get('to', 10);
	const badDate = (from !== '' && !isIsoDate(from)) || (to !== '' && !isIsoDate(to));
	return {
		query: { q: get('q', 100), action: get('action', 60), from: isIsoDate(from) ? from : '', to: isIsoDate(to) ? to : '' },
		badDate
	};
}
