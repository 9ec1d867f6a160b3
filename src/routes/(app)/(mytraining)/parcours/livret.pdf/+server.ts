import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { bookletResponse } from '$lib/server/training/booklet';
import type { RequestHandler } from './$types';

/** My own skills booklet as a PDF. */
export const GET: RequestHandler = async ({ locals, url }) =>
	orHttpError(() => bookletResponse(getDb(), locals.actor!, locals.actor!.userId, url.searchParams));
