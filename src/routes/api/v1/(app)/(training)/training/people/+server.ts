import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { apiHandle } from '$lib/server/http/api';
import { listTrainees } from '$lib/server/training/record';
import type { RequestHandler } from './$types';

const query = z.object({
	filter: z.enum(['all', 'mine', 'ending']).catch('all'),
	q: z.string().max(100).catch('')
});

/** The people whose training record supervisors follow (?filter=all|mine|ending, ?q=), as the /formation list shows them. */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => json({ items: await listTrainees(getDb(), locals.actor!, query.parse(Object.fromEntries(url.searchParams))) }));
