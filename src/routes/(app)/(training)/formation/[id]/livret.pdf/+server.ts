import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { bookletResponse } from '$lib/server/training/booklet';
import type { RequestHandler } from './$types';

/** The skills booklet as a PDF download (`?from=&to=`: the period, else the contract's). */
export const GET: RequestHandler = async ({ locals, params, url }) => orHttpError(() => bookletResponse(getDb(), locals.actor!, params.id, url.searchParams));
