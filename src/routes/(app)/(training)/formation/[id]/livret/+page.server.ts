import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { bookletForPage } from '$lib/server/training/booklet';
import type { PageServerLoad } from './$types';

/** The skills booklet of a person (A4 page), read by a supervisor or a manager (audited `training.read`). */
export const load: PageServerLoad = async ({ locals, params, url }) => orHttpError(() => bookletForPage(getDb(), locals.actor!, params.id, url.searchParams));
