import { json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { describeAuditEvent } from '$lib/auditEvents';
import { journalQuery, listAudit } from '$lib/server/audit';
import { getDb } from '$lib/server/db/app';
import { AppError } from '$lib/server/errors';
import { apiHandle } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import type { RequestHandler } from './$types';

/**
 * The organisation's journal, newest first, 50 a page, with the journal page's filters: ?q= (the person),
 * ?action= (a family "site" or an action "site.create"), ?from=&to= (shop days YYYY-MM-DD, in the
 * organisation's time zone), ?page=.
 */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => {
		const { query, badDate } = journalQuery(url);
		if (badDate) throw new AppError('invalid_input', m.api_invalid_field({ field: 'from/to' }), 400, 'from');
		const r = await listAudit(getDb(), locals.actor!, { ...query, page: pageParam(url) });
		return json(
			{ items: r.rows.map((row) => ({ ...row, sentence: describeAuditEvent(row) })), total: r.total, page: r.page, pages: r.pages },
			{ headers: { 'cache-control': 'no-store' } }
		);
	});
