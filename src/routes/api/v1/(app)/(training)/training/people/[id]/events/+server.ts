import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { pageParam } from '$lib/server/http/paging';
import { listWorkEvents } from '$lib/server/training/events-list';
import type { RequestHandler } from './$types';

/** A person's work events, newest first, 50 a page (?from=&to= days in the organisation's zone, ?page=). */
export const GET: RequestHandler = ({ locals, params, url }) =>
	apiHandle(async () =>
		json(
			await listWorkEvents(getDb(), locals.actor!, params.id, {
				from: url.searchParams.get('from'),
				to: url.searchParams.get('to'),
				page: pageParam(url)
			})
		)
	);
