import { getDb } from '$lib/server/db/app';
import { pageParam } from '$lib/server/http/paging';
import { zList } from '$lib/server/till/zreports';
import type { PageServerLoad } from './$types';

/** Till sessions, newest first, with their Z figures (live for a till still open); ?page=. */
export const load: PageServerLoad = async ({ locals, url }) => zList(getDb(), locals.actor!, { page: pageParam(url) });
