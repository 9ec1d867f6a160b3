import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { orHttpError } from '$lib/server/http/load';
import { listTrainees } from '$lib/server/training/record';
import type { PageServerLoad } from './$types';

const query = z.object({
	q: z.string().max(100).catch(''),
	filter: z.enum(['mine', 'all', 'ending']).catch('mine')
});

/** The people whose record the supervisor follows (issue 13, item 4): mine / all / contract ending. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const q = query.parse(Object.fromEntries(url.searchParams));
	const trainees = await orHttpError(() => listTrainees(getDb(), locals.actor!, q));
	return { query: q, trainees };
};
