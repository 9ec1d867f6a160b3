import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db/app';
import { createHousehold, searchHouseholds } from '$lib/server/households/households';
import { apiHandle, readJson } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Search files by reference or name (?q=). Social workers only (route group). */
export const GET: RequestHandler = ({ locals, url }) =>
	apiHandle(async () => json({ items: await searchHouseholds(getDb(), locals.actor!, url.searchParams.get('q') ?? '') }));

const body = z.object({
	firstName: z.string().max(200),
	lastName: z.string().max(200),
	birthDate: z.string().max(20),
	phone: z.string().max(100).optional(),
	commune: z.string().max(200).optional(),
	orientingStructure: z.string().max(200).optional(),
	rgpdInformedOn: z.string().max(20).optional(),
	consent: z.boolean().optional(),
	notes: z.string().max(2000).optional(),
	ignoreDuplicates: z.boolean().optional()
});

/** Creates a file; possible duplicates answer 409 with the list, unless ignoreDuplicates. */
export const POST: RequestHandler = ({ locals, request }) =>
	apiHandle(async () => {
		const { ignoreDuplicates, ...input } = await readJson(request, body);
		const r = await createHousehold(getDb(), locals.actor!, input, { ignoreDuplicates });
		if ('duplicates' in r)
			return json({ error: { code: 'possible_duplicate', message: 'Ce foyer existe peut-être déjà.' }, duplicates: r.duplicates }, { status: 409 });
		return json(r.created, { status: 201 });
	});
