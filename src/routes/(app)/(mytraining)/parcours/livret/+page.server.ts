import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { bookletForPage } from '$lib/server/training/booklet';
import type { PageServerLoad } from './$types';

/** My own skills booklet (the operator's: the same booklet, their own id; not audited). */
export const load: PageServerLoad = async ({ locals, url }) =>
	orHttpError(() => bookletForPage(getDb(), locals.actor!, locals.actor!.userId, url.searchParams));
